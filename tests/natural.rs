//! Queries as people type them, over the committed issue built with the committed synonyms
//! list: words run together (`kind=words`), words no item holds together (`none`), and other
//! names of one body (`alias`), from `data/seed-0431-natural.tsv`.

mod common;
use bulletin_search::{parse_export, Index, IndexBuilder, SearchOptions, SearchResponse, Synonyms};
use common::*;
use std::collections::HashMap;
use std::sync::LazyLock;

const NATURAL: &str = include_str!("data/seed-0431-natural.tsv");
const SYNONYMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/bulletins/synonyms.txt");

/// Issue 431 built as `bulletin build` builds `bulletins/`: with the synonyms list.
static FILES: LazyLock<HashMap<String, Vec<u8>>> = LazyLock::new(|| {
    let mut builder = IndexBuilder::new();
    let synonyms = Synonyms::parse("synonyms.txt", &std::fs::read(SYNONYMS).unwrap()).unwrap();
    builder.set_synonyms(synonyms);
    let issue = parse_export(&std::fs::read(EXPORT).unwrap(), "0431.txt").unwrap();
    builder.add_issue(issue, "0431.txt").unwrap();
    builder.build().files.into_iter().collect()
});

fn run(query: &str) -> SearchResponse {
    search_files(&FILES, query, &SearchOptions { limit: 1000, ..SearchOptions::default() })
}

struct Case {
    query: String,
    kind: String,
    expected: Vec<String>,
}

fn cases(kind: &str) -> Vec<Case> {
    let all: Vec<Case> = NATURAL
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let query = cols.next().unwrap().to_string();
            let kind = cols.next().unwrap().to_string();
            let expected = cols.next().unwrap_or("").split('|').filter(|s| !s.is_empty()).map(str::to_string).collect();
            Case { query, kind, expected }
        })
        .collect();
    assert!(all.iter().all(|c| ["words", "none", "alias"].contains(&c.kind.as_str())), "an unknown kind");
    let of_kind: Vec<Case> = all.into_iter().filter(|c| c.kind == kind).collect();
    assert!(!of_kind.is_empty(), "no {kind} cases");
    of_kind
}

fn folded(text: &str) -> String {
    normalize(text)
}

/// The item texts (headline and body) by headline, folded as the seed's verbatim scans fold.
fn item_text(headline: &str) -> String {
    let item = BUILT.issue.items.iter().find(|i| i.headline == headline).expect("a headline of issue 431");
    folded(&format!("{}\n{}", item.headline, item.body_text()))
}

#[test]
fn run_together_words_find_their_item_first() {
    let mut failures = Vec::new();
    for case in cases("words") {
        let r = run(&case.query);
        let got = titles(&r.hits);
        // The case's premise: no item holds the query verbatim.
        assert!(!item_text(&case.expected[0]).contains(&folded(&case.query)), "{} is verbatim", case.query);
        if got.first() != case.expected.first() {
            failures.push(format!("{}: got {got:?}", case.query));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn words_no_item_holds_together_give_no_results_but_partial_matches() {
    for case in cases("none") {
        let r = run(&case.query);
        assert_eq!(r.total, 0, "{}: {:?}", case.query, titles(&r.hits));
        assert!(r.hits.is_empty());
        assert!(!r.partial.is_empty(), "{}: no partial matches", case.query);
        for p in &r.partial {
            // Each partial match lacks the word it names, and holds the rest of the query.
            let text = item_text(&p.hit.title);
            assert!(!text.contains(&folded(&p.missing)), "{}: {} holds {}", case.query, p.hit.title, p.missing);
            // (The rest of the query, as its pieces: each of its characters at least.)
            let rest = folded(&case.query).replacen(&folded(&p.missing), "", 1);
            assert!(rest.chars().all(|c| text.contains(c)), "{}: {} lacks more", case.query, p.hit.title);
        }
    }
}

#[test]
fn other_names_reach_their_items_the_name_written_first() {
    let mut failures = Vec::new();
    for case in cases("alias") {
        let r = run(&case.query);
        let got = titles(&r.hits);
        if got.len() < case.expected.len() || got[..case.expected.len()] != case.expected[..] {
            failures.push(format!("{}: got {got:?}, want first {:?}", case.query, case.expected));
        }
        if r.expanded.is_empty() {
            failures.push(format!("{}: nothing said to be expanded", case.query));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An item holding the query verbatim ranks above every item reached only through the query's
/// pieces, and the pieces of the query are what is highlighted.
#[test]
fn pieces_rank_below_verbatim_and_are_highlighted_as_words() {
    let r = run("快手短剧大赛");
    let first = &r.hits[0];
    assert_eq!(first.title, "快手开启 AI 短剧创作大赛");
    let marked: Vec<String> = first
        .title_highlights
        .iter()
        .map(|h| first.title.chars().skip(h[0] as usize).take((h[1] - h[0]) as usize).collect())
        .collect();
    assert_eq!(marked, vec!["快手", "短剧", "大赛"]);
    // A one-character piece counts only beside its neighbour.
    let r = run("主播快手");
    for h in &r.hits {
        let text = item_text(&h.title);
        assert!(text.contains("快手"), "{}", h.title);
    }
}

#[test]
fn a_partial_match_names_the_word_its_item_lacks() {
    let r = run("腾讯短剧大赛");
    let found = r.partial.iter().find(|p| p.hit.title == "快手开启 AI 短剧创作大赛").expect("the 快手 item");
    assert_eq!(found.missing, "腾讯");
}

#[test]
fn a_quoted_phrase_is_never_split() {
    assert_eq!(run("\"快手短剧大赛\"").total, 0);
    assert!(run("快手短剧大赛").total > 0);
}

#[test]
fn the_index_opens_and_answers_in_a_bounded_number_of_rounds() {
    // A split query asks for at most one round of files more than a query found as typed.
    let rounds = |q: &str| {
        let mut index = Index::open(&FILES["manifest.bin"]).unwrap();
        let mut n = 0;
        loop {
            match index.search(q, &SearchOptions::default()).unwrap() {
                bulletin_search::Step::Need(files) => {
                    n += 1;
                    for f in files {
                        index.supply(&f, &FILES[&f]).unwrap();
                    }
                }
                bulletin_search::Step::Done(_) => break n,
            }
        }
    };
    assert!(rounds("快手短剧大赛") <= rounds("快手") + 1, "{} vs {}", rounds("快手短剧大赛"), rounds("快手"));
}

/// The committed index (what `make serve` ships) answers as the build above does.
#[test]
fn the_committed_index_answers_the_same() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/index");
    let mut files = HashMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".bin") {
            let bytes = bulletin_search::format::unpack(&name, std::fs::read(&path).unwrap()).unwrap();
            files.insert(name, bytes);
        }
    }
    for case in cases("words").into_iter().chain(cases("alias")) {
        let options = SearchOptions { limit: 1000, ..SearchOptions::default() };
        let shipped = search_files(&files, &case.query, &options);
        assert_eq!(titles(&shipped.hits), titles(&run(&case.query).hits), "{}", case.query);
    }
}

/// A compound of a character and a word (融媒体, 微短剧) is a piece of its own: split, its
/// character would count beside the piece before it (加强融合 … 主流媒体 is no 融媒体).
#[test]
fn a_character_and_word_compound_stays_one_piece() {
    for (query, holds) in [("加强融媒体", "融媒体"), ("通过微短剧", "微短剧"), ("传播新中国", "新中国")]
    {
        let r = run(query);
        assert!(r.total > 0, "{query}: nothing");
        for h in &r.hits {
            assert!(item_text(&h.title).contains(holds), "{query}: {} lacks {holds}", h.title);
        }
    }
}

/// In a run-together query too, the name as typed ranks above its other names, and a Latin name
/// reaches its other names.
#[test]
fn pieces_reach_other_names_below_the_name_typed() {
    for query in ["信息化网信办", "网信办信息化"] {
        let r = run(query);
        assert!(item_text(&r.hits[0].title).contains("网信办"), "{query}: {:?}", titles(&r.hits));
    }
    let r = run("ByteDance公益");
    assert_eq!(
        titles(&r.hits).first().map(String::as_str),
        Some("字节跳动公益发起“DOU 爱公益日，做好事，加我一个”主题活动")
    );
}

/// While a run-together word is typed, a last character that starts the next word does not
/// empty the results.
#[test]
fn typing_the_first_character_of_the_next_word_keeps_the_results() {
    for (typed, item) in
        [("快手澳", "快手：微短剧《澳门故事》举办开机仪式"), ("曹淑敏改", "曹淑敏谈深化广播电视和网络视听领域改革")]
    {
        assert!(titles(&run(typed).hits).contains(&item.to_string()), "{typed}");
    }
    // A finished query (a space after it) keeps every piece.
    assert_eq!(run("快手澳 ").total, 0);
}

/// Closeness does not depend on the order the words were typed in.
#[test]
fn the_order_of_the_words_does_not_change_closeness() {
    for (a, b) in [("国家视听", "视听国家"), ("人民电视", "电视人民")] {
        let (x, y) = (run(a), run(b));
        let (mut tx, mut ty) = (titles(&x.hits), titles(&y.hits));
        assert_eq!(tx.first(), ty.first(), "{a} / {b}");
        tx.sort();
        ty.sort();
        assert_eq!(tx, ty);
    }
}
