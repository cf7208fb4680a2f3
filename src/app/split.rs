//! Code loaded on demand (issue #5, first-load size): with the `split` feature (release builds:
//! `scripts/size.sh`, the end-to-end tests, the app), a function declared with [`split_fn!`] is a
//! split point: `mesa-wasm-split` (tools/wasm-split, run by scripts/bin/wasm-bindgen, Trunk's
//! wasm-bindgen step) moves the code only it reaches into its own wasm file, which the browser
//! fetches on the first call and the service worker keeps for offline use. Without the feature
//! (dev builds, browser tests) the same functions are plain calls. Pages use it through
//! `crate::split_page!` (src/ui/split.rs); the store, for its folds (src/store/fold_jobs.rs), so
//! the macro names no type of this layer.
//!
//! ```ignore
//! crate::split_fn!(profile_check, fn check(json: String) -> Checked { CheckedProfile::check(&json) });
//! // an async call: Err when the module could not be fetched
//! let checked = check(json).await?;
//! ```

pub use wasm_split_helpers::SplitLoaderError;

/// Declares `fn $name($args) -> impl Future<Output = Result<$ret, SplitLoaderError>>` whose body
/// is a split point named `$module` under the `split` feature and an ordinary call without.
#[macro_export]
macro_rules! split_fn {
    ($module:ident, $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($module, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, ::wasm_split_helpers::SplitLoaderError> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, ::wasm_split_helpers::SplitLoaderError> {
            Ok($body)
        }
    };
}
