//! The Wasm engine in a real browser (headless Chromium via wasm-bindgen-test-runner), fed the
//! committed index as `www/engine.js` feeds it: options and answers converted both ways, errors,
//! and steps that name each file once. (Fetching, unpacking and retries are engine.js's: the
//! Playwright tests in tests/browser/ cover them over HTTP.)
#![cfg(target_arch = "wasm32")]

mod common;

use bulletin_search_wasm::Engine;
use common::{complete, engine, file, message, needed, run, search};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn finds_the_item_that_contains_the_query() {
    let mut engine = engine();
    let r = search(&mut engine, "文小言", JsValue::UNDEFINED).unwrap();
    assert_eq!(r.query, "文小言");
    assert!(r.total >= 1);
    assert_eq!(r.hits[0].title, "百度推出新搜索“文小言”");
    assert!(r.hits[0].url.starts_with("issues/431.html#item-"));
    assert!(!r.hits[0].title_highlights.is_empty());
}

#[wasm_bindgen_test]
fn options_limit_and_filter_by_section() {
    let mut engine = engine();
    let all = search(&mut engine, "微短剧", JsValue::UNDEFINED).unwrap();
    assert_eq!(all.total, 5);
    let two = search(&mut engine, "微短剧", options(&[("limit", 2.into())])).unwrap();
    assert_eq!((two.total, two.hits.len()), (5, 2));
    assert_eq!(two.hits[..], all.hits[..2]);
    let section = &all.sections[0].value;
    let only = search(&mut engine, "微短剧", options(&[("section", JsValue::from_str(section))])).unwrap();
    assert_eq!(only.total, all.sections[0].count);
    assert!(only.hits.iter().all(|h| &h.section == section));
    assert_eq!(only.sections, all.sections, "section counts ignore the section filter");
}

#[wasm_bindgen_test]
fn empty_and_nonsense_queries_answer_nothing() {
    let mut engine = engine();
    for q in ["", "   ", "zzzzqqqxj", "\"", "-", "section:"] {
        let r = search(&mut engine, q, JsValue::NULL).unwrap();
        assert_eq!(r.total, 0, "{q:?}");
    }
}

#[wasm_bindgen_test]
fn answers_carry_every_field_of_the_core_types() {
    // The engine builds answers field by field; reading them back into the core's types (serde
    // requires every field) proves none is missing, for hits, facets and suggestions alike.
    let mut engine = engine();
    let r = search(&mut engine, "微短剧", JsValue::UNDEFINED).unwrap();
    assert!(!r.hits.is_empty() && !r.sections.is_empty() && !r.issues.is_empty() && !r.years.is_empty());
    for q in ["trubo", "tencnet", "weiduanju", "qqqqzzzz", ""] {
        search(&mut engine, q, JsValue::UNDEFINED).unwrap();
    }
}

#[wasm_bindgen_test]
fn a_very_long_query_is_answered() {
    let mut engine = engine();
    for q in ["微短剧".repeat(3334), "a ".repeat(5000), "\"-".repeat(5000), "😀\u{202e}\u{0}".repeat(3000)] {
        let r = search(&mut engine, &q, JsValue::UNDEFINED).unwrap();
        assert_eq!(r.query, q, "the query is echoed as given");
    }
}

#[wasm_bindgen_test]
fn bad_options_are_rejected_with_a_message() {
    let mut engine = engine();
    for (key, value, says) in [
        ("limit", JsValue::from_str("ten"), "limit must be a whole number"),
        ("limit", JsValue::from_f64(2.5), "limit must be a whole number"),
        ("issue", JsValue::from_f64(-1.0), "issue must be a whole number"),
        ("section", JsValue::from_f64(1.0), "section must be a string"),
        ("sort", JsValue::from_str("random"), "sort must be"),
    ] {
        let err = search(&mut engine, "微短剧", options(&[(key, value)])).unwrap_err();
        assert!(err.starts_with("search options: ") && err.contains(says), "{err}");
    }
    let err = search(&mut engine, "微短剧", JsValue::from_str("limit=3")).unwrap_err();
    assert!(err.starts_with("search options: expected an object"), "{err}");
}

#[wasm_bindgen_test]
fn sorts_by_date_and_filters_by_issue_and_dates() {
    let mut engine = engine();
    let by_date =
        search(&mut engine, "视听", options(&[("sort", JsValue::from_str("date")), ("limit", 50.into())])).unwrap();
    let relevance = search(&mut engine, "视听", options(&[("limit", 50.into())])).unwrap();
    assert_eq!(by_date.total, relevance.total);
    let ids: Vec<&str> = by_date.hits.iter().map(|h| h.id.as_str()).collect();
    let ordinal = |id: &str| id.rsplit('-').next().unwrap().parse::<u32>().unwrap();
    assert!(ids.windows(2).all(|w| ordinal(w[0]) < ordinal(w[1])), "one issue: item order {ids:?}");
    let in_issue = search(&mut engine, "视听", options(&[("issue", 431.into()), ("limit", 50.into())])).unwrap();
    assert_eq!(in_issue.total, relevance.total);
    let none = search(&mut engine, "视听", options(&[("issue", 1.into())])).unwrap();
    assert_eq!(none.total, 0);
    let dated = search(
        &mut engine,
        "视听",
        options(&[("from", JsValue::from_str("2024-09-09")), ("to", JsValue::from_str("2024-09-09"))]),
    )
    .unwrap();
    assert_eq!(dated.total, relevance.total);
    let later = search(&mut engine, "视听", options(&[("from", JsValue::from_str("2024-09-10"))])).unwrap();
    assert_eq!(later.total, 0);
}

#[wasm_bindgen_test]
fn completes_the_last_word() {
    let mut engine = engine();
    let names = complete(&mut engine, "曹淑", 5);
    assert_eq!(names.first().map(|c| (c.word.as_str(), c.count)), Some(("曹淑敏", 2)));
    let second = complete(&mut engine, "腾讯 混", 5);
    assert!(second.iter().any(|c| c.query == "腾讯 混元"), "{second:?}");
    let none = complete(&mut engine, "曹淑敏 ", 5);
    assert!(none.is_empty(), "a finished word is not completed");
}

#[wasm_bindgen_test]
fn steps_name_each_file_once_and_a_repeated_query_needs_none() {
    let mut engine = engine();
    let mut supplied = Vec::new();
    let first = run(&mut engine, &mut supplied, |e| e.search("微短剧", JsValue::UNDEFINED)).unwrap();
    assert!(!supplied.is_empty());
    let mut unique = supplied.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), supplied.len(), "{supplied:?}");
    let again = engine.search("微短剧", JsValue::UNDEFINED).map_err(message).unwrap();
    assert_eq!(needed(&again), None, "a repeated query answers at once");
    let (first, again): (bulletin_search::SearchResponse, bulletin_search::SearchResponse) =
        (serde_wasm_bindgen::from_value(first).unwrap(), serde_wasm_bindgen::from_value(again).unwrap());
    assert_eq!(first, again);
}

#[wasm_bindgen_test]
fn a_file_that_is_not_an_index_is_refused() {
    let err = Engine::open(b"[package]\nname = \"bulletin-search\"\n").map(|_| ()).map_err(message).unwrap_err();
    assert!(err.contains("manifest.bin") && err.contains("bad magic"), "{err}");
}

#[wasm_bindgen_test]
fn a_damaged_or_foreign_file_is_refused_by_name_and_asked_for_again() {
    let mut engine = engine();
    let step = engine.search("文小言", JsValue::UNDEFINED).map_err(message).unwrap();
    let files = needed(&step).expect("a cold query needs files");
    let shard = files.iter().find(|f| f.starts_with("t-")).expect("a term shard");
    let bytes = file(shard);
    let err = engine.supply(shard, &bytes[..bytes.len() / 2]).map_err(message).unwrap_err();
    assert!(err.contains(shard.as_str()), "{err}");
    let other = common::INDEX_FILES.iter().map(|(n, _)| *n).find(|n| n.starts_with("t-") && n != shard).unwrap();
    let err = engine.supply(shard, &file(other)).map_err(message).unwrap_err();
    assert!(err.contains(shard.as_str()), "{err}");
    let err = engine.supply("t-0000-9.bin", &bytes).map_err(message).unwrap_err();
    assert!(err.contains("does not name"), "{err}");
    let again = engine.search("文小言", JsValue::UNDEFINED).map_err(message).unwrap();
    assert!(needed(&again).unwrap().contains(shard), "the refused file is named again");
    let r = search(&mut engine, "文小言", JsValue::UNDEFINED).unwrap();
    assert_eq!(r.hits[0].title, "百度推出新搜索“文小言”");
}
