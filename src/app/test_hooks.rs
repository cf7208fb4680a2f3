//! The journeys' reads of what this device keeps (only with the `test-hooks` feature):
//! `window.__mesaTest`, answered by the app layer, so a journey never opens an IndexedDB record
//! itself and a change of the stored schema does not break it. Every function returns a
//! Promise, rejected until the desk has opened (a journey waits with `eventually`).
//!
//! - `processKept()`: `{ profile, json }`, this device's choice of process (a preset's id, or
//!   `custom`) and the text of its own process where that is not a preset (`null`: none).
//! - `presetKept(id)`: the copy of the preset `id` this device keeps for a start-up without
//!   network (`null`: none yet).
//! - `releaseList()`: with `localStorage["mesa-test-hold-list"]` set before a start, the start
//!   shows the queue's first screen and waits to read the full list until this is called
//!   ([`hold_list_if_asked`]), so a journey can act while the list loads.
//!
//! ```js
//! const { profile, json } = await page.evaluate(() => window.__mesaTest.processKept());
//! ```

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::app::desk::{try_desk, Desk, PROFILE_COPY};

fn err(e: impl std::fmt::Debug) -> JsValue {
    JsValue::from_str(&format!("{e:?}"))
}

fn desk() -> Result<Rc<Desk>, JsValue> {
    try_desk().ok_or_else(|| JsValue::from_str("the desk has not opened yet"))
}

fn text_or_null(text: Option<String>) -> JsValue {
    text.map_or(JsValue::NULL, |t| JsValue::from_str(&t))
}

async fn process_kept() -> Result<JsValue, JsValue> {
    let desk = desk()?;
    let profile = desk.process_choice().await.map_err(err)?;
    let json = desk.store.meta_string(PROFILE_COPY).await.map_err(err)?;
    let out = Object::new();
    Reflect::set(&out, &"profile".into(), &text_or_null(profile))?;
    Reflect::set(&out, &"json".into(), &text_or_null(json))?;
    Ok(out.into())
}

async fn preset_kept(id: String) -> Result<JsValue, JsValue> {
    let desk = desk()?;
    Ok(text_or_null(
        crate::app::presets::kept_copy(&desk.store, &id).await,
    ))
}

/// Puts `window.__mesaTest` in place.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = Object::new();
    let f = Closure::<dyn Fn() -> Promise>::new(|| future_to_promise(process_kept()));
    let _ = Reflect::set(&api, &"processKept".into(), &f.into_js_value());
    let f = Closure::<dyn Fn(JsValue) -> Promise>::new(|id: JsValue| {
        future_to_promise(preset_kept(id.as_string().unwrap_or_default()))
    });
    let _ = Reflect::set(&api, &"presetKept".into(), &f.into_js_value());
    let _ = Reflect::set(&window, &"__mesaTest".into(), &api);
}

/// With `localStorage["mesa-test-hold-list"]` set, waits until the journey calls
/// `__mesaTest.releaseList()` (the start-up calls it before reading the full list).
pub async fn hold_list_if_asked() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let asked = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item("mesa-test-hold-list").ok().flatten())
        .is_some();
    let Ok(api) = Reflect::get(&window, &"__mesaTest".into()) else {
        return;
    };
    if !asked || api.is_undefined() {
        return;
    }
    let released = Promise::new(&mut |resolve, _| {
        let _ = Reflect::set(&api, &"releaseList".into(), &resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(released).await;
}
