//! Records cross between Rust and IndexedDB as JSON: a value (or a whole batch) is written by
//! `serde_json` and turned into JavaScript objects by ONE native `JSON.parse`; records read back
//! are turned into one string by ONE `JSON.stringify` and parsed by `serde_json`. Converting
//! each record field by field through the wasm boundary was most of the cost of a write.
//!
//! Stored shape: what `serde_json` writes — `null` for an absent optional field. Records written
//! by builds before this one hold `undefined` there instead (or no property at all); both read
//! back the same (`JSON.stringify` drops `undefined` properties and serde treats a missing
//! optional field as `None`), and IndexedDB leaves a record out of an index whose key is `null`
//! or `undefined` alike.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::error::StoreError;
use super::schema::js_text;

/// How many records one `JSON.stringify` call takes when reading many. The string crosses into
/// wasm memory through an allocation of up to three times its length (wasm-bindgen's UTF-8
/// encoding, on the first non-ASCII character), and a wasm memory never shrinks: 1,000 ticket
/// projections (~1.5 MB of JSON) cost ~4.4 MB at the peak, where 4,000 cost ~18 MB; 250 cost
/// ~1.1 MB, and no more time.
const READ_CHUNK: usize = 250;

/// A Rust value as a JavaScript value (objects, arrays, strings, numbers, `null`).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string()))?;
    parse_json(&json)
}

/// Many values as ONE JavaScript array (one `JSON.parse` for all of them).
pub(crate) fn to_js_array<T: Serialize>(values: &[T]) -> Result<js_sys::Array, StoreError> {
    Ok(to_js(values)?.unchecked_into())
}

/// A stored record as a Rust value; `what` names it in the error of a corrupt record.
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, StoreError> {
    from_json(&json_of(value)?, what)
}

/// A stored record's JSON (one `JSON.stringify`).
pub(crate) fn json_of(value: &JsValue) -> Result<String, StoreError> {
    let json = js_sys::JSON::stringify(value).map_err(|e| StoreError::Corrupt(js_text(&e)))?;
    Ok(json.into())
}

/// [`json_of`] a record that may be absent (`undefined`, as `get` returns for a missing key).
pub(crate) fn json_of_opt(value: &JsValue) -> Result<Option<String>, StoreError> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        json_of(value).map(Some)
    }
}

/// A record's JSON as a Rust value; `what` names it in the error of a corrupt record.
pub(crate) fn from_json<T: DeserializeOwned>(json: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// JSON text as JavaScript values (one native `JSON.parse`).
pub(crate) fn parse_json(json: &str) -> Result<JsValue, StoreError> {
    js_sys::JSON::parse(json).map_err(|e| StoreError::Other(js_text(&e)))
}

/// Many stored records (as `getAll` returns them) as Rust values, a few thousand per
/// `JSON.stringify`.
pub(crate) fn from_js_all<T: DeserializeOwned>(
    values: &[JsValue],
    what: &str,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::with_capacity(values.len());
    for chunk in values.chunks(READ_CHUNK) {
        let array: js_sys::Array = chunk.iter().collect();
        let parsed: Vec<T> = from_js(&array, what)?;
        out.extend(parsed);
    }
    Ok(out)
}

/// Many stored records as shared Rust values, each in its own allocation, shared by `share`
/// (which may return an equal one the caller already holds instead): a chunk's plain values are
/// moved into their `Arc`s before the next chunk is read (see [`from_js_all`]).
pub(crate) fn shared_from_js_all_with<T: DeserializeOwned>(
    values: &[JsValue],
    what: &str,
    mut share: impl FnMut(T) -> Arc<T>,
) -> Result<Vec<Arc<T>>, StoreError> {
    let mut out = Vec::with_capacity(values.len());
    for chunk in values.chunks(READ_CHUNK) {
        let array: js_sys::Array = chunk.iter().collect();
        let parsed: Vec<T> = from_js(&array, what)?;
        out.extend(parsed.into_iter().map(&mut share));
    }
    Ok(out)
}
