//! A minimal ZIP archive (PKWARE APPNOTE 6.3): entries **stored** (no compression: backups are
//! mostly photos, already compressed), names in UTF-8, CRC-32 checked, no ZIP64 — an archive,
//! or any entry, past 4 GiB is refused with [`ZipError::TooLarge`]. Any unzip tool opens what
//! [`ZipWriter`] writes.
//!
//! Both halves work in pieces so a browser never holds a whole archive: the writer gives the
//! bytes that go *around* each entry's data (the data itself can be a `Blob` part), the reader
//! finds the directory from the archive's tail and says where each entry's data is.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::zip::{read_archive, write_archive};
//! let at = Utc.with_ymd_and_hms(2026, 10, 15, 12, 0, 0).unwrap();
//! let zip = write_archive(at, &[("hola.txt", b"hola".as_slice())]).unwrap();
//! let entries = read_archive(&zip).unwrap();
//! assert_eq!(entries[0].0.name, "hola.txt");
//! assert_eq!(entries[0].1, b"hola");
//! ```

mod crc32;
mod read;
mod write;

use std::fmt;

pub use crc32::{crc32, Crc32};
pub use read::{
    find_directory, read_archive, read_directory, Directory, ZipEntry, LOCAL_HEADER_LEN, TAIL_LEN,
};
pub use write::{write_archive, ZipWriter};

/// The largest archive or entry without ZIP64: 4 GiB - 1 byte.
pub const MAX_SIZE: u64 = u32::MAX as u64;
/// The most entries without ZIP64.
pub const MAX_ENTRIES: usize = u16::MAX as usize;

/// Why bytes are not an archive this module reads, or cannot be written as one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// No ZIP structure at all.
    NotZip,
    /// It starts as a ZIP but ends before its directory, or the directory points past the end.
    Truncated,
    /// The bytes of `entry` do not match the CRC-32 the archive records for them.
    BadCrc { entry: String },
    /// The entry uses what this reader does not (compression, encryption, ZIP64).
    Unsupported { entry: String, what: &'static str },
    /// The directory is malformed (a wrong signature, an entry outside the archive).
    Corrupt { what: &'static str },
    /// Writing: the archive would pass 4 GiB or 65,535 entries (no ZIP64).
    TooLarge,
}

impl ZipError {
    /// A stable code, for locale lookup.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotZip => "not_zip",
            Self::Truncated => "truncated",
            Self::BadCrc { .. } => "bad_crc",
            Self::Unsupported { .. } => "unsupported",
            Self::Corrupt { .. } => "corrupt",
            Self::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotZip => write!(f, "not a ZIP archive"),
            Self::Truncated => write!(f, "the ZIP archive is cut short"),
            Self::BadCrc { entry } => write!(f, "\"{entry}\": CRC-32 does not match its bytes"),
            Self::Unsupported { entry, what } => write!(f, "\"{entry}\": {what} not supported"),
            Self::Corrupt { what } => write!(f, "damaged ZIP archive: {what}"),
            Self::TooLarge => write!(f, "larger than 4 GiB or 65,535 files (no ZIP64)"),
        }
    }
}

impl std::error::Error for ZipError {}
