//! Pages whose code is loaded on demand (issue #5, first-load size).
//!
//! With the `split` feature (release builds: `scripts/size.sh`, the end-to-end tests, the app),
//! every page but the queue is a split point (as are pieces of the app layer, src/app/split.rs):
//! `mesa-wasm-split` (tools/wasm-split, run by scripts/bin/wasm-bindgen, Trunk's wasm-bindgen
//! step) moves the code only that page reaches into its own wasm file, which the browser fetches
//! the first time the page opens and the service worker keeps for offline use. Without the
//! feature (dev builds, browser tests) the same functions are plain calls.
//!
//! ```ignore
//! crate::split_page!(reports, fn reports_page() { view! { <ReportsPage/> } });
//! // in the router:
//! Route::Reports => split::page(reports_page),
//! ```

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

pub use crate::app::split::SplitLoaderError;

use super::i18n::use_i18n;

/// A page as a split point (see [`crate::split_fn!`]): `split_page!(reports, fn reports_page() { view })`.
#[macro_export]
macro_rules! split_page {
    ($module:ident, fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        $crate::split_fn!($module, pub fn $name($($arg: $ty),*) -> leptos::prelude::AnyView {
            leptos::prelude::IntoAny::into_any($body)
        });
    };
}

/// Shows a page whose code may still be on its way: "Cargando…" while it loads (from the service
/// worker's cache a few milliseconds, once per page and session; over a slow link, seconds), then
/// the page, or, when its file cannot be fetched (offline before the service worker kept it), a
/// message and a button that tries again.
pub fn page<F, Fut>(load: F) -> AnyView
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + 'static,
{
    let i18n = use_i18n();
    let attempt = RwSignal::new(0u32);
    let load = SendWrapper::new(load);
    view! {
        <Suspense fallback=move || {
            view! { <p class="loading">{move || i18n.t("status.loading")}</p> }
        }>
            {move || {
                attempt.track();
                let load = (*load).clone();
                Suspend::new(SendWrapper::new(async move {
                    // A page shows with all its texts (src/ui/i18n.rs).
                    let texts = i18n.all_spanish().await;
                    match load().await {
                        Ok(view) if texts.is_ok() => view,
                        _ => view! {
                            <div class="error" role="alert">
                                <p>{move || i18n.t("split.load_failed")}</p>
                                <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || i18n.t("split.retry")}
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
    .into_any()
}
