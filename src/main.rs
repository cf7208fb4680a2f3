//! The browser entry point: mount the app. (Natively this binary does nothing; the native tool
//! is `src/bin/mesa.rs`.)

fn main() {
    #[cfg(target_arch = "wasm32")]
    mesa::ui::mount();
}
