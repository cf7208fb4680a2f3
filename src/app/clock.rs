//! The one "now" of the browser app. With the `test-hooks` feature, end-to-end tests move it
//! forward by setting `window.__mesaTestClockOffset` (milliseconds, a JS number).

use chrono::{DateTime, Utc};

use crate::domain::event::ms_to_utc;

/// Milliseconds since the Unix epoch, as the app sees them.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64 + offset_ms()
}

/// The current time, as the app sees it.
pub fn now() -> DateTime<Utc> {
    ms_to_utc(now_ms())
}

#[cfg(feature = "test-hooks")]
fn offset_ms() -> i64 {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__mesaTestClockOffset".into()).ok())
        .and_then(|v| v.as_f64())
        .filter(|v| v.is_finite())
        .map_or(0, |v| v as i64)
}

#[cfg(not(feature = "test-hooks"))]
fn offset_ms() -> i64 {
    0
}
