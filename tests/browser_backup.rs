//! The backup ZIP in a real browser (#16): a desk with two attached files exports a ZIP that a
//! fresh database imports with the same events and both files' bytes, each checked against its
//! hash; importing it twice changes nothing; a file whose bytes were swapped is refused and
//! named while the rest comes in; a bad CRC-32 writes nothing; an old `.json` backup imports.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use mesa::app::backup_zip::{BackupProblem, BackupProgress, FilesStep};
use mesa::app::desk::{Desk, DeskSignals};
use mesa::domain::backup::BackupError;
use mesa::domain::backup_zip::{open_backup_zip, write_backup_zip, NamedFile};
use mesa::domain::content_hash::ContentHash;
use mesa::domain::event::*;
use mesa::domain::zip::ZipError;
use mesa::store::NewAttachment;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

#[path = "browser_common/attachments.rs"]
mod attachments;
mod browser_common;
#[path = "browser_common/presets.rs"]
mod presets;

use attachments::{blob, desk, meta};
use browser_common::opened;

wasm_bindgen_test_configure!(run_in_browser);

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 foto del rack, sede norte \xff\xd9";
const LOG: &[u8] = b"2026-10-15 09:12 enlace caido en el router\n";

/// The progress a backup tells for `total` files going through `step`: before each file.
fn files_told(step: FilesStep, total: usize) -> Vec<BackupProgress> {
    (0..total)
        .map(|done| BackupProgress::Files { step, done, total })
        .collect()
}

async fn bytes_of(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = JsFuture::from(blob.array_buffer()).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

fn added(on: &Event, n: u128, meta: Attachment) -> Event {
    let hlc = on.hlc.tick(on.hlc.wall_ms + n as i64 * 1000);
    let id = EventId::from_parts(hlc.wall_ms, 100 + n);
    Event::new(
        id,
        on.ticket_id.clone(),
        hlc,
        "tester",
        EventKind::AttachmentAdded(meta),
    )
}

/// Every event of the desk by id.
async fn events(desk: &Desk) -> BTreeMap<String, Event> {
    let all = desk.store.events().await.unwrap();
    all.into_iter().map(|e| (e.id.0.clone(), e)).collect()
}

/// A desk with a photo and a log attached to one ticket, and a third file attached on another
/// device whose bytes never reached this one.
async fn desk_with_files() -> (std::rc::Rc<Desk>, Event) {
    let desk = desk("backup-src").await;
    let open = opened(21, "Minera Sur");
    let photo = meta("att-photo", "rack norte.jpg", "image/jpeg", PHOTO);
    let log = meta("att-log", "router.log", "text/plain", LOG);
    let far = meta("att-far", "lejos.png", "image/png", b"never here");
    let files = vec![
        NewAttachment {
            ticket_id: open.ticket_id.clone(),
            meta: photo.clone(),
            blob: blob(PHOTO),
        },
        NewAttachment {
            ticket_id: open.ticket_id.clone(),
            meta: log.clone(),
            blob: blob(LOG),
        },
    ];
    let events = vec![
        open.clone(),
        added(&open, 1, photo),
        added(&open, 2, log),
        added(&open, 3, far),
    ];
    desk.append_with_files(events, files, DeskSignals::new())
        .await
        .expect("saved");
    (desk, open)
}

#[wasm_bindgen_test]
async fn a_backup_zip_restores_events_and_files_on_a_fresh_database_once() {
    let (source, open) = desk_with_files().await;
    let mut packed = Vec::new();
    let zip = source
        .export_backup_zip(chrono::Utc::now(), |p| packed.push(p))
        .await
        .expect("exported");
    // Each file was told before it was read.
    assert_eq!(packed, files_told(FilesStep::Packing, 2));
    assert!(zip.file_name.ends_with(".zip"));
    assert_eq!((zip.events, zip.files, zip.not_included), (4, 2, 1));
    assert_eq!(zip.blob.type_(), "application/zip");
    // The archive as bytes: the domain's reader (CRC-32 and SHA-256 checked) agrees.
    let bytes = bytes_of(&zip.blob).await;
    let opened_zip = open_backup_zip(&bytes).expect("a backup ZIP");
    assert_eq!(opened_zip.files.len(), 2);
    assert!(opened_zip.refused.is_empty());

    let target = desk("backup-dst").await;
    let signals = DeskSignals::new();
    let mut batches = 0;
    let mut files = Vec::new();
    let first = target
        .import_backup_file(&zip.blob, signals, |p| match p {
            BackupProgress::Events(_) => batches += 1,
            files_told => files.push(files_told),
        })
        .await
        .expect("imported");
    assert!(batches >= 1);
    // Both files checked before anything was written, then both stored.
    let mut expected = files_told(FilesStep::Checking, 2);
    expected.extend(files_told(FilesStep::Storing, 2));
    assert_eq!(files, expected);
    assert_eq!((first.count.added, first.count.present), (4, 0));
    assert_eq!(first.files, Some((2, 0)));
    assert_eq!(first.not_included, 1);
    assert!(first.refused.is_empty());
    let want = events(&source).await;
    assert_eq!(
        events(&target).await,
        want,
        "the same events, byte for byte"
    );
    for bytes in [PHOTO, LOG] {
        let hash = ContentHash::of(bytes);
        let stored = target
            .store
            .blob(&hash)
            .await
            .unwrap()
            .expect("file stored");
        let read = bytes_of(&stored).await;
        assert_eq!(read, bytes);
        assert!(hash.verify(&read));
    }
    let held = target.store.held_blobs().await.unwrap();
    assert_eq!(held.len(), 2);
    assert!(
        held.iter().all(|h| !h.uploaded && h.event.is_some()),
        "uploaded like local files"
    );
    assert_eq!(
        target
            .store
            .blob(&ContentHash::of(b"never here"))
            .await
            .unwrap()
            .map(|_| ()),
        None
    );

    // Twice: nothing changes.
    let again = target
        .import_backup_file(&zip.blob, signals, |_| {})
        .await
        .expect("again");
    assert_eq!((again.count.added, again.count.present), (0, 4));
    assert_eq!(again.files, Some((0, 2)));
    assert_eq!(events(&target).await, want);
    assert_eq!(target.store.held_blobs().await.unwrap(), held);
    let _ = open;
}

#[wasm_bindgen_test]
async fn a_swapped_file_is_refused_and_named_a_bad_crc_writes_nothing_and_old_json_imports() {
    let (source, open) = desk_with_files().await;
    let backup = source.export_backup(chrono::Utc::now()).await.unwrap();
    let entry = |name: &str| {
        backup
            .attachments
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .file
            .clone()
            .unwrap()
    };
    let mut bad = PHOTO.to_vec();
    bad[4] ^= 0x20;
    let files: Vec<(String, &[u8])> =
        vec![(entry("rack norte.jpg"), &bad), (entry("router.log"), LOG)];
    let tampered = write_backup_zip(&backup, &files, chrono::Utc::now()).unwrap();

    let target = desk("backup-bad").await;
    let signals = DeskSignals::new();
    let done = target
        .import_backup_file(&blob(&tampered), signals, |_| {})
        .await
        .expect("imported without the bad file");
    assert_eq!(done.count.added, 4);
    assert_eq!(done.files, Some((1, 0)));
    let number = match &open.kind {
        EventKind::Opened(o) => o.number.clone(),
        _ => unreachable!(),
    };
    assert_eq!(
        done.refused,
        [NamedFile {
            name: "rack norte.jpg".into(),
            ticket: Some(number)
        }]
    );
    assert!(target
        .store
        .blob(&ContentHash::of(PHOTO))
        .await
        .unwrap()
        .is_none());
    assert!(target
        .store
        .blob(&ContentHash::of(&bad))
        .await
        .unwrap()
        .is_none());
    assert!(target
        .store
        .blob(&ContentHash::of(LOG))
        .await
        .unwrap()
        .is_some());

    // The same archive with a byte flipped inside the log (its CRC-32 no longer matches): the
    // whole file is refused before anything is written.
    let mut broken =
        write_backup_zip(&backup, &[(entry("router.log"), LOG)], chrono::Utc::now()).unwrap();
    let at = broken.windows(LOG.len()).position(|w| w == LOG).unwrap();
    broken[at] ^= 0x01;
    let empty = desk("backup-crc").await;
    let err = empty
        .import_backup_file(&blob(&broken), signals, |_| {})
        .await
        .unwrap_err();
    let BackupProblem::Bad(BackupError::Archive(ZipError::BadCrc { entry: named })) = err else {
        panic!("expected a bad CRC, got {err:?}");
    };
    assert_eq!(named, entry("router.log"));
    assert!(events(&empty).await.is_empty(), "nothing written");
    assert!(empty.store.held_blobs().await.unwrap().is_empty());

    // A cut archive: its own error, nothing written.
    let err = empty
        .import_backup_file(&blob(&tampered[..tampered.len() - 10]), signals, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            BackupProblem::Bad(BackupError::Archive(ZipError::Truncated))
        ),
        "{err:?}"
    );
    assert!(events(&empty).await.is_empty());

    // An old .json backup: its events, no files.
    let old = empty
        .import_backup_file(&blob(backup.to_json().as_bytes()), signals, |_| {})
        .await
        .expect("json imported");
    assert_eq!(old.count.added, 4);
    assert_eq!(old.files, None);
    assert_eq!(old.listed, 3);
    assert!(empty.store.held_blobs().await.unwrap().is_empty());
}
