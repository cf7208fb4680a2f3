//! Which files to upload (their announcing event acknowledged) and which a pull announced.

use std::collections::HashSet;

use crate::domain::content_hash::ContentHash;
use crate::domain::event::{Event, EventId, EventKind};

/// The files of `events` whose bytes this device holds and has not recorded as on the
/// endpoint (`held`), and whose announcing event the endpoint has acknowledged (at least one
/// event naming the file is not in `outbox`): what to upload now, with the media type of the
/// first such event, each file once, in event order.
///
/// ```
/// use std::collections::HashSet;
/// use mesa::domain::content_hash::ContentHash;
/// use mesa::domain::event::*;
/// use mesa::sync::blobs::uploads_due;
/// let hash = ContentHash::of(b"log");
/// let hlc = Hlc::first(1_767_225_600_000, "d1");
/// let id = EventId::from_parts(hlc.wall_ms, 1);
/// let kind = EventKind::AttachmentAdded(Attachment {
///     id: "f1".into(), name: "r.log".into(), mime: "text/plain".into(), size: 3,
///     sha256: Some(hash.to_string()),
/// });
/// let events = [Event::new(id.clone(), id.as_ticket(), hlc, "ana", kind)];
/// let held = HashSet::from([hash.clone()]);
/// // Its event is still waiting to be pushed: not yet.
/// assert!(uploads_due(&events, &HashSet::from([id]), &held).is_empty());
/// assert_eq!(uploads_due(&events, &HashSet::new(), &held), [(hash, "text/plain".to_string())]);
/// ```
pub fn uploads_due(
    events: &[Event],
    outbox: &HashSet<EventId>,
    held: &HashSet<ContentHash>,
) -> Vec<(ContentHash, String)> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| a.order(b));
    let pending = sorted
        .into_iter()
        .filter_map(|event| match &event.kind {
            EventKind::AttachmentAdded(meta) => meta
                .content_hash()
                .filter(|hash| held.contains(hash))
                .map(|hash| PendingUpload {
                    hash,
                    content_type: meta.mime.clone(),
                    announced_by: Some(event.id.clone()),
                }),
            _ => None,
        })
        .collect();
    uploads_ready(pending, outbox)
}

/// A file this device holds and has not recorded as on the endpoint, with the local event that
/// announced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingUpload {
    pub hash: ContentHash,
    pub content_type: String,
    pub announced_by: Option<EventId>,
}

/// [`uploads_due`] for a device that records, with each file it holds, the event that
/// announced it: the files whose event has left the outbox (acknowledged), each once.
///
/// ```
/// use std::collections::HashSet;
/// use mesa::domain::content_hash::ContentHash;
/// use mesa::domain::event::EventId;
/// use mesa::sync::blobs::{uploads_ready, PendingUpload};
/// let file = |e: &str| PendingUpload {
///     hash: ContentHash::of(e.as_bytes()), content_type: "image/png".into(),
///     announced_by: Some(EventId(e.into())),
/// };
/// let outbox = HashSet::from([EventId("b".into())]);
/// let ready = uploads_ready(vec![file("a"), file("b")], &outbox);
/// assert_eq!(ready, [(ContentHash::of(b"a"), "image/png".to_string())]);
/// ```
pub fn uploads_ready(
    pending: Vec<PendingUpload>,
    outbox: &HashSet<EventId>,
) -> Vec<(ContentHash, String)> {
    let mut seen = HashSet::new();
    pending
        .into_iter()
        .filter(|p| p.announced_by.as_ref().is_some_and(|e| !outbox.contains(e)))
        .filter(|p| seen.insert(p.hash.clone()))
        .map(|p| (p.hash, p.content_type))
        .collect()
}

/// The files `events` announce by hash, with their media type, each once (what a device in
/// [`super::DownloadMode::Always`] fetches after pulling them).
///
/// ```
/// assert!(mesa::sync::blobs::announced_files(&[]).is_empty());
/// ```
pub fn announced_files(events: &[Event]) -> Vec<(ContentHash, String)> {
    let mut seen = HashSet::new();
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::AttachmentAdded(meta) => meta
                .content_hash()
                .filter(|h| seen.insert(h.clone()))
                .map(|h| (h, meta.mime.clone())),
            _ => None,
        })
        .collect()
}
