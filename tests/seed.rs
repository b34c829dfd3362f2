//! Every case of the shared relevance file, over the committed issue: `exact`, `rank`,
//! `prefix`, `fold` (traditional characters) and `pinyin`.

mod common;
use common::*;
use std::collections::BTreeSet;

const SEED: &str = include_str!("data/seed-0431.tsv");

struct Case {
    query: String,
    kind: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    SEED.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let query = cols.next().unwrap().to_string();
            let kind = cols.next().unwrap().to_string();
            let expected = cols.next().unwrap().split('|').map(str::to_string).collect();
            Case { query, kind, expected }
        })
        .collect()
}

fn check(kind: &str) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases().into_iter().filter(|c| c.kind == kind) {
        ran += 1;
        let got = titles(&search(&case.query));
        let got_set: BTreeSet<&String> = got.iter().collect();
        let want_set: BTreeSet<&String> = case.expected.iter().collect();
        let ok = match kind {
            "exact" | "prefix" | "fold" | "pinyin" => got_set == want_set,
            "rank" => want_set.is_subset(&got_set) && got.first() == case.expected.first(),
            _ => unreachable!(),
        };
        if !ok {
            failures.push(format!("{:?} ({kind}): got {got:?}, want {:?}", case.query, case.expected));
        }
    }
    assert!(ran > 0, "no {kind} cases in the seed file");
    assert!(failures.is_empty(), "{} of {ran} {kind} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn seed_exact_cases() {
    check("exact");
}

#[test]
fn seed_rank_cases() {
    check("rank");
}

#[test]
fn seed_prefix_cases() {
    check("prefix");
}

#[test]
fn seed_fold_cases() {
    check("fold");
}

#[test]
fn seed_pinyin_cases() {
    check("pinyin");
}

/// No kind of case in the seed file goes unchecked.
#[test]
fn seed_file_has_only_known_kinds() {
    for case in cases() {
        assert!(
            ["exact", "rank", "prefix", "fold", "pinyin"].contains(&case.kind.as_str()),
            "unknown kind {:?} of {:?}",
            case.kind,
            case.query
        );
    }
}

/// The seed file's expectations agree with a plain verbatim scan of the parsed items, so the
/// exact cases test the engine, not a copy of its answers.
#[test]
fn seed_exact_cases_match_a_verbatim_scan() {
    let issue = &BUILT.issue;
    for case in cases().into_iter().filter(|c| c.kind == "exact") {
        let q = normalize(case.query.trim_matches('"'));
        let scanned: BTreeSet<String> = issue
            .items
            .iter()
            .filter(|i| normalize(&i.headline).contains(&q) || normalize(&i.body_text()).contains(&q))
            .map(|i| i.headline.clone())
            .collect();
        let want: BTreeSet<String> = case.expected.iter().cloned().collect();
        assert_eq!(scanned, want, "query {:?}", case.query);
    }
}
