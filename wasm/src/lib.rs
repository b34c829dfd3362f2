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
//! A query first needs the term shards of its words, then the doc blocks of the hits it shows
//! ([`Step::Need`]). The engine fetches the files of one step concurrently, relative to the
//! manifest's URL, and keeps every file it has verified, so each file is fetched at most once per
//! engine (concurrent queries share one fetch). A failed fetch is retried once; then the query is
//! rejected with an error that names the file.

use bulletin_search::format::MANIFEST_NAME;
use bulletin_search::query::Sort;
use bulletin_search::{Index, SearchOptions, Step};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{RequestCache, RequestInit, Response};

/// Rounds of `Need` a single query may take before the engine gives up. The core needs at most
/// two (term shards, then doc blocks); more means the files do not satisfy the manifest.
const MAX_ROUNDS: usize = 8;

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
    fetches: RefCell<HashMap<String, Promise>>,
    /// Files supplied to the index, in order.
    loaded: RefCell<Vec<String>>,
}

#[wasm_bindgen]
impl Engine {
    /// Fetches and opens an index. `url` is the index folder (ending in `/`) or its manifest
    /// file; it should be absolute (relative URLs resolve against the page, as `fetch` does).
    pub async fn load(url: String) -> Result<Engine, JsError> {
        let (base, manifest_url) = if url.ends_with('/') {
            (url.clone(), format!("{url}{MANIFEST_NAME}"))
        } else {
            let cut = url.find(['?', '#']).unwrap_or(url.len());
            let dir = url[..cut].rfind('/').map_or(0, |i| i + 1);
            (url[..dir].to_string(), url.clone())
        };
        // The manifest names the current build, so it is revalidated; shards are immutable.
        let bytes =
            fetch_bytes(&manifest_url, MANIFEST_NAME, RequestCache::NoCache).await.map_err(|e| JsError::new(&e))?;
        let index = Index::open(&bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine {
            shared: Rc::new(Shared {
                base,
                index: RefCell::new(index),
                fetches: RefCell::new(HashMap::new()),
                loaded: RefCell::new(Vec::new()),
            }),
        })
    }

    /// Searches. `options` is an object with any of `limit`, `offset`, `section`, `issue`,
    /// `from`, `to`, `sort` (`"relevance"` | `"date"`), or undefined. Resolves to
    /// `{query, total, hits, sections}`, the hits being those of `bulletin search --json`.
    pub fn search(&self, query: String, options: JsValue) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            let options = search_options(&options).map_err(|e| JsError::new(&format!("search options: {e}")))?;
            let response = run(&shared, |index| index.search(&query, &options)).await?;
            to_js(&response)
        })
    }

    /// Completions of the last word of `input`, most frequent first: resolves to an array of
    /// `{query, word, count}`.
    pub fn complete(&self, input: String, limit: usize) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            let completions = run(&shared, |index| index.complete(&input, limit)).await?;
            to_js(&completions)
        })
    }

    /// Names of the index files fetched so far (manifest excluded), for diagnostics.
    #[wasm_bindgen(js_name = fetchedFiles)]
    pub fn fetched_files(&self) -> Vec<String> {
        self.shared.loaded.borrow().clone()
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
                _ => Err(format!("{key} must be a whole number ≥ 0")),
            })
            .transpose()
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        get(key).map(|v| v.as_string().ok_or_else(|| format!("{key} must be a string"))).transpose()
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
        Some(other) => return Err(format!("sort must be \"relevance\" or \"date\", not {other:?}")),
    };
    Ok(options)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()).into())
}

/// Runs one stepwise evaluation to its end, supplying the files each step needs.
async fn run<T>(shared: &Shared, step: impl Fn(&Index) -> bulletin_search::Result<Step<T>>) -> Result<T, JsValue> {
    for _ in 0..MAX_ROUNDS {
        let files = match step(&shared.index.borrow()).map_err(core_error)? {
            Step::Done(answer) => return Ok(answer),
            Step::Need(files) => files,
        };
        let pending: Array = files.iter().map(|f| shared.fetch(f)).collect();
        let all = JsFuture::from(Promise::all(&pending)).await;
        let all: Array = match all {
            Ok(v) => v.unchecked_into(),
            Err(e) => {
                shared.forget_failed(&files);
                return Err(e);
            }
        };
        for (file, bytes) in files.iter().zip(all.iter()) {
            let bytes = bytes.unchecked_into::<Uint8Array>().to_vec();
            let supplied = shared.index.borrow_mut().supply(file, &bytes);
            shared.fetches.borrow_mut().remove(file);
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
    /// The (shared) fetch of one index file.
    fn fetch(&self, file: &str) -> Promise {
        if let Some(p) = self.fetches.borrow().get(file) {
            return p.clone();
        }
        let url = format!("{}{}", self.base, file);
        let name = file.to_string();
        let promise = future_to_promise(async move {
            let bytes = match fetch_bytes(&url, &name, RequestCache::Default).await {
                Ok(b) => b,
                // One retry: a dropped connection on a flaky network should not fail the query.
                Err(_) => fetch_bytes(&url, &name, RequestCache::Reload).await.map_err(|e| JsError::new(&e))?,
            };
            Ok(Uint8Array::from(bytes.as_slice()).into())
        });
        self.fetches.borrow_mut().insert(file.to_string(), promise.clone());
        promise
    }

    /// Drops the fetches of a failed step so that the next query fetches those files again.
    fn forget_failed(&self, files: &[String]) {
        let mut fetches = self.fetches.borrow_mut();
        for f in files {
            fetches.remove(f);
        }
    }
}

/// GETs `url`; the error message names the index file and the reason.
async fn fetch_bytes(url: &str, name: &str, cache: RequestCache) -> Result<Vec<u8>, String> {
    let init = RequestInit::new();
    init.set_cache(cache);
    let global = js_sys::global();
    let promise = if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        window.fetch_with_str_and_init(url, &init)
    } else if let Some(worker) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        worker.fetch_with_str_and_init(url, &init)
    } else {
        return Err(format!("{name}: cannot fetch index files here (no window or worker)"));
    };
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{name}: cannot fetch index file {url}: {}", describe(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "{name}: cannot fetch index file {url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let buffer = response.array_buffer().map_err(|e| format!("{name}: {}", describe(&e)))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| format!("{name}: download interrupted: {}", describe(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
