//! The backup as a ZIP a person can open with any unzip tool (#16): the backup document as
//! `backup.json` (the same JSON as a `.json` backup, so its readers still understand it) and the
//! bytes of every attachment this device holds as `files/<sha256>/<name>` — one entry per
//! content, named by its SHA-256 and by the first attachment's file name. An attachment whose
//! bytes the device does not hold (never downloaded) is listed in `backup.json` without `file`.
//!
//! Importing reads `backup.json`, checks every entry's CRC-32 (a bad one refuses the whole file
//! before anything is written) and every file's SHA-256 against its name: a file whose bytes do
//! not match is not kept and is named by its attachments' names and ticket numbers
//! ([`BackupFiles::verdict`]). [`open_backup_zip`] does it for a ZIP in memory; the browser
//! does the same step by step over a `File` (src/app/backup_zip.rs).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::backup::{parse_backup, AttachmentMeta, Backup, BackupError};
use super::content_hash::ContentHash;
use super::event::{Event, EventId, EventKind, TicketId};
use super::zip::{self, ZipError};

/// The backup document's entry.
pub const BACKUP_JSON: &str = "backup.json";
/// The folder of the files' entries.
pub const FILES_DIR: &str = "files";

/// Whether a file's first bytes are a ZIP's (a local header, or the end of an empty archive).
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// The entry of a file: `files/<sha256>/<name>`, the name made safe for every file system.
///
/// ```
/// use mesa::domain::backup_zip::{entry_hash, file_entry};
/// use mesa::domain::content_hash::ContentHash;
/// let hash = ContentHash::of(b"x");
/// let entry = file_entry(&hash, "../fotos/sitio:1.jpg");
/// assert_eq!(entry, format!("files/{hash}/.._fotos_sitio_1.jpg"));
/// assert_eq!(entry_hash(&entry), Some(hash));
/// assert_eq!(entry_hash("backup.json"), None);
/// ```
pub fn file_entry(hash: &ContentHash, name: &str) -> String {
    let mut safe: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    while safe.len() > 150 {
        safe.pop();
    }
    if safe.is_empty() || safe == "." || safe == ".." {
        safe = "file".to_string();
    }
    format!("{FILES_DIR}/{hash}/{safe}")
}

/// The hash a file's entry is named by (`files/<sha256>/…` or `files/<sha256>`).
pub fn entry_hash(entry: &str) -> Option<ContentHash> {
    let rest = entry.strip_prefix(FILES_DIR)?.strip_prefix('/')?;
    ContentHash::parse(rest.split('/').next()?)
}

/// The attachments `events` add, each once (by id), for the backup's list: with its hash, and
/// its entry when `held` has its bytes.
pub fn backup_attachments(events: &[Event], held: &HashSet<ContentHash>) -> Vec<AttachmentMeta> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| a.order(b));
    let mut ids = HashSet::new();
    let mut entries: HashMap<ContentHash, String> = HashMap::new();
    let mut out = Vec::new();
    for event in sorted {
        let EventKind::AttachmentAdded(meta) = &event.kind else {
            continue;
        };
        if !ids.insert(meta.id.clone()) {
            continue;
        }
        let hash = meta.content_hash();
        let file = hash.filter(|h| held.contains(h)).map(|h| {
            entries
                .entry(h.clone())
                .or_insert_with(|| file_entry(&h, &meta.name))
                .clone()
        });
        out.push(AttachmentMeta {
            id: meta.id.clone(),
            ticket_id: event.ticket_id.clone(),
            name: meta.name.clone(),
            mime: meta.mime.clone(),
            size: meta.size,
            sha256: meta.content_hash().map(|h| h.to_string()),
            file,
        });
    }
    out
}

/// The files a backup's ZIP holds: each content once, with its entry, in list order.
pub fn included_files(attachments: &[AttachmentMeta]) -> Vec<(ContentHash, String)> {
    let mut seen = HashSet::new();
    attachments
        .iter()
        .filter_map(|a| Some((ContentHash::parse(a.sha256.as_deref()?)?, a.file.clone()?)))
        .filter(|(hash, _)| seen.insert(hash.clone()))
        .collect()
}

/// How many listed attachments have no bytes in the ZIP.
pub fn not_included(attachments: &[AttachmentMeta]) -> usize {
    attachments.iter().filter(|a| a.file.is_none()).count()
}

/// An attachment as a person knows it: its file name and its ticket's number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedFile {
    pub name: String,
    /// `None` when the backup does not hold the ticket's opening.
    pub ticket: Option<String>,
}

/// What the backup's events say about one content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub mime: String,
    /// The first event that attaches it (its upload waits for that event, as on its device).
    pub announced_by: EventId,
    pub named: Vec<NamedFile>,
}

/// The files a backup's events attach, by hash.
#[derive(Clone, Debug, Default)]
pub struct BackupFiles(HashMap<ContentHash, FileInfo>);

/// What to do with one `files/` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileVerdict {
    /// Its bytes hash to its name and an event attaches them: store them.
    Keep(ContentHash),
    /// Its bytes do not hash to its name: not kept; these attachments are named.
    Refused(Vec<NamedFile>),
    /// No event of the backup attaches it: not kept.
    Unreferenced,
}

impl BackupFiles {
    pub fn of(events: &[Event]) -> Self {
        let numbers: HashMap<&TicketId, &str> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Opened(o) => Some((&e.ticket_id, o.number.as_str())),
                _ => None,
            })
            .collect();
        let mut sorted: Vec<&Event> = events.iter().collect();
        sorted.sort_by(|a, b| a.order(b));
        let mut files: HashMap<ContentHash, FileInfo> = HashMap::new();
        for event in sorted {
            let EventKind::AttachmentAdded(meta) = &event.kind else {
                continue;
            };
            let Some(hash) = meta.content_hash() else {
                continue;
            };
            let info = files.entry(hash).or_insert_with(|| FileInfo {
                mime: meta.mime.clone(),
                announced_by: event.id.clone(),
                named: Vec::new(),
            });
            info.named.push(NamedFile {
                name: meta.name.clone(),
                ticket: numbers.get(&event.ticket_id).map(|n| n.to_string()),
            });
        }
        Self(files)
    }

    pub fn get(&self, hash: &ContentHash) -> Option<&FileInfo> {
        self.0.get(hash)
    }

    /// The verdict on the entry named by `named` whose bytes hash to `actual`.
    pub fn verdict(&self, named: &ContentHash, actual: &ContentHash) -> FileVerdict {
        match self.0.get(named) {
            None => FileVerdict::Unreferenced,
            Some(_) if named == actual => FileVerdict::Keep(actual.clone()),
            Some(info) => FileVerdict::Refused(info.named.clone()),
        }
    }
}

/// A whole backup ZIP in memory: `backup.json` first, then the files' entries.
pub fn write_backup_zip(
    backup: &Backup,
    files: &[(String, &[u8])],
    at: DateTime<Utc>,
) -> Result<Vec<u8>, ZipError> {
    let json = backup.to_json();
    let mut entries: Vec<(&str, &[u8])> = vec![(BACKUP_JSON, json.as_bytes())];
    entries.extend(files.iter().map(|(name, bytes)| (name.as_str(), *bytes)));
    zip::write_archive(at, &entries)
}

/// What a backup ZIP holds, checked.
#[derive(Debug)]
pub struct OpenedZip<'a> {
    pub backup: Backup,
    /// The files to store, each once, hash checked.
    pub files: Vec<(ContentHash, &'a [u8])>,
    /// The attachments whose bytes were refused (their hash did not match).
    pub refused: Vec<NamedFile>,
}

/// Reads a backup ZIP in memory (the browser reads a `File` the same way, entry by entry).
pub fn open_backup_zip(bytes: &[u8]) -> Result<OpenedZip<'_>, BackupError> {
    let entries = zip::read_archive(bytes).map_err(|e| match e {
        ZipError::NotZip if is_zip(bytes) => BackupError::NoBackupJson,
        e => BackupError::Archive(e),
    })?;
    let json = entries
        .iter()
        .find(|(e, _)| e.name == BACKUP_JSON)
        .ok_or(BackupError::NoBackupJson)?
        .1;
    let backup = parse_backup(&String::from_utf8_lossy(json))?;
    let known = BackupFiles::of(&backup.events);
    let mut seen = HashSet::new();
    let (mut files, mut refused) = (Vec::new(), Vec::new());
    for (entry, data) in entries {
        let Some(named) = entry_hash(&entry.name) else {
            continue;
        };
        match known.verdict(&named, &ContentHash::of(data)) {
            FileVerdict::Keep(hash) if seen.insert(hash.clone()) => files.push((hash, data)),
            FileVerdict::Refused(names) => refused.extend(names),
            _ => {}
        }
    }
    Ok(OpenedZip {
        backup,
        files,
        refused,
    })
}
