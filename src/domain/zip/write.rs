//! Writing a stored ZIP in pieces: [`ZipWriter::entry`] gives the local header that goes
//! before an entry's data, [`ZipWriter::finish`] the central directory that ends the archive.

use chrono::{DateTime, Datelike, Timelike, Utc};

use super::{crc32, ZipError, MAX_ENTRIES, MAX_SIZE};

pub(super) const LOCAL_SIG: u32 = 0x0403_4b50;
pub(super) const CENTRAL_SIG: u32 = 0x0201_4b50;
pub(super) const END_SIG: u32 = 0x0605_4b50;
/// Version 2.0: stored entries and directories.
const VERSION: u16 = 20;
/// Bit 11: the name is UTF-8.
const UTF8: u16 = 0x0800;

struct Written {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

/// Writes an archive entry by entry; the caller puts each entry's data right after its header.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mesa::domain::zip::{crc32, read_archive, ZipWriter};
/// let mut zip = ZipWriter::new(Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 6).unwrap());
/// let mut bytes = zip.entry("a.txt", 3, crc32(b"abc")).unwrap();
/// bytes.extend_from_slice(b"abc");
/// bytes.extend(zip.finish().unwrap());
/// assert_eq!(read_archive(&bytes).unwrap()[0].1, b"abc");
/// ```
pub struct ZipWriter {
    time: u16,
    date: u16,
    offset: u64,
    entries: Vec<Written>,
}

impl ZipWriter {
    /// A writer whose entries carry the modification time `at` (MS-DOS time: 2 s steps,
    /// years 1980–2107).
    pub fn new(at: DateTime<Utc>) -> Self {
        let year = at.year().clamp(1980, 2107) as u16;
        Self {
            time: (at.hour() as u16) << 11 | (at.minute() as u16) << 5 | (at.second() as u16 / 2),
            date: (year - 1980) << 9 | (at.month() as u16) << 5 | at.day() as u16,
            offset: 0,
            entries: Vec::new(),
        }
    }

    /// The local header of an entry named `name` whose `size` bytes (CRC-32 `crc`) follow it.
    /// Refused when the archive would pass 4 GiB or 65,535 entries.
    pub fn entry(&mut self, name: &str, size: u64, crc: u32) -> Result<Vec<u8>, ZipError> {
        let header_len = 30 + name.len() as u64;
        if name.len() > u16::MAX as usize
            || self.entries.len() >= MAX_ENTRIES
            || self.offset + header_len + size > MAX_SIZE
        {
            return Err(ZipError::TooLarge);
        }
        let mut out = Vec::with_capacity(header_len as usize);
        put32(&mut out, LOCAL_SIG);
        put16(&mut out, VERSION);
        self.common(&mut out, crc, size as u32, name);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        self.entries.push(Written {
            name: name.to_string(),
            crc,
            size: size as u32,
            offset: self.offset as u32,
        });
        self.offset += header_len + size;
        Ok(out)
    }

    /// The archive's end: the central directory and its end record.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        let mut out = Vec::new();
        for e in &self.entries {
            put32(&mut out, CENTRAL_SIG);
            put16(&mut out, 3 << 8 | VERSION); // made by: Unix, 2.0
            put16(&mut out, VERSION);
            self.common(&mut out, e.crc, e.size, &e.name);
            put16(&mut out, 0); // extra field length
            put16(&mut out, 0); // comment length
            put16(&mut out, 0); // disk number
            put16(&mut out, 0); // internal attributes
            put32(&mut out, 0o100644 << 16); // external: a regular file, rw-r--r--
            put32(&mut out, e.offset);
            out.extend_from_slice(e.name.as_bytes());
        }
        let size = out.len() as u64;
        if self.offset + size + 22 > MAX_SIZE {
            return Err(ZipError::TooLarge);
        }
        put32(&mut out, END_SIG);
        put16(&mut out, 0); // this disk
        put16(&mut out, 0); // the directory's disk
        put16(&mut out, self.entries.len() as u16);
        put16(&mut out, self.entries.len() as u16);
        put32(&mut out, size as u32);
        put32(&mut out, self.offset as u32);
        put16(&mut out, 0); // comment length
        Ok(out)
    }

    /// The fields local and central headers share, from "flags" to "name length".
    fn common(&self, out: &mut Vec<u8>, crc: u32, size: u32, name: &str) {
        put16(out, UTF8);
        put16(out, 0); // stored
        put16(out, self.time);
        put16(out, self.date);
        put32(out, crc);
        put32(out, size); // compressed size
        put32(out, size);
        put16(out, name.len() as u16);
    }
}

/// A whole archive of `entries` in memory (small archives, tests).
pub fn write_archive(at: DateTime<Utc>, entries: &[(&str, &[u8])]) -> Result<Vec<u8>, ZipError> {
    let mut zip = ZipWriter::new(at);
    let mut out = Vec::new();
    for (name, bytes) in entries {
        out.extend(zip.entry(name, bytes.len() as u64, crc32(bytes))?);
        out.extend_from_slice(bytes);
    }
    out.extend(zip.finish()?);
    Ok(out)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
