//! Feeds the engine the committed index the way `www/engine.js` feeds it from the network: open
//! with the manifest, then supply every file a step names (unpacked) and ask again.
#![allow(dead_code)] // each test file uses its own part

use bulletin_search::{Completion, SearchResponse, MAX_ROUNDS};
use bulletin_search_wasm::{max_rounds, Engine};
use std::io::Read;
use wasm_bindgen::{JsError, JsValue};

include!(concat!(env!("OUT_DIR"), "/index_files.rs"));

/// The unpacked bytes of a committed index file.
pub fn file(name: &str) -> Vec<u8> {
    let (_, packed) = INDEX_FILES.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("{name} is not in index/"));
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(*packed).read_to_end(&mut bytes).expect("index files are gzip members");
    bytes
}

/// The message of an error the engine returned.
pub fn message(e: JsError) -> String {
    js_sys::Error::from(JsValue::from(e)).message().into()
}

pub fn engine() -> Engine {
    Engine::open(&file("manifest.bin")).map_err(message).expect("the committed index opens")
}

/// The files a step's answer names, if it is `{need: [...]}`.
pub fn needed(answer: &JsValue) -> Option<Vec<String>> {
    let need = js_sys::Reflect::get(answer, &JsValue::from_str("need")).ok().filter(|v| !v.is_undefined())?;
    Some(js_sys::Array::from(&need).iter().map(|f| f.as_string().expect("a file name")).collect())
}

/// Runs steps to the answer, supplying what each names; `supplied` collects the files in order.
pub fn run(
    engine: &mut Engine,
    supplied: &mut Vec<String>,
    step: impl Fn(&Engine) -> Result<JsValue, JsError>,
) -> Result<JsValue, String> {
    assert_eq!(max_rounds() as usize, MAX_ROUNDS);
    for _ in 0..=MAX_ROUNDS {
        let answer = step(engine).map_err(message)?;
        let Some(files) = needed(&answer) else { return Ok(answer) };
        assert!(!files.is_empty(), "a step that needs files names them");
        for f in files {
            engine.supply(&f, &file(&f)).map_err(message)?;
            supplied.push(f);
        }
    }
    panic!("no answer after {MAX_ROUNDS} rounds of files");
}

pub fn search(engine: &mut Engine, query: &str, options: JsValue) -> Result<SearchResponse, String> {
    let answer = run(engine, &mut Vec::new(), |e| e.search(query, options.clone()))?;
    Ok(serde_wasm_bindgen::from_value(answer).expect("a SearchResponse"))
}

pub fn complete(engine: &mut Engine, input: &str, limit: usize) -> Vec<Completion> {
    let answer = run(engine, &mut Vec::new(), |e| e.complete(input, limit)).expect("completes");
    serde_wasm_bindgen::from_value(answer).expect("completions")
}
