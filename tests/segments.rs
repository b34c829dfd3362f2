//! An index of more than [`SEGMENT_ISSUES`] issues has a base and a tail segment (see
//! `bulletin_search::format`): a query must answer as if there were one dictionary. The archive
//! here is issue 431 published again and again, so every answer over it is the one-issue answer
//! times the number of copies, whatever segment a copy sits in.

mod common;

use bulletin_search::format::{Manifest, SEGMENT_ISSUES};
use bulletin_search::{Index, SearchOptions, Step};
use common::{build, reader, search_files, search_in, BUILT};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Copies of issue 431 with these numbers; in every fourth, 文小言 is renamed 文小语.
const FIRST: u32 = 431;
const COPIES: u32 = SEGMENT_ISSUES as u32 + 5;

fn renamed(number: u32) -> bool {
    number.is_multiple_of(4)
}

static ARCHIVE: LazyLock<HashMap<String, Vec<u8>>> = LazyLock::new(|| {
    let real = std::fs::read_to_string(common::EXPORT).unwrap();
    let exports: Vec<String> = (FIRST..FIRST + COPIES)
        .map(|n| {
            let text = real.replace("第 431 期", &format!("第 {n} 期"));
            if renamed(n) {
                text.replace("文小言", "文小语")
            } else {
                text
            }
        })
        .collect();
    build(&exports.iter().map(String::as_str).collect::<Vec<_>>())
});

fn all() -> SearchOptions {
    SearchOptions { limit: 10_000, ..SearchOptions::default() }
}

#[test]
fn the_archive_has_a_base_and_a_tail() {
    let m = Manifest::from_bytes("manifest.bin", &ARCHIVE["manifest.bin"]).unwrap();
    assert_eq!(m.segments.len(), 2);
    assert_eq!(m.issues.len(), COPIES as usize);
    // The tail's doc blocks start where the base's issues end.
    let base_docs = m.issues[SEGMENT_ISSUES].first_doc;
    assert!(m.doc_blocks.iter().any(|(first, _)| *first == base_docs));
    // The tail (of small shards) has enough of them to keep its keys in key pages: every answer
    // below goes through them (a first round for the pages, then the shards they name).
    assert!(m.segments[1].shards as usize > bulletin_search::format::PAGE_SHARDS, "{:?}", m.segments);
    assert!(!m.key_pages.is_empty() && m.key_pages.iter().all(|p| !p.loaded));
}

#[test]
fn every_answer_is_the_one_issue_answer_times_the_copies() {
    let queries = [
        "微短剧",
        "短剧",
        "曹淑敏",
        "GPT-4o",
        "Qwen2-VL",
        "网络安全",
        "微短劇",
        "國家廣播電視總局",
        "weiduanju",
        "caoshumin",
        "wdj",
        "微短",
        "gpt",
        "腾讯 混元",
        "\"国家广播电视总局\"",
        "youtuve",
        "trubo",
        "快手 -微短剧",
    ];
    for q in queries {
        let one = search_files(&BUILT.files, q, &all());
        let many = search_files(&ARCHIVE, q, &all());
        assert!(one.total > 0, "{q}");
        assert_eq!(many.total, one.total * COPIES as usize, "{q}");
        let mut titles: Vec<&str> = one.hits.iter().map(|h| h.title.as_str()).collect();
        titles.sort();
        for issue in FIRST..FIRST + COPIES {
            let mut found: Vec<&str> =
                many.hits.iter().filter(|h| h.issue == issue).map(|h| h.title.as_str()).collect();
            found.sort();
            assert_eq!(found, titles, "{q}: issue {issue}");
        }
    }
}

#[test]
fn words_and_their_readings_count_documents_across_segments() {
    let kept = (FIRST..FIRST + COPIES).filter(|&n| !renamed(n)).count();
    let one = search_files(&BUILT.files, "文小言", &all()).total;
    assert!(one > 0);
    for q in ["文小言", "wenxiaoyan"] {
        let r = search_files(&ARCHIVE, q, &all());
        assert_eq!(r.total, one * kept, "{q}");
        assert!(r.hits.iter().all(|h| !renamed(h.issue)), "{q}");
    }
    // Completions count a word's documents in every segment.
    let counts = |files: &HashMap<String, Vec<u8>>| -> HashMap<String, usize> {
        let mut index = Index::open(&files["manifest.bin"]).unwrap();
        let completions = index.run_complete("文小", 10, reader(files)).unwrap();
        completions.into_iter().map(|c| (c.word, c.count)).collect()
    };
    let (one, many) = (counts(&BUILT.files), counts(&ARCHIVE));
    let renamed_copies = COPIES as usize - kept;
    assert_eq!(many.get("文小言"), Some(&(one["文小言"] * kept)));
    assert_eq!(many.get("文小语"), Some(&(one["文小言"] * renamed_copies)));
}

#[test]
fn suggestions_are_the_one_issue_suggestions() {
    for q in ["weiduanjv", "快手 微短据", "kuaishuo 微短据", "trubbo"] {
        let one = search_files(&BUILT.files, q, &SearchOptions::default());
        let many = search_files(&ARCHIVE, q, &SearchOptions::default());
        assert!(!one.suggestions.is_empty(), "{q}");
        assert_eq!(many.suggestions, one.suggestions, "{q}");
    }
}

#[test]
fn facets_list_the_newest_issues_and_those_the_filter_selects() {
    use bulletin_search::search::MAX_FACET_VALUES;
    let numbers = |r: &bulletin_search::SearchResponse| -> Vec<u32> {
        r.issues.iter().map(|f| f.value.parse().unwrap()).collect()
    };
    let newest: Vec<u32> = (FIRST..FIRST + COPIES).rev().take(MAX_FACET_VALUES).collect();
    assert!(COPIES as usize > MAX_FACET_VALUES, "the archive must have more issues than a facet lists");
    let r = search_files(&ARCHIVE, "微短剧", &all());
    assert_eq!(numbers(&r), newest);
    let per_issue = search_files(&BUILT.files, "微短剧", &all()).total;
    assert!(r.issues.iter().all(|f| f.count == per_issue));
    assert_eq!(r.total, per_issue * COPIES as usize, "the total still counts every issue");

    // The oldest issue, selected: its chip stays, with its count, beside the newest.
    let r = search_files(&ARCHIVE, &format!("微短剧 issue:{FIRST}"), &all());
    assert_eq!(r.total, per_issue);
    assert_eq!(numbers(&r), newest.iter().copied().chain([FIRST]).collect::<Vec<_>>());
    let options = SearchOptions { issue: Some(FIRST), ..all() };
    assert_eq!(numbers(&search_files(&ARCHIVE, "微短剧", &options)), numbers(&r));
}

/// Rounds of files a query takes over an index's files.
fn rounds(files: &HashMap<String, Vec<u8>>, query: &str) -> usize {
    let mut index = Index::open(&files["manifest.bin"]).unwrap();
    for round in 0..=bulletin_search::MAX_ROUNDS {
        match index.search(query, &all()).unwrap() {
            Step::Done(_) => return round,
            Step::Need(need) => {
                for f in need {
                    index.supply(&f, &files[&f]).unwrap();
                }
            }
        }
    }
    panic!("{query} did not finish in {} rounds", bulletin_search::MAX_ROUNDS);
}

/// The deepest evaluations (readings of a pinyin or mistyped word, "did you mean" when nothing
/// matches) finish within `MAX_ROUNDS` over an archive with key pages, where every level of
/// lookups takes a round for its pages before the one for its shards: deeper than over one
/// issue's index, which has none. (At 10,000 items `dashuju` takes 8 rounds, which the engine's
/// earlier bound of 8 steps refused.)
#[test]
fn the_deepest_queries_finish_over_key_pages() {
    let queries = ["weiduanju", "wenxiaoyan", "dashuju", "tencnet", "qwen2vl", "量子纠缠猫", "xyzzy", "微短劇 gpt"];
    let deepest = |files: &HashMap<String, Vec<u8>>| queries.iter().map(|q| rounds(files, q)).max().unwrap();
    let one_issue = build(&[&std::fs::read_to_string(common::EXPORT).unwrap()]);
    assert!(Manifest::from_bytes("m", &one_issue["manifest.bin"]).unwrap().key_pages.is_empty());
    assert!(deepest(&ARCHIVE) > deepest(&one_issue), "{} {}", deepest(&ARCHIVE), deepest(&one_issue));
}

/// One index typed into, a character at a time, as the browser's engine is (it keeps the
/// decoded postings of recent pieces, and pieces searched before their key pages or shards were
/// supplied): every answer is the answer of a fresh index, over an archive with key pages.
#[test]
fn typing_into_one_index_answers_as_fresh_indexes_do() {
    let queries = ["微短剧", "网络视听", "文小言 文小语", "腾讯混元", "weiduanju", "gpt-4o", "微短劇", "短剧 -微短剧"];
    let mut typed = Index::open(&ARCHIVE["manifest.bin"]).unwrap();
    let options = SearchOptions { limit: 20, ..SearchOptions::default() };
    for pass in 0..2 {
        for q in queries {
            let chars: Vec<char> = q.chars().collect();
            for end in 1..=chars.len() {
                let prefix: String = chars[..end].iter().collect();
                let answer = search_in(&mut typed, &ARCHIVE, &prefix, &options);
                assert_eq!(answer, search_files(&ARCHIVE, &prefix, &options), "pass {pass}: {prefix:?}");
            }
        }
    }
}

/// A segment of more documents than [`MAX_DOC_BLOCKS`] keeps within its file budget: blocks of
/// several items, each item still shown as itself.
#[test]
fn a_large_segment_keeps_within_its_file_budget() {
    use bulletin_search::builder::{MAX_DOC_BLOCKS, MAX_TERM_SHARDS};
    const PER_ISSUE: usize = 25;
    let issues = (MAX_DOC_BLOCKS / PER_ISSUE + 1).next_multiple_of(SEGMENT_ISSUES);
    let exports: Vec<String> = (0..issues)
        .map(|n| {
            let items: Vec<(String, String)> = (0..PER_ISSUE)
                .map(|k| {
                    let i = n * PER_ISSUE + k;
                    (format!("第{i}条动态"), format!("编号 k{i}z 的条目，正文写明它的编号。"))
                })
                .collect();
            let date = format!("20{:02} 年 {} 月 {} 日", n / 48, n % 12 + 1, n % 28 + 1);
            let refs: Vec<(&str, &str, &str)> = items.iter().map(|(h, b)| ("行业", h.as_str(), b.as_str())).collect();
            common::export(n as u32 + 1, &date, &refs)
        })
        .collect();
    let files = build(&exports.iter().map(String::as_str).collect::<Vec<_>>());
    let manifest = Manifest::from_bytes("manifest.bin", &files["manifest.bin"]).unwrap();
    assert_eq!(manifest.segments.len(), 1, "one base segment of {issues} issues");
    let docs = issues * PER_ISSUE;
    assert!(docs > MAX_DOC_BLOCKS);
    assert!(manifest.doc_blocks.len() <= MAX_DOC_BLOCKS, "{} blocks", manifest.doc_blocks.len());
    assert!(
        manifest.doc_blocks.len() >= docs / 2,
        "as few items per block as fit: {} blocks",
        manifest.doc_blocks.len()
    );
    assert!(manifest.term_shards.len() <= MAX_TERM_SHARDS + 1, "{} shards", manifest.term_shards.len());
    // Items at the start, middle and end of blocks, and the last.
    for i in [0, 1, 2, 3, docs / 2, docs / 2 + 1, docs - 1] {
        let hits = search_files(&files, &format!("k{i}z"), &all()).hits;
        let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, [format!("第{i}条动态")], "k{i}z");
    }
}
