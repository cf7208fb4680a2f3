//! Signatures on stored events (#20, #21). An action is saved before its signatures: they are
//! started before its write ([`super::Signer::seal`]) and put on its records in the second
//! transaction ([`put_signatures`]); a tab closed in between leaves this device's last events
//! unsigned, and [`Store::sign_unsigned`] signs them before the next push or write.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::IdbCursorDirection;

use super::codec::{from_js, to_js};
use super::error::StoreError;
use super::idb::{dom_error, fire, issue, Tx};
use super::log::{at_position, entry, holding};
use super::schema::{LOG, OWN};
use super::signer::{bytes_of, Signer};
use super::write::StoredEvent;
use super::Store;
use crate::domain::event::{Event, EventId};
use crate::domain::evidence::{canonical_bytes, hex, Signature};

/// Signatures under way for the events [`Signer::seal`] chained.
#[derive(Default)]
pub(crate) struct Signing {
    pub(super) key: String,
    pub(super) under_way: Vec<(EventId, JsFuture)>,
}

impl Signing {
    /// Waits for the signatures and puts each on its event among `events`. Returns the events
    /// signed (ids).
    pub(crate) async fn finish(self, events: &mut [Event]) -> Result<Vec<EventId>, StoreError> {
        let mut signed = Vec::with_capacity(self.under_way.len());
        for (id, signing) in self.under_way {
            let signature = bytes_of(signing.await.map_err(dom_error)?);
            if let Some(event) = events.iter_mut().find(|e| e.id == id) {
                event.signature = Some(Signature {
                    key: self.key.clone(),
                    value: hex::encode(&signature),
                });
                signed.push(id);
            }
        }
        Ok(signed)
    }
}

/// Whether a stored event record carries its signature.
fn is_signed(record: &JsValue) -> bool {
    Reflect::get(record, &JsValue::from_str(SIGNATURE))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false)
}

/// The field of an event record that holds its signature.
const SIGNATURE: &str = "signature";

/// Puts each event's signature on its entry in the log (in `tx`, over `log`), keeping the rest
/// of the record as stored (its outbox marks may have changed since it was written).
pub(crate) async fn put_signatures(tx: &Tx, signed: &[&Event]) -> Result<(), StoreError> {
    if signed.is_empty() {
        return Ok(());
    }
    let log = tx.store(LOG)?;
    let ids: Vec<&str> = signed.iter().map(|e| e.id.as_str()).collect();
    for (record, ids) in holding(&log, &ids).await? {
        for id in ids {
            let signature = signed
                .iter()
                .find(|e| e.id.as_str() == id)
                .and_then(|e| e.signature.as_ref());
            if let (Some(signature), Some(event)) = (signature, entry(&record, id)) {
                Reflect::set(&event, &JsValue::from_str(SIGNATURE), &to_js(signature)?)
                    .map_err(dom_error)?;
            }
        }
        fire(log.put(&record))?;
    }
    Ok(())
}

impl Store {
    /// Signs this device's events stored without their signature: the last ones of its chain,
    /// when a tab closed after an action was saved and before its signatures were put on it
    /// (see [`Signer::seal`]). Run before this device's first write of a session and before
    /// every push, so no event leaves the device unsigned. Returns how many it signed.
    pub async fn sign_unsigned(&self, signer: &Signer) -> Result<usize, StoreError> {
        let tail = self.unsigned_tail().await?;
        if tail.is_empty() {
            return Ok(0);
        }
        let mut events: Vec<Event> = tail.into_iter().map(|s| s.event).collect();
        let mut signing = Signing {
            key: signer.public_hex().to_string(),
            under_way: Vec::with_capacity(events.len()),
        };
        for event in &events {
            let bytes = canonical_bytes(event).map_err(|e| StoreError::Other(e.to_string()))?;
            signing
                .under_way
                .push((event.id.clone(), signer.sign(&bytes)?));
        }
        signing.finish(&mut events).await?;
        let tx = self.write_raw(&[LOG])?;
        let refs: Vec<&Event> = events.iter().collect();
        put_signatures(&tx, &refs).await?;
        tx.commit().await?;
        Ok(events.len())
    }

    /// This device's last events (by chain position) that have no signature, oldest first.
    async fn unsigned_tail(&self) -> Result<Vec<StoredEvent>, StoreError> {
        /// Chain positions read at a time, going back.
        const STEP: u64 = 16;
        let tx = self.write_raw(&[LOG])?;
        let index = tx.store(LOG)?.index(OWN).map_err(dom_error)?;
        let last = issue(
            index.open_cursor_with_range_and_direction(&JsValue::NULL, IdbCursorDirection::Prev),
        )?
        .result()
        .await?;
        if last.is_null() || last.is_undefined() {
            tx.commit().await?;
            return Ok(Vec::new());
        }
        let cursor: web_sys::IdbCursorWithValue = last.unchecked_into();
        let top = cursor.key().map_err(dom_error)?.as_f64().unwrap_or(0.0) as u64;
        let top_record = cursor.value().map_err(dom_error)?;
        if at_position(&top_record, top).is_none_or(|e| is_signed(&e)) {
            tx.commit().await?;
            return Ok(Vec::new());
        }
        let mut tail: Vec<JsValue> = Vec::new();
        let mut upper = top;
        'back: loop {
            let lower = upper.saturating_sub(STEP - 1).max(1);
            let range = web_sys::IdbKeyRange::bound(
                &JsValue::from_f64(lower as f64),
                &JsValue::from_f64(upper as f64),
            )
            .map_err(dom_error)?;
            let found: Array = issue(index.get_all_with_key(&range))?
                .result()
                .await?
                .unchecked_into();
            for own in (lower..=upper).rev() {
                let Some(event) = found.iter().find_map(|r| at_position(&r, own)) else {
                    break 'back;
                };
                if is_signed(&event) {
                    break 'back;
                }
                tail.push(event);
            }
            if lower == 1 {
                break;
            }
            upper = lower - 1;
        }
        tx.commit().await?;
        tail.reverse();
        tail.iter()
            .map(|record| from_js(record, "stored event"))
            .collect()
    }
}
