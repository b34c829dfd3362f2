//! Any query string against the real index of issue 431: results or nothing, never a panic or
//! unbounded work.
#![no_main]

use bulletin_search::{parse_export, Index, IndexBuilder, SearchOptions, Step};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::LazyLock;

static FILES: LazyLock<HashMap<String, Vec<u8>>> = LazyLock::new(|| {
    let export = include_bytes!("../../bulletins/0431.txt");
    let mut builder = IndexBuilder::new();
    builder.add_issue(parse_export(export, "0431.txt").expect("0431 parses"), "0431.txt").unwrap();
    builder.build().files.into_iter().collect()
});

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let mut index = Index::open(&FILES["manifest.bin"]).expect("manifest");
    let options = SearchOptions { limit: 5, ..SearchOptions::default() };
    for _ in 0..4 {
        match index.search(query, &options).expect("a query never errs on a valid index") {
            Step::Done(_) => break,
            Step::Need(files) => {
                for f in files {
                    index.supply(&f, &FILES[&f]).expect("valid file");
                }
            }
        }
    }
    for _ in 0..4 {
        match index.complete(query, 5).expect("completion never errs on a valid index") {
            Step::Done(_) => break,
            Step::Need(files) => {
                for f in files {
                    index.supply(&f, &FILES[&f]).expect("valid file");
                }
            }
        }
    }
});
