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

use super::content_hash::ContentHash;
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
        self.meta.is_image()
    }

    /// Where its bytes are, given whether this device holds them.
    pub fn availability(&self, held_here: bool) -> Availability {
        match (held_here, self.meta.content_hash()) {
            (true, _) => Availability::Here,
            (false, Some(hash)) => Availability::ToFetch(hash),
            (false, None) => Availability::OnlyOnAuthorDevice,
        }
    }
}

/// Where a listed file's bytes are, for one device.
///
/// ```
/// use mesa::domain::attachment_list::{listed_attachments, Availability};
/// use mesa::domain::content_hash::ContentHash;
/// use mesa::domain::event::*;
/// let hash = ContentHash::of(b"PNG");
/// let hlc = Hlc::first(1_767_225_600_000, "d1");
/// let id = EventId::from_parts(hlc.wall_ms, 1);
/// let mut meta = Attachment { id: "f".into(), name: "a.png".into(), size: 3, ..Attachment::default() };
/// let old = Event::new(id.clone(), id.as_ticket(), hlc.clone(), "ana", EventKind::AttachmentAdded(meta.clone()));
/// assert_eq!(listed_attachments(&[old])[0].availability(false), Availability::OnlyOnAuthorDevice);
/// meta.sha256 = Some(hash.to_string());
/// let new = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::AttachmentAdded(meta));
/// let listed = &listed_attachments(&[new])[0];
/// assert_eq!(listed.availability(false), Availability::ToFetch(hash));
/// assert_eq!(listed.availability(true), Availability::Here);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    /// The verified bytes are on this device.
    Here,
    /// Not downloaded yet: the bytes are fetched from the endpoint by this hash.
    ToFetch(ContentHash),
    /// An attachment from before attachments synced (its event has no hash): the bytes are
    /// only on the device that took it.
    OnlyOnAuthorDevice,
}

/// The files `events` refer to by hash, each once however many events (or tickets) name the
/// same bytes.
///
/// ```
/// assert!(mesa::domain::attachment_list::referenced_hashes(&[]).is_empty());
/// ```
pub fn referenced_hashes(events: &[Event]) -> BTreeSet<ContentHash> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::AttachmentAdded(a) => a.content_hash(),
            _ => None,
        })
        .collect()
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

/// The long side a photo is reduced to before it is saved, when the person keeps the
/// reduction on (#16): sharp on any screen, a fraction of a camera's bytes.
pub const PHOTO_LONG_SIDE: u32 = 1600;

/// The size a `width`×`height` photo is reduced to so that its long side is at most
/// `long_side`, keeping its proportions; `None` when it is already that small.
///
/// ```
/// use mesa::domain::attachment_list::reduced_size;
/// assert_eq!(reduced_size(4000, 3000, 1600), Some((1600, 1200)));
/// assert_eq!(reduced_size(3000, 4000, 1600), Some((1200, 1600)));
/// assert_eq!(reduced_size(1600, 900, 1600), None);
/// assert_eq!(reduced_size(5000, 1, 1600), Some((1600, 1)));
/// ```
pub fn reduced_size(width: u32, height: u32, long_side: u32) -> Option<(u32, u32)> {
    let long = width.max(height);
    if long <= long_side || long == 0 {
        return None;
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(long_side) + u64::from(long) / 2) / u64::from(long)).max(1)
            as u32
    };
    Some((scale(width), scale(height)))
}

/// The name a reduced photo is saved under: the same, as `.jpg`.
///
/// ```
/// use mesa::domain::attachment_list::reduced_name;
/// assert_eq!(reduced_name("IMG_2041.PNG"), "IMG_2041.jpg");
/// assert_eq!(reduced_name("rack.jpeg"), "rack.jpg");
/// assert_eq!(reduced_name("foto"), "foto.jpg");
/// ```
pub fn reduced_name(name: &str) -> String {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}.jpg")
}
