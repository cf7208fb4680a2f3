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

/// `mesa-web-1a2b3c4d5e6f7a8b.js` → `1a2b3c4d5e6f7a8b` (the last `-` part of the file name,
/// when it is a hex hash of at least 8 digits).
fn hash_from_file_name(href: &str) -> Option<String> {
    let file = href.rsplit('/').next()?.split(['?', '#']).next()?;
    let stem = file
        .strip_suffix(".js")
        .or_else(|| file.strip_suffix("_bg.wasm"))?;
    let (_, hash) = stem.rsplit_once('-')?;
    (hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit())).then(|| hash.to_string())
}

/// This build's id: `<crate version>-<hash of the app files>` (`-dev` when unknown).
pub fn build_id() -> String {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[rel=modulepreload]").ok().flatten());
    let from_name = link
        .as_ref()
        .and_then(|l| l.get_attribute("href"))
        .and_then(|h| hash_from_file_name(&h));
    let from_integrity = || {
        link.as_ref()
            .and_then(|l| l.get_attribute("integrity"))
            .map(|i| {
                i.chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .skip(6) // "sha384"
                    .take(16)
                    .collect::<String>()
            })
            .filter(|s| !s.is_empty())
    };
    let hash = from_name
        .or_else(from_integrity)
        .unwrap_or_else(|| "dev".to_string());
    format!("{}-{hash}", env!("CARGO_PKG_VERSION"))
}
