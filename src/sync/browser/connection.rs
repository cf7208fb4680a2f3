//! What the browser says of the connection (`navigator.connection.type`, the Network
//! Information API), for [`crate::sync::download_mode::DownloadMode::WifiOnly`]. Read through
//! `Reflect`: Chromium for the desktop has `navigator.connection` without `type`, Firefox and
//! Safari have no `navigator.connection`; both read as [`Connection::Unknown`].
//!
//! With `test-hooks`, `window.__mesaTestConnectionType` (a string) stands for the browser's
//! answer, so a journey can show both behaviours on one desktop Chromium.

use wasm_bindgen::JsValue;

use crate::sync::download_mode::Connection;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// This device's connection as the browser tells it now.
pub fn connection() -> Connection {
    let Some(window) = web_sys::window() else {
        return Connection::Unknown;
    };
    #[cfg(feature = "test-hooks")]
    if let Some(kind) = get(&window, "__mesaTestConnectionType").and_then(|v| v.as_string()) {
        return Connection::from_type(Some(&kind));
    }
    let kind = get(&window.navigator(), "connection")
        .and_then(|c| get(&c, "type"))
        .and_then(|t| t.as_string());
    Connection::from_type(kind.as_deref())
}
