//! Files of the site the app reads at run time (the English texts, the preset profiles), by
//! URL relative to the page. The service worker keeps them, so they load offline too after the
//! first visit.
//!
//! ```ignore
//! let json = crate::app::fetch::text("profiles/p4-callmyway.json").await?;
//! ```

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The body of `url` as text; the error names the URL and what went wrong (no network, an
/// HTTP status other than 2xx).
pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let failed = |e: wasm_bindgen::JsValue| format!("{url}: {e:?}");
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    body.as_string()
        .ok_or_else(|| format!("{url}: the body is not text"))
}
