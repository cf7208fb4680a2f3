//! Thin plumbing over the browser's IndexedDB objects for the write paths: a read-write
//! transaction whose outcome is awaited, and requests awaited as futures.
//!
//! A request's success callback runs while its transaction is active, and the code after an
//! `await` on it runs in the same microtask checkpoint, so it may still issue requests (and
//! commit or abort) in that transaction. IndexedDB runs a transaction's requests in the order
//! they were issued; a request that fails aborts the transaction unless handled, which the
//! awaited outcome reports. A [`Tx`] dropped before [`Tx::commit`] is aborted (nothing of it is
//! written).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::error::StoreError;
use super::schema::js_text;

#[wasm_bindgen]
extern "C" {
    /// `IDBTransaction`, for its standard `commit()` (which web-sys marks deprecated).
    #[wasm_bindgen(js_name = IDBTransaction)]
    type Committable;
    #[wasm_bindgen(catch, method)]
    fn commit(this: &Committable) -> Result<(), JsValue>;
}

/// A read-write transaction over some object stores.
pub(crate) struct Tx {
    raw: IdbTransaction,
    /// Settles when the transaction completes (resolves) or aborts (rejects).
    outcome: Option<JsFuture>,
    finished: bool,
}

impl Tx {
    /// Starts a read-write transaction over `stores` of `db`.
    pub(crate) fn write(db: &IdbDatabase, stores: &[&str]) -> Result<Self, StoreError> {
        let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let raw = db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(dom_error)?;
        let outcome = js_sys::Promise::new(&mut |resolve, reject| {
            raw.set_oncomplete(Some(&resolve));
            raw.set_onabort(Some(&reject));
        });
        Ok(Self {
            raw,
            outcome: Some(JsFuture::from(outcome)),
            finished: false,
        })
    }

    pub(crate) fn store(&self, name: &str) -> Result<IdbObjectStore, StoreError> {
        self.raw.object_store(name).map_err(dom_error)
    }

    /// Asks the browser to commit once the issued requests are done, and waits for the outcome:
    /// `Ok` only when the transaction committed (durably written as far as the browser goes).
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        self.finished = true;
        // Ignored: a transaction that already aborted (a failed request) refuses `commit`, and
        // the outcome below reports why.
        let _ = self.raw.unchecked_ref::<Committable>().commit();
        self.outcome().await
    }

    /// Aborts the transaction (nothing of it is written) and waits until it has ended.
    pub(crate) async fn abort(mut self) {
        self.finished = true;
        let _ = self.raw.abort();
        let _ = self.outcome().await;
    }

    async fn outcome(&mut self) -> Result<(), StoreError> {
        let Some(outcome) = self.outcome.take() else {
            return Ok(());
        };
        match outcome.await {
            Ok(_) => Ok(()),
            Err(e) => Err(match self.raw.error() {
                Some(dom) => StoreError::from_dom(&dom),
                None => StoreError::Other(format!("transaction aborted: {}", js_text(&e))),
            }),
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.raw.abort();
        }
    }
}

/// A promise's value, as the type the caller knows it to be (a rejection's reason is the
/// request's error, as a [`Pending`] reports it).
pub(crate) async fn settled<T: JsCast>(promise: js_sys::Promise) -> Result<T, StoreError> {
    Ok(JsFuture::from(promise)
        .await
        .map_err(dom_error)?
        .unchecked_into())
}

/// A request issued in a transaction, awaited for its result.
pub(crate) struct Pending {
    request: IdbRequest,
    settled: JsFuture,
}

impl Pending {
    pub(crate) fn new(request: IdbRequest) -> Self {
        let settled = js_sys::Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
        });
        Self {
            request,
            settled: JsFuture::from(settled),
        }
    }

    /// The request's result (`undefined` for a `get` of a missing key).
    pub(crate) async fn result(self) -> Result<JsValue, StoreError> {
        match self.settled.await {
            Ok(_) => self.request.result().map_err(dom_error),
            Err(e) => Err(match self.request.error() {
                Ok(Some(dom)) => StoreError::from_dom(&dom),
                _ => StoreError::Other(js_text(&e)),
            }),
        }
    }
}

/// Issues a request and returns it to be awaited.
pub(crate) fn issue(request: Result<IdbRequest, JsValue>) -> Result<Pending, StoreError> {
    request.map(Pending::new).map_err(dom_error)
}

/// Issues a write whose result is not awaited: if it fails, the transaction aborts and
/// [`Tx::commit`] reports it.
pub(crate) fn fire(request: Result<IdbRequest, JsValue>) -> Result<(), StoreError> {
    request.map(drop).map_err(dom_error)
}

/// A thrown `DOMException` (or other value) as a [`StoreError`].
pub(crate) fn dom_error(e: JsValue) -> StoreError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(dom) => StoreError::from_dom(dom),
        None => StoreError::Other(js_text(&e)),
    }
}
