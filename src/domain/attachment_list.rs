//! What a ticket says about its attachments: one entry per `attachment_added` event (who added
//! which file, when), in the order every device agrees on. Whether the file's bytes are on
//! this device is the store's business; an entry exists even when only the event arrived (by
//! backup or sync).
//!
//! ```
//! use mesa::domain::attachment_list::{attachment_mime, listed_attachments};
//! assert!(listed_attachments(&[]).is_empty());
//! assert_eq!(attachment_mime("router.LOG", ""), "text/plain");
//! assert_eq!(attachment_mime("foto.jpg", "image/jpeg"), "image/jpeg");
//! ```

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::event::{Attachment, Event, EventKind};

/// An attachment as the ticket lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedAttachment {
    pub meta: Attachment,
    /// Who added it.
    pub actor: String,
    /// When, by the author's clock.
    pub at: DateTime<Utc>,
}

impl ListedAttachment {
    /// An image the browser can show as a thumbnail.
    pub fn is_image(&self) -> bool {
        self.meta.mime.starts_with("image/")
    }
}

/// The attachments recorded in `events` (any order), each once (the first event for an id
/// wins), in canonical event order.
pub fn listed_attachments(events: &[Event]) -> Vec<ListedAttachment> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| a.order(b));
    let mut seen = BTreeSet::new();
    sorted
        .into_iter()
        .filter_map(|e| match &e.kind {
            EventKind::AttachmentAdded(a) if seen.insert(a.id.clone()) => Some(ListedAttachment {
                meta: a.clone(),
                actor: e.actor.clone(),
                at: e.at(),
            }),
            _ => None,
        })
        .collect()
}

/// The media type recorded for a picked file: what the browser reported, or (browsers report
/// nothing for many logs) a type from the extension, or a generic binary type.
pub fn attachment_mime(name: &str, reported: &str) -> String {
    let reported = reported.trim();
    if !reported.is_empty() {
        return reported.to_string();
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "log" => "text/plain",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "heic" => "image/heic",
        _ => "application/octet-stream",
    }
    .to_string()
}
