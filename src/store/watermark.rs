//! The watermark of the projection (#21): the highest local sequence number such that every
//! event numbered up to it is folded into its ticket's projection, kept in `meta` with the
//! number of those events still in the outbox. A user action's events are written first and
//! folded after, in another transaction ([`super::derive`]); a tab closed in between leaves
//! events past the watermark, and the next open folds them ([`super::Store::catch_up`]).
//!
//! Every event crosses the watermark once, and the outbox count grows by the pending events it
//! crosses and shrinks by acknowledged ones already behind it, so the count is exact without
//! ever counting the outbox.

use wasm_bindgen::prelude::*;
use web_sys::IdbObjectStore;

use super::error::StoreError;
use super::idb::{fire, issue, Pending};
use super::schema::{META_FOLDED, META_OUTBOX_COUNT};

/// The reads of the watermark and the outbox count, issued in a transaction.
pub(crate) struct Marks {
    folded: Pending,
    outbox: Pending,
}

/// The watermark and the outbox count as read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Watermark {
    /// `None` in a database from before version 4 not yet opened by this version.
    pub folded: Option<u64>,
    pub outbox: u64,
}

impl Marks {
    pub(crate) fn issue(meta: &IdbObjectStore) -> Result<Self, StoreError> {
        Ok(Self {
            folded: issue(meta.get(&JsValue::from_str(META_FOLDED)))?,
            outbox: issue(meta.get(&JsValue::from_str(META_OUTBOX_COUNT)))?,
        })
    }

    pub(crate) async fn read(self) -> Result<Watermark, StoreError> {
        let folded = self.folded.result().await?.as_f64().map(|v| v as u64);
        let outbox = self.outbox.result().await?.as_f64().unwrap_or(0.0) as u64;
        Ok(Watermark { folded, outbox })
    }
}

/// Issues the write of the watermark and the outbox count.
pub(crate) fn put(meta: &IdbObjectStore, folded: u64, outbox: u64) -> Result<(), StoreError> {
    fire(meta.put_with_key(
        &JsValue::from_f64(folded as f64),
        &JsValue::from_str(META_FOLDED),
    ))?;
    fire(meta.put_with_key(
        &JsValue::from_f64(outbox as f64),
        &JsValue::from_str(META_OUTBOX_COUNT),
    ))
}
