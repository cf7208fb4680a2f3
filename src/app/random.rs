//! Randomness for ids made offline (event ids, new records' ids): the browser's cryptographic
//! generator, `crypto.getRandomValues`.
//!
//! Without it there is no safe id: zeros (what this once returned when the call failed) would
//! give every device the same "random" part, and ids made in the same millisecond would
//! collide, so one event would silently replace another when deduplicated by id. So it fails
//! loudly instead.

use std::fmt;

/// The browser gave no random bytes (no `window.crypto`, or `getRandomValues` threw).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RandomUnavailable(pub String);

impl fmt::Display for RandomUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "crypto.getRandomValues is unavailable: {}", self.0)
    }
}

impl std::error::Error for RandomUnavailable {}

/// 128 bits from the browser's cryptographic generator, or why there are none.
pub fn try_random_u128() -> Result<u128, RandomUnavailable> {
    let window = web_sys::window().ok_or_else(|| RandomUnavailable("no window".into()))?;
    let crypto = window
        .crypto()
        .map_err(|e| RandomUnavailable(format!("no window.crypto ({e:?})")))?;
    let mut buf = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|e| RandomUnavailable(format!("{e:?}")))?;
    Ok(u128::from_le_bytes(buf))
}

/// 128 bits from the browser's cryptographic generator.
///
/// # Panics
///
/// When the browser gives none ([`try_random_u128`]): an id without randomness could replace
/// another device's event, so nothing is written rather than that.
pub fn random_u128() -> u128 {
    match try_random_u128() {
        Ok(random) => random,
        Err(e) => panic!("no randomness for a new id: {e}"),
    }
}
