//! Freeing space (#16) in a real browser: with downloaded files of an old closed ticket, of an
//! open one and of both, and files captured here (one never uploaded, one uploaded), a pass
//! drops only the downloaded file that no ticket still needs, and only once its ticket has been
//! closed for more than the days chosen; the ticket then lists it as missing (to fetch again).
//! The store's own guard keeps a file captured here even when it is asked to drop it.
#![cfg(target_arch = "wasm32")]

use chrono::Duration;
use mesa::app::desk::{Desk, DeskSignals};
use mesa::app::sync::prune::free_space;
use mesa::domain::attachment_list::listed_attachments;
use mesa::domain::attachment_pruning::{Freed, PruneDays};
use mesa::domain::content_hash::ContentHash;
use mesa::domain::event::*;
use mesa::store::NewAttachment;
use wasm_bindgen_test::*;

#[path = "browser_common/attachments.rs"]
mod attachments;
mod browser_common;
#[path = "browser_common/presets.rs"]
mod presets;

use attachments::{blob, desk, meta};
use browser_common::opened;

wasm_bindgen_test_configure!(run_in_browser);

const OLD_ONLY: &[u8] = b"photo of a ticket closed long ago, downloaded";
const SHARED: &[u8] = b"log named by the old ticket and by an open one, downloaded";
const OPEN_ONLY: &[u8] = b"screenshot of an open ticket, downloaded";
const CAPTURED: &[u8] = b"photo taken here, never uploaded";
const UPLOADED: &[u8] = b"photo taken here and uploaded";
const BIN: &str = "application/octet-stream";

/// Event `n` on `on`'s ticket, `minutes` after it.
fn after(on: &Event, n: u128, minutes: i64, kind: EventKind) -> Event {
    let hlc = on.hlc.tick(on.hlc.wall_ms + minutes * 60_000);
    Event::new(
        EventId::from_parts(hlc.wall_ms, 500 + n),
        on.ticket_id.clone(),
        hlc,
        "tester",
        kind,
    )
}

async fn held(desk: &Desk, bytes: &[u8]) -> bool {
    desk.store
        .blob(&ContentHash::of(bytes))
        .await
        .unwrap()
        .is_some()
}

#[wasm_bindgen_test]
async fn only_downloaded_files_of_tickets_closed_long_ago_are_dropped() {
    let desk = desk("prune").await;
    let old = opened(31, "Minera Sur");
    let open = opened(32, "Banco Norte");
    let mine = opened(33, "Hotel Centro");
    let closed_old = after(&old, 1, 60, EventKind::Closed { note: "ok".into() });
    let closed_mine = after(&mine, 2, 60, EventKind::Closed { note: "ok".into() });
    let events = vec![
        old.clone(),
        after(
            &old,
            3,
            1,
            EventKind::AttachmentAdded(meta("old-only", "old-only.bin", BIN, OLD_ONLY)),
        ),
        after(
            &old,
            4,
            2,
            EventKind::AttachmentAdded(meta("shared-a", "shared-a.bin", BIN, SHARED)),
        ),
        closed_old.clone(),
        open.clone(),
        after(
            &open,
            5,
            1,
            EventKind::AttachmentAdded(meta("shared-b", "shared-b.bin", BIN, SHARED)),
        ),
        after(
            &open,
            6,
            2,
            EventKind::AttachmentAdded(meta("open-only", "open-only.bin", BIN, OPEN_ONLY)),
        ),
        mine.clone(),
        after(
            &mine,
            7,
            1,
            EventKind::AttachmentAdded(meta("captured", "captured.bin", BIN, CAPTURED)),
        ),
        after(
            &mine,
            8,
            2,
            EventKind::AttachmentAdded(meta("uploaded", "uploaded.bin", BIN, UPLOADED)),
        ),
        closed_mine,
    ];
    // The two files of the third ticket were captured on this device; one was uploaded since.
    let files = [("captured", CAPTURED), ("uploaded", UPLOADED)]
        .into_iter()
        .map(|(id, bytes)| NewAttachment {
            ticket_id: mine.ticket_id.clone(),
            meta: meta(id, &format!("{id}.bin"), BIN, bytes),
            blob: blob(bytes),
        })
        .collect();
    desk.append_with_files(events, files, DeskSignals::new())
        .await
        .expect("saved");
    desk.store
        .mark_blob_uploaded(&ContentHash::of(UPLOADED))
        .await
        .unwrap();
    // The others were downloaded from the endpoint.
    for bytes in [OLD_ONLY, SHARED, OPEN_ONLY] {
        desk.store
            .put_downloaded_blob(&ContentHash::of(bytes), BIN, &blob(bytes))
            .await
            .unwrap();
    }
    for bytes in [OLD_ONLY, SHARED, OPEN_ONLY, CAPTURED, UPLOADED] {
        assert!(held(&desk, bytes).await);
    }
    let closed_at = closed_old.at();

    // Closed 100 days ago: not yet for a device that keeps files 200 days.
    let now = closed_at + Duration::days(100);
    let kept_longer = free_space(&desk, PruneDays::new(200).unwrap(), now).await;
    assert_eq!(kept_longer, Ok(Freed::default()));
    assert!(held(&desk, OLD_ONLY).await);

    // With 30 days, only the file no other ticket needs goes, and its bytes are counted.
    let freed = free_space(&desk, PruneDays::new(30).unwrap(), now).await;
    assert_eq!(
        freed,
        Ok(Freed {
            files: 1,
            bytes: OLD_ONLY.len() as u64
        })
    );
    assert!(!held(&desk, OLD_ONLY).await);
    for bytes in [SHARED, OPEN_ONLY, CAPTURED, UPLOADED] {
        assert!(
            held(&desk, bytes).await,
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
    // Again: nothing more to free.
    let again = free_space(&desk, PruneDays::new(30).unwrap(), now).await;
    assert_eq!(again, Ok(Freed::default()));

    // The old ticket still lists the file, now as one to fetch again (what its page fetches
    // when it is opened); the shared file is still here.
    let events = desk.store.ticket_events(&old.ticket_id).await.unwrap();
    let listed = listed_attachments(&events);
    assert_eq!(listed.len(), 2);
    let files = desk.held_files(&old.ticket_id, &listed).await;
    assert_eq!(
        files.missing,
        [(
            ContentHash::of(OLD_ONLY),
            "application/octet-stream".to_string()
        )]
    );
    assert!(files.blobs.contains_key("shared-a"));
    assert!(!files.blobs.contains_key("old-only"));

    // Asked for files captured here, the store drops only the downloaded one among them.
    let asked: Vec<ContentHash> = [CAPTURED, UPLOADED, OPEN_ONLY]
        .iter()
        .map(|b| ContentHash::of(b))
        .collect();
    let dropped = desk.store.drop_downloaded_blobs(&asked).await.unwrap();
    let dropped: Vec<ContentHash> = dropped.into_iter().map(|d| d.hash).collect();
    assert_eq!(dropped, [ContentHash::of(OPEN_ONLY)]);
    assert!(held(&desk, CAPTURED).await);
    assert!(held(&desk, UPLOADED).await);
    assert!(!held(&desk, OPEN_ONLY).await);
}
