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

use futures_util::future::join_all;
use leptos::prelude::*;

use super::blob_lane::drive;
use super::SyncError;
use crate::app::desk::Desk;
use crate::domain::content_hash::ContentHash;
use crate::sync::blobs::{
    uploads_ready, BlobConfig, BlobProblem, BlobSession, Direction, DownloadMode, PendingUpload,
};
pub use crate::sync::browser::connection::connection;
use crate::sync::browser::settings::SyncSettings;
use crate::sync::waiting_files::WaitingFiles;

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

/// Whether a session of this tab is moving the file `hash` now (queued, or on its way).
pub fn is_moving(hash: &ContentHash) -> bool {
    BUSY.with(|busy| busy.borrow().contains(hash))
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

pub(super) fn set_state(hash: &ContentHash, state: Option<FileState>) {
    file_states().update(|files| match state {
        Some(state) => {
            files.insert(hash.clone(), state);
        }
        None => {
            files.remove(hash);
        }
    });
}

/// Downloads run in this many sessions at once (bench/attachments.mjs).
const DOWNLOAD_LANES: usize = 3;

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
    let report = RefCell::new(FilesReport::default());
    // Uploads in one lane, downloads dealt over DOWNLOAD_LANES: the next file's bytes travel
    // while the last one is hashed and stored.
    let mut lanes = vec![BlobSession::new(BlobConfig::default(), uploads, Vec::new())];
    let mut parts = vec![Vec::new(); DOWNLOAD_LANES];
    for (i, hash) in downloads.into_iter().enumerate() {
        parts[i % DOWNLOAD_LANES].push(hash);
    }
    lanes.extend(
        parts
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(|part| BlobSession::new(BlobConfig::default(), Vec::new(), part)),
    );
    join_all(
        lanes
            .into_iter()
            .map(|session| drive(desk, settings, &mime, session, &report)),
    )
    .await;
    let report = report.into_inner();
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

/// The `meta` key of this device's [`WaitingFiles`].
pub const WAITING_KEY: &str = "attachments_waiting";

async fn waiting_files(desk: &Desk) -> WaitingFiles {
    match desk.store.meta_string(WAITING_KEY).await {
        Ok(Some(json)) => WaitingFiles::from_json(&json),
        _ => WaitingFiles::default(),
    }
}

async fn keep_waiting(desk: &Desk, waiting: &WaitingFiles) {
    if let Err(e) = desk
        .store
        .set_meta_string(WAITING_KEY, &waiting.to_json())
        .await
    {
        // The files stay listed on their tickets and are fetched when one is opened.
        leptos::logging::warn!("attachments: the files waiting for Wi-Fi were not kept: {e:?}");
    }
}

/// The files to download in the background after a sync that announced `announced`: with
/// this device's [`DownloadMode`] on the connection the browser says it has now, those files
/// and the ones earlier syncs held back ([`WaitingFiles`]); or none, the announced ones then
/// waiting for Wi-Fi when the mode is «Solo con Wi-Fi».
pub async fn background_downloads(
    desk: &Desk,
    announced: Vec<(ContentHash, String)>,
) -> Vec<(ContentHash, String)> {
    let mode = download_mode(desk).await;
    let mut waiting = waiting_files(desk).await;
    if mode.in_background(connection()) {
        return waiting.with(announced);
    }
    if mode == DownloadMode::WifiOnly && !announced.is_empty() {
        waiting.hold(announced);
        keep_waiting(desk, &waiting).await;
    }
    Vec::new()
}

/// After background downloads: the files still waiting are those this device still lacks.
pub async fn forget_fetched(desk: &Desk) {
    let mut waiting = waiting_files(desk).await;
    if waiting.is_empty() {
        return;
    }
    if let Ok(held) = desk.store.held_blobs().await {
        waiting.keep_missing(&held.into_iter().map(|h| h.hash).collect());
        keep_waiting(desk, &waiting).await;
    }
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
