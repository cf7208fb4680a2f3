//! The browser side of attachment sync (#16): drives a [`BlobSession`] over `fetch`, reading
//! the bytes to upload from the store and storing the verified bytes it downloads.
//!
//! - After each sync's event push, [`move_files`] uploads the files whose announcing event the
//!   endpoint acknowledged (see [`crate::sync::blobs::uploads_ready`]).
//! - A ticket opened with files not on this device asks for them with [`fetch_files`].
//!
//! Each file's state is in [`file_states`] (for the list of attachments); [`stored_files`] is
//! bumped whenever bytes were stored, so a list can read them.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use leptos::prelude::*;

use super::SyncError;
use crate::app::desk::{random_u128, Desk};
use crate::domain::content_hash::ContentHash;
use crate::sync::blobs::{
    uploads_ready, BlobConfig, BlobEffect, BlobProblem, BlobSession, Direction, DownloadMode,
    PendingUpload,
};
pub use crate::sync::browser::connection::connection;
use crate::sync::browser::settings::SyncSettings;
use crate::sync::browser::transport;
use crate::sync::effect::ErrorKind;

/// Where one file stands on this device.
#[derive(Clone, Debug, PartialEq)]
pub enum FileState {
    /// Waiting for its turn in a session.
    Queued(Direction),
    /// Being sent or received.
    Moving(Direction),
    /// The last try failed; `retrying` while the session waits to try again, otherwise it is
    /// tried again by the next sync (or when the ticket is opened again).
    Failed {
        direction: Direction,
        /// The locale key of the reason.
        key: &'static str,
        /// The technical detail (English, for support).
        detail: String,
        retrying: bool,
    },
}

thread_local! {
    static FILES: ArcRwSignal<HashMap<ContentHash, FileState>> = ArcRwSignal::new(HashMap::new());
    static STORED: ArcRwSignal<u32> = ArcRwSignal::new(0);
    /// Files a session of this tab is moving (one session per file at a time).
    static BUSY: RefCell<HashSet<ContentHash>> = RefCell::new(HashSet::new());
}

/// Each file's state (files absent are not being moved and did not fail).
pub fn file_states() -> ArcRwSignal<HashMap<ContentHash, FileState>> {
    FILES.with(ArcRwSignal::clone)
}

/// Bumped after downloaded bytes were stored.
pub fn stored_files() -> ArcRwSignal<u32> {
    STORED.with(ArcRwSignal::clone)
}

/// The locale key of a file set aside.
pub fn problem_key(problem: &BlobProblem) -> &'static str {
    match problem {
        BlobProblem::TooLarge => "attachments.problem.too_large",
        BlobProblem::NotOnEndpoint => "attachments.problem.not_on_endpoint",
        BlobProblem::Corrupt => "attachments.problem.corrupt",
        BlobProblem::Refused(_) => "attachments.problem.refused",
    }
}

fn set_state(hash: &ContentHash, state: Option<FileState>) {
    file_states().update(|files| match state {
        Some(state) => {
            files.insert(hash.clone(), state);
        }
        None => {
            files.remove(hash);
        }
    });
}

/// What a file session did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilesReport {
    pub uploaded: usize,
    pub downloaded: usize,
    pub set_aside: usize,
    pub error: Option<SyncError>,
}

/// Uploads what is due (when `upload`) and downloads `downloads` (hash and media type; files
/// held here or being moved by another session of this tab are skipped).
pub async fn move_files(
    desk: &Desk,
    settings: &SyncSettings,
    upload: bool,
    downloads: Vec<(ContentHash, String)>,
) -> FilesReport {
    let store = &desk.store;
    let mut report = FilesReport::default();
    let held = match store.held_blobs().await {
        Ok(held) => held,
        Err(e) => {
            report.error = Some(SyncError::Store(e));
            return report;
        }
    };
    let uploads = if upload {
        let outbox: HashSet<_> = match store.outbox_events().await {
            Ok(events) => events.into_iter().map(|e| e.id).collect(),
            Err(e) => {
                report.error = Some(SyncError::Store(e));
                return report;
            }
        };
        let pending = held
            .iter()
            .filter(|h| !h.uploaded)
            .map(|h| PendingUpload {
                hash: h.hash.clone(),
                content_type: h.mime.clone(),
                announced_by: h.event.clone(),
            })
            .collect();
        uploads_ready(pending, &outbox)
    } else {
        Vec::new()
    };
    let here: HashSet<&ContentHash> = held.iter().map(|h| &h.hash).collect();
    let mime: HashMap<ContentHash, String> = downloads
        .into_iter()
        .filter(|(hash, _)| !here.contains(hash))
        .collect();
    // One session per file at a time in this tab.
    let claimed: Vec<ContentHash> = BUSY.with(|busy| {
        let mut busy = busy.borrow_mut();
        uploads
            .iter()
            .map(|(h, _)| h)
            .chain(mime.keys())
            .filter(|h| busy.insert((*h).clone()))
            .cloned()
            .collect()
    });
    let mine: HashSet<&ContentHash> = claimed.iter().collect();
    let uploads: Vec<_> = uploads
        .into_iter()
        .filter(|(h, _)| mine.contains(h))
        .collect();
    let downloads: Vec<ContentHash> = mime.keys().filter(|h| mine.contains(h)).cloned().collect();
    for (hash, _) in &uploads {
        set_state(hash, Some(FileState::Queued(Direction::Up)));
    }
    for hash in &downloads {
        set_state(hash, Some(FileState::Queued(Direction::Down)));
    }
    let mut session = BlobSession::new(BlobConfig::default(), uploads, downloads);
    let timeout = crate::sync::browser::config().timeout_ms;
    while let Some(request) = session.next_request() {
        let url = request.url(settings.base(), settings.db());
        let hash = request.hash().clone();
        let current = (hash.clone(), request.direction());
        set_state(&hash, Some(FileState::Moving(request.direction())));
        let sent = match request.sends_file() {
            Some(content_type) => match store.blob(&hash).await {
                Ok(Some(blob)) => {
                    transport::send_bytes(
                        settings,
                        request.method(),
                        &url,
                        Some((content_type, &blob)),
                        timeout,
                    )
                    .await
                }
                Ok(None) => Err(ErrorKind::Protocol(
                    "the file is no longer on this device".into(),
                )),
                Err(e) => Err(ErrorKind::Protocol(format!("{} {}", e.code(), e.detail()))),
            },
            None => transport::send_bytes(settings, request.method(), &url, None, timeout).await,
        };
        let random = random_u128() as u32;
        let effects = match sent {
            Ok((status, body)) => session.on_response(status, body, random),
            Err(kind) => session.on_error(kind, random),
        };
        for effect in effects {
            match effect {
                BlobEffect::Uploaded { hash } => {
                    if let Err(e) = store.mark_blob_uploaded(&hash).await {
                        report.error = Some(SyncError::Store(e));
                    }
                    report.uploaded += 1;
                    set_state(&hash, None);
                }
                BlobEffect::Store { hash, bytes } => {
                    let kind = mime.get(&hash).cloned().unwrap_or_default();
                    match store.put_downloaded_blob(&hash, &kind, &bytes).await {
                        Ok(()) => {
                            report.downloaded += 1;
                            set_state(&hash, None);
                            stored_files().update(|n| *n += 1);
                        }
                        Err(e) => {
                            let error = SyncError::Store(e);
                            set_state(
                                &hash,
                                Some(FileState::Failed {
                                    direction: Direction::Down,
                                    key: error.key(),
                                    detail: error.detail(),
                                    retrying: false,
                                }),
                            );
                            report.error = Some(error);
                        }
                    }
                }
                BlobEffect::Discarded { hash } => {
                    leptos::logging::warn!(
                        "attachments: bytes received for {hash} do not match; discarded"
                    );
                }
                BlobEffect::SetAside {
                    hash,
                    direction,
                    problem,
                } => {
                    report.set_aside += 1;
                    set_state(
                        &hash,
                        Some(FileState::Failed {
                            direction,
                            key: problem_key(&problem),
                            detail: problem.to_string(),
                            retrying: false,
                        }),
                    );
                }
                BlobEffect::Wait { ms, after } => {
                    let error = SyncError::Sync(after);
                    set_state(
                        &current.0,
                        Some(FileState::Failed {
                            direction: current.1,
                            key: error.key(),
                            detail: error.detail(),
                            retrying: true,
                        }),
                    );
                    gloo_timers::future::sleep(Duration::from_millis(ms)).await;
                }
                BlobEffect::Failed { kind } => {
                    let error = SyncError::Sync(kind);
                    for pending in session.pending() {
                        set_state(
                            pending.hash(),
                            Some(FileState::Failed {
                                direction: pending.direction(),
                                key: error.key(),
                                detail: error.detail(),
                                retrying: false,
                            }),
                        );
                    }
                    report.error = Some(error);
                }
                BlobEffect::Progress { .. } | BlobEffect::Done { .. } => {}
            }
        }
    }
    BUSY.with(|busy| {
        let mut busy = busy.borrow_mut();
        for hash in &claimed {
            busy.remove(hash);
        }
    });
    report
}

/// The `meta` key of this device's [`DownloadMode`].
pub const DOWNLOAD_MODE_KEY: &str = "attachments_download";

/// When this device downloads files attached elsewhere.
pub async fn download_mode(desk: &Desk) -> DownloadMode {
    let code = desk
        .store
        .meta_string(DOWNLOAD_MODE_KEY)
        .await
        .ok()
        .flatten();
    DownloadMode::from_code(code.as_deref().unwrap_or_default())
}

/// Whether the files a sync announces are downloaded right after it: this device's
/// [`DownloadMode`] on the connection the browser says it has now.
pub async fn downloads_in_background(desk: &Desk) -> bool {
    download_mode(desk).await.in_background(connection())
}

/// Records this device's [`DownloadMode`] (durable when this returns).
pub async fn set_download_mode(desk: &Desk, mode: DownloadMode) -> Result<(), SyncError> {
    desk.store
        .set_meta_string(DOWNLOAD_MODE_KEY, mode.code())
        .await
        .map_err(SyncError::Store)
}

/// Fetches the bytes of `files` (hash and media type) now, when sync is configured (a ticket
/// was opened with files not on this device).
pub async fn fetch_files(desk: &Desk, files: Vec<(ContentHash, String)>) -> Option<FilesReport> {
    let settings = SyncSettings::load(&desk.store).await.ok()?;
    if !settings.is_configured() || files.is_empty() {
        return None;
    }
    Some(move_files(desk, &settings, false, files).await)
}
