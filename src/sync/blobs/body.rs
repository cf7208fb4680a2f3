//! A response's body as a [`super::BlobSession`] needs it.

use crate::domain::content_hash::ContentHash;

/// What the caller read of a response's body. The session verifies a file by its hash; it never
/// keeps the bytes: on [`super::BlobEffect::Store`] the caller stores what it received.
///
/// ```
/// use mesa::domain::content_hash::ContentHash;
/// use mesa::sync::blobs::Body;
/// assert_eq!(Body::from(b"photo".as_slice()), Body::Bytes(b"photo"));
/// let hash = ContentHash::of(b"photo");
/// assert!(Body::Hashed(&hash).is(&ContentHash::of(b"photo")));
/// assert!(Body::Bytes(b"photo").is(&hash));
/// assert!(!Body::Bytes(b"phot0").is(&hash));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// The body's bytes (an answer in JSON; a file where the caller hashes nothing itself).
    Bytes(&'a [u8]),
    /// The SHA-256 of a file's bytes, which the caller read and hashed outside the app's memory
    /// (the browser: a `Blob` hashed by WebCrypto) and keeps until the session says what to do.
    Hashed(&'a ContentHash),
}

impl Body<'_> {
    /// Whether the body is the file `hash` names.
    pub fn is(&self, hash: &ContentHash) -> bool {
        match self {
            Self::Bytes(bytes) => hash.verify(bytes),
            Self::Hashed(received) => *received == hash,
        }
    }

    /// The bytes, when the caller read them (a hashed body has none to parse).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Bytes(bytes) => bytes,
            Self::Hashed(_) => &[],
        }
    }
}

impl<'a> From<&'a [u8]> for Body<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Self::Bytes(bytes)
    }
}

impl<'a> From<&'a Vec<u8>> for Body<'a> {
    fn from(bytes: &'a Vec<u8>) -> Self {
        Self::Bytes(bytes)
    }
}
