//! Durability of the origin's storage: persistent storage (`navigator.storage.persist()`) and
//! the space used and available (`navigator.storage.estimate()`).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::error::StoreError;
use super::schema::js_text;

/// Space used by this origin and the most it may use, in bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageEstimate {
    pub usage: f64,
    pub quota: f64,
}

impl StorageEstimate {
    /// Used share of the quota, 0–100.
    pub fn percent(&self) -> f64 {
        if self.quota > 0.0 {
            (self.usage / self.quota * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    }
}

fn manager() -> Result<web_sys::StorageManager, StoreError> {
    let navigator = web_sys::window()
        .ok_or_else(|| StoreError::Unavailable("no window".into()))?
        .navigator();
    // `navigator.storage` is missing on insecure origins (plain http on another host).
    let storage = js_sys::Reflect::get(&navigator, &"storage".into())
        .map_err(|e| StoreError::Unavailable(js_text(&e)))?;
    if storage.is_undefined() || storage.is_null() {
        return Err(StoreError::Unavailable("navigator.storage".into()));
    }
    Ok(storage.unchecked_into())
}

async fn call(
    promise: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Result<wasm_bindgen::JsValue, StoreError> {
    let promise = promise.map_err(|e| StoreError::Other(js_text(&e)))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| StoreError::Other(js_text(&e)))
}

/// The current usage and quota.
pub async fn estimate() -> Result<StorageEstimate, StoreError> {
    let value = call(manager()?.estimate()).await?;
    let estimate: web_sys::StorageEstimate = value.unchecked_into();
    Ok(StorageEstimate {
        usage: estimate.get_usage().unwrap_or(0.0),
        quota: estimate.get_quota().unwrap_or(0.0),
    })
}

/// Whether the browser already granted persistent storage (data not evicted under pressure).
pub async fn persisted() -> Result<bool, StoreError> {
    Ok(call(manager()?.persisted())
        .await?
        .as_bool()
        .unwrap_or(false))
}

/// Asks for persistent storage; returns the browser's answer.
pub async fn request_persist() -> Result<bool, StoreError> {
    Ok(call(manager()?.persist()).await?.as_bool().unwrap_or(false))
}
