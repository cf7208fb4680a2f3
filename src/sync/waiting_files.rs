//! The files a sync announced while this device's [`DownloadMode`] held their download back
//! ("Solo con Wi-Fi" on mobile data, #16): kept on the device and fetched after the first sync
//! the mode allows, together with what that sync announces. Without it, a file announced on
//! mobile data waited for its ticket to be opened even after the device reached Wi-Fi.
//!
//! ```
//! use mesa::domain::content_hash::ContentHash;
//! use mesa::sync::waiting_files::WaitingFiles;
//! let photo = (ContentHash::of(b"photo"), "image/jpeg".to_string());
//! let log = (ContentHash::of(b"log"), "text/plain".to_string());
//! // On mobile data: the announced photo waits.
//! let mut waiting = WaitingFiles::default();
//! waiting.hold(vec![photo.clone()]);
//! let kept = WaitingFiles::from_json(&waiting.to_json());
//! // On Wi-Fi: the photo comes with what the next sync announces, once each.
//! assert_eq!(kept.with(vec![log.clone(), photo.clone()]), vec![photo, log]);
//! ```
//!
//! [`DownloadMode`]: super::download_mode::DownloadMode

use std::collections::{BTreeMap, HashSet};

use crate::domain::content_hash::ContentHash;

/// The files waiting for a connection on which this device downloads in the background: each
/// file's content hash and media type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitingFiles(BTreeMap<ContentHash, String>);

impl WaitingFiles {
    /// Reads the list as [`Self::to_json`] wrote it. Anything unreadable is an empty list: these
    /// files are still listed on their tickets and fetched when a ticket is opened.
    pub fn from_json(text: &str) -> Self {
        let pairs: Vec<(String, String)> = serde_json::from_str(text).unwrap_or_default();
        Self(
            pairs
                .into_iter()
                .filter_map(|(hash, mime)| Some((ContentHash::parse(&hash)?, mime)))
                .collect(),
        )
    }

    /// The list as JSON (`[[sha256, type], …]`).
    pub fn to_json(&self) -> String {
        let pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(h, m)| (h.as_str(), m.as_str()))
            .collect();
        serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Holds back what a sync announced.
    pub fn hold(&mut self, announced: Vec<(ContentHash, String)>) {
        self.0.extend(announced);
    }

    /// What to fetch now: the waiting files, then those announced now, each once.
    pub fn with(&self, announced: Vec<(ContentHash, String)>) -> Vec<(ContentHash, String)> {
        let mut all: Vec<(ContentHash, String)> =
            self.0.iter().map(|(h, m)| (h.clone(), m.clone())).collect();
        let mut seen: HashSet<ContentHash> = self.0.keys().cloned().collect();
        all.extend(
            announced
                .into_iter()
                .filter(|(h, _)| seen.insert(h.clone())),
        );
        all
    }

    /// Keeps only the files this device still lacks (`held`: the hashes it holds).
    ///
    /// ```
    /// use mesa::domain::content_hash::ContentHash;
    /// use mesa::sync::waiting_files::WaitingFiles;
    /// let photo = ContentHash::of(b"photo");
    /// let mut waiting = WaitingFiles::default();
    /// waiting.hold(vec![(photo.clone(), "image/jpeg".into())]);
    /// waiting.keep_missing(&[photo].into_iter().collect());
    /// assert!(waiting.is_empty());
    /// ```
    pub fn keep_missing(&mut self, held: &HashSet<ContentHash>) {
        self.0.retain(|hash, _| !held.contains(hash));
    }
}
