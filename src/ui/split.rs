//! Pages whose code is loaded on demand (issue #5, first-load size).
//!
//! With the `split` feature (release builds: `scripts/size.sh`, the end-to-end tests, the app),
//! every page but the queue is a split point: `wasm-split` (run by `scripts/wasm-split`, Trunk's
//! wasm-bindgen step) moves the code only that page reaches into its own wasm file, which the
//! browser fetches the first time the page opens and the service worker keeps for offline use.
//! Without the feature (dev builds, browser tests) the same functions are plain calls.
//!
//! ```ignore
//! split_page!(reports, fn reports_page() { view! { <ReportsPage/> } });
//! // in the router:
//! Route::Reports => split::page(reports_page),
//! ```

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

pub use wasm_split_helpers::SplitLoaderError;

use super::i18n::use_i18n;

/// Declares `fn $name($args) -> impl Future<Output = Result<AnyView, SplitLoaderError>>` whose
/// body is a split point named `$module` under the `split` feature and an ordinary call without.
#[macro_export]
macro_rules! split_page {
    ($module:ident, fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($module, fallible)]
        pub fn $name(
            $($arg: $ty),*
        ) -> Result<leptos::prelude::AnyView, $crate::ui::split::SplitLoaderError> {
            use leptos::prelude::IntoAny;
            Ok($body.into_any())
        }

        #[cfg(not(feature = "split"))]
        pub async fn $name(
            $($arg: $ty),*
        ) -> Result<leptos::prelude::AnyView, $crate::ui::split::SplitLoaderError> {
            use leptos::prelude::IntoAny;
            Ok($body.into_any())
        }
    };
}

/// Shows a page whose code may still be on its way: nothing while it loads (from the service
/// worker's cache this is a few milliseconds), then the page, or, when its file cannot be fetched
/// (offline before the service worker kept it), a message and a button that tries again.
pub fn page<F, Fut>(load: F) -> AnyView
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + 'static,
{
    let i18n = use_i18n();
    let attempt = RwSignal::new(0u32);
    let load = SendWrapper::new(load);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                attempt.track();
                let load = (*load).clone();
                Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(_) => view! {
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
