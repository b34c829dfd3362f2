//! Shared by the integration tests: the committed issue, built in memory, searched through the
//! same step loop the CLI and the browser use.
#![allow(dead_code)]

use bulletin_search::{parse_export, Hit, Index, IndexBuilder, Issue, SearchOptions, SearchResponse, Step};
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
    let built = &*BUILT;
    let mut index = Index::open(&built.manifest).unwrap();
    for _ in 0..4 {
        match index.search(query, options).unwrap() {
            Step::Done(r) => return r,
            Step::Need(files) => {
                for f in files {
                    index.supply(&f, &built.files[&f]).unwrap();
                }
            }
        }
    }
    panic!("search for {query:?} did not finish in 4 steps");
}

pub fn search(query: &str) -> Vec<Hit> {
    search_with(query, &SearchOptions { limit: 1000, ..SearchOptions::default() }).hits
}

pub fn titles(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|h| h.title.clone()).collect()
}

/// A fresh, empty folder for one test (per test process, so parallel test binaries don't meet).
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bulletin-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The oracle for "contains verbatim": width- and case-folded, all whitespace removed.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(bulletin_search::analysis::fold_width)
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}
