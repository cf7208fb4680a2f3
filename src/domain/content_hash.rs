//! Attachment bytes are identified by their SHA-256 ([`ContentHash`]): the event that attaches a
//! file carries the hash, so every device knows which bytes it refers to, the same bytes are
//! stored and sent once, and bytes that do not hash to it are never shown or kept
//! ([`ContentHash::verify`]).
//!
//! On the endpoint the bytes are the attachment [`BLOB_ATTACHMENT`] of the document
//! [`ContentHash::doc_id`] (`blob-<hex>`).
//!
//! ```
//! use mesa::domain::content_hash::ContentHash;
//! let hash = ContentHash::of(b"abc");
//! assert_eq!(hash.as_str(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
//! assert!(hash.verify(b"abc"));
//! assert!(!hash.verify(b"abd"));
//! assert_eq!(ContentHash::from_doc_id(&hash.doc_id()), Some(hash.clone()));
//! assert_eq!(ContentHash::parse("not a hash"), None);
//! ```

use std::fmt;

use sha2::{Digest, Sha256};

/// The prefix of the endpoint document that holds a file's bytes.
pub const BLOB_DOC_PREFIX: &str = "blob-";
/// The name of the bytes' attachment in that document.
pub const BLOB_ATTACHMENT: &str = "bytes";

/// The SHA-256 of a file's bytes, as 64 lowercase hex digits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentHash(String);

impl ContentHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self::from_digest(Sha256::digest(bytes).into())
    }

    /// The hash from a finished SHA-256 digest (hashing in pieces: [`ContentHasher`]).
    pub fn from_digest(digest: [u8; 32]) -> Self {
        use fmt::Write;
        let mut hex = String::with_capacity(64);
        for byte in digest {
            let _ = write!(hex, "{byte:02x}");
        }
        Self(hex)
    }

    /// Reads a hash written by [`Self::as_str`] (64 hex digits; upper case is accepted and
    /// lowered). Anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(text.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `bytes` are the bytes this hash names.
    pub fn verify(&self, bytes: &[u8]) -> bool {
        Self::of(bytes) == *self
    }

    /// The endpoint document holding these bytes: `blob-<hex>`.
    pub fn doc_id(&self) -> String {
        format!("{BLOB_DOC_PREFIX}{}", self.0)
    }

    /// The hash named by a document id made by [`Self::doc_id`].
    pub fn from_doc_id(id: &str) -> Option<Self> {
        id.strip_prefix(BLOB_DOC_PREFIX).and_then(Self::parse)
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hashes a file read in pieces (a large blob is never held whole to hash it).
///
/// ```
/// use mesa::domain::content_hash::{ContentHash, ContentHasher};
/// let mut hasher = ContentHasher::default();
/// hasher.update(b"a");
/// hasher.update(b"bc");
/// assert_eq!(hasher.finish(), ContentHash::of(b"abc"));
/// ```
#[derive(Clone, Default)]
pub struct ContentHasher(Sha256);

impl ContentHasher {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> ContentHash {
        ContentHash::from_digest(self.0.finalize().into())
    }
}
