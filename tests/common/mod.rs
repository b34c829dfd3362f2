//! Shared by the integration tests: the committed issue, built in memory, searched with
//! `Index::run`, the step loop of every synchronous caller.
#![allow(dead_code)]

use bulletin_search::format::{Manifest, TermShard};
use bulletin_search::{parse_export, Completion, Hit, Index, IndexBuilder, Issue, SearchOptions, SearchResponse};
use std::collections::HashMap;
use std::sync::LazyLock;

pub const EXPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/bulletins/0431.txt");

pub struct Built {
    pub issue: Issue,
    pub files: HashMap<String, Vec<u8>>,
    pub manifest: Vec<u8>,
}

pub static BUILT: LazyLock<Built> = LazyLock::new(|| {
    let bytes = std::fs::read(EXPORT).expect("the committed export");
    let issue = parse_export(&bytes, "0431.txt").expect("0431 parses");
    let mut builder = IndexBuilder::new();
    builder.add_issue(issue.clone(), "0431.txt").unwrap();
    let out = builder.build();
    let files: HashMap<String, Vec<u8>> = out.files.into_iter().collect();
    let manifest = files["manifest.bin"].clone();
    Built { issue, files, manifest }
});

/// Runs a query to completion, supplying files from the in-memory build.
pub fn search_with(query: &str, options: &SearchOptions) -> SearchResponse {
    search_files(&BUILT.files, query, options)
}

/// Runs a query to completion over the files of any build.
pub fn search_files(files: &HashMap<String, Vec<u8>>, query: &str, options: &SearchOptions) -> SearchResponse {
    let mut index = Index::open(&files["manifest.bin"]).unwrap();
    search_in(&mut index, files, query, options)
}

/// Runs a query to completion on an index already open (which keeps what earlier queries
/// fetched and decoded), supplying files from `files`.
pub fn search_in(
    index: &mut Index,
    files: &HashMap<String, Vec<u8>>,
    query: &str,
    options: &SearchOptions,
) -> SearchResponse {
    index.run(query, options, reader(files)).unwrap_or_else(|e| panic!("search for {query:?}: {e}"))
}

/// Completes the last word of `input` over the committed issue.
pub fn complete(input: &str, limit: usize) -> Vec<Completion> {
    let mut index = Index::open(&BUILT.manifest).unwrap();
    index.run_complete(input, limit, reader(&BUILT.files)).unwrap_or_else(|e| panic!("completion of {input:?}: {e}"))
}

/// Reads index files from the files of a build, for [`Index::run`].
pub fn reader(files: &HashMap<String, Vec<u8>>) -> impl FnMut(&str) -> bulletin_search::Result<Vec<u8>> + '_ {
    |name| files.get(name).cloned().ok_or_else(|| bulletin_search::Error::MissingFile { file: name.to_string() })
}

/// Builds an index in memory from export texts.
pub fn build(exports: &[&str]) -> HashMap<String, Vec<u8>> {
    let mut builder = IndexBuilder::new();
    for (i, text) in exports.iter().enumerate() {
        let name = format!("export-{i}.txt");
        builder.add_issue(parse_export(text.as_bytes(), &name).unwrap(), &name).unwrap();
    }
    builder.build().files.into_iter().collect()
}

/// An export text: issue `number`, `date` as the header prints it (`2023 年 5 月 8 日`), and
/// `(section, headline, body)` items (a body is one paragraph ending a sentence).
pub fn export(number: u32, date: &str, items: &[(&str, &str, &str)]) -> String {
    let mut text = format!("行业动态周报\n\n第 {number} 期\n\n{date}\n\n");
    let mut section = "";
    for (s, headline, body) in items {
        if *s != section {
            text.push_str(&format!("{s}\n\n"));
            section = s;
        }
        text.push_str(&format!("{headline}\n\n{body}\n\n"));
    }
    text.push_str("编辑部：某部门\n");
    text
}

/// Every term of the committed issue's index with the given tag byte, without the tag.
pub fn terms(tag: u8) -> Vec<String> {
    let manifest = Manifest::from_bytes("manifest.bin", &BUILT.manifest).unwrap();
    let mut out = Vec::new();
    for (_, r) in &manifest.term_shards {
        let shard = TermShard::from_bytes(&r.name(), &BUILT.files[&r.name()]).unwrap();
        for (key, _) in shard.range(&[tag], Some(&[tag + 1])) {
            out.push(String::from_utf8(key[1..].to_vec()).unwrap());
        }
    }
    out
}

/// Every hit of a query over the committed issue.
pub fn search(query: &str) -> Vec<Hit> {
    search_with(query, &SearchOptions { limit: 1000, ..SearchOptions::default() }).hits
}

pub fn titles(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|h| h.title.clone()).collect()
}

/// A fresh, empty folder, a new one on every call: per test process, so parallel test binaries
/// don't meet, and numbered, so parallel tests of one binary asking for the same name don't
/// either.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("bulletin-test-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The oracle for "contains verbatim": width-, case- and traditional-folded, all whitespace
/// removed.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(bulletin_search::analysis::fold_width)
        .map(bulletin_search::analysis::fold_han)
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}
