//! The backup ZIP in the browser (#16): export builds it as a `Blob` from parts — the headers
//! it writes and each file's own stored `Blob` — so no file is copied into the app to be
//! saved (each is read once, in 1 MiB slices, for its CRC-32); import reads a picked `File` by
//! slices: the directory, `backup.json`, then each file's bytes once to check its CRC-32 and
//! SHA-256 before anything is written, and stores the good files as slices of the picked file
//! after their events. The format: [`crate::domain::backup_zip`].

use std::collections::HashSet;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::app::broadcast;
use crate::app::desk::{Desk, DeskSignals};
use crate::domain::backup::{parse_backup, Backup, BackupError};
use crate::domain::backup_zip::{
    backup_attachments, included_files, is_zip, not_included, BackupFiles, FileVerdict, NamedFile,
    BACKUP_JSON,
};
use crate::domain::content_hash::{ContentHash, ContentHasher};
use crate::domain::zip::{self, Crc32, ZipEntry, ZipError, ZipWriter, LOCAL_HEADER_LEN};
use crate::store::{ImportCount, ImportProgress, StoreError, IMPORT_BATCH};

/// Files are read in slices of this many bytes.
const SLICE: u64 = 1024 * 1024;

/// Why a backup could not be made or read.
#[derive(Clone, Debug)]
pub enum BackupProblem {
    /// The file is not a backup this build reads (nothing was written).
    Bad(BackupError),
    /// The store failed (batches committed before stay).
    Store(StoreError),
    /// The backup would pass 4 GiB (a ZIP without ZIP64).
    TooLarge,
    /// The browser failed to read or build a file.
    Browser(String),
}

impl From<StoreError> for BackupProblem {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<ZipError> for BackupProblem {
    fn from(e: ZipError) -> Self {
        match e {
            ZipError::TooLarge => Self::TooLarge,
            e => Self::Bad(BackupError::Archive(e)),
        }
    }
}

fn js(e: JsValue) -> BackupProblem {
    BackupProblem::Browser(crate::store::schema::js_text(&e))
}

/// How far a backup export or import is, told as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupProgress {
    /// Events merged by the committed batches of an import (durable).
    Events(ImportProgress),
    /// The attachment files: `done` of `total` went through `step`.
    Files {
        step: FilesStep,
        done: usize,
        total: usize,
    },
}

/// What is being done with the attachment files of a backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilesStep {
    /// Export: each file read for its checksum and put in the ZIP.
    Packing,
    /// Import: each file's CRC-32 and SHA-256 checked, before anything is written.
    Checking,
    /// Import: each checked file stored.
    Storing,
}

/// A backup ZIP ready to download.
pub struct ExportedZip {
    pub blob: web_sys::Blob,
    pub file_name: String,
    pub events: usize,
    /// Files whose bytes it holds.
    pub files: usize,
    /// Listed attachments whose bytes are not on this device (not in it).
    pub not_included: usize,
}

/// What an import did.
#[derive(Clone, Debug)]
pub struct BackupImport {
    pub count: ImportCount,
    /// Attachments the backup lists.
    pub listed: usize,
    /// Files stored, and files this device already held (`None`: an old `.json` backup).
    pub files: Option<(usize, usize)>,
    /// Listed attachments whose bytes the backup does not hold.
    pub not_included: usize,
    /// Attachments whose bytes did not match their hash: not kept.
    pub refused: Vec<NamedFile>,
}

/// The bytes `start..end` of `blob`.
async fn read(blob: &web_sys::Blob, start: u64, end: u64) -> Result<Vec<u8>, BackupProblem> {
    let part = blob
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(js)?;
    let buffer = JsFuture::from(part.array_buffer()).await.map_err(js)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads `start..end` of `blob` slice by slice, giving each slice to `each`.
async fn read_slices(
    blob: &web_sys::Blob,
    start: u64,
    end: u64,
    mut each: impl FnMut(&[u8]),
) -> Result<(), BackupProblem> {
    let mut at = start;
    while at < end {
        let next = (at + SLICE).min(end);
        each(&read(blob, at, next).await?);
        at = next;
    }
    Ok(())
}

/// Where `entry`'s data is in the archive `file`.
async fn data_range(file: &web_sys::Blob, entry: &ZipEntry) -> Result<(u64, u64), BackupProblem> {
    let at = entry.header_offset;
    let local = read(file, at, at + LOCAL_HEADER_LEN).await?;
    Ok(entry.data_range(&local)?)
}

impl Desk {
    /// The backup ZIP of this device: `backup.json` and the bytes of every file it holds.
    pub async fn export_backup_zip(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        mut on_progress: impl FnMut(BackupProgress),
    ) -> Result<ExportedZip, BackupProblem> {
        let backup = self.export_backup(now).await?;
        let files = included_files(&backup.attachments);
        let mut writer = ZipWriter::new(now);
        let parts = js_sys::Array::new();
        let json = backup.to_json();
        let header = writer.entry(BACKUP_JSON, json.len() as u64, zip::crc32(json.as_bytes()))?;
        parts.push(&js_sys::Uint8Array::from(header.as_slice()));
        parts.push(&js_sys::Uint8Array::from(json.as_bytes()));
        drop(json);
        let total = files.len();
        for (done, (hash, entry)) in files.iter().enumerate() {
            on_progress(BackupProgress::Files {
                step: FilesStep::Packing,
                done,
                total,
            });
            let blob = self.store.blob(hash).await?.ok_or_else(|| {
                BackupProblem::Browser(format!("the file {hash} is no longer on this device"))
            })?;
            let size = blob.size() as u64;
            let mut crc = Crc32::default();
            read_slices(&blob, 0, size, |bytes| crc.update(bytes)).await?;
            let header = writer.entry(entry, size, crc.finish())?;
            parts.push(&js_sys::Uint8Array::from(header.as_slice()));
            parts.push(&blob);
        }
        parts.push(&js_sys::Uint8Array::from(writer.finish()?.as_slice()));
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type("application/zip");
        let blob = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &bag).map_err(js)?;
        Ok(ExportedZip {
            blob,
            file_name: backup.file_name(),
            events: backup.events.len(),
            files: files.len(),
            not_included: not_included(&backup.attachments),
        })
    }

    /// Imports a picked backup: a ZIP (events, then its files, each checked by hash) or an
    /// old `.json` backup (events only). A file that is not a backup, a cut archive or a bad
    /// CRC-32 is refused before anything is written; events merge by id in batches as
    /// [`Desk::import_backup`] does. `on_progress` is told of each batch of events and each
    /// file checked and stored.
    pub async fn import_backup_file(
        &self,
        file: &web_sys::Blob,
        signals: DeskSignals,
        mut on_progress: impl FnMut(BackupProgress),
    ) -> Result<BackupImport, BackupProblem> {
        let len = file.size() as u64;
        let head = read(file, 0, len.min(4)).await?;
        if !is_zip(&head) {
            let text = JsFuture::from(file.text()).await.map_err(js)?;
            let text = text.as_string().unwrap_or_default();
            let backup = parse_backup(&text).map_err(BackupProblem::Bad)?;
            drop(text);
            let count = self
                .import_backup(&backup, signals, |p| on_progress(BackupProgress::Events(p)))
                .await?;
            return Ok(BackupImport {
                count,
                listed: backup.attachments.len(),
                files: None,
                not_included: backup.attachments.len(),
                refused: Vec::new(),
            });
        }
        let (backup, keep, refused) = read_zip(file, &head, len, &mut on_progress).await?;
        let count = self
            .import_backup(&backup, signals, |p| on_progress(BackupProgress::Events(p)))
            .await?;
        let known = BackupFiles::of(&backup.events);
        let (mut added, mut present) = (0, 0);
        let total = keep.len();
        for (done, (hash, start, end)) in keep.into_iter().enumerate() {
            on_progress(BackupProgress::Files {
                step: FilesStep::Storing,
                done,
                total,
            });
            let Some(info) = known.get(&hash) else {
                continue;
            };
            let blob = file
                .slice_with_f64_and_f64_and_content_type(start as f64, end as f64, &info.mime)
                .map_err(js)?;
            let stored = self
                .store
                .put_imported_blob(&hash, &info.mime, &blob, &info.announced_by)
                .await?;
            if stored {
                added += 1;
            } else {
                present += 1;
            }
        }
        crate::app::broadcast::announce_change();
        Ok(BackupImport {
            count,
            listed: backup.attachments.len(),
            files: Some((added, present)),
            not_included: not_included(&backup.attachments),
            refused,
        })
    }
}

/// A file to store: its hash and where its bytes are in the archive.
type Keep = (ContentHash, u64, u64);

/// Reads and checks a backup ZIP without writing anything: its backup, the files to keep, and
/// the attachments whose bytes were refused.
async fn read_zip(
    file: &web_sys::Blob,
    head: &[u8],
    len: u64,
    on_progress: &mut impl FnMut(BackupProgress),
) -> Result<(Backup, Vec<Keep>, Vec<NamedFile>), BackupProblem> {
    let tail = read(file, len.saturating_sub(zip::TAIL_LEN), len).await?;
    let dir = zip::find_directory(head, &tail, len)?;
    let directory = read(file, dir.offset, dir.offset + dir.size).await?;
    let entries = zip::read_directory(&dir, &directory)?;
    let json_entry = entries
        .iter()
        .find(|e| e.name == BACKUP_JSON)
        .ok_or(BackupProblem::Bad(BackupError::NoBackupJson))?;
    let (start, end) = data_range(file, json_entry).await?;
    let json = read(file, start, end).await?;
    json_entry.check(&json)?;
    let backup = parse_backup(&String::from_utf8_lossy(&json)).map_err(BackupProblem::Bad)?;
    drop(json);
    let known = BackupFiles::of(&backup.events);
    let mut seen = HashSet::new();
    let (mut keep, mut refused) = (Vec::new(), Vec::new());
    // The files the backup's events announce (any other entry is left out unread).
    let to_check: Vec<(&ZipEntry, ContentHash)> = entries
        .iter()
        .filter_map(|entry| {
            crate::domain::backup_zip::entry_hash(&entry.name).map(|named| (entry, named))
        })
        .filter(|(_, named)| known.get(named).is_some())
        .collect();
    let total = to_check.len();
    for (done, (entry, named)) in to_check.into_iter().enumerate() {
        on_progress(BackupProgress::Files {
            step: FilesStep::Checking,
            done,
            total,
        });
        let (start, end) = data_range(file, entry).await?;
        let (mut crc, mut sha) = (Crc32::default(), ContentHasher::default());
        read_slices(file, start, end, |bytes| {
            crc.update(bytes);
            sha.update(bytes);
        })
        .await?;
        entry.check_crc(crc.finish())?;
        match known.verdict(&named, &sha.finish()) {
            FileVerdict::Keep(hash) if seen.insert(hash.clone()) => keep.push((hash, start, end)),
            FileVerdict::Refused(names) => refused.extend(names),
            _ => {}
        }
    }
    Ok((backup, keep, refused))
}

impl Desk {
    /// A backup of everything stored on this device: the events, and every attachment they
    /// add with its entry in the backup ZIP when this device holds its bytes
    /// ([`crate::domain::backup_zip`]; the ZIP itself: [`crate::app::backup_zip`]).
    pub async fn export_backup(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Backup, StoreError> {
        let events = self.store.events().await?;
        let held = self
            .store
            .held_blobs()
            .await?
            .into_iter()
            .map(|h| h.hash)
            .collect();
        let attachments = backup_attachments(&events, &held);
        Ok(Backup::new(self.device.clone(), now, events, attachments))
    }

    /// Merges a parsed backup's events (by id; importing twice changes nothing), in batched
    /// transactions of whole tickets (`on_batch` is told after each one committed), then tells
    /// the other tabs and refreshes the views.
    pub async fn import_backup(
        &self,
        backup: &Backup,
        signals: DeskSignals,
        on_batch: impl FnMut(ImportProgress),
    ) -> Result<ImportCount, StoreError> {
        let result = self
            .store
            .import_events_with_progress(&backup.events, IMPORT_BATCH, on_batch)
            .await;
        // Batches committed before an error are kept: show them either way.
        broadcast::announce_change();
        self.refresh(signals).await?;
        result
    }
}
