//! The engine in a dedicated Web Worker (no `window`): it fetches through the worker's global.
#![cfg(target_arch = "wasm32")]

use bulletin_search::SearchResponse;
use bulletin_search_wasm::Engine;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn searches_inside_a_worker() {
    let engine = Engine::load("/index/".to_string(), None).await.map_err(JsValue::from).unwrap();
    let r = JsFuture::from(engine.search("科特迪瓦".to_string(), JsValue::UNDEFINED)).await.unwrap();
    let r: SearchResponse = serde_wasm_bindgen::from_value(r).unwrap();
    assert_eq!(r.hits[0].title, "曹淑敏会见科特迪瓦通讯部长并签署双边合作协议");
}
