//! The SHA-256 of a `Blob` in the browser (#16): WebCrypto's `crypto.subtle.digest`, at the
//! browser's native speed, over the blob's bytes read as an `ArrayBuffer` on the JavaScript
//! side — the bytes never enter the app's (wasm) memory. Where WebCrypto is missing (a page
//! not served over HTTPS or from localhost) the blob is hashed in wasm by
//! [`ContentHasher`], read in slices of 1 MiB.
//!
//! The rules about content hashes stay in [`crate::domain::content_hash`]; this is only where
//! a browser computes one.

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::content_hash::{ContentHash, ContentHasher};

/// The SHA-256 of `blob`. `Err`: the blob could not be read (the text of the browser's error).
pub async fn sha256(blob: &web_sys::Blob) -> Result<ContentHash, String> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| text(&e))?;
    match subtle_digest(&buffer).await {
        Some(hash) => Ok(hash),
        None => Ok(in_wasm(&buffer)),
    }
}

/// WebCrypto's digest of `buffer`, or `None` where there is no WebCrypto.
async fn subtle_digest(buffer: &JsValue) -> Option<ContentHash> {
    let object: &js_sys::Object = buffer.dyn_ref()?;
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    if JsValue::from(subtle.clone()).is_undefined() {
        return None;
    }
    let promise = subtle
        .digest_with_str_and_buffer_source("SHA-256", object)
        .ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    let digest: [u8; 32] = Uint8Array::new(&digest).to_vec().try_into().ok()?;
    Some(ContentHash::from_digest(digest))
}

/// The hash computed in wasm, 1 MiB at a time (only one slice is copied in at once).
fn in_wasm(buffer: &JsValue) -> ContentHash {
    const SLICE: u32 = 1024 * 1024;
    let mut hasher = ContentHasher::default();
    let size = buffer
        .dyn_ref::<ArrayBuffer>()
        .map_or(0, ArrayBuffer::byte_length);
    let mut start = 0;
    while start < size {
        let end = size.min(start + SLICE);
        hasher.update(
            &Uint8Array::new_with_byte_offset_and_length(buffer, start, end - start).to_vec(),
        );
        start = end;
    }
    hasher.finish()
}

fn text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{e:?}"))
}
