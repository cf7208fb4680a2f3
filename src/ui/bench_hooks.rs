//! Benchmark hooks (only with the `test-hooks` feature): `window.__mesaBench`, a few functions
//! the page-level benchmarks in `bench/` call to drive the real Rust store. Every function
//! returns a Promise. The data goes through the same store API the app uses (no hand-written
//! IndexedDB records).
//!
//! - `seed(db, profile, tickets)`: registers `tickets` synthetic tickets of preset `profile`
//!   (with their follow-up events) into database `db` with `Store::import_events` in batches of
//!   `IMPORT_BATCH`, makes `profile` the active process, resolves to the number of events.
//! - `prepareImport(events)`: generates at least `events` events (not timed) and resolves to
//!   their JSON (an array) so a page can load the same documents elsewhere.
//! - `open(db)`: opens (creating) the benchmark's own store `db`.
//! - `runImport(batch)`: imports the prepared events into that store as a backup import does,
//!   in batches of whole tickets of about `batch` events (default `IMPORT_BATCH`); resolves to
//!   `{ added, durable, ready }`: the events added, and the `performance.now()` moments the
//!   last batch of events committed and every projection was derived (the queue can show every
//!   imported ticket). The prepared events are kept for another run into another store.
//! - `prepareNote()`: a note (customer update) on one of the seeded tickets, as JSON; the next
//!   `appendNote()` (or `appendSignedNote()`) appends the oldest note prepared and not yet
//!   appended (one transaction, outbox, awaited until committed).
//! - `appendSignedNote()`: the same, through the device's write path with evidence (#20):
//!   chained and signed with the store's WebCrypto Ed25519 key (`Store::append_signed`).
//! - `appendNoteDurable()`: `appendSignedNote()` (what the app's every action does), resolving
//!   to the moment (`performance.now()`) the action was saved (#21: its event record committed,
//!   before its signature and projection are put in the second transaction).
//! - `appendNoteDurableUnsigned()`: the same through `appendNote()` (no chain, no signature),
//!   to part the signature's share of the time from the store's.
//! - `catchUp()`: folds what is past the watermark, as an open does.
//! - `wasmMemoryBytes()`: the size of the wasm memory now (it never shrinks: the peak).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::app::random::random_u128;
use crate::domain::event::{Event, Hlc, TicketId};
use crate::domain::profile::{preset, ProcessProfile};
use crate::domain::synthetic::{note, Synthetic};
use crate::store::{Outbox, Signer, Store, IMPORT_BATCH};

/// Tickets generated (and imported) per round while seeding, to bound memory.
const SEED_CHUNK: usize = 5_000;
const DEVICE: &str = "bench";

#[derive(Default)]
struct State {
    store: Option<Rc<Store>>,
    signer: Option<Rc<Signer>>,
    prepared: Vec<Event>,
    tickets: Vec<TicketId>,
    clock: Option<Hlc>,
    /// Notes prepared and not yet appended, oldest first.
    notes: std::collections::VecDeque<Event>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn err(e: impl std::fmt::Debug) -> JsValue {
    JsValue::from_str(&format!("{e:?}"))
}

fn profile(id: &str) -> Result<ProcessProfile, JsValue> {
    let json = preset(id).ok_or_else(|| err(format!("no preset {id}")))?;
    ProcessProfile::from_json(json).map_err(err)
}

fn now_ms() -> i64 {
    crate::app::clock::now_ms()
}

fn store() -> Result<Rc<Store>, JsValue> {
    STATE
        .with(|s| s.borrow().store.clone())
        .ok_or_else(|| err("call open(db) first"))
}

async fn seed(db: String, profile_id: String, tickets: usize) -> Result<JsValue, JsValue> {
    let profile = profile(&profile_id)?;
    let store = Store::open(&db).await.map_err(err)?;
    let mut gen = Synthetic::new(&profile, DEVICE, now_ms(), 42);
    let mut events = 0usize;
    let mut done = 0usize;
    let mut ids = Vec::new();
    while done < tickets {
        let n = SEED_CHUNK.min(tickets - done);
        let chunk = gen.tickets(n);
        ids.extend(
            chunk
                .iter()
                .filter(|e| e.id.as_ticket() == e.ticket_id)
                .map(|e| e.ticket_id.clone())
                .take(64),
        );
        store
            .import_events(&chunk, IMPORT_BATCH)
            .await
            .map_err(err)?;
        events += chunk.len();
        done += n;
    }
    store
        .set_meta_string("profile", &profile_id)
        .await
        .map_err(err)?;
    let clock = store.last_clock().await.map_err(err)?;
    store.close();
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.tickets = ids;
        s.clock = clock;
    });
    Ok(JsValue::from_f64(events as f64))
}

async fn open(db: String) -> Result<JsValue, JsValue> {
    let store = Rc::new(Store::open(&db).await.map_err(err)?);
    let signer = store.signer(DEVICE).await.map_err(err)?.map(Rc::new);
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.store = Some(store);
        s.signer = signer;
    });
    Ok(JsValue::TRUE)
}

fn prepare_import(count: usize) -> Result<JsValue, JsValue> {
    let profile = profile("p4-callmyway")?;
    let mut gen = Synthetic::new(&profile, "import", now_ms(), 7);
    let mut events = Vec::with_capacity(count + 8);
    while events.len() < count {
        events.extend(gen.tickets(1_000));
    }
    events.truncate(count);
    let json = serde_json::to_string(&events).map_err(err)?;
    STATE.with(|s| s.borrow_mut().prepared = events);
    Ok(JsValue::from_str(&json))
}

async fn run_import(batch: usize) -> Result<JsValue, JsValue> {
    let store = store()?;
    let events = STATE.with(|s| s.borrow().prepared.clone());
    let batch = if batch == 0 { IMPORT_BATCH } else { batch };
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| err("no performance"))?;
    let durable = std::cell::Cell::new(0.0);
    let count = store
        .import_events_with_progress(&events, batch, |p| {
            if p.done == p.total {
                durable.set(performance.now());
            }
        })
        .await
        .map_err(err)?;
    let result = Object::new();
    set_value(&result, "added", &JsValue::from_f64(count.added as f64));
    set_value(&result, "durable", &JsValue::from_f64(durable.get()));
    set_value(&result, "ready", &JsValue::from_f64(performance.now()));
    Ok(result.into())
}

fn prepare_note() -> Result<JsValue, JsValue> {
    let event = STATE.with(|s| {
        let mut s = s.borrow_mut();
        if s.tickets.is_empty() {
            return Err(err("seed tickets first"));
        }
        let random = random_u128();
        let ticket = s.tickets[(random % s.tickets.len() as u128) as usize].clone();
        let event = note(&ticket, DEVICE, s.clock.as_ref(), now_ms(), random);
        s.clock = Some(event.hlc.clone());
        s.notes.push_back(event.clone());
        Ok(event)
    })?;
    serde_json::to_string(&event)
        .map(|j| JsValue::from_str(&j))
        .map_err(err)
}

async fn append_note() -> Result<JsValue, JsValue> {
    let store = store()?;
    let event = STATE
        .with(|s| s.borrow_mut().notes.pop_front())
        .ok_or_else(|| err("call prepareNote() first"))?;
    let added = store.append(&[event], Outbox::Send).await.map_err(err)?;
    Ok(JsValue::from_f64(added as f64))
}

async fn append_note_durable() -> Result<JsValue, JsValue> {
    let added = append_signed_note().await?;
    durable_at(added)
}

/// The moment (`performance.now()`) the last action's events committed, once it added one.
fn durable_at(added: JsValue) -> Result<JsValue, JsValue> {
    if added.as_f64() == Some(1.0) {
        Ok(JsValue::from_f64(store()?.durable_at()))
    } else {
        Err(err(format!("the note was not added ({added:?})")))
    }
}

async fn append_note_durable_unsigned() -> Result<JsValue, JsValue> {
    let added = append_note().await?;
    durable_at(added)
}

async fn catch_up() -> Result<JsValue, JsValue> {
    let folded = store()?.catch_up().await.map_err(err)?;
    Ok(JsValue::from_f64(folded as f64))
}

async fn append_signed_note() -> Result<JsValue, JsValue> {
    let store = store()?;
    let signer = STATE
        .with(|s| s.borrow().signer.clone())
        .ok_or_else(|| err("no Ed25519 in this browser's WebCrypto"))?;
    let event = STATE
        .with(|s| s.borrow_mut().notes.pop_front())
        .ok_or_else(|| err("call prepareNote() first"))?;
    let (added, _) = store
        .append_signed(&signer, vec![event], &[], Outbox::Send)
        .await
        .map_err(err)?;
    Ok(JsValue::from_f64(added as f64))
}

fn arg_str(v: &JsValue) -> String {
    v.as_string().unwrap_or_default()
}

fn arg_usize(v: &JsValue) -> usize {
    v.as_f64().unwrap_or(0.0).max(0.0) as usize
}

fn set(target: &Object, name: &str, f: Function) {
    set_value(target, name, &f);
}

fn set_value(target: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(name), value);
}

fn promise_of(r: Result<JsValue, JsValue>) -> Promise {
    match r {
        Ok(v) => Promise::resolve(&v),
        Err(e) => Promise::reject(&e),
    }
}

/// Puts `window.__mesaBench` in place.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = Object::new();
    let f = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> Promise>::new(
        |db: JsValue, profile: JsValue, n: JsValue| {
            future_to_promise(seed(arg_str(&db), arg_str(&profile), arg_usize(&n)))
        },
    );
    set(&api, "seed", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn(JsValue) -> Promise>::new(|db: JsValue| {
        future_to_promise(open(arg_str(&db)))
    });
    set(&api, "open", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn(JsValue) -> Promise>::new(|n: JsValue| {
        promise_of(prepare_import(arg_usize(&n)))
    });
    set(&api, "prepareImport", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn() -> Promise>::new(|| {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let bytes = memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length();
        Promise::resolve(&JsValue::from_f64(bytes as f64))
    });
    set(&api, "wasmMemoryBytes", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn(JsValue) -> Promise>::new(|batch: JsValue| {
        future_to_promise(run_import(arg_usize(&batch)))
    });
    set(&api, "runImport", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn() -> Promise>::new(|| promise_of(prepare_note()));
    set(&api, "prepareNote", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn() -> Promise>::new(|| future_to_promise(append_note()));
    set(&api, "appendNote", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn() -> Promise>::new(|| future_to_promise(append_signed_note()));
    set(&api, "appendSignedNote", f.into_js_value().unchecked_into());
    let f = Closure::<dyn Fn() -> Promise>::new(|| future_to_promise(append_note_durable()));
    set(
        &api,
        "appendNoteDurable",
        f.into_js_value().unchecked_into(),
    );
    let f =
        Closure::<dyn Fn() -> Promise>::new(|| future_to_promise(append_note_durable_unsigned()));
    set(
        &api,
        "appendNoteDurableUnsigned",
        f.into_js_value().unchecked_into(),
    );
    let f = Closure::<dyn Fn() -> Promise>::new(|| future_to_promise(catch_up()));
    set(&api, "catchUp", f.into_js_value().unchecked_into());
    let _ = Reflect::set(&window, &JsValue::from_str("__mesaBench"), &api);
}
