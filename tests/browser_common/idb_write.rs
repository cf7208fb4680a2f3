//! Writing IndexedDB past the store, as an older build or another tab would:
//! `#[path = "browser_common/idb_write.rs"] mod idb_write;`.

use serde::Serialize;
use wasm_bindgen::JsValue;

/// `value` as the plain JS object a record is (maps as objects, not `Map`s).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .expect("serialize")
}

/// Waits until `tx` commits; panics if it fails or aborts.
pub async fn completed(tx: &web_sys::IdbTransaction) {
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    wasm_bindgen_futures::JsFuture::from(done)
        .await
        .expect("raw transaction committed");
}
