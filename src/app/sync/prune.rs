//! Freeing space on this device (#16): dropping the downloaded bytes of tickets closed more
//! than N days ago (the rule: [`crate::domain::attachment_pruning`]). The attachments stay
//! listed; a ticket opened later shows them as not on this device and fetches them again
//! ([`super::blobs::fetch_files`]). Bytes captured here are never dropped.
//!
//! The setting is this device's own (a `meta` key, never synced). When it is on, a pass runs
//! after a sync ([`after_sync`], at most every [`AUTO_EVERY_MS`], so a file opened today is not
//! dropped again at the next minute's sync); "Liberar ahora" runs [`free_space_now`].
//! Nothing is dropped while no endpoint is configured: the bytes could not be fetched again.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::app::desk::{try_desk, Desk};
use crate::domain::attachment_list::referenced_hashes;
use crate::domain::attachment_pruning::{
    prunable, CopyOrigin, FileUse, Freed, HeldCopy, PruneDays, PruneSetting, TicketClosure,
};
use crate::store::{HeldBlob, StoreError};
use crate::sync::browser::settings::SyncSettings;

/// The `meta` key of this device's [`PruneSetting`].
pub const PRUNE_KEY: &str = "attachments_prune";
/// The shortest time between two passes after syncs (six hours).
pub const AUTO_EVERY_MS: i64 = 6 * 60 * 60 * 1000;

thread_local! {
    /// When this tab last ran a pass after a sync.
    static LAST_AUTO: Cell<Option<i64>> = const { Cell::new(None) };
}

/// This device's setting (off, with the default days, when none is stored).
pub async fn prune_setting(desk: &Desk) -> PruneSetting {
    let code = desk.store.meta_string(PRUNE_KEY).await.ok().flatten();
    PruneSetting::from_code(code.as_deref().unwrap_or_default())
}

/// Records this device's setting (durable when this returns).
pub async fn set_prune_setting(desk: &Desk, setting: PruneSetting) -> Result<(), StoreError> {
    desk.store.set_meta_string(PRUNE_KEY, &setting.code()).await
}

fn origin(held: &HeldBlob) -> CopyOrigin {
    if held.is_downloaded() {
        CopyOrigin::Downloaded
    } else if held.uploaded {
        CopyOrigin::CapturedUploaded
    } else {
        CopyOrigin::CapturedNotUploaded
    }
}

/// Drops the downloaded bytes that only tickets closed more than `days` before `now` name,
/// and says how many files and bytes left this device.
pub async fn free_space(
    desk: &Desk,
    days: PruneDays,
    now: DateTime<Utc>,
) -> Result<Freed, StoreError> {
    let store = &desk.store;
    let copies: Vec<HeldCopy> = store
        .held_blobs()
        .await?
        .iter()
        .map(|h| HeldCopy {
            hash: h.hash.clone(),
            origin: origin(h),
            size: h.size,
        })
        .collect();
    if !copies.iter().any(|c| c.origin == CopyOrigin::Downloaded) {
        return Ok(Freed::default());
    }
    let tickets = store.tickets().await?;
    let closures: Vec<TicketClosure> = tickets.iter().map(TicketClosure::of).collect();
    let mut uses = Vec::new();
    for ticket in tickets.iter().filter(|t| t.attachments > 0) {
        let events = store.ticket_events(&ticket.id).await?;
        uses.extend(referenced_hashes(&events).into_iter().map(|hash| FileUse {
            ticket: ticket.id.clone(),
            hash,
        }));
    }
    let chosen = prunable(&closures, &uses, &copies, now, days);
    if chosen.is_empty() {
        return Ok(Freed::default());
    }
    let dropped = store.drop_downloaded_blobs(&chosen).await?;
    Ok(Freed {
        files: dropped.len(),
        bytes: dropped.iter().map(|d| d.size).sum(),
    })
}

/// Why "Liberar ahora" freed nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum PruneError {
    /// No endpoint is configured: the bytes could not be fetched again.
    NotConfigured,
    Store(StoreError),
}

/// "Liberar ahora": frees space at once with `days` (whether or not passes after syncs are on).
pub async fn free_space_now(desk: &Desk, days: PruneDays) -> Result<Freed, PruneError> {
    let settings = SyncSettings::load(&desk.store)
        .await
        .map_err(PruneError::Store)?;
    if !settings.is_configured() {
        return Err(PruneError::NotConfigured);
    }
    free_space(desk, days, crate::app::clock::now())
        .await
        .map_err(PruneError::Store)
}

/// After a sync: a pass in the background when this device's setting is on and the last one
/// in this tab is [`AUTO_EVERY_MS`] old (or there was none).
pub fn after_sync() {
    let now = crate::app::clock::now_ms();
    if LAST_AUTO
        .with(Cell::get)
        .is_some_and(|last| now - last < AUTO_EVERY_MS)
    {
        return;
    }
    leptos::task::spawn_local(async move {
        let Some(desk) = try_desk() else { return };
        let setting = prune_setting(&desk).await;
        if !setting.enabled {
            return;
        }
        LAST_AUTO.with(|l| l.set(Some(now)));
        match free_space(&desk, setting.days, crate::app::clock::now()).await {
            Ok(freed) if freed.files > 0 => leptos::logging::log!(
                "attachments: freed {} files ({} bytes) of tickets closed long ago",
                freed.files,
                freed.bytes
            ),
            Ok(_) => {}
            Err(e) => leptos::logging::warn!(
                "attachments: freeing space failed: {} {}",
                e.code(),
                e.detail()
            ),
        }
    });
}
