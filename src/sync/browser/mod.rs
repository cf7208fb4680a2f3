//! The browser side of the sync protocol: the transport over `fetch` (timeouts, credentials),
//! the endpoint's settings as this device keeps them, the connection probe, the Web Locks
//! wrapper (the due runner's leadership uses it too), the session's tuning, what the browser
//! says of the connection (Wi-Fi or not), and the SHA-256 of a file received (WebCrypto).
//! The driver that runs sessions against the open desk is the application layer's
//! (src/app/sync/).

pub mod connection;
pub mod digest;
pub mod lock;
mod probe;
pub mod settings;
pub mod transport;

use crate::sync::machine::SyncConfig;
pub use probe::{probe, Probe};
pub use settings::{Auth, SyncSettings, LAST_OK_KEY};

/// The Web Locks name held by the syncing tab.
pub const LOCK_NAME: &str = "mesa-sync";

/// The session's tuning. With `test-hooks`, `window.__mesaSyncTimeoutMs` shortens the request
/// timeout (a journey can hang the endpoint without waiting 30 s per try) and
/// `window.__mesaSyncPullLimit` sets the `_changes` page size (a pull of a few hundred events
/// spans several pages) and `window.__mesaSyncBackoffMs` the first retry's delay (a journey can
/// show that "Sincronizar ahora" does not wait for it).
pub fn config() -> SyncConfig {
    #[allow(unused_mut)]
    let mut config = SyncConfig::default();
    #[cfg(feature = "test-hooks")]
    {
        let hook = |name: &str| {
            web_sys::window()
                .and_then(|w| js_sys::Reflect::get(&w, &name.into()).ok())
                .and_then(|v| v.as_f64())
                .filter(|v| v.is_finite() && *v >= 1.0)
        };
        if let Some(ms) = hook("__mesaSyncTimeoutMs") {
            config.timeout_ms = ms as u64;
        }
        if let Some(limit) = hook("__mesaSyncPullLimit") {
            config.pull_limit = limit as u32;
        }
        if let Some(ms) = hook("__mesaSyncBackoffMs") {
            config.backoff = crate::sync::backoff::Backoff::new(ms as u64, 300_000);
        }
    }
    config
}
