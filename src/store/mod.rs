//! The browser database (IndexedDB): the event log, the ticket projection, attachments, the
//! outbox of events not yet acknowledged by a sync endpoint, and device metadata.
//!
//! Every user action is one [`Store::save`] call: its events (each record in the outbox by a
//! mark of its own) and attachment files are written in ONE transaction that holds nothing
//! else, and the action is saved when it has committed — the UI says "guardado" then. The
//! ticket projection, the queue summaries and the counts are derived after, in a second
//! transaction, with a watermark that lets the next open fold whatever a closed tab left
//! ([`Store::catch_up`]). A full disk or quota aborts the transaction (nothing of the action is
//! written, everything before is intact) and returns [`StoreError::QuotaExceeded`]; it never
//! leaves a promise hanging.
//!
//! When another tab upgrades the schema, this connection closes itself (so it never blocks the
//! upgrade) and calls the callback set with [`Store::on_version_change`]; later calls return
//! [`StoreError::VersionChanged`] and the UI asks the user to reload.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mesa::store::StoreError> {
//! let store = mesa::store::Store::open("mesa").await?;
//! let tickets = store.tickets().await?;
//! # Ok(()) }
//! ```

mod append;
mod attachments;
mod blobs;
mod catch_up;
mod codec;
mod derive;
mod error;
mod fold_module;
mod idb;
mod import;
mod list_pages;
mod log;
mod log_move;
mod outbox;
mod queue_cache;
mod quota;
mod reads;
pub mod schema;
mod search_index;
mod signatures;
mod signer;
mod sync_support;
mod watermark;
mod write;

pub use append::{Outbox, Saved};
pub use attachments::{
    check_attachment_size, AttachmentRecord, NewAttachment, MAX_ATTACHMENT_BYTES,
};
pub use blobs::{hash_blob, HeldBlob};
pub use error::StoreError;
pub use list_pages::{list_page_text, ListRead, PAGE, PAGED_FROM};
pub use quota::{estimate, persisted, request_persist, StorageEstimate};
pub use search_index::{search_index_page, IndexHits, SearchIndex, INDEX_PAGE};
pub use signer::{Signer, StoredHead, CHAIN_HEAD, DEVICE_KEY};
pub use sync_support::Underived;
pub use write::WrittenRecords;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use idb::Tx;
use schema::SCHEMA_VERSION;

use crate::domain::hlc::Hlc;

/// About how many events an import writes per transaction (whole tickets only).
pub const IMPORT_BATCH: usize = 100;

/// What an import did: events written, and events that were already stored (skipped).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCount {
    pub added: usize,
    pub present: usize,
}

/// How far an import is, reported after each batch COMMITTED (what it counts is durable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// Events of the input handled by committed batches (new or already stored).
    pub done: usize,
    /// Events in the input.
    pub total: usize,
    /// Events written by the committed batches.
    pub added: usize,
}

/// Options for [`Store::open_with`].
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// Called when the open waits for another tab that keeps an older version open (that tab
    /// must be closed or reloaded; the open continues as soon as it is).
    pub on_blocked: Option<Rc<dyn Fn()>>,
}

type Callback = Rc<RefCell<Option<Box<dyn Fn()>>>>;

/// An open connection to a Mesa database.
pub struct Store {
    db: Database,
    closed: Rc<Cell<bool>>,
    on_change: Callback,
    _version_change: Closure<dyn FnMut()>,
    /// Test hook: how many commits succeed first, and the DOMException name the one after
    /// them fails with (see [`Store::fail_commit_with`]).
    fault: RefCell<Option<(usize, String)>>,
    /// Test hook: the next user action's projection is not derived (see
    /// [`Store::skip_next_projection`]).
    skip_projection: Cell<bool>,
    /// The highest local sequence number as this connection last wrote or read it in a
    /// committed transaction: a user action numbers its events after it (`None` until known,
    /// and after a refused or failed write).
    seq_hint: Cell<Option<u64>>,
    /// The newest clock of the log as this connection last read or wrote it, so a user action
    /// stamps its events with no read (`None` until read, and after [`Store::forget_clock`]).
    clock_hint: RefCell<Option<Hlc>>,
    /// Moves with every write of events and every [`Store::forget_clock`]: a read of the
    /// newest clock that another write overtook is not kept.
    clock_epoch: Cell<u64>,
    /// Test hook: when (`performance.now()`) the last user action's events committed, its
    /// signatures and projection still to come (the write benchmark's «saved»).
    #[cfg(feature = "test-hooks")]
    durable_at: Cell<f64>,
    /// Test hook: the next user action's second transaction waits for this promise (see
    /// [`Store::hold_next_projection`]).
    #[cfg(feature = "test-hooks")]
    held_projection: RefCell<Option<js_sys::Promise>>,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        Self::open_with(name, OpenOptions::default()).await
    }

    /// [`Self::open`] with options (a callback for a `blocked` upgrade).
    pub async fn open_with(name: &str, options: OpenOptions) -> Result<Self, StoreError> {
        // Upgrade (if needed) with raw web_sys, which gives the versionchange transaction…
        let raw = schema::open_raw(name, SCHEMA_VERSION, options.on_blocked).await?;
        raw.close();
        // …then open the connection the rest of the store uses. A newer tab may have upgraded
        // in between: that is a VersionError, reported as `Outdated`.
        let db = Database::open(name).with_version(SCHEMA_VERSION).await?;

        let closed = Rc::new(Cell::new(false));
        let on_change: Callback = Rc::new(RefCell::new(None));
        let raw_db: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
        let version_change = {
            let (closed, on_change, raw_db2) = (closed.clone(), on_change.clone(), raw_db.clone());
            Closure::<dyn FnMut()>::new(move || {
                // Close at once so the other tab's upgrade is not blocked.
                raw_db2.close();
                closed.set(true);
                if let Some(cb) = on_change.borrow().as_ref() {
                    cb();
                }
            })
        };
        raw_db.set_onversionchange(Some(version_change.as_ref().unchecked_ref()));
        Self {
            db,
            closed,
            on_change,
            _version_change: version_change,
            fault: RefCell::new(None),
            skip_projection: Cell::new(false),
            seq_hint: Cell::new(None),
            clock_hint: RefCell::new(None),
            clock_epoch: Cell::new(0),
            #[cfg(feature = "test-hooks")]
            durable_at: Cell::new(0.0),
            #[cfg(feature = "test-hooks")]
            held_projection: RefCell::new(None),
        }
        .caught_up()
        .await
    }

    /// Closes the connection (so a test can reopen the same database).
    pub fn close(self) {
        let raw: web_sys::IdbDatabase = self.db.as_sys().clone().unchecked_into();
        raw.set_onversionchange(None);
        self.db.close();
    }

    /// Calls `f` when another tab upgrades the database: this connection is already closed by
    /// then; the UI should ask the user to reload.
    pub fn on_version_change(&self, f: impl Fn() + 'static) {
        *self.on_change.borrow_mut() = Some(Box::new(f));
    }

    /// True once another tab's upgrade closed this connection.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    fn check_open(&self) -> Result<(), StoreError> {
        if self.closed.get() {
            Err(StoreError::VersionChanged)
        } else {
            Ok(())
        }
    }

    fn read(&self, stores: &[&str]) -> Result<Transaction<'_>, StoreError> {
        self.check_open()?;
        Ok(self.db.transaction(stores).build()?)
    }

    fn write(&self, stores: &[&str]) -> Result<Transaction<'_>, StoreError> {
        self.check_open()?;
        Ok(self
            .db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// A read-write transaction of the write paths (see [`idb`]).
    fn write_raw(&self, stores: &[&str]) -> Result<Tx, StoreError> {
        Tx::write(&self.raw_db()?, stores)
    }

    /// The open connection as `web_sys` has it (for the write paths' own transactions).
    fn raw_db(&self) -> Result<web_sys::IdbDatabase, StoreError> {
        self.check_open()?;
        Ok(self.db.as_sys().clone().unchecked_into())
    }

    /// The injected failure of the next commit, if the test hook set one for it.
    fn take_fault(&self) -> Option<String> {
        let mut slot = self.fault.borrow_mut();
        match slot.as_mut() {
            Some((0, _)) => slot.take().map(|(_, name)| name),
            Some((skip, _)) => {
                *skip -= 1;
                None
            }
            None => None,
        }
    }

    /// The error the test hook reports for an injected failure `name`.
    fn injected(name: &str) -> StoreError {
        match web_sys::DomException::new_with_message_and_name("injected", name) {
            Ok(dom) => StoreError::from_dom(&dom),
            Err(e) => StoreError::Other(schema::js_text(&e)),
        }
    }

    /// Commits `tx` and waits for the outcome. A transaction the browser aborts (a full quota
    /// is reported as an `abort` with `tx.error` = `QuotaExceededError`) becomes the matching
    /// [`StoreError`].
    async fn commit(&self, tx: Transaction<'_>) -> Result<(), StoreError> {
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        if let Some(name) = self.take_fault() {
            // Test hook: abort for real (so nothing is written) and report the injected error
            // through the same mapping as a browser-reported one.
            let _ = tx.abort().await;
            return Err(Self::injected(&name));
        }
        match tx.commit().await {
            Ok(()) => Ok(()),
            Err(e) => Err(match raw.error() {
                Some(dom) => StoreError::from_dom(&dom),
                None => e.into(),
            }),
        }
    }

    /// Another tab of this device may have written events (it said so on the broadcast
    /// channel): the next [`Self::last_clock`] reads the log again. A person in this tab acts
    /// on what this tab shows, so the clock needs to be past the events it was told of, and
    /// it is; the device's own chain keeps its clocks in order whatever a tab remembers
    /// (see [`Signer`]).
    pub fn forget_clock(&self) {
        self.clock_hint.replace(None);
        self.clock_epoch.set(self.clock_epoch.get() + 1);
    }

    /// This connection committed events with these clocks.
    pub(crate) fn wrote_clocks<'a>(&self, clocks: impl IntoIterator<Item = &'a Hlc>) {
        self.clock_epoch.set(self.clock_epoch.get() + 1);
        let mut hint = self.clock_hint.borrow_mut();
        if let Some(known) = hint.as_mut() {
            if let Some(newest) = clocks.into_iter().max() {
                if *newest > *known {
                    *known = newest.clone();
                }
            }
        }
    }

    /// Test hook: the next commit aborts its transaction and fails as if the browser had
    /// reported a `DOMException` called `name` (e.g. `QuotaExceededError`). Headless Chromium
    /// gives an origin a quota of a large share of the disk, so a test cannot fill it.
    #[doc(hidden)]
    pub fn fail_next_commit_with(&self, name: &str) {
        self.fail_commit_with(0, name);
    }

    /// Test hook: the next user action's (or import's, or pulled page's) events are saved and
    /// its second transaction (its signatures, its projection) does not run, as when the tab is
    /// closed between the two; the next write or open folds it, and the device's next write
    /// signs it.
    #[doc(hidden)]
    pub fn skip_next_projection(&self) {
        self.skip_projection.set(true);
    }

    /// Test hook: the next user action's second transaction (its signatures, its projection)
    /// begins only once `until` settles, so a test can look at the page between the two
    /// («guardado» shows when the events are durable, not when the views have the new state).
    #[cfg(feature = "test-hooks")]
    #[doc(hidden)]
    pub fn hold_next_projection(&self, until: js_sys::Promise) {
        *self.held_projection.borrow_mut() = Some(until);
    }

    /// Test hook: waits for the promise [`Self::hold_next_projection`] set, if any.
    #[cfg(feature = "test-hooks")]
    async fn held_projection(&self) {
        let held = self.held_projection.borrow_mut().take();
        if let Some(until) = held {
            let _ = wasm_bindgen_futures::JsFuture::from(until).await;
        }
    }

    /// Test hook: records when the last user action's events committed ([`Self::durable_at`]).
    /// Also marks `mesa:action-durable` on the page's performance timeline, for a benchmark of
    /// the whole action on the ticket page.
    #[cfg(feature = "test-hooks")]
    fn mark_durable(&self) {
        let performance = web_sys::window().and_then(|w| w.performance());
        let now = performance.as_ref().map_or(0.0, |p| p.now());
        self.durable_at.set(now);
        if let Some(p) = performance {
            let _ = p.mark("mesa:action-durable");
        }
    }

    /// Test hook: when (`performance.now()`) the last user action's events committed, before
    /// its signatures and projection (the write benchmark's «saved»).
    #[cfg(feature = "test-hooks")]
    #[doc(hidden)]
    pub fn durable_at(&self) -> f64 {
        self.durable_at.get()
    }

    /// Test hook: the next `skip` commits succeed, the one after them fails as in
    /// [`Self::fail_next_commit_with`] (e.g. the second batch of an import).
    #[doc(hidden)]
    pub fn fail_commit_with(&self, skip: usize, name: &str) {
        *self.fault.borrow_mut() = Some((skip, name.to_string()));
    }
}
