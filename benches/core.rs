//! Microbenchmarks of the core on the generated benchmark corpus (issue 5): postings decoding,
//! query evaluation, snippet building, and the two costs that grow with the archive (opening the
//! manifest, building the index).
//!
//! ```text
//! cargo bench --bench core                        # 2,000 items
//! BENCH_ITEMS=10000 cargo bench --bench core      # any size bench/gen.py can make
//! ```
//!
//! The corpus is `target/bench/corpus-<N>-431/export`, written by `bench/gen.py` (the same
//! generator as `tools/bench.sh`, seed 431) when it is missing. `cargo bench --no-run` (CI) only
//! compiles this file.

use bulletin_search::format::{word_key, TermShard, MANIFEST_NAME, TAG_GRAM};
use bulletin_search::query::parse_query;
use bulletin_search::snippet::{highlight, snippet};
use bulletin_search::{parse_export, Error, Index, IndexBuilder, Issue, SearchOptions};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Queries of every kind the browser benchmark types (bench/gen.py's list, abridged).
const QUERIES: &[&str] = &[
    "微短剧",
    "网络视听",
    "发展",
    "林晓岚",
    "中国网络视听协会",
    "GPT-4o",
    "混元Turbo",
    "300万元",
    "qwe",
    "网络视",
    "剧",
];

struct Fixture {
    issues: Vec<Issue>,
    files: HashMap<String, Vec<u8>>,
    index: Index,
}

fn corpus_dir(items: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(format!("target/bench/corpus-{items}-431"));
    if !dir.join("export").is_dir() {
        let status = Command::new("python3")
            .arg(root.join("bench/gen.py"))
            .args(["--items", &items.to_string(), "--seed", "431", "--out"])
            .arg(&dir)
            .status()
            .expect("python3 runs bench/gen.py");
        assert!(status.success(), "bench/gen.py failed");
    }
    dir.join("export")
}

fn fixture() -> Fixture {
    let items = std::env::var("BENCH_ITEMS").ok().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let dir = corpus_dir(items);
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("corpus folder").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    let issues: Vec<Issue> = paths
        .iter()
        .map(|p| parse_export(&std::fs::read(p).expect("export file"), &p.display().to_string()).expect("parses"))
        .collect();
    let mut builder = IndexBuilder::new();
    for (issue, path) in issues.iter().zip(&paths) {
        builder.add_issue(issue.clone(), &path.display().to_string()).expect("unique issue numbers");
    }
    let files: HashMap<String, Vec<u8>> = builder.build().files.into_iter().collect();
    let mut index = Index::open(&files[MANIFEST_NAME]).expect("manifest opens");
    for name in index.files().into_iter().skip(1) {
        index.supply(&name, &files[&name]).expect("file verifies");
    }
    Fixture { issues, files, index }
}

/// The total of a query over the warm index, which holds every file: one that reads a file fails.
fn search_done(index: &mut Index, q: &str, options: &SearchOptions) -> usize {
    let response = index.run(q, options, |name| Err(Error::MissingFile { file: name.to_string() }));
    response.unwrap_or_else(|e| panic!("every file was supplied, yet {q}: {e}")).total
}

/// The shard holding `key` in the first segment, parsed.
fn shard_of(f: &Fixture, key: &[u8]) -> TermShard {
    let m = f.index.manifest();
    let i = m.shards_for_range(key, Some(key)).0[0];
    let name = &m.term_shards[i].1.name();
    TermShard::from_bytes(name, &f.files[name]).expect("shard parses")
}

fn benches(c: &mut Criterion) {
    let mut f = fixture();

    // Postings decoding: the most frequent gram of the corpus's head word, and the word term.
    let mut g = c.benchmark_group("postings");
    let mut gram = vec![TAG_GRAM];
    gram.extend_from_slice("视听".as_bytes());
    let shard = shard_of(&f, &gram);
    let offset = shard.get(&gram).expect("the gram 视听 is indexed");
    let n = shard.doc_count(offset).expect("count");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(format!("decode_positional/视听 ({n} docs)"), |b| b.iter(|| shard.postings(black_box(offset))));
    let word = word_key("网络");
    let shard = shard_of(&f, &word);
    let offset = shard.get(&word).expect("the word 网络 is indexed");
    let n = shard.doc_count(offset).expect("count");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(format!("decode_word/网络 ({n} docs)"), |b| b.iter(|| shard.word_postings(black_box(offset))));
    g.bench_function("parse_shard", |b| {
        let name = &f.index.manifest().term_shards[0].1.name();
        b.iter(|| TermShard::from_bytes(name, black_box(&f.files[name])))
    });
    g.finish();

    // Query evaluation over a warm index: matching and ranking only (limit 0: no hit is built),
    // then the whole answer with 10 hits, snippets and highlights, as the browser gets it.
    let mut g = c.benchmark_group("query");
    let count_only = SearchOptions { limit: 0, ..SearchOptions::default() };
    let page = SearchOptions::default();
    for q in QUERIES {
        g.bench_function(format!("evaluate/{q}"), |b| b.iter(|| search_done(&mut f.index, black_box(q), &count_only)));
        g.bench_function(format!("answer/{q}"), |b| b.iter(|| search_done(&mut f.index, black_box(q), &page)));
    }
    g.bench_function("complete/网络", |b| b.iter(|| f.index.complete(black_box("网络"), 5)));
    g.finish();

    // Snippets and highlights of the ten items the query 微短剧 shows first.
    let mut g = c.benchmark_group("snippet");
    let groups = parse_query("微短剧").groups;
    let items: Vec<_> = f
        .issues
        .iter()
        .flat_map(|i| &i.items)
        .filter(|it| it.body_text().contains("微短剧"))
        .take(10)
        .map(|it| (it.headline.clone(), it.body_text()))
        .collect();
    g.throughput(Throughput::Elements(items.len() as u64));
    g.bench_function("snippet_and_highlights/10 hits", |b| {
        b.iter(|| {
            for (title, body) in &items {
                black_box(snippet(body, &groups, 90));
                black_box(highlight(title, &groups));
            }
        })
    });
    g.finish();

    // Costs that grow with the archive: opening the manifest (every visitor, before any query)
    // and building the index (every publish).
    let mut g = c.benchmark_group("scale");
    let manifest = &f.files[MANIFEST_NAME];
    g.throughput(Throughput::Bytes(manifest.len() as u64));
    g.bench_function(format!("open_manifest ({} bytes)", manifest.len()), |b| {
        b.iter(|| Index::open(black_box(manifest)))
    });
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let some: Vec<Issue> = f.issues.iter().take(20).cloned().collect();
    let items: usize = some.iter().map(|i| i.items.len()).sum();
    g.throughput(Throughput::Elements(items as u64));
    g.bench_function(format!("build/{items} items"), |b| {
        b.iter_batched(
            || {
                let mut builder = IndexBuilder::new();
                for i in &some {
                    builder.add_issue(i.clone(), "bench").expect("unique");
                }
                builder
            },
            |builder| builder.build(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group! {
    name = core;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(core);
