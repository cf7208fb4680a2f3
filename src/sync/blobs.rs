//! Attachment bytes over the endpoint's standard attachment API, as a sans-IO state machine
//! ([`BlobSession`]) driven like [`super::machine::SyncSession`]: it says which request comes
//! next and what a response means; the caller does the HTTP, reads and writes the bytes, sleeps,
//! and supplies the randomness.
//!
//! Each file is the attachment [`BLOB_ATTACHMENT`] of the document `blob-<sha256>`:
//! - upload: `PUT {db}/blob-<sha256>/bytes` with the raw bytes and no `rev`, which creates the
//!   document and its attachment in one step (CouchDB and pouchdb-server). `409 Conflict` means
//!   the document exists: an earlier try whose answer was lost, another device with the same
//!   bytes — or a cut upload, after which pouchdb-server keeps the document with an EMPTY
//!   attachment. So a `409` is never taken for the file: the bytes there are read back
//!   ([`BlobRequest::Check`]) and, if they do not hash to the id, replaced
//!   ([`BlobRequest::Revision`], then [`BlobRequest::Replace`] with that `rev`).
//! - download: `GET {db}/blob-<sha256>/bytes`; bytes that do not hash to the id are discarded
//!   and fetched again (then set aside after [`BlobConfig::max_mismatches`]); `404` means the
//!   device that took the file has not uploaded it yet.
//!
//! The machine never holds a file to upload (the caller reads it for the request body); a
//! downloaded file passes through it once, to be verified, and is handed back in
//! [`BlobEffect::Store`]. Uploads go only after the event that references the file was
//! acknowledged by the endpoint ([`uploads_due`]), so no device fetches bytes nobody announced.
//!
//! ```
//! use mesa::domain::content_hash::ContentHash;
//! use mesa::sync::blobs::{BlobConfig, BlobEffect, BlobRequest, BlobSession};
//! let hash = ContentHash::of(b"photo");
//! let mut session = BlobSession::new(BlobConfig::default(), vec![], vec![hash.clone()]);
//! let request = session.next_request().unwrap();
//! assert_eq!(request, BlobRequest::Download { hash: hash.clone() });
//! assert_eq!(request.url("http://h/", "mesa"), format!("http://h/mesa/blob-{hash}/bytes"));
//! // The bytes that came back are not the file: discarded, fetched again after a pause.
//! let effects = session.on_response(200, b"other".to_vec(), 7);
//! assert!(matches!(effects.as_slice(), [BlobEffect::Discarded { .. }, BlobEffect::Wait { .. }]));
//! assert_eq!(session.next_request(), Some(request));
//! let effects = session.on_response(200, b"photo".to_vec(), 7);
//! assert!(matches!(&effects[0], BlobEffect::Store { bytes, .. } if bytes == b"photo"));
//! assert!(session.is_done());
//! ```

use std::collections::{HashSet, VecDeque};

pub use super::download_mode::{Connection, DownloadMode};
use std::fmt;

use super::backoff::Backoff;
use super::effect::ErrorKind;
use super::protocol::{classify_status, percent_encode, StatusClass};
use crate::domain::content_hash::{ContentHash, BLOB_ATTACHMENT};
use crate::domain::event::{Event, EventId, EventKind};

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

/// Why a file was set aside for this session (it stays queued: the next session tries again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobProblem {
    /// `413`: the endpoint refuses a file this large.
    TooLarge,
    /// `404` on download: the device that took the file has not uploaded it yet.
    NotOnEndpoint,
    /// The downloaded bytes did not hash to the file's id, every try of this session.
    Corrupt,
    /// Any other refusal, with its HTTP status.
    Refused(u16),
}

impl BlobProblem {
    /// A stable code (locale keys `attachments.problem.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge => "too_large",
            Self::NotOnEndpoint => "not_on_endpoint",
            Self::Corrupt => "corrupt",
            Self::Refused(_) => "refused",
        }
    }
}

impl fmt::Display for BlobProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge => write!(f, "the sync endpoint refuses a file this large (HTTP 413)"),
            Self::NotOnEndpoint => write!(f, "the file is not on the sync endpoint yet"),
            Self::Corrupt => write!(f, "the bytes received do not match the file"),
            Self::Refused(s) => write!(f, "the sync endpoint refused the file (HTTP {s})"),
        }
    }
}

/// What the caller must do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum BlobEffect {
    /// The endpoint holds the file (stored now, or already there): record it durably so it is
    /// not uploaded again.
    Uploaded { hash: ContentHash },
    /// Verified bytes: store them under `hash` (they are on the endpoint too).
    Store { hash: ContentHash, bytes: Vec<u8> },
    /// Bytes that do not hash to `hash` arrived: they were dropped; the file is fetched again.
    Discarded { hash: ContentHash },
    /// This file is left for a later session (see [`BlobProblem`]); the session goes on.
    SetAside {
        hash: ContentHash,
        direction: Direction,
        problem: BlobProblem,
    },
    /// Files finished (moved, or set aside) out of `total`.
    Progress { finished: usize, total: usize },
    /// Sleep, then ask for the next request (the retry of the same file).
    Wait { ms: u64, after: ErrorKind },
    /// Every file was tried.
    Done {
        uploaded: usize,
        downloaded: usize,
        set_aside: usize,
    },
    /// The session gave up (no connection, refused credentials); what was done stays done and
    /// the rest stays queued.
    Failed { kind: ErrorKind },
}

impl BlobEffect {
    /// `Done` or `Failed`.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Done { .. } | Self::Failed { .. })
    }
}

/// Tuning of a [`BlobSession`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobConfig {
    /// Tries of one request (the first included) before the session fails.
    pub max_attempts: u32,
    /// Downloads of one file whose bytes do not match before it is set aside.
    pub max_mismatches: u32,
    pub backoff: Backoff,
}

impl Default for BlobConfig {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            max_mismatches: 3,
            backoff: Backoff::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    Running,
    Done,
    Failed,
}

/// One run over the files to upload and to download. See the module documentation.
#[derive(Clone, Debug)]
pub struct BlobSession {
    config: BlobConfig,
    queue: VecDeque<BlobRequest>,
    /// The media type of each file to upload.
    content_types: Vec<(ContentHash, String)>,
    total: usize,
    in_flight: bool,
    backoff: Backoff,
    /// Mismatched downloads of the file at the head of the queue.
    mismatches: u32,
    uploaded: usize,
    downloaded: usize,
    set_aside: usize,
    phase: Phase,
}

impl BlobSession {
    /// A session that uploads `uploads` (hash and media type; see [`uploads_due`]) and then
    /// downloads `downloads`. A file listed twice is moved once; a file both uploaded and
    /// wanted is not downloaded (this device has it).
    pub fn new(
        config: BlobConfig,
        uploads: Vec<(ContentHash, String)>,
        downloads: Vec<ContentHash>,
    ) -> Self {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::new();
        let mut content_types = Vec::new();
        for (hash, content_type) in uploads {
            if seen.insert(hash.clone()) {
                content_types.push((hash.clone(), content_type.clone()));
                queue.push_back(BlobRequest::Upload { hash, content_type });
            }
        }
        for hash in downloads {
            if seen.insert(hash.clone()) {
                queue.push_back(BlobRequest::Download { hash });
            }
        }
        let phase = if queue.is_empty() {
            Phase::Done
        } else {
            Phase::Running
        };
        Self {
            backoff: config.backoff.clone(),
            config,
            total: queue.len(),
            queue,
            content_types,
            in_flight: false,
            mismatches: 0,
            uploaded: 0,
            downloaded: 0,
            set_aside: 0,
            phase,
        }
    }

    /// Every file was tried (or there was none).
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The session gave up.
    pub fn is_failed(&self) -> bool {
        self.phase == Phase::Failed
    }

    /// The files not finished yet, the one in flight first.
    pub fn pending(&self) -> impl Iterator<Item = &BlobRequest> {
        self.queue.iter()
    }

    /// The next request, or `None` while one is in flight or once the session is over. After
    /// a [`BlobEffect::Wait`], this is the retry.
    pub fn next_request(&mut self) -> Option<BlobRequest> {
        if self.in_flight || self.phase != Phase::Running {
            return None;
        }
        let request = self.queue.front()?.clone();
        self.in_flight = true;
        Some(request)
    }

    /// Reports the response to the request in flight: its status and body (for a download,
    /// the bytes).
    pub fn on_response(&mut self, status: u16, body: Vec<u8>, random: u32) -> Vec<BlobEffect> {
        if !self.in_flight {
            return Vec::new();
        }
        let Some(request) = self.queue.front().cloned() else {
            return Vec::new();
        };
        self.in_flight = false;
        let direction = request.direction();
        let hash = request.hash().clone();
        let class = classify_status(status);
        match (&request, status, class) {
            (BlobRequest::Upload { .. } | BlobRequest::Replace { .. }, 409, _) => {
                // The document exists: it holds the file only if its bytes hash to it.
                self.replace_front(BlobRequest::Check { hash });
                Vec::new()
            }
            (BlobRequest::Upload { .. } | BlobRequest::Replace { .. }, _, StatusClass::Ok) => {
                self.uploaded += 1;
                self.finish(BlobEffect::Uploaded { hash })
            }
            (BlobRequest::Check { .. }, _, StatusClass::Ok) => {
                if hash.verify(&body) {
                    self.uploaded += 1;
                    self.finish(BlobEffect::Uploaded { hash })
                } else {
                    drop(body);
                    self.mismatches += 1;
                    if self.mismatches >= self.config.max_mismatches {
                        self.set_aside(hash, direction, BlobProblem::Corrupt)
                    } else {
                        self.replace_front(BlobRequest::Revision { hash });
                        Vec::new()
                    }
                }
            }
            (BlobRequest::Revision { .. }, _, StatusClass::Ok) => {
                let rev = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|doc| doc.get("_rev")?.as_str().map(str::to_string));
                match rev {
                    Some(rev) => {
                        let content_type = self.content_type(&hash);
                        self.replace_front(BlobRequest::Replace {
                            hash,
                            content_type,
                            rev,
                        });
                        Vec::new()
                    }
                    None => self.retry_or_fail(
                        ErrorKind::Protocol("the file's document has no _rev".into()),
                        random,
                    ),
                }
            }
            // The document went away meanwhile: upload afresh.
            (BlobRequest::Check { .. } | BlobRequest::Revision { .. }, 404, _) => {
                let content_type = self.content_type(&hash);
                self.replace_front(BlobRequest::Upload { hash, content_type });
                Vec::new()
            }
            (BlobRequest::Download { .. }, _, StatusClass::Ok) => {
                if hash.verify(&body) {
                    self.downloaded += 1;
                    self.finish(BlobEffect::Store { hash, bytes: body })
                } else {
                    drop(body);
                    self.mismatches += 1;
                    if self.mismatches >= self.config.max_mismatches {
                        self.set_aside(hash, direction, BlobProblem::Corrupt)
                    } else {
                        let after = ErrorKind::Protocol(BlobProblem::Corrupt.to_string());
                        let mut effects = vec![BlobEffect::Discarded { hash }];
                        effects.extend(self.retry_or_fail(after, random));
                        effects
                    }
                }
            }
            (_, 413, _) => self.set_aside(hash, direction, BlobProblem::TooLarge),
            (BlobRequest::Download { .. }, 404, _) => {
                self.set_aside(hash, direction, BlobProblem::NotOnEndpoint)
            }
            (_, _, StatusClass::Auth) => self.fail(ErrorKind::Auth(status)),
            (_, _, StatusClass::NotFound) => self.fail(ErrorKind::NotFound),
            (_, _, StatusClass::Retry) => {
                self.retry_or_fail(ErrorKind::Unavailable(status), random)
            }
            (_, _, StatusClass::Other) => {
                self.set_aside(hash, direction, BlobProblem::Refused(status))
            }
        }
    }

    /// The next step for the file at the head of the queue (no retry delay: it is a new
    /// request, not a failed one).
    fn replace_front(&mut self, next: BlobRequest) {
        if let Some(front) = self.queue.front_mut() {
            *front = next;
        }
    }

    fn content_type(&self, hash: &ContentHash) -> String {
        self.content_types
            .iter()
            .find(|(h, _)| h == hash)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    /// Reports a request that got no response (network error, timeout, a cut upload).
    pub fn on_error(&mut self, kind: ErrorKind, random: u32) -> Vec<BlobEffect> {
        if !std::mem::replace(&mut self.in_flight, false) {
            return Vec::new();
        }
        self.retry_or_fail(kind, random)
    }

    fn retry_or_fail(&mut self, kind: ErrorKind, random: u32) -> Vec<BlobEffect> {
        if kind.is_retryable() && self.backoff.attempt + 1 < self.config.max_attempts {
            vec![BlobEffect::Wait {
                ms: self.backoff.next_delay(random),
                after: kind,
            }]
        } else {
            self.fail(kind)
        }
    }

    fn fail(&mut self, kind: ErrorKind) -> Vec<BlobEffect> {
        self.phase = Phase::Failed;
        vec![BlobEffect::Failed { kind }]
    }

    fn set_aside(
        &mut self,
        hash: ContentHash,
        direction: Direction,
        problem: BlobProblem,
    ) -> Vec<BlobEffect> {
        self.set_aside += 1;
        self.finish(BlobEffect::SetAside {
            hash,
            direction,
            problem,
        })
    }

    /// The file at the head of the queue is finished with `effect`.
    fn finish(&mut self, effect: BlobEffect) -> Vec<BlobEffect> {
        self.queue.pop_front();
        self.mismatches = 0;
        self.backoff.reset();
        let mut effects = vec![
            effect,
            BlobEffect::Progress {
                finished: self.total - self.queue.len(),
                total: self.total,
            },
        ];
        if self.queue.is_empty() {
            self.phase = Phase::Done;
            effects.push(BlobEffect::Done {
                uploaded: self.uploaded,
                downloaded: self.downloaded,
                set_aside: self.set_aside,
            });
        }
        effects
    }
}

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
/// [`DownloadMode::Always`] fetches after pulling them).
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
