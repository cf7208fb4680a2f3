//! Why a file is not a backup this build can import ([`super::backup::parse_backup`], and the
//! ZIP around it: [`super::backup_zip`]), with a stable code for each message.

use std::fmt;

use super::backup::{FORMAT, VERSION};
use super::zip::ZipError;

/// Why a file is not a backup this build can import. Nothing is imported when parsing fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// The text is not JSON (`line` and `column` are 1-based, as editors show them).
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is not an object (`found`: array, string, number…).
    NotAnObject { found: &'static str },
    /// The object has no `"format": "mesa-backup"` (`found`: what it has instead, if anything).
    NotMesa { found: Option<String> },
    /// A Mesa backup of a version this build cannot read.
    UnsupportedVersion { found: String },
    /// A top-level field is missing or has the wrong type.
    Field {
        field: &'static str,
        problem: String,
    },
    /// `events[index]` is not a valid event.
    Event {
        index: usize,
        id: Option<String>,
        problem: String,
    },
    /// Two events share an id but differ (`first` is the index of the earlier one).
    DuplicateEvent {
        index: usize,
        first: usize,
        id: String,
    },
    /// `attachments[index]` is not valid attachment metadata.
    Attachment { index: usize, problem: String },
    /// A ZIP that cannot be read (cut short, a bad CRC-32, compressed…).
    Archive(ZipError),
    /// A ZIP without `backup.json`: not a Mesa backup.
    NoBackupJson,
}

impl BackupError {
    /// A stable code for locale lookup: `backup_error.<code>`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotJson { .. } => "not_json",
            Self::NotAnObject { .. } => "not_an_object",
            Self::NotMesa { found: None } => "not_mesa",
            Self::NotMesa { found: Some(_) } => "other_format",
            Self::UnsupportedVersion { .. } => "unsupported_version",
            Self::Field { .. } => "field",
            Self::Event { .. } => "event",
            Self::DuplicateEvent { .. } => "duplicate_event",
            Self::Attachment { .. } => "attachment",
            Self::Archive(ZipError::NotZip) | Self::NoBackupJson => "zip_not_backup",
            Self::Archive(ZipError::Truncated) => "zip_truncated",
            Self::Archive(ZipError::BadCrc { .. }) => "zip_bad_crc",
            Self::Archive(ZipError::Unsupported { .. }) => "zip_unsupported",
            Self::Archive(ZipError::Corrupt { .. }) => "zip_corrupt",
            Self::Archive(ZipError::TooLarge) => "zip_too_large",
        }
    }

    /// The values for the locale text's `{placeholders}`.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::NotJson {
                line,
                column,
                message,
            } => vec![
                ("line", line.to_string()),
                ("column", column.to_string()),
                ("message", message.clone()),
            ],
            Self::NotAnObject { found } => vec![("found", found.to_string())],
            Self::NotMesa { found } => vec![("found", found.clone().unwrap_or_default())],
            Self::UnsupportedVersion { found } => {
                vec![("found", found.clone()), ("supported", VERSION.to_string())]
            }
            Self::Field { field, problem } => {
                vec![("field", field.to_string()), ("problem", problem.clone())]
            }
            Self::Event { index, id, problem } => vec![
                ("index", index.to_string()),
                ("id", id.clone().unwrap_or_default()),
                ("problem", problem.clone()),
            ],
            Self::DuplicateEvent { index, first, id } => vec![
                ("index", index.to_string()),
                ("first", first.to_string()),
                ("id", id.clone()),
            ],
            Self::Attachment { index, problem } => {
                vec![("index", index.to_string()), ("problem", problem.clone())]
            }
            Self::Archive(ZipError::BadCrc { entry }) => vec![("entry", entry.clone())],
            Self::Archive(ZipError::Unsupported { entry, what }) => {
                vec![("entry", entry.clone()), ("what", what.to_string())]
            }
            Self::Archive(ZipError::Corrupt { what }) => vec![("what", what.to_string())],
            Self::Archive(_) | Self::NoBackupJson => Vec::new(),
        }
    }
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson {
                line,
                column,
                message,
            } => write!(f, "not JSON (line {line}, column {column}): {message}"),
            Self::NotAnObject { found } => write!(f, "not a Mesa backup: the file is {found}"),
            Self::NotMesa { found: None } => {
                write!(f, "not a Mesa backup: no \"format\": \"{FORMAT}\"")
            }
            Self::NotMesa { found: Some(x) } => {
                write!(f, "not a Mesa backup: format is \"{x}\"")
            }
            Self::UnsupportedVersion { found } => write!(
                f,
                "backup version {found} is not supported (this version reads {VERSION})"
            ),
            Self::Field { field, problem } => write!(f, "field \"{field}\": {problem}"),
            Self::Event { index, id, problem } => match id {
                Some(id) => write!(f, "events[{index}] (id {id}): {problem}"),
                None => write!(f, "events[{index}]: {problem}"),
            },
            Self::DuplicateEvent { index, first, id } => write!(
                f,
                "events[{index}] has the id {id} of events[{first}] but different content"
            ),
            Self::Attachment { index, problem } => write!(f, "attachments[{index}]: {problem}"),
            Self::Archive(e) => e.fmt(f),
            Self::NoBackupJson => write!(f, "not a Mesa backup: the ZIP has no backup.json"),
        }
    }
}

impl std::error::Error for BackupError {}
