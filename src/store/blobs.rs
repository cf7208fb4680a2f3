//! Attachment bytes stored by their SHA-256 (#16): one record per file in the `attachments`
//! store, keyed by the file's endpoint document id `blob-<sha256>` (no schema change; such
//! records have no `ticket_id`, so the per-ticket index skips them):
//! `{id, sha256, mime, size, blob, uploaded, event}`.
//!
//! `uploaded` says the endpoint holds the bytes (uploaded from here, or downloaded from it);
//! `event` is the local event that announced the file (its upload waits until that event is
//! acknowledged). Bytes are written here only after their hash was checked: by the device
//! that hashed them when they were picked, or by [`crate::sync::blobs`] after a download.

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::attachments::{get_str, set};
use super::error::StoreError;
use super::idb;
use super::schema::ATTACHMENTS;
use super::Store;
use crate::domain::content_hash::{ContentHash, BLOB_DOC_PREFIX};
use crate::domain::event::EventId;

/// A file whose bytes this device holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldBlob {
    pub hash: ContentHash,
    pub mime: String,
    /// The endpoint holds the bytes.
    pub uploaded: bool,
    /// The local event that announced it (`None` for downloaded files).
    pub event: Option<EventId>,
    /// Its size in bytes.
    pub size: u64,
}

impl HeldBlob {
    /// Fetched from the endpoint (not captured or imported here): it can be fetched again.
    pub fn is_downloaded(&self) -> bool {
        self.uploaded && self.event.is_none()
    }
}

/// Whether a record of the `attachments` store is a blob record.
pub(super) fn is_blob_record(value: &JsValue) -> bool {
    get_str(value, "id").starts_with(BLOB_DOC_PREFIX)
}

fn record(
    hash: &ContentHash,
    mime: &str,
    blob: &web_sys::Blob,
    uploaded: bool,
    event: &str,
) -> Result<JsValue, StoreError> {
    let obj = js_sys::Object::new();
    set(&obj, "id", &JsValue::from_str(&hash.doc_id()))?;
    set(&obj, "sha256", &JsValue::from_str(hash.as_str()))?;
    set(&obj, "mime", &JsValue::from_str(mime))?;
    set(&obj, "size", &JsValue::from_f64(blob.size()))?;
    set(&obj, "blob", blob.as_ref())?;
    set(&obj, "uploaded", &JsValue::from_bool(uploaded))?;
    set(&obj, "event", &JsValue::from_str(event))?;
    Ok(obj.into())
}

/// Issues the write of a file picked on this device (hashed by the caller), announced by the
/// local event `event`, in the transaction of `store`.
pub(super) fn put_local(
    store: &web_sys::IdbObjectStore,
    hash: &ContentHash,
    mime: &str,
    blob: &web_sys::Blob,
    event: &str,
) -> Result<(), StoreError> {
    idb::fire(store.put(&record(hash, mime, blob, false, event)?))
}

/// The bytes stored under `hash`.
pub(super) async fn get(
    store: &ObjectStore<'_>,
    hash: &ContentHash,
) -> Result<Option<web_sys::Blob>, StoreError> {
    let value: Option<JsValue> = store.get(hash.doc_id()).primitive()?.await?;
    Ok(value
        .and_then(|v| js_sys::Reflect::get(&v, &JsValue::from_str("blob")).ok())
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok()))
}

fn to_held(value: &JsValue) -> Option<HeldBlob> {
    let hash = ContentHash::parse(&get_str(value, "sha256"))?;
    let uploaded = js_sys::Reflect::get(value, &JsValue::from_str("uploaded"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let event = Some(get_str(value, "event"))
        .filter(|e| !e.is_empty())
        .map(EventId);
    let size = js_sys::Reflect::get(value, &JsValue::from_str("size"))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u64;
    Some(HeldBlob {
        hash,
        mime: get_str(value, "mime"),
        uploaded,
        event,
        size,
    })
}

impl Store {
    /// The verified bytes of the file `hash`, if this device holds them.
    pub async fn blob(&self, hash: &ContentHash) -> Result<Option<web_sys::Blob>, StoreError> {
        let tx = self.read(&[ATTACHMENTS])?;
        get(&tx.object_store(ATTACHMENTS)?, hash).await
    }

    /// The verified bytes of each file of `hashes` this device holds, in their order (one read
    /// transaction, every lookup issued before the first is awaited).
    pub async fn blobs(
        &self,
        hashes: &[ContentHash],
    ) -> Result<Vec<Option<web_sys::Blob>>, StoreError> {
        if hashes.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.read(&[ATTACHMENTS])?;
        let store = tx.object_store(ATTACHMENTS)?;
        let requests = hashes
            .iter()
            .map(|hash| store.get(hash.doc_id()).primitive())
            .collect::<Result<Vec<_>, _>>()?;
        let mut found = Vec::with_capacity(hashes.len());
        for request in requests {
            let value: Option<JsValue> = request.await?;
            found.push(
                value
                    .and_then(|v| js_sys::Reflect::get(&v, &JsValue::from_str("blob")).ok())
                    .and_then(|b| b.dyn_into::<web_sys::Blob>().ok()),
            );
        }
        Ok(found)
    }

    /// Every file whose bytes this device holds.
    pub async fn held_blobs(&self) -> Result<Vec<HeldBlob>, StoreError> {
        let tx = self.read(&[ATTACHMENTS])?;
        let values: Vec<JsValue> = tx
            .object_store(ATTACHMENTS)?
            .get_all()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(values
            .iter()
            .filter(|v| is_blob_record(v))
            .filter_map(to_held)
            .collect())
    }

    /// Stores downloaded bytes whose hash the caller checked (they are on the endpoint): the
    /// `Blob` received, as it is (typed `mime` without copying its bytes when the response said
    /// otherwise).
    pub async fn put_downloaded_blob(
        &self,
        hash: &ContentHash,
        mime: &str,
        blob: &web_sys::Blob,
    ) -> Result<(), StoreError> {
        let typed;
        let blob = if blob.type_() == mime {
            blob
        } else {
            typed = blob
                .slice_with_f64_and_f64_and_content_type(0.0, blob.size(), mime)
                .map_err(|e| StoreError::Other(super::schema::js_text(&e)))?;
            &typed
        };
        let tx = self.write_raw(&[ATTACHMENTS])?;
        idb::fire(
            tx.store(ATTACHMENTS)?
                .put(&record(hash, mime, blob, true, "")?),
        )?;
        self.commit_raw(tx).await
    }

    /// Stores the bytes of a file imported from a backup, whose hash the caller checked,
    /// unless this device already holds them (`false`: nothing written). They are uploaded as
    /// a file attached here would be: once the event `event` that attaches them has left the
    /// outbox (an endpoint that already holds them answers so).
    pub async fn put_imported_blob(
        &self,
        hash: &ContentHash,
        mime: &str,
        blob: &web_sys::Blob,
        event: &EventId,
    ) -> Result<bool, StoreError> {
        let tx = self.write_raw(&[ATTACHMENTS])?;
        let store = tx.store(ATTACHMENTS)?;
        let held = idb::issue(store.get(&JsValue::from_str(&hash.doc_id())))?
            .result()
            .await?
            .is_object();
        if !held {
            idb::fire(store.put(&record(hash, mime, blob, false, &event.0)?))?;
        }
        self.commit_raw(tx).await?;
        Ok(!held)
    }

    /// Deletes the bytes of `hashes` that this device downloaded (freeing space, #16), in one
    /// transaction that reads each record again first: a record captured or imported here
    /// meanwhile (never uploaded, or this device's own) is left alone, whatever the caller
    /// chose. Returns what was deleted. The attachments stay listed and are fetched again.
    pub async fn drop_downloaded_blobs(
        &self,
        hashes: &[ContentHash],
    ) -> Result<Vec<HeldBlob>, StoreError> {
        let tx = self.write_raw(&[ATTACHMENTS])?;
        let store = tx.store(ATTACHMENTS)?;
        let mut dropped = Vec::new();
        for hash in hashes {
            let key = JsValue::from_str(&hash.doc_id());
            let value = idb::issue(store.get(&key))?.result().await?;
            let Some(held) = Some(&value).filter(|v| v.is_object()).and_then(to_held) else {
                continue;
            };
            if held.is_downloaded() && &held.hash == hash {
                idb::fire(store.delete(&key))?;
                dropped.push(held);
            }
        }
        self.commit_raw(tx).await?;
        Ok(dropped)
    }

    /// Records that the endpoint holds the file `hash` (not uploaded again).
    pub async fn mark_blob_uploaded(&self, hash: &ContentHash) -> Result<(), StoreError> {
        let tx = self.write_raw(&[ATTACHMENTS])?;
        let store = tx.store(ATTACHMENTS)?;
        let value = idb::issue(store.get(&JsValue::from_str(&hash.doc_id())))?
            .result()
            .await?;
        if value.is_object() {
            js_sys::Reflect::set(&value, &"uploaded".into(), &JsValue::TRUE)
                .map_err(|e| StoreError::Other(super::schema::js_text(&e)))?;
            idb::fire(store.put(&value))?;
        }
        self.commit_raw(tx).await
    }
}

/// The SHA-256 of a picked file, read in slices of 1 MiB (a large photo is never copied whole
/// into the app's memory to be hashed).
pub async fn hash_blob(blob: &web_sys::Blob) -> Result<ContentHash, StoreError> {
    const SLICE: f64 = 1024.0 * 1024.0;
    let mut hasher = crate::domain::content_hash::ContentHasher::default();
    let size = blob.size();
    let mut start = 0.0;
    while start < size {
        let end = (start + SLICE).min(size);
        let part = blob
            .slice_with_f64_and_f64(start, end)
            .map_err(|e| StoreError::Other(super::schema::js_text(&e)))?;
        let buffer = wasm_bindgen_futures::JsFuture::from(part.array_buffer())
            .await
            .map_err(|e| StoreError::Other(super::schema::js_text(&e)))?;
        hasher.update(&js_sys::Uint8Array::new(&buffer).to_vec());
        start = end;
    }
    Ok(hasher.finish())
}
