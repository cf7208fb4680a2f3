//! The requests of a [`super::BlobSession`] and their addresses.

use crate::domain::content_hash::{ContentHash, BLOB_ATTACHMENT};
use crate::sync::protocol::percent_encode;

/// `{base}/{db}/blob-<sha256>/bytes`.
pub fn blob_url(base: &str, db: &str, hash: &ContentHash) -> String {
    format!(
        "{}/{}/{}/{BLOB_ATTACHMENT}",
        base.trim_end_matches('/'),
        percent_encode(db),
        hash.doc_id()
    )
}

/// Which way a file travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Up,
    Down,
}

/// One HTTP request of a [`BlobSession`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobRequest {
    /// `PUT` the bytes stored under `hash` (body: the raw bytes, `Content-Type: content_type`).
    Upload {
        hash: ContentHash,
        content_type: String,
    },
    /// `GET` the bytes the endpoint holds under `hash` after an upload was answered `409`:
    /// a document left by a cut upload may hold a truncated (pouchdb-server: empty) attachment.
    Check { hash: ContentHash },
    /// `GET` the document `blob-<sha256>` for its `_rev` (what it holds is not the file).
    Revision { hash: ContentHash },
    /// `PUT` the bytes again over what the document holds (`?rev=`).
    Replace {
        hash: ContentHash,
        content_type: String,
        rev: String,
    },
    /// `GET` the bytes.
    Download { hash: ContentHash },
}

impl BlobRequest {
    pub fn method(&self) -> &'static str {
        match self {
            Self::Upload { .. } | Self::Replace { .. } => "PUT",
            Self::Check { .. } | Self::Revision { .. } | Self::Download { .. } => "GET",
        }
    }

    pub fn hash(&self) -> &ContentHash {
        match self {
            Self::Upload { hash, .. }
            | Self::Check { hash }
            | Self::Revision { hash }
            | Self::Replace { hash, .. }
            | Self::Download { hash } => hash,
        }
    }

    pub fn direction(&self) -> Direction {
        match self {
            Self::Download { .. } => Direction::Down,
            _ => Direction::Up,
        }
    }

    /// The media type of the file this request sends as its body (`None`: no body).
    pub fn sends_file(&self) -> Option<&str> {
        match self {
            Self::Upload { content_type, .. } | Self::Replace { content_type, .. } => {
                Some(content_type)
            }
            _ => None,
        }
    }

    /// Whether the answer's body is a file to verify (a download, or the check of what the
    /// endpoint holds): a browser reads it as a `Blob` and hands the session its hash.
    pub fn receives_file(&self) -> bool {
        matches!(self, Self::Check { .. } | Self::Download { .. })
    }

    pub fn url(&self, base: &str, db: &str) -> String {
        match self {
            Self::Revision { hash } => format!(
                "{}/{}/{}",
                base.trim_end_matches('/'),
                percent_encode(db),
                hash.doc_id()
            ),
            Self::Replace { hash, rev, .. } => {
                format!("{}?rev={}", blob_url(base, db, hash), percent_encode(rev))
            }
            _ => blob_url(base, db, self.hash()),
        }
    }
}
