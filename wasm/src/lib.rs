//! The browser edge of bulletin-search: the core's stepwise [`Index`] as a Wasm [`Engine`].
//! Type conversion only; every search decision is the core's, and fetching is `engine.js`'s.
//!
//! The engine does no I/O and never waits: a search either answers or names the index files it
//! needs first, which the caller fetches (concurrently), hands over with [`Engine::supply`] and
//! asks again (at most [`MAX_ROUNDS`] rounds: key pages and term shards of the query's words,
//! then the doc blocks of the hits it shows). `www/engine.js` is that caller in the browser: it
//! fetches relative to the manifest's URL, unpacks, shares fetches between concurrent queries and
//! retries a failed one once.
//!
//! ```js
//! import init, { Engine } from './bulletin_search_wasm.js';
//! await init();
//! const engine = new Engine(manifestBytes);            // unpacked bytes of manifest.bin
//! let answer = engine.search('微短剧', { limit: 10 });
//! while (answer.need) {                                 // { need: ['t-…-3.bin', …] }
//!   for (const file of answer.need) engine.supply(file, await unpackedBytesOf(file));
//!   answer = engine.search('微短剧', { limit: 10 });
//! }
//! const { total, hits, sections } = answer;
//! ```
//!
//! Size matters here more than anywhere (the module is on the first query's critical path): no
//! futures, no bindings to `fetch` or streams (those were a tenth of the module), answers built
//! as plain JS objects field by field rather than through serde, and nothing in this file formats
//! floats or `Debug` output.

use bulletin_search::query::Sort;
use bulletin_search::{
    Completion, FacetCount, Hit, Index, PartialHit, SearchOptions, SearchResponse, Step, MAX_ROUNDS,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// The allocator: talc instead of std's dlmalloc, 3.5 KB less of the gzipped module (the engine
/// is single-threaded; talc grows the Wasm memory as dlmalloc did).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A search engine over one index, fed its files by the caller.
#[wasm_bindgen]
pub struct Engine {
    index: Index,
    keys: Keys,
}

#[wasm_bindgen]
impl Engine {
    /// Opens an index from its manifest's bytes (unpacked). Fails with the reason (`manifest.bin:
    /// bad magic`, a format version this engine cannot read, ...).
    #[wasm_bindgen(constructor)]
    pub fn open(manifest: &[u8]) -> Result<Engine, JsError> {
        Ok(Engine { index: Index::open(manifest).map_err(core_error)?, keys: Keys::new() })
    }

    /// Hands over an index file a step named, unpacked. Fails (naming the file) if it is damaged
    /// or does not belong to this index; the engine is unchanged then, and a later step names the
    /// file again.
    pub fn supply(&mut self, file: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.index.supply(file, bytes).map_err(core_error)
    }

    /// One step of a search. `options` is an object with any of `limit`, `offset`, `section`,
    /// `issue`, `from`, `to`, `sort` (`"relevance"` | `"date"`), or undefined. Returns
    /// `{need: [file, …]}` while index files are missing, then the answer `{query, total, hits,
    /// sections, issues, years, suggestions}`, the hits being those of `bulletin search --json`.
    /// The core reads the first `MAX_QUERY_CHARS` characters of `query`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options = search_options(&options).map_err(|e| JsError::new(&format!("search options: {e}")))?;
        Ok(match self.index.search(query, &options).map_err(core_error)? {
            Step::Done(response) => response_to_js(&self.keys, &response),
            Step::Need(files) => need(&self.keys, &files),
        })
    }

    /// One step of completing the last word of `input`: `{need: [file, …]}`, then an array of
    /// `{query, word, count}`, most frequent first.
    pub fn complete(&self, input: &str, limit: usize) -> Result<JsValue, JsError> {
        Ok(match self.index.complete(input, limit).map_err(core_error)? {
            Step::Done(completions) => array(completions.iter().map(|c| completion_to_js(&self.keys, c))).into(),
            Step::Need(files) => need(&self.keys, &files),
        })
    }
}

/// How many rounds of files a search or completion can ask for (`bulletin_search::MAX_ROUNDS`):
/// a caller that has supplied this many and is still asked for more has an index whose files do
/// not satisfy its manifest.
#[wasm_bindgen(js_name = maxRounds)]
pub fn max_rounds() -> u32 {
    MAX_ROUNDS as u32
}

fn core_error(e: bulletin_search::Error) -> JsError {
    JsError::new(&e.to_string())
}

fn need(k: &Keys, files: &[String]) -> JsValue {
    object(&[(&k.need, strings(files))])
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
    options.sort = text("sort")?.map(|name| name.parse::<Sort>()).transpose().map_err(|e| e.to_string())?;
    Ok(options)
}

// ------------------------------------------------------------------ answers as JS objects
//
// The same field names as the core's serde derives (the CLI's `--json`); the engine tests read
// every answer back with serde-wasm-bindgen into the core's types, and the browser parity test
// compares hits with the CLI's, so a field added to the core and missed here fails a test.

macro_rules! keys {
    ($($name:ident),*) => {
        /// The answers' field names as JS strings, made once per engine: an answer sets about 200
        /// fields, and a name made from a Rust string was decoded from the module's memory anew
        /// for each.
        struct Keys { $($name: JsValue),* }

        impl Keys {
            fn new() -> Keys {
                Keys { $($name: JsValue::from_str(stringify!($name))),* }
            }
        }
    };
}

keys!(
    need,
    query,
    total,
    hits,
    sections,
    issues,
    years,
    suggestions,
    partial,
    missing,
    expanded,
    value,
    count,
    id,
    title,
    issue,
    date,
    section,
    url,
    score,
    snippet,
    title_highlights,
    snippet_highlights,
    word
);

/// A plain object with `fields` set in order.
fn object(fields: &[(&JsValue, JsValue)]) -> JsValue {
    let o = Object::new();
    for (key, value) in fields {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, key, value);
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

// The answers are destructured whole: a field added to the core's types is a compile error here,
// not a field the browser silently lacks.
fn response_to_js(k: &Keys, r: &SearchResponse) -> JsValue {
    let SearchResponse { query, total, hits, partial, sections, issues, years, suggestions, expanded } = r;
    let facets = |list: &[FacetCount]| -> JsValue {
        array(list.iter().map(|f| {
            let FacetCount { value, count } = f;
            object(&[(&k.value, JsValue::from_str(value)), (&k.count, number(*count))])
        }))
        .into()
    };
    let partial = partial.iter().map(|p| {
        let PartialHit { missing, hit } = p;
        hit_to_js(k, hit, Some(missing))
    });
    object(&[
        (&k.query, JsValue::from_str(query)),
        (&k.total, number(*total)),
        (&k.hits, array(hits.iter().map(|h| hit_to_js(k, h, None))).into()),
        (&k.partial, array(partial).into()),
        (&k.sections, facets(sections)),
        (&k.issues, facets(issues)),
        (&k.years, facets(years)),
        (&k.suggestions, strings(suggestions)),
        (&k.expanded, strings(expanded)),
    ])
}

/// A hit, with the word it lacks when it is a partial match.
fn hit_to_js(k: &Keys, h: &Hit, missing: Option<&String>) -> JsValue {
    let Hit { id, title, issue, date, section, url, score, snippet, title_highlights, snippet_highlights } = h;
    let ranges = |list: &[[u32; 2]]| -> JsValue {
        array(list.iter().map(|&[start, end]| array([start, end].into_iter().map(JsValue::from)).into())).into()
    };
    let o = object(&[
        (&k.id, JsValue::from_str(id)),
        (&k.title, JsValue::from_str(title)),
        (&k.issue, JsValue::from(*issue)),
        (&k.date, JsValue::from_str(date)),
        (&k.section, JsValue::from_str(section)),
        (&k.url, JsValue::from_str(url)),
        (&k.score, JsValue::from_f64(f64::from(*score))),
        (&k.snippet, JsValue::from_str(snippet)),
        (&k.title_highlights, ranges(title_highlights)),
        (&k.snippet_highlights, ranges(snippet_highlights)),
    ]);
    if let Some(missing) = missing {
        let _ = Reflect::set(&o, &k.missing, &JsValue::from_str(missing));
    }
    o
}

fn completion_to_js(k: &Keys, c: &Completion) -> JsValue {
    object(&[
        (&k.query, JsValue::from_str(&c.query)),
        (&k.word, JsValue::from_str(&c.word)),
        (&k.count, number(c.count)),
    ])
}
