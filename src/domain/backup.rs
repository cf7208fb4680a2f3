//! Backups, as pure data: the backup document (every event plus the metadata of the
//! attachments) and its strict parser with errors that say what is wrong and where. The queue's
//! CSV export is [`crate::domain::queue_csv`].
//!
//! The backup is one JSON object:
//!
//! ```json
//! {"format": "mesa-backup", "version": 1, "exported_at": "2026-10-15T12:00:00Z",
//!  "device": "dev0123456789", "events": [ ...event documents... ],
//!  "attachments": [ {"id", "ticket_id", "name", "mime", "size", "sha256"?, "file"?} ]}
//! ```
//!
//! Importing merges by event id (the store skips ids it already has), so importing the same
//! file twice changes nothing. Since #16 the document travels as `backup.json` inside a ZIP with
//! the files' bytes ([`super::backup_zip`]); `file` names an attachment's entry in that ZIP.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::backup::{parse_backup, Backup};
//! let now = Utc.with_ymd_and_hms(2026, 10, 15, 12, 0, 0).unwrap();
//! let json = Backup::new("tablet-7", now, Vec::new(), Vec::new()).to_json();
//! assert_eq!(parse_backup(&json).unwrap().device, "tablet-7");
//! assert!(parse_backup("[]").is_err());
//! ```

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use super::backup_error::BackupError;
use super::event::{Event, TicketId};

/// The `format` field every Mesa backup carries.
pub const FORMAT: &str = "mesa-backup";
/// The backup format version this build writes and reads.
pub const VERSION: u64 = 1;

/// What a backup says about an attachment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: String,
    pub ticket_id: TicketId,
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// The SHA-256 of its bytes (absent for files attached before #16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Its entry in the backup ZIP (`files/<sha256>/<name>`); absent: the bytes are not in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A parsed (or to-be-written) backup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u64,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub exported_at: DateTime<Utc>,
    pub device: String,
    pub events: Vec<Event>,
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
}

impl Backup {
    /// A backup of `events` and `attachments` made on `device` at `now`.
    pub fn new(
        device: impl Into<String>,
        now: DateTime<Utc>,
        events: Vec<Event>,
        attachments: Vec<AttachmentMeta>,
    ) -> Self {
        Self {
            format: FORMAT.to_string(),
            version: VERSION,
            exported_at: now,
            device: device.into(),
            events,
            attachments,
        }
    }

    /// The document as JSON text (indented, so an error's line number points somewhere
    /// readable).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A file name for the download (the ZIP with this document and the files):
    /// `mesa-respaldo-YYYYMMDD-HHMM.zip`.
    pub fn file_name(&self) -> String {
        format!(
            "mesa-respaldo-{}.zip",
            self.exported_at.format("%Y%m%d-%H%M")
        )
    }
}

pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses and checks a backup file. Every problem names where it is: a line and column for
/// text that is not JSON, a field name, or the index of the event or attachment.
pub fn parse_backup(text: &str) -> Result<Backup, BackupError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| BackupError::NotJson {
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    let Value::Object(mut root) = value else {
        return Err(BackupError::NotAnObject {
            found: kind_of(&value),
        });
    };
    match root.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => {
            return Err(BackupError::NotMesa {
                found: Some(f.clone()),
            })
        }
        _ => return Err(BackupError::NotMesa { found: None }),
    }
    let version = root.get("version").cloned().unwrap_or(Value::Null);
    if version.as_u64() != Some(VERSION) {
        return Err(BackupError::UnsupportedVersion {
            found: version.to_string(),
        });
    }
    let exported_at = match root.get("exported_at") {
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| BackupError::Field {
                field: "exported_at",
                problem: format!("\"{s}\" is not an RFC 3339 date ({e})"),
            })?,
        Some(other) => return Err(wrong_type("exported_at", "a date text", other)),
        None => return Err(missing("exported_at")),
    };
    let device = match root.get("device") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(wrong_type("device", "a text", other)),
        None => return Err(missing("device")),
    };
    let events = match root.remove("events") {
        Some(Value::Array(items)) => parse_events(items)?,
        Some(other) => return Err(wrong_type("events", "an array", &other)),
        None => return Err(missing("events")),
    };
    let attachments = match root.remove("attachments") {
        Some(Value::Array(items)) => parse_attachments(items)?,
        Some(Value::Null) | None => Vec::new(),
        Some(other) => return Err(wrong_type("attachments", "an array", &other)),
    };
    Ok(Backup {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at,
        device,
        events,
        attachments,
    })
}

/// serde_json's message without its trailing " at line L column C" (shown separately).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn missing(field: &'static str) -> BackupError {
    BackupError::Field {
        field,
        problem: "missing".to_string(),
    }
}

fn wrong_type(field: &'static str, expected: &str, found: &Value) -> BackupError {
    BackupError::Field {
        field,
        problem: format!("expected {expected}, found {}", kind_of(found)),
    }
}

fn parse_events(items: Vec<Value>) -> Result<Vec<Event>, BackupError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut events: Vec<Event> = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(Value::as_str).map(str::to_string);
        if !item.is_object() {
            return Err(BackupError::Event {
                index,
                id,
                problem: format!("expected an object, found {}", kind_of(&item)),
            });
        }
        let event: Event = serde_json::from_value(item).map_err(|e| BackupError::Event {
            index,
            id: id.clone(),
            problem: e.to_string(),
        })?;
        for (value, what) in [(&event.id.0, "id"), (&event.ticket_id.0, "ticket_id")] {
            if value.trim().is_empty() {
                return Err(BackupError::Event {
                    index,
                    id: id.clone(),
                    problem: format!("empty {what}"),
                });
            }
        }
        match seen.get(&event.id.0) {
            Some(&first) if events[first] == event => continue,
            Some(&first) => {
                return Err(BackupError::DuplicateEvent {
                    index,
                    first,
                    id: event.id.0,
                })
            }
            None => {
                seen.insert(event.id.0.clone(), events.len());
                events.push(event);
            }
        }
    }
    Ok(events)
}

fn parse_attachments(items: Vec<Value>) -> Result<Vec<AttachmentMeta>, BackupError> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let meta: AttachmentMeta =
                serde_json::from_value(item).map_err(|e| BackupError::Attachment {
                    index,
                    problem: e.to_string(),
                })?;
            if meta.id.trim().is_empty() {
                return Err(BackupError::Attachment {
                    index,
                    problem: "empty id".to_string(),
                });
            }
            Ok(meta)
        })
        .collect()
}
