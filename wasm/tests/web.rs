//! The engine in a real browser (headless Chromium via wasm-bindgen-test-runner): loading,
//! searching, completing, errors, and fetching each index file once. The runner must serve the
//! repository root (tools/browser-tests.sh starts it there), so the committed index is at
//! `/index/`.
#![cfg(target_arch = "wasm32")]

use bulletin_search::{Completion, SearchResponse};
use bulletin_search_wasm::Engine;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const INDEX: &str = "/index/";

async fn engine() -> Engine {
    Engine::load(INDEX.to_string(), None).await.map_err(JsValue::from).expect("the committed index loads")
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

async fn search(engine: &Engine, query: &str, options: JsValue) -> Result<SearchResponse, String> {
    match JsFuture::from(engine.search(query.to_string(), options)).await {
        Ok(v) => Ok(serde_wasm_bindgen::from_value(v).expect("a SearchResponse")),
        Err(e) => Err(js_sys::Error::from(e).message().into()),
    }
}

/// The message `Engine::load` fails with (panics if it loads).
async fn load_error(url: &str, started: Option<js_sys::Promise>) -> String {
    match Engine::load(url.to_string(), started).await {
        Ok(_) => panic!("loaded {url} as an index"),
        Err(e) => js_sys::Error::from(JsValue::from(e)).message().as_string().unwrap(),
    }
}

fn fetched_files(engine: &Engine) -> Vec<String> {
    engine.fetched_files().iter().map(|f| f.as_string().expect("a file name")).collect()
}

#[wasm_bindgen_test]
async fn finds_the_item_that_contains_the_query() {
    let engine = engine().await;
    let r = search(&engine, "文小言", JsValue::UNDEFINED).await.unwrap();
    assert_eq!(r.query, "文小言");
    assert!(r.total >= 1);
    assert_eq!(r.hits[0].title, "百度推出新搜索“文小言”");
    assert!(r.hits[0].url.starts_with("issues/431.html#item-"));
    assert!(!r.hits[0].title_highlights.is_empty());
}

#[wasm_bindgen_test]
async fn options_limit_and_filter_by_section() {
    let engine = engine().await;
    let all = search(&engine, "微短剧", JsValue::UNDEFINED).await.unwrap();
    assert_eq!(all.total, 5);
    let two = search(&engine, "微短剧", options(&[("limit", 2.into())])).await.unwrap();
    assert_eq!((two.total, two.hits.len()), (5, 2));
    assert_eq!(two.hits[..], all.hits[..2]);
    let section = &all.sections[0].value;
    let only = search(&engine, "微短剧", options(&[("section", JsValue::from_str(section))])).await.unwrap();
    assert_eq!(only.total, all.sections[0].count);
    assert!(only.hits.iter().all(|h| &h.section == section));
    assert_eq!(only.sections, all.sections, "section counts ignore the section filter");
}

#[wasm_bindgen_test]
async fn empty_and_nonsense_queries_answer_nothing() {
    let engine = engine().await;
    for q in ["", "   ", "zzzzqqqxj", "\"", "-", "section:"] {
        let r = search(&engine, q, JsValue::NULL).await.unwrap();
        assert_eq!(r.total, 0, "{q:?}");
    }
}

#[wasm_bindgen_test]
async fn answers_carry_every_field_of_the_core_types() {
    // The engine builds answers field by field; reading them back into the core's types (serde
    // requires every field) proves none is missing, for hits, facets and suggestions alike.
    let engine = engine().await;
    let r = search(&engine, "微短剧", JsValue::UNDEFINED).await.unwrap();
    assert!(!r.hits.is_empty() && !r.sections.is_empty() && !r.issues.is_empty() && !r.years.is_empty());
    for q in ["trubo", "tencnet", "weiduanju", "qqqqzzzz", ""] {
        search(&engine, q, JsValue::UNDEFINED).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_very_long_query_is_answered() {
    let engine = engine().await;
    for q in ["微短剧".repeat(3334), "a ".repeat(5000), "\"-".repeat(5000), "😀\u{202e}\u{0}".repeat(3000)] {
        let r = search(&engine, &q, JsValue::UNDEFINED).await.unwrap();
        assert_eq!(r.query, q, "the query is echoed as given");
    }
}

#[wasm_bindgen_test]
async fn bad_options_are_rejected_with_a_message() {
    let engine = engine().await;
    for (key, value, says) in [
        ("limit", JsValue::from_str("ten"), "limit must be a whole number"),
        ("limit", JsValue::from_f64(2.5), "limit must be a whole number"),
        ("issue", JsValue::from_f64(-1.0), "issue must be a whole number"),
        ("section", JsValue::from_f64(1.0), "section must be a string"),
        ("sort", JsValue::from_str("random"), "sort must be"),
    ] {
        let err = search(&engine, "微短剧", options(&[(key, value)])).await.unwrap_err();
        assert!(err.starts_with("search options: ") && err.contains(says), "{err}");
    }
    let err = search(&engine, "微短剧", JsValue::from_str("limit=3")).await.unwrap_err();
    assert!(err.starts_with("search options: expected an object"), "{err}");
}

#[wasm_bindgen_test]
async fn sorts_by_date_and_filters_by_issue_and_dates() {
    let engine = engine().await;
    let by_date =
        search(&engine, "视听", options(&[("sort", JsValue::from_str("date")), ("limit", 50.into())])).await.unwrap();
    let relevance = search(&engine, "视听", options(&[("limit", 50.into())])).await.unwrap();
    assert_eq!(by_date.total, relevance.total);
    let ids: Vec<&str> = by_date.hits.iter().map(|h| h.id.as_str()).collect();
    let ordinal = |id: &str| id.rsplit('-').next().unwrap().parse::<u32>().unwrap();
    assert!(ids.windows(2).all(|w| ordinal(w[0]) < ordinal(w[1])), "one issue: item order {ids:?}");
    let in_issue = search(&engine, "视听", options(&[("issue", 431.into()), ("limit", 50.into())])).await.unwrap();
    assert_eq!(in_issue.total, relevance.total);
    let none = search(&engine, "视听", options(&[("issue", 1.into())])).await.unwrap();
    assert_eq!(none.total, 0);
    let dated = search(
        &engine,
        "视听",
        options(&[("from", JsValue::from_str("2024-09-09")), ("to", JsValue::from_str("2024-09-09"))]),
    )
    .await
    .unwrap();
    assert_eq!(dated.total, relevance.total);
    let later = search(&engine, "视听", options(&[("from", JsValue::from_str("2024-09-10"))])).await.unwrap();
    assert_eq!(later.total, 0);
}

#[wasm_bindgen_test]
async fn completes_the_last_word() {
    let engine = engine().await;
    let complete = |input: &str| JsFuture::from(engine.complete(input.to_string(), 5));
    let names: Vec<Completion> = serde_wasm_bindgen::from_value(complete("曹淑").await.unwrap()).unwrap();
    assert_eq!(names.first().map(|c| (c.word.as_str(), c.count)), Some(("曹淑敏", 2)));
    let second: Vec<Completion> = serde_wasm_bindgen::from_value(complete("腾讯 混").await.unwrap()).unwrap();
    assert!(second.iter().any(|c| c.query == "腾讯 混元"), "{second:?}");
    let none: Vec<Completion> = serde_wasm_bindgen::from_value(complete("曹淑敏 ").await.unwrap()).unwrap();
    assert!(none.is_empty(), "a finished word is not completed");
}

#[wasm_bindgen_test]
async fn fetches_each_file_once_even_for_concurrent_queries() {
    let engine = engine().await;
    let a = engine.search("微短剧".to_string(), JsValue::UNDEFINED);
    let b = engine.search("微短剧".to_string(), JsValue::UNDEFINED);
    let (a, b) = (JsFuture::from(a).await.unwrap(), JsFuture::from(b).await.unwrap());
    let (a, b): (SearchResponse, SearchResponse) =
        (serde_wasm_bindgen::from_value(a).unwrap(), serde_wasm_bindgen::from_value(b).unwrap());
    assert_eq!(a, b);
    let fetched = fetched_files(&engine);
    assert!(!fetched.is_empty());
    let mut unique = fetched.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fetched.len(), "{fetched:?}");
    search(&engine, "微短剧", JsValue::UNDEFINED).await.unwrap();
    assert_eq!(fetched_files(&engine), fetched, "a repeated query fetches nothing");
}

#[wasm_bindgen_test]
async fn a_missing_index_is_an_error_naming_the_manifest() {
    let err = load_error("/no-such-index/", None).await;
    assert!(err.contains("manifest.bin") && err.contains("404"), "{err}");
}

#[wasm_bindgen_test]
async fn a_file_that_is_not_an_index_is_refused() {
    // Cargo.toml is served by the runner too: bytes that are no manifest.
    let err = load_error("/Cargo.toml", None).await;
    assert!(err.contains("manifest.bin") && err.contains("bad magic"), "{err}");
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The page's `fetch`, as engine.js calls it.
    #[wasm_bindgen(js_name = fetch)]
    fn page_fetch(url: &str) -> js_sys::Promise;
}

#[wasm_bindgen_test]
async fn a_manifest_fetch_under_way_is_used_and_a_failed_one_retried() {
    // What engine.js passes: the page's own fetch of the manifest, started before the module.
    let started = page_fetch("/index/manifest.bin");
    let engine = Engine::load(INDEX.to_string(), Some(started)).await.map_err(JsValue::from).expect("loads");
    assert!(search(&engine, "文小言", JsValue::UNDEFINED).await.unwrap().total > 0);
    // A network failure of that fetch counts as the first attempt: the engine fetches again.
    let failed = js_sys::Promise::reject(&js_sys::TypeError::new("Failed to fetch"));
    let engine = Engine::load(INDEX.to_string(), Some(failed)).await.map_err(JsValue::from).expect("retried");
    assert!(search(&engine, "文小言", JsValue::UNDEFINED).await.unwrap().total > 0);
    // A 404 is not retried, and the error names the manifest as before.
    let err = load_error("/no-such-index/", Some(page_fetch("/no-such-index/manifest.bin"))).await;
    assert!(err.contains("manifest.bin") && err.contains("404"), "{err}");
}
