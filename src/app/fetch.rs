//! Files of the site the app reads at run time (the English texts, the preset profiles), by
//! URL relative to the page. The service worker keeps them, so they load offline too after the
//! first visit.
//!
//! Their names stay from one version to the next, so each request carries this build's id
//! (`?v=<build id>`, [`build_id`]): after a deploy, the page of the new version is served by the
//! old version's worker until «Actualizar» (src/ui/shell/sw.rs), and that worker
//! (public/sw.js) answers a request of another version from the network, not from its cache,
//! even when the browser stopped and restarted it in between.
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
    let versioned = format!("{url}?v={}", build_id());
    let response = JsFuture::from(window.fetch_with_str(&versioned))
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

/// This build's id: `<crate version>-<the site's version>`, the hash of every file of the built
/// site that scripts/site-version.py writes into index.html (`<html data-build="…">`), so a
/// release that changed only texts, a profile or the stylesheet is a new version too (`-dev`
/// in a page without it).
pub fn build_id() -> String {
    let site = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-build"))
        .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_hexdigit()));
    format!(
        "{}-{}",
        env!("CARGO_PKG_VERSION"),
        site.as_deref().unwrap_or("dev")
    )
}
