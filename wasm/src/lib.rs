//! The browser edge of bulletin-search: an [`Engine`] that fetches index files and hands them to
//! the core's stepwise [`Index`]. Type conversion and fetching only; every search decision is the
//! core's.
//!
//! ```js
//! import init, { Engine } from './bulletin_search_wasm.js';
//! await init();
//! const engine = await Engine.load('https://example.org/search/index/');
//! const { total, hits, sections } = await engine.search('微短剧', { limit: 10 });
//! ```
//!
//! A query first needs the key pages and term shards of its words, then the doc blocks of the
//! hits it shows ([`Step::Need`], at most [`MAX_ROUNDS`] rounds). The engine fetches the files of one step concurrently, relative to the
//! manifest's URL, and keeps every file it has verified, so each file is fetched at most once per
//! engine (concurrent queries share one fetch). A fetch that fails on the network (or with a
//! server error) is retried once, bypassing the HTTP cache; then the query is rejected with an
//! error that names the file, and the next query fetches it afresh.
//!
//! Size matters here more than anywhere (the module is on the first query's critical path), so
//! answers are built as plain JS objects field by field rather than through serde, and nothing
//! in this file formats floats or `Debug` output.

use bulletin_search::format::{is_packed, MANIFEST_NAME};
use bulletin_search::query::Sort;
use bulletin_search::{Completion, FacetCount, Hit, Index, SearchOptions, SearchResponse, Step, MAX_ROUNDS};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ReadableWritablePair, RequestCache, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// `globalThis.fetch`: the same function in a window and in a worker.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;

    /// The browser's `DecompressionStream` (web-sys has it only among its unstable APIs): a
    /// readable/writable pair that unpacks what is piped through it.
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// A search engine over one index, fetched on demand from its folder's URL.
#[wasm_bindgen]
pub struct Engine {
    shared: Rc<Shared>,
}

struct Shared {
    /// URL of the index folder, ending in `/`: file names are relative to it.
    base: String,
    index: RefCell<Index>,
    /// Fetches in flight, shared by concurrent queries: each promise resolves to the file's
    /// bytes (`Uint8Array`). An entry leaves when the index has the file or the fetch failed.
    /// (A query needs a handful of files: a list is smaller and as fast as a map.)
    fetches: RefCell<Vec<(String, Promise)>>,
    /// Files supplied to the index, in order.
    loaded: RefCell<Vec<String>>,
}

#[wasm_bindgen]
impl Engine {
    /// Fetches and opens an index. `url` is the index folder (ending in `/`) or its manifest
    /// file; it should be absolute (relative URLs resolve against the page, as `fetch` does).
    /// `manifest`, when given, is a `fetch` of the manifest already under way (engine.js starts
    /// it beside the module's own download, which saves a round trip); it counts as the first
    /// attempt, retried like any other.
    pub async fn load(url: String, manifest: Option<Promise>) -> Result<Engine, JsError> {
        let (base, manifest_url) = if url.ends_with('/') {
            (url.clone(), url.clone() + MANIFEST_NAME)
        } else {
            let cut = url.find(['?', '#']).unwrap_or(url.len());
            let dir = url.get(..cut).and_then(|u| u.rfind('/')).map_or(0, |i| i + 1);
            (url.get(..dir).unwrap_or_default().to_string(), url.clone())
        };
        // The manifest names the current build, so it is revalidated; shards are immutable.
        let bytes = fetch_with_retry(&manifest_url, MANIFEST_NAME, RequestCache::NoCache, manifest)
            .await
            .map_err(|e| JsError::new(&e))?;
        let index = Index::open(&bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine {
            shared: Rc::new(Shared {
                base,
                index: RefCell::new(index),
                fetches: RefCell::new(Vec::new()),
                loaded: RefCell::new(Vec::new()),
            }),
        })
    }

    /// Searches. `options` is an object with any of `limit`, `offset`, `section`, `issue`,
    /// `from`, `to`, `sort` (`"relevance"` | `"date"`), or undefined. Resolves to
    /// `{query, total, hits, sections, issues, years, suggestions}`, the hits being those of
    /// `bulletin search --json`. The core reads the first `MAX_QUERY_CHARS` characters of `query`.
    pub fn search(&self, query: String, options: JsValue) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            let options = search_options(&options).map_err(|e| JsError::new(&format!("search options: {e}")))?;
            let mut answer = None;
            run(&shared, &mut |index| {
                Ok(match index.search(&query, &options)? {
                    Step::Done(response) => {
                        answer = Some(response);
                        None
                    }
                    Step::Need(files) => Some(files),
                })
            })
            .await?;
            Ok(answer.map_or(JsValue::UNDEFINED, |r| response_to_js(&r)))
        })
    }

    /// Completions of the last word of `input`, most frequent first: resolves to an array of
    /// `{query, word, count}`.
    pub fn complete(&self, input: String, limit: usize) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            let mut answer = None;
            run(&shared, &mut |index| {
                Ok(match index.complete(&input, limit)? {
                    Step::Done(completions) => {
                        answer = Some(completions);
                        None
                    }
                    Step::Need(files) => Some(files),
                })
            })
            .await?;
            Ok(array(answer.iter().flatten().map(completion_to_js)).into())
        })
    }

    /// Names of the index files fetched so far (manifest excluded), for diagnostics: an array of
    /// strings.
    #[wasm_bindgen(js_name = fetchedFiles)]
    pub fn fetched_files(&self) -> Array {
        array(self.shared.loaded.borrow().iter().map(|f| JsValue::from_str(f)))
    }
}

/// Reads the options object field by field. (Deriving this through serde costs the module ~13 KB
/// gzipped, mostly float formatting for error messages; these few fields do not need it.)
fn search_options(value: &JsValue) -> Result<SearchOptions, String> {
    let mut options = SearchOptions::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    if !value.is_object() {
        return Err("expected an object such as {limit: 10, section: \"技术\"}".into());
    }
    let get =
        |key: &str| Reflect::get(value, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null());
    let count = |key: &str| -> Result<Option<u32>, String> {
        get(key)
            .map(|v| match v.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(n as u32),
                _ => Err(key.to_string() + " must be a whole number ≥ 0"),
            })
            .transpose()
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        get(key).map(|v| v.as_string().ok_or_else(|| key.to_string() + " must be a string")).transpose()
    };
    if let Some(n) = count("limit")? {
        options.limit = n as usize;
    }
    if let Some(n) = count("offset")? {
        options.offset = n as usize;
    }
    options.issue = count("issue")?;
    options.section = text("section")?;
    options.from = text("from")?;
    options.to = text("to")?;
    options.sort = match text("sort")?.as_deref() {
        None => None,
        Some("relevance") => Some(Sort::Relevance),
        Some("date") => Some(Sort::Date),
        Some(other) => return Err("sort must be \"relevance\" or \"date\", not \"".to_string() + other + "\""),
    };
    Ok(options)
}

// ------------------------------------------------------------------ answers as JS objects
//
// The same field names as the core's serde derives (the CLI's `--json`); the engine tests read
// every answer back with serde-wasm-bindgen into the core's types, and the browser parity test
// compares hits with the CLI's, so a field added to the core and missed here fails a test.

/// A plain object with `fields` set in order.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (key, value) in fields {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(key), value);
    }
    o.into()
}

fn array(items: impl Iterator<Item = JsValue>) -> Array {
    let a = Array::new();
    for item in items {
        a.push(&item);
    }
    a
}

fn strings(items: &[String]) -> JsValue {
    array(items.iter().map(|s| JsValue::from_str(s))).into()
}

fn number(n: usize) -> JsValue {
    JsValue::from_f64(n as f64)
}

fn response_to_js(r: &SearchResponse) -> JsValue {
    let facets = |list: &[FacetCount]| -> JsValue {
        array(list.iter().map(|f| object(&[("value", JsValue::from_str(&f.value)), ("count", number(f.count))]))).into()
    };
    object(&[
        ("query", JsValue::from_str(&r.query)),
        ("total", number(r.total)),
        ("hits", array(r.hits.iter().map(hit_to_js)).into()),
        ("sections", facets(&r.sections)),
        ("issues", facets(&r.issues)),
        ("years", facets(&r.years)),
        ("suggestions", strings(&r.suggestions)),
    ])
}

fn hit_to_js(h: &Hit) -> JsValue {
    let ranges = |list: &[[u32; 2]]| -> JsValue {
        array(list.iter().map(|&[start, end]| array([start, end].into_iter().map(JsValue::from)).into())).into()
    };
    object(&[
        ("id", JsValue::from_str(&h.id)),
        ("title", JsValue::from_str(&h.title)),
        ("issue", JsValue::from(h.issue)),
        ("date", JsValue::from_str(&h.date)),
        ("section", JsValue::from_str(&h.section)),
        ("url", JsValue::from_str(&h.url)),
        ("score", JsValue::from_f64(f64::from(h.score))),
        ("snippet", JsValue::from_str(&h.snippet)),
        ("title_highlights", ranges(&h.title_highlights)),
        ("snippet_highlights", ranges(&h.snippet_highlights)),
    ])
}

fn completion_to_js(c: &Completion) -> JsValue {
    object(&[("query", JsValue::from_str(&c.query)), ("word", JsValue::from_str(&c.word)), ("count", number(c.count))])
}

// ------------------------------------------------------------------ fetching

/// Runs one stepwise evaluation to its end, supplying the files each step needs. `step` returns
/// the files the core needs, or `None` once it has stored its answer. (Not generic over the
/// answer type: one copy of this loop serves search and complete.)
async fn run(
    shared: &Shared,
    step: &mut dyn FnMut(&Index) -> bulletin_search::Result<Option<Vec<String>>>,
) -> Result<(), JsValue> {
    // Up to MAX_ROUNDS rounds of fetches, then the answer (see bulletin_search::MAX_ROUNDS).
    for _ in 0..=MAX_ROUNDS {
        let need = step(&shared.index.borrow()).map_err(core_error)?;
        let Some(files) = need else { return Ok(()) };
        let pending = array(files.iter().map(|f| shared.fetch(f).into()));
        let all: Array = match JsFuture::from(Promise::all(&pending)).await {
            Ok(v) => v.unchecked_into(),
            Err(e) => {
                shared.forget(&files);
                return Err(e);
            }
        };
        for (file, bytes) in files.iter().zip(all.iter()) {
            let bytes = bytes.unchecked_into::<Uint8Array>().to_vec();
            let supplied = shared.index.borrow_mut().supply(file, &bytes);
            shared.forget(std::slice::from_ref(file));
            supplied.map_err(core_error)?;
            let mut loaded = shared.loaded.borrow_mut();
            if !loaded.contains(file) {
                loaded.push(file.clone());
            }
        }
    }
    Err(JsError::new("the index files do not satisfy the manifest; re-deploy the index").into())
}

fn core_error(e: bulletin_search::Error) -> JsValue {
    JsError::new(&e.to_string()).into()
}

impl Shared {
    /// The (shared) fetch of one index file: resolves to its bytes as a `Uint8Array`.
    fn fetch(&self, file: &str) -> Promise {
        if let Some((_, p)) = self.fetches.borrow().iter().find(|(f, _)| f == file) {
            return p.clone();
        }
        let url = self.base.clone() + file;
        let name = file.to_string();
        let promise = future_to_promise(async move {
            let bytes =
                fetch_with_retry(&url, &name, RequestCache::Default, None).await.map_err(|e| JsError::new(&e))?;
            Ok(Uint8Array::from(bytes.as_slice()).into())
        });
        self.fetches.borrow_mut().push((file.to_string(), promise.clone()));
        promise
    }

    /// Drops the fetches of `files` (supplied, or failed so that the next query tries again).
    fn forget(&self, files: &[String]) {
        self.fetches.borrow_mut().retain(|(f, _)| !files.contains(f));
    }
}

/// Why a fetch failed, and whether trying again could help.
struct FetchError {
    message: String,
    transient: bool,
}

/// GETs `url`; on a network failure or a server error tries once more, bypassing the HTTP cache
/// (a dropped connection on a flaky network should not fail the query). The error message names
/// the index file and the reason.
async fn fetch_with_retry(
    url: &str,
    name: &str,
    cache: RequestCache,
    started: Option<Promise>,
) -> Result<Vec<u8>, String> {
    let first = match started {
        Some(response) => read_response(response).await,
        None => fetch_bytes(url, cache).await,
    };
    let mut error = match first {
        Ok(bytes) => return Ok(bytes),
        Err(e) => e,
    };
    if error.transient {
        error = match fetch_bytes(url, RequestCache::Reload).await {
            Ok(bytes) => return Ok(bytes),
            Err(e) => e,
        };
    }
    Err(name.to_string() + ": cannot fetch index file " + url + ": " + &error.message)
}

async fn fetch_bytes(url: &str, cache: RequestCache) -> Result<Vec<u8>, FetchError> {
    let init = RequestInit::new();
    init.set_cache(cache);
    read_response(global_fetch(url, &init)).await
}

/// The body of the `Response` that `fetch` resolves to (unpacked, for a packed file: see
/// `bulletin_search::format`), or why there is none.
async fn read_response(fetch: Promise) -> Result<Vec<u8>, FetchError> {
    let network = |e: JsValue| FetchError { message: describe(&e), transient: true };
    let response: Response = JsFuture::from(fetch).await.map_err(network)?.unchecked_into();
    let status = response.status();
    if !response.ok() {
        return Err(FetchError {
            message: "HTTP ".to_string() + &status.to_string() + " " + &response.status_text(),
            // 4xx (but a timeout or rate limit) will not change on a second try.
            transient: status >= 500 || status == 408 || status == 429,
        });
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(|e| FetchError { message: "download interrupted: ".to_string() + &describe(&e), transient: true })?;
    let bytes = Uint8Array::new(&buffer);
    // By its first bytes: a host that decoded the gzip already (serving it with
    // Content-Encoding: gzip) hands over the container itself.
    if bytes.length() >= 2 && is_packed(&[bytes.get_index(0), bytes.get_index(1)]) {
        return unpack(&bytes).await;
    }
    Ok(bytes.to_vec())
}

/// Unpacks a gzip member with the browser's `DecompressionStream`.
async fn unpack(packed: &Uint8Array) -> Result<Vec<u8>, FetchError> {
    let fail = |message: String| FetchError { message, transient: true };
    let gunzip = DecompressionStream::new("gzip").map_err(|_| FetchError {
        message: "this browser cannot unpack index files (it has no DecompressionStream)".to_string(),
        transient: false,
    })?;
    let body = Response::new_with_opt_buffer_source(Some(packed)).map_err(|e| fail(describe(&e)))?.body();
    let body = body.ok_or_else(|| fail("empty file".to_string()))?;
    let unpacked = body.pipe_through(gunzip.unchecked_ref::<ReadableWritablePair>());
    let response = Response::new_with_opt_readable_stream(Some(&unpacked)).map_err(|e| fail(describe(&e)))?;
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| fail(describe(&e)))?)
        .await
        .map_err(|e| fail("damaged or truncated file, cannot unpack: ".to_string() + &describe(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The message of a JS error (or the thrown string).
fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "network error".to_string())
}
