//! The backup ZIP (#16): written so any unzip tool (Python's `zipfile`, here) opens it with the
//! right names and bytes; read back to the same backup and files; a file whose bytes do not
//! hash to its name is refused and named by its file name and ticket number; a bad CRC, a cut
//! archive or a ZIP that is not a backup is refused with its own error; an old `.json` backup
//! still parses.

use std::collections::HashSet;
use std::process::Command;

use chrono::{TimeZone, Utc};
use mesa::domain::backup::*;
use mesa::domain::backup_zip::*;
use mesa::domain::content_hash::ContentHash;
use mesa::domain::event::*;
use mesa::domain::zip::{crc32, write_archive, ZipError, ZipWriter, MAX_SIZE};

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 a field photo, already compressed \xff\xd9";
const LOG: &[u8] = b"2026-10-15 09:12 enlace caido\n";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 15, 12, 30, 0).unwrap()
}

fn event(n: u128, ticket: &TicketId, kind: EventKind) -> Event {
    let hlc = Hlc::first(1_792_000_000_000 + n as i64 * 60_000, "tablet-7");
    Event::new(
        EventId::from_parts(hlc.wall_ms, n),
        ticket.clone(),
        hlc,
        "ana",
        kind,
    )
}

fn attach(n: u128, ticket: &TicketId, name: &str, bytes: &[u8]) -> Event {
    let meta = Attachment {
        id: format!("att{n}"),
        name: name.into(),
        mime: "application/octet-stream".into(),
        size: bytes.len() as u64,
        sha256: Some(ContentHash::of(bytes).to_string()),
    };
    event(n, ticket, EventKind::AttachmentAdded(meta))
}

/// A ticket with a photo, a log, the photo again under another name, and a file the device
/// never downloaded.
fn events() -> Vec<Event> {
    let hlc = Hlc::first(1_792_000_000_000, "tablet-7");
    let id = EventId::from_parts(hlc.wall_ms, 1);
    let ticket = id.as_ticket();
    let opened = Event::new(
        id,
        ticket.clone(),
        hlc,
        "ana",
        EventKind::Opened(Opened {
            number: "261015-00001".into(),
            customer: "Minera Sur".into(),
            ..Opened::default()
        }),
    );
    vec![
        opened,
        attach(2, &ticket, "sitio norte.jpg", PHOTO),
        attach(3, &ticket, "router.log", LOG),
        attach(4, &ticket, "copia.jpg", PHOTO),
        attach(5, &ticket, "lejos.png", b"bytes on another device"),
    ]
}

/// The backup and its ZIP as the app writes them, holding the photo and the log.
fn backup_zip() -> (Backup, Vec<u8>) {
    let events = events();
    let held = HashSet::from([ContentHash::of(PHOTO), ContentHash::of(LOG)]);
    let attachments = backup_attachments(&events, &held);
    let files: Vec<(String, &[u8])> = included_files(&attachments)
        .into_iter()
        .map(|(hash, entry)| {
            (
                entry,
                if hash == ContentHash::of(PHOTO) {
                    PHOTO
                } else {
                    LOG
                },
            )
        })
        .collect();
    let backup = Backup::new("tablet-7", now(), events, attachments);
    let zip = write_backup_zip(&backup, &files, now()).unwrap();
    (backup, zip)
}

fn python(zip: &[u8], script: &str) -> String {
    let dir = std::env::temp_dir().join(format!("mesa-zip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{:x}.zip", crc32(script.as_bytes())));
    std::fs::write(&path, zip).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_backup_lists_every_attachment_and_holds_each_held_content_once() {
    let (backup, _) = backup_zip();
    let names: Vec<_> = backup.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["sitio norte.jpg", "router.log", "copia.jpg", "lejos.png"]
    );
    let photo = format!("files/{}/sitio norte.jpg", ContentHash::of(PHOTO));
    assert_eq!(backup.attachments[0].file.as_deref(), Some(photo.as_str()));
    // The copy points at the same entry; the file not on this device has none.
    assert_eq!(backup.attachments[2].file, backup.attachments[0].file);
    assert_eq!(backup.attachments[3].file, None);
    assert!(backup.attachments.iter().all(|a| a.sha256.is_some()));
    assert_eq!(included_files(&backup.attachments).len(), 2);
    assert_eq!(not_included(&backup.attachments), 1);
}

#[test]
fn a_real_unzip_tool_reads_the_names_and_the_bytes() {
    let (backup, zip) = backup_zip();
    // `zipfile -t` reads every entry and checks its CRC-32.
    let tested = python(
        &zip,
        "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())",
    );
    assert_eq!(tested.trim(), "None");
    let listing = python(
        &zip,
        "import sys, zipfile, hashlib\n\
         z = zipfile.ZipFile(sys.argv[1])\n\
         for i in z.infolist():\n    \
             print(i.filename, i.compress_type, i.date_time, hashlib.sha256(z.read(i)).hexdigest())",
    );
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 3, "{listing}");
    let json_hash = ContentHash::of(backup.to_json().as_bytes());
    assert_eq!(
        lines[0],
        format!("backup.json 0 (2026, 10, 15, 12, 30, 0) {json_hash}")
    );
    let photo = ContentHash::of(PHOTO);
    assert_eq!(
        lines[1],
        format!("files/{photo}/sitio norte.jpg 0 (2026, 10, 15, 12, 30, 0) {photo}")
    );
    let log = ContentHash::of(LOG);
    assert_eq!(
        lines[2],
        format!("files/{log}/router.log 0 (2026, 10, 15, 12, 30, 0) {log}")
    );
}

#[test]
fn a_zip_made_by_python_with_stored_entries_is_read() {
    let bytes = python_zip(
        "import sys, zipfile\n\
         with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n    \
             z.writestr('a.txt', 'hola')\n    \
             z.writestr('dir/b.bin', bytes(range(256)) * 3)",
    );
    let entries = mesa::domain::zip::read_archive(&bytes).unwrap();
    assert_eq!(entries[0].0.name, "a.txt");
    assert_eq!(entries[0].1, b"hola");
    assert_eq!(entries[1].1.len(), 768);
}

#[test]
fn the_zip_reads_back_to_the_same_backup_and_files() {
    let (backup, zip) = backup_zip();
    let opened = open_backup_zip(&zip).unwrap();
    assert_eq!(opened.backup, backup);
    assert_eq!(
        opened.files,
        [(ContentHash::of(PHOTO), PHOTO), (ContentHash::of(LOG), LOG)]
    );
    assert!(opened.refused.is_empty());
    // The document inside is the `.json` backup: an old reader parses it alone.
    let json = &mesa::domain::zip::read_archive(&zip).unwrap()[0].1.to_vec();
    assert_eq!(
        parse_backup(std::str::from_utf8(json).unwrap()).unwrap(),
        backup
    );
}

#[test]
fn a_file_whose_bytes_do_not_match_its_hash_is_refused_and_named() {
    let (backup, _) = backup_zip();
    // A byte of the photo flipped, and the archive rewritten around it (its CRC-32 is right:
    // only the SHA-256 tells).
    let mut bad = PHOTO.to_vec();
    bad[5] ^= 0x01;
    let files: Vec<(String, &[u8])> = vec![
        (backup.attachments[0].file.clone().unwrap(), &bad),
        (backup.attachments[1].file.clone().unwrap(), LOG),
    ];
    let zip = write_backup_zip(&backup, &files, now()).unwrap();
    let opened = open_backup_zip(&zip).unwrap();
    assert_eq!(opened.files, [(ContentHash::of(LOG), LOG)]);
    let ticket = Some("261015-00001".to_string());
    assert_eq!(
        opened.refused,
        [
            NamedFile {
                name: "sitio norte.jpg".into(),
                ticket: ticket.clone()
            },
            NamedFile {
                name: "copia.jpg".into(),
                ticket
            },
        ]
    );
    // The events still come in whole.
    assert_eq!(opened.backup.events.len(), 5);
}

#[test]
fn a_flipped_byte_without_a_new_crc_is_a_bad_crc_naming_the_entry() {
    let (_, mut zip) = backup_zip();
    let at = find(&zip, PHOTO) + 3;
    zip[at] ^= 0x40;
    let err = open_backup_zip(&zip).unwrap_err();
    let entry = format!("files/{}/sitio norte.jpg", ContentHash::of(PHOTO));
    assert_eq!(
        err,
        BackupError::Archive(ZipError::BadCrc {
            entry: entry.clone()
        })
    );
    assert_eq!(err.code(), "zip_bad_crc");
    assert_eq!(err.args(), [("entry", entry)]);
}

#[test]
fn a_cut_archive_is_truncated() {
    let (_, zip) = backup_zip();
    for keep in [zip.len() - 1, zip.len() - 30, zip.len() / 2, 10] {
        let err = open_backup_zip(&zip[..keep]).unwrap_err();
        assert_eq!(
            err,
            BackupError::Archive(ZipError::Truncated),
            "cut at {keep}"
        );
        assert_eq!(err.code(), "zip_truncated");
    }
}

#[test]
fn a_zip_that_is_not_a_backup_is_refused_as_such() {
    let other = write_archive(now(), &[("notas.txt", b"hola".as_slice())]).unwrap();
    let err = open_backup_zip(&other).unwrap_err();
    assert_eq!(err, BackupError::NoBackupJson);
    assert_eq!(err.code(), "zip_not_backup");
    // A backup.json that is not a Mesa backup: the JSON's own error.
    let foreign =
        write_archive(now(), &[(BACKUP_JSON, br#"{"format": "otra"}"#.as_slice())]).unwrap();
    assert_eq!(
        open_backup_zip(&foreign).unwrap_err().code(),
        "other_format"
    );
    // An empty archive.
    let empty = write_archive(now(), &[]).unwrap();
    assert!(is_zip(&empty));
    assert_eq!(
        open_backup_zip(&empty).unwrap_err(),
        BackupError::NoBackupJson
    );
    // Not a ZIP at all.
    assert_eq!(
        open_backup_zip(b"just text").unwrap_err(),
        BackupError::Archive(ZipError::NotZip)
    );
    assert!(!is_zip(b"{\"format\""));
}

#[test]
fn a_compressed_entry_is_named_as_unsupported() {
    let zip = python_zip(
        "import sys, zipfile\n\
         with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n    \
             z.writestr('backup.json', '{}' * 100)",
    );
    let err = open_backup_zip(&zip).unwrap_err();
    assert_eq!(
        err,
        BackupError::Archive(ZipError::Unsupported {
            entry: "backup.json".into(),
            what: "compression"
        })
    );
    assert_eq!(err.code(), "zip_unsupported");
}

#[test]
fn past_4_gib_the_writer_refuses_cleanly() {
    let mut zip = ZipWriter::new(now());
    assert!(zip.entry("a", MAX_SIZE / 2, 0).is_ok());
    assert_eq!(zip.entry("b", MAX_SIZE / 2, 0), Err(ZipError::TooLarge));
    assert_eq!(
        BackupError::Archive(ZipError::TooLarge).code(),
        "zip_too_large"
    );
}

#[test]
fn an_old_json_backup_still_parses_with_its_attachments_listed() {
    let old = r#"{"format":"mesa-backup","version":1,"exported_at":"2026-10-15T12:00:00Z",
        "device":"tablet-7","events":[],
        "attachments":[{"id":"a","ticket_id":"t","name":"x.png","mime":"image/png","size":3}]}"#;
    assert!(!is_zip(old.as_bytes()));
    let backup = parse_backup(old).unwrap();
    assert_eq!(backup.attachments[0].sha256, None);
    assert_eq!(backup.attachments[0].file, None);
    assert_eq!(not_included(&backup.attachments), 1);
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
}

/// The bytes of the archive a Python script writes to `sys.argv[1]`.
fn python_zip(script: &str) -> Vec<u8> {
    let path = std::env::temp_dir().join(format!(
        "mesa-py-{}-{:x}.zip",
        std::process::id(),
        crc32(script.as_bytes())
    ));
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    bytes
}
