//! Reading a stored ZIP in pieces: [`find_directory`] from the archive's first bytes and its
//! tail, [`read_directory`] from the directory's bytes, then each entry's data range from its
//! local header ([`ZipEntry::data_range`]) and its CRC-32 check ([`ZipEntry::check`]).

use super::write::{CENTRAL_SIG, END_SIG, LOCAL_SIG};
use super::{crc32, ZipError};

/// How many bytes from the end of an archive hold its end record (22 bytes and a comment of at
/// most 65,535).
pub const TAIL_LEN: u64 = 22 + u16::MAX as u64;
/// The fixed part of a local header.
pub const LOCAL_HEADER_LEN: u64 = 30;

/// Where the central directory is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directory {
    pub offset: u64,
    pub size: u64,
    pub count: usize,
}

/// An entry of the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipEntry {
    pub name: String,
    pub crc: u32,
    pub size: u64,
    /// Where its local header starts.
    pub header_offset: u64,
    /// Where the entries end (the directory's offset): no entry's data goes past it.
    limit: u64,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Finds the central directory of an archive of `len` bytes from its first bytes (`head`, 4 are
/// enough) and its last [`TAIL_LEN`] bytes or fewer (`tail`).
pub fn find_directory(head: &[u8], tail: &[u8], len: u64) -> Result<Directory, ZipError> {
    let starts_as_zip = head.starts_with(&LOCAL_SIG.to_le_bytes());
    let end = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&at| u32_at(tail, at) == END_SIG);
    let Some(at) = end else {
        return Err(if starts_as_zip {
            ZipError::Truncated
        } else {
            ZipError::NotZip
        });
    };
    let (count, size, offset) = (
        u16_at(tail, at + 10),
        u32_at(tail, at + 12),
        u32_at(tail, at + 16),
    );
    if count == u16::MAX || offset == u32::MAX {
        return Err(ZipError::Unsupported {
            entry: String::new(),
            what: "ZIP64",
        });
    }
    let end_at = len - (tail.len() - at) as u64;
    if offset as u64 + size as u64 > end_at {
        return Err(ZipError::Truncated);
    }
    Ok(Directory {
        offset: offset as u64,
        size: size as u64,
        count: count as usize,
    })
}

/// The entries listed in the directory's bytes `bytes` (of `dir`).
pub fn read_directory(dir: &Directory, bytes: &[u8]) -> Result<Vec<ZipEntry>, ZipError> {
    let corrupt = |what| ZipError::Corrupt { what };
    let mut entries = Vec::with_capacity(dir.count);
    let mut at = 0usize;
    for _ in 0..dir.count {
        if bytes.len() < at + 46 || u32_at(bytes, at) != CENTRAL_SIG {
            return Err(corrupt("directory entry"));
        }
        let (flags, method) = (u16_at(bytes, at + 8), u16_at(bytes, at + 10));
        let (name_len, extra_len, comment_len) = (
            u16_at(bytes, at + 28) as usize,
            u16_at(bytes, at + 30) as usize,
            u16_at(bytes, at + 32) as usize,
        );
        let next = at + 46 + name_len + extra_len + comment_len;
        if bytes.len() < next {
            return Err(corrupt("directory entry"));
        }
        let name = String::from_utf8_lossy(&bytes[at + 46..at + 46 + name_len]).into_owned();
        let (compressed, size) = (u32_at(bytes, at + 20), u32_at(bytes, at + 24));
        let header_offset = u32_at(bytes, at + 42);
        let unsupported = |what| ZipError::Unsupported {
            entry: name.clone(),
            what,
        };
        if flags & 1 != 0 {
            return Err(unsupported("encryption"));
        }
        if method != 0 || compressed != size {
            return Err(unsupported("compression"));
        }
        if size == u32::MAX || header_offset == u32::MAX {
            return Err(unsupported("ZIP64"));
        }
        entries.push(ZipEntry {
            crc: u32_at(bytes, at + 16),
            size: size as u64,
            header_offset: header_offset as u64,
            limit: dir.offset,
            name,
        });
        at = next;
    }
    Ok(entries)
}

impl ZipEntry {
    /// Where the entry's data is (`start..end` in the archive), from the first
    /// [`LOCAL_HEADER_LEN`] bytes of its local header.
    pub fn data_range(&self, local: &[u8]) -> Result<(u64, u64), ZipError> {
        if local.len() < LOCAL_HEADER_LEN as usize || u32_at(local, 0) != LOCAL_SIG {
            return Err(ZipError::Corrupt {
                what: "local header",
            });
        }
        let start = self.header_offset
            + LOCAL_HEADER_LEN
            + u16_at(local, 26) as u64
            + u16_at(local, 28) as u64;
        let end = start + self.size;
        if end > self.limit {
            return Err(ZipError::Corrupt {
                what: "an entry overlaps the directory",
            });
        }
        Ok((start, end))
    }

    /// Checks the entry's data against its CRC-32.
    pub fn check(&self, data: &[u8]) -> Result<(), ZipError> {
        self.check_crc(crc32(data))
    }

    /// Checks a CRC-32 computed in pieces ([`super::Crc32`]) against the entry's.
    pub fn check_crc(&self, crc: u32) -> Result<(), ZipError> {
        if crc == self.crc {
            Ok(())
        } else {
            Err(ZipError::BadCrc {
                entry: self.name.clone(),
            })
        }
    }
}

/// Every entry of an archive in memory with its data, each checked against its CRC-32.
pub fn read_archive(bytes: &[u8]) -> Result<Vec<(ZipEntry, &[u8])>, ZipError> {
    let len = bytes.len() as u64;
    let tail = &bytes[len.saturating_sub(TAIL_LEN) as usize..];
    let dir = find_directory(bytes, tail, len)?;
    let entries = read_directory(
        &dir,
        &bytes[dir.offset as usize..(dir.offset + dir.size) as usize],
    )?;
    entries
        .into_iter()
        .map(|entry| {
            let at = entry.header_offset as usize;
            let local = bytes.get(at..at + LOCAL_HEADER_LEN as usize).unwrap_or(&[]);
            let (start, end) = entry.data_range(local)?;
            let data = &bytes[start as usize..end as usize];
            entry.check(data)?;
            Ok((entry, data))
        })
        .collect()
}
