//! How a sync session is tuned: batch and page sizes, tries, time-outs, back-off.

use super::backoff::Backoff;

/// Tuning of a session.
///
/// ```
/// let config = mesa::sync::machine::SyncConfig { push_batch: 20, ..Default::default() };
/// assert_eq!(config.pull_limit, 1_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncConfig {
    /// Events per `_bulk_docs` request.
    pub push_batch: usize,
    /// `limit` of each `_changes` request.
    pub pull_limit: u32,
    /// Tries of one request (the first included) before the session fails.
    pub max_attempts: u32,
    /// The transport aborts a request after this long and reports [`super::effect::ErrorKind::Timeout`].
    pub timeout_ms: u64,
    pub backoff: Backoff,
    /// A guard against a feed that never ends: fail after this many pages in one session.
    pub max_pages: u32,
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            push_batch: 100,
            pull_limit: 1_000,
            max_attempts: 6,
            timeout_ms: 30_000,
            backoff: Backoff::default(),
            max_pages: 10_000,
        }
    }
}
