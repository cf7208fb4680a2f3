//! Exponential backoff with jitter, without a random generator: the caller passes 32 random bits
//! (the browser's `crypto.getRandomValues`, or a seeded generator in tests).

/// Retry delays that double from `base_ms` up to `cap_ms`, each drawn uniformly from the upper
/// half of the current ceiling ("equal jitter"): never zero, never in lock-step with other
/// devices that failed at the same moment.
///
/// ```
/// use mesa::sync::backoff::Backoff;
/// let mut backoff = Backoff::new(1_000, 60_000);
/// let first = backoff.next_delay(0);
/// assert_eq!(first, 500); // half of the 1 s ceiling, plus 0 jitter
/// let second = backoff.next_delay(u32::MAX);
/// assert!((1_000..=2_000).contains(&second));
/// assert_eq!(backoff.attempt, 2);
/// backoff.reset();
/// assert_eq!(backoff.attempt, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: u64,
    pub cap_ms: u64,
    /// Failures since the last success.
    pub attempt: u32,
}

impl Backoff {
    pub fn new(base_ms: u64, cap_ms: u64) -> Self {
        Self {
            base_ms: base_ms.max(1),
            cap_ms: cap_ms.max(base_ms.max(1)),
            attempt: 0,
        }
    }

    /// The ceiling of the next delay: `min(cap, base · 2^attempt)`.
    pub fn ceiling_ms(&self) -> u64 {
        let factor = 1u64.checked_shl(self.attempt.min(63)).unwrap_or(u64::MAX);
        self.base_ms.saturating_mul(factor).min(self.cap_ms)
    }

    /// The delay before the next retry, and one more attempt counted.
    pub fn next_delay(&mut self, random: u32) -> u64 {
        let ceiling = self.ceiling_ms();
        let half = ceiling / 2;
        let span = ceiling - half + 1;
        self.attempt = self.attempt.saturating_add(1);
        half + (random as u64) % span
    }

    /// A request succeeded: the next failure starts again from `base_ms`.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

impl Default for Backoff {
    /// 1 s doubling up to 5 min.
    fn default() -> Self {
        Self::new(1_000, 300_000)
    }
}
