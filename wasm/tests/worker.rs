//! The engine in a dedicated Web Worker (no `window`), fed the committed index.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
fn searches_inside_a_worker() {
    let mut engine = common::engine();
    let r = common::search(&mut engine, "科特迪瓦", JsValue::UNDEFINED).unwrap();
    assert_eq!(r.hits[0].title, "曹淑敏会见科特迪瓦通讯部长并签署双边合作协议");
}
