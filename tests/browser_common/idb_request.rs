//! A raw IndexedDB request awaited, past the store:
//! `#[path = "browser_common/idb_request.rs"] mod idb_request;`.

/// An IndexedDB request settled: its result, or its error as text.
pub async fn settle(request: web_sys::IdbRequest) -> Result<wasm_bindgen::JsValue, String> {
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    wasm_bindgen_futures::JsFuture::from(done)
        .await
        .map(|_| request.result().unwrap())
        .map_err(|_| format!("{:?}", request.error()))
}
