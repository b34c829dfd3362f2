//! Searches an index on disk cold, one fresh engine per query, and prints the bytes of the index
//! files each query fetches before its first page of results, by kind (manifest, term shards,
//! doc blocks, key pages), with the medians over the queries: the index side of the benchmark's
//! `first_results_bytes` without a browser (file bodies only, no HTTP headers, no engine).
//!
//!   cargo run --release --example payload -- <INDEX DIR> <QUERY>...

use bulletin_search::{Index, SearchOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dir, queries)) = args.split_first() else {
        eprintln!("usage: payload <INDEX DIR> <QUERY>...");
        std::process::exit(2);
    };
    let raw = |name: &str| std::fs::read(std::path::Path::new(dir).join(name)).expect("index file");
    let manifest = raw("manifest.bin");
    let options = SearchOptions::default();
    // Per query, bytes then files of each kind: term shards, doc blocks, key pages.
    const KINDS: [char; 3] = ['t', 'd', 'k'];
    let mut rows: Vec<[usize; 6]> = Vec::new();
    for q in queries {
        let mut index =
            Index::open(&bulletin_search::format::unpack("manifest.bin", manifest.clone()).expect("manifest"))
                .expect("manifest opens");
        let mut row = [0usize; 6];
        // Every file the search reads, counted by kind as it is read (packed, as fetched).
        let read = |f: &str| {
            let bytes = raw(f);
            let kind = KINDS.iter().position(|&k| f.starts_with(k)).expect("an index file");
            row[kind] += bytes.len();
            row[kind + 3] += 1;
            bulletin_search::format::unpack(f, bytes)
        };
        index.run(q, &options, read).expect("search");
        println!(
            "{q:>12}  shards {:>3} files {:>8} B   blocks {:>3} files {:>8} B   key pages {:>2} files {:>6} B",
            row[3], row[0], row[4], row[1], row[5], row[2]
        );
        rows.push(row);
    }
    let median = |k: usize| {
        let mut v: Vec<usize> = rows.iter().map(|r| r[k]).collect();
        v.sort_unstable();
        v[v.len() / 2]
    };
    println!(
        "median: manifest {} B, term shards {} B ({} files), doc blocks {} B ({} files), key pages {} B ({} files)",
        manifest.len(),
        median(0),
        median(3),
        median(1),
        median(4),
        median(2),
        median(5)
    );
}
