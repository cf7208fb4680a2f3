//! The sync driver: drives a [`SyncSession`] over the browser transport
//! ([`crate::sync::browser`]), applies its effects to the IndexedDB store and the open desk,
//! and decides when to sync (start-up, back online, a few seconds after local writes, every
//! minute). Only one tab syncs at a time (Web Locks, where available); the others learn of
//! pulled events through the `BroadcastChannel`.

mod blob_lane;
pub mod blobs;
pub mod prune;
mod refresh;
mod status;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::broadcast;
use crate::app::desk::{random_u128, try_desk, Desk, DeskSignals};
use crate::store::{StoreError, Underived, WrittenRecords};
use crate::sync::browser::lock::{with_lock, LockMode};
use crate::sync::browser::{config, transport, LOCK_NAME};
pub use crate::sync::browser::{probe, Auth, Probe, SyncSettings, LAST_OK_KEY};
use crate::sync::effect::{Effect, ErrorKind};
use crate::sync::machine::SyncSession;
pub use status::{status, SyncReport, SyncStatus};
/// Delay after a local write before syncing (more writes in between restart it).
pub const DEBOUNCE_MS: u32 = 3_000;
/// Period of the background sync.
pub const PERIOD_MS: u32 = 60_000;

/// Why a sync did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    Sync(ErrorKind),
    Store(StoreError),
}

impl SyncError {
    /// The locale key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Sync(ErrorKind::Network) => "sync.error.network",
            Self::Sync(ErrorKind::Timeout) => "sync.error.timeout",
            Self::Sync(ErrorKind::Auth(_)) => "sync.error.auth",
            Self::Sync(ErrorKind::NotFound) => "sync.error.not_found",
            Self::Sync(ErrorKind::Unavailable(_)) => "sync.error.unavailable",
            Self::Sync(ErrorKind::Http(_)) => "sync.error.http",
            Self::Sync(ErrorKind::Protocol(_)) => "sync.error.protocol",
            Self::Sync(ErrorKind::Rejected { .. }) => "sync.error.rejected",
            Self::Store(_) => "sync.error.store",
        }
    }

    /// The technical detail (English, for support).
    pub fn detail(&self) -> String {
        match self {
            Self::Sync(kind) => kind.to_string(),
            Self::Store(e) => format!("{} {}", e.code(), e.detail()),
        }
    }
}

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// "Sincronizar ahora" while the run waits to retry: the retry goes now.
    static WAKE: Cell<bool> = const { Cell::new(false) };
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static DEBOUNCE: RefCell<Option<gloo_timers::callback::Timeout>> = const { RefCell::new(None) };
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn random_u32() -> u32 {
    random_u128() as u32
}

/// Pulled events stored before their projections are derived (a derive transaction's worth,
/// see `crate::store::Underived`).
const DERIVE_PULLED_EVENTS: usize = 5_000;

/// One sync session against `settings`: push the outbox, pull the feed, committing each page of
/// pulled events together with its checkpoint before moving on.
pub async fn run_sync(desk: &Desk, settings: &SyncSettings, signals: DeskSignals) -> SyncReport {
    let store = &desk.store;
    let mut report = SyncReport::default();
    let key = settings.checkpoint_key();
    let start = async {
        // No event leaves the device unsigned (an action's signatures may still be missing if
        // its tab closed right after saving it).
        if let Some(signer) = desk.signer.as_ref() {
            store.sign_unsigned(signer).await?;
        }
        let outbox = store.outbox_events().await?;
        let checkpoint = store.checkpoint(&key).await?;
        Ok::<_, StoreError>((outbox, checkpoint))
    };
    let (outbox, checkpoint) = match start.await {
        Ok(x) => x,
        Err(e) => {
            report.error = Some(SyncError::Store(e));
            return report;
        }
    };
    let status = status();
    // Whether the list is read again at the end (see `Desk::refresh_after_pull`).
    let list_reads = desk.list_reads();
    let mut session = SyncSession::new(config(), outbox, checkpoint);
    let timeout = session.timeout_ms();
    let mut changed = false;
    let mut refresh = refresh::PullRefresh::new(now_ms());
    // The files the pulled events announce (downloaded after it per this device's setting).
    let mut announced = Vec::new();
    // The next `_changes` page, requested while the current one commits.
    let mut early: Option<transport::Early> = None;
    // What the session's pages stored (tells the tickets new to this device cheaply).
    let mut pulled = WrittenRecords::default();
    // Pulled pages stored, their projections not yet derived.
    let mut underived = Underived::default();
    'session: while let Some(request) = session.next_request() {
        let url = request.url(settings.base(), settings.db());
        let mut effects: VecDeque<Effect> = match early.take() {
            Some(e) if e.url == url => match e.response().await {
                Ok((code, page)) => session.on_pulled(code, page, now_ms(), random_u32()),
                Err(kind) => session.on_error(kind, random_u32()),
            },
            _ => {
                let body = request.body();
                let sent =
                    transport::send(settings, request.method(), &url, body.as_deref(), timeout)
                        .await;
                match sent {
                    Ok((code, text)) => session.on_response(code, &text, now_ms(), random_u32()),
                    Err(kind) => session.on_error(kind, random_u32()),
                }
            }
        }
        .into();
        while let Some(effect) = effects.pop_front() {
            match effect {
                Effect::StoreEvents { events, checkpoint } => {
                    // The next page travels while this one commits; its response is used
                    // only after this commit is confirmed (dropped with the session if not).
                    early = session.prefetch_request().map(|next| {
                        let url = next.url(settings.base(), settings.db());
                        transport::Early::get(settings, url, timeout)
                    });
                    let json = checkpoint.to_string();
                    announced.extend(crate::sync::blobs::announced_files(&events));
                    crate::app::commands::arm_test_fault(store);
                    let stored = store
                        .store_pulled(&events, &key, &json, &mut pulled, &mut underived)
                        .await;
                    match stored {
                        Ok(added) => {
                            if added > 0 {
                                changed = true;
                            }
                            // The projections of several pages are derived at once; during a
                            // long pull (a first sync of 100k events) the queue shows the
                            // touched tickets every few seconds; the end of the run derives
                            // what is left and reads everything again.
                            if underived.events() >= DERIVE_PULLED_EVENTS
                                || (underived.events() > 0 && refresh.is_due(now_ms()))
                            {
                                refresh.derived(store.derive_pulled(&mut underived).await);
                                refresh.maybe_run(signals, now_ms);
                            }
                            effects.extend(session.confirm_committed(now_ms()));
                        }
                        Err(e) => {
                            report.error = Some(SyncError::Store(e));
                            break 'session;
                        }
                    }
                }
                Effect::AckOutbox { ids } => {
                    if let Err(e) = store.ack_outbox(&ids).await {
                        report.error = Some(SyncError::Store(e));
                        break 'session;
                    }
                    changed = true;
                }
                Effect::Progress {
                    pushed,
                    pulled,
                    total_hint,
                } => {
                    report.pushed = pushed;
                    report.pulled = pulled;
                    status.retrying.set(None);
                    status.progress.set(Some((pushed, pulled, total_hint)));
                }
                Effect::Rejected { events } => {
                    report.rejected += events.len() as u64;
                    if let Err(e) = store.mark_rejected(&events).await {
                        report.error = Some(SyncError::Store(e));
                        break 'session;
                    }
                    status.rejections.update(|n| *n += 1);
                }
                Effect::Wait { ms, after } => {
                    status.retrying.set(Some(SyncError::Sync(after)));
                    wait_unless_woken(ms).await;
                }
                Effect::CursorRestarted { refused } => {
                    leptos::logging::warn!("sync: the endpoint refused the cursor {refused}; reading its feed from the beginning");
                    report.cursor_restarted = true;
                }
                Effect::Done {
                    at,
                    pushed,
                    pulled,
                    foreign,
                    rejected,
                } => {
                    report.done_at = Some(at);
                    report.rejected = rejected;
                    report.pushed = pushed;
                    report.pulled = pulled;
                    report.foreign = foreign;
                    let _ = store.set_meta_string(LAST_OK_KEY, &at.to_string()).await;
                }
                Effect::Failed { kind } => report.error = Some(SyncError::Sync(kind)),
            }
        }
    }
    // Also after a failure: what was stored is derived (else the next open folds it).
    refresh.derived(store.derive_pulled(&mut underived).await);
    // The files whose events the endpoint now has (#16).
    if report.error.is_none() {
        let downloads = blobs::background_downloads(desk, announced).await;
        let fetching = !downloads.is_empty();
        report.files = Some(blobs::move_files(desk, settings, true, downloads).await);
        if fetching {
            blobs::forget_fetched(desk).await;
        }
        prune::after_sync();
    }
    if changed {
        broadcast::announce_change();
    }
    // The list is the store's when every pulled page was derived and merged into it, and no
    // read of the whole list (the start's, another tab's change) was under way meanwhile: it
    // could set a list read before a derive.
    let merged = underived.all_derived()
        && report.error.is_none()
        && report.rejected == 0
        && !desk.list_read_since(list_reads);
    refresh.finish(desk, signals, merged).await;
    if report.pulled > 0 {
        // A process version published on another device becomes this device's process.
        if let Ok(state) = desk.shared().await {
            let _ = desk.adopt_active_profile(&state).await;
        }
        // The list's pages, if due, once the run has reported (a device's first sync of a large
        // desk: its next start reads them, not every projection).
        crate::app::list_pages::write_after_pull(signals);
    }
    report
}

/// Sleeps `ms` before a retry, or less when "Sincronizar ahora" is asked for meanwhile (checked
/// every 200 ms).
async fn wait_unless_woken(ms: u64) {
    WAKE.with(|w| w.set(false));
    let end = now_ms() + ms as i64;
    while now_ms() < end && !WAKE.with(Cell::get) {
        let step = (end - now_ms()).clamp(1, 200) as u64;
        gloo_timers::future::sleep(Duration::from_millis(step)).await;
    }
    WAKE.with(|w| w.set(false));
}

/// A sync session, not yet started.
type Session = std::pin::Pin<Box<dyn std::future::Future<Output = SyncReport>>>;

// The session's code (the protocol, the pulled pages' checks) is loaded on demand in the
// `split` build (src/app/split.rs): a desk that never syncs never fetches it.
crate::split_fn!(
    sync_session,
    fn session(desk: std::rc::Rc<Desk>, settings: SyncSettings, signals: DeskSignals) -> Session {
        Box::pin(async move { run_sync(&desk, &settings, signals).await })
    }
);

/// Syncs now if settings are configured and the desk is open. Returns `None` when nothing ran
/// (not configured, or a sync is already running in this or another tab; a run requested
/// during one in this tab follows it).
pub async fn sync_now(signals: DeskSignals) -> Option<SyncReport> {
    let desk = try_desk()?;
    if RUNNING.with(Cell::get) {
        AGAIN.with(|a| a.set(true));
        WAKE.with(|w| w.set(true));
        return None;
    }
    let settings = SyncSettings::load(&desk.store).await.ok()?;
    let status = status();
    status.configured.set(Some(settings.is_configured()));
    if !settings.is_configured() {
        return None;
    }
    RUNNING.with(|r| r.set(true));
    status.running.set(true);
    status.progress.set(None);
    let report = with_lock(LOCK_NAME, LockMode::IfAvailable, move || async move {
        match session(desk, settings, signals).await {
            Ok(run) => run.await,
            // Its code could not be fetched: offline before the service worker kept it.
            Err(_) => SyncReport {
                error: Some(SyncError::Sync(ErrorKind::Network)),
                ..SyncReport::default()
            },
        }
    })
    .await;
    if let Some(report) = &report {
        if let Some(at) = report.done_at {
            status.last_ok.set(Some(at));
        }
        if report.cursor_restarted {
            status.cursor_restarted.set(true);
        }
        status.last_report.set(Some(report.clone()));
    }
    status.retrying.set(None);
    status.rejections.update(|n| *n += 1);
    status.running.set(false);
    RUNNING.with(|r| r.set(false));
    if AGAIN.with(|a| a.replace(false)) {
        leptos::task::spawn_local(async move {
            sync_now(signals).await;
        });
    }
    report
}

fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// A background sync (skipped while the browser says it is offline).
fn sync_in_background(signals: DeskSignals) {
    if online() {
        leptos::task::spawn_local(async move {
            sync_now(signals).await;
        });
    }
}

/// Start-up, once the desk opened (the shell calls it): shows when the last sync succeeded and
/// whether an endpoint is set, and syncs.
pub fn desk_opened(desk: std::rc::Rc<Desk>, signals: DeskSignals) {
    leptos::task::spawn_local(async move {
        let last = desk.store.meta_string(LAST_OK_KEY).await.ok().flatten();
        status()
            .last_ok
            .set(last.and_then(|s| s.parse::<i64>().ok()));
        if let Ok(settings) = SyncSettings::load(&desk.store).await {
            status().configured.set(Some(settings.is_configured()));
        }
        sync_in_background(signals);
    });
}

/// Starts the triggers (once per tab): on `online`, [`DEBOUNCE_MS`] after the outbox grows,
/// and every [`PERIOD_MS`] (the start-up sync: [`desk_opened`]). Each does nothing until sync
/// is configured.
pub fn start(signals: DeskSignals) {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    if let Some(window) = web_sys::window() {
        let on_online = Closure::<dyn FnMut()>::new(move || sync_in_background(signals));
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
    }
    gloo_timers::callback::Interval::new(PERIOD_MS, move || sync_in_background(signals)).forget();
    // Local writes grow the outbox: sync a few seconds after the last one.
    leptos::prelude::Effect::new(move |previous: Option<u32>| {
        let now = signals.outbox.get();
        if previous.is_some_and(|p| now > p) {
            let timer = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, move || {
                sync_in_background(signals)
            });
            DEBOUNCE.with(|d| *d.borrow_mut() = Some(timer));
        }
        now
    });
}
