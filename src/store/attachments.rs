//! Attachment files (error screenshots, logs, field photos) kept offline as `Blob`s beside
//! their metadata. A record is the JS object
//! `{id, ticket_id, name, mime, size, sha256?, blob}` in the `attachments` store (index
//! `ticket_id`; `sha256` since #16, absent on older records).

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::StoreError;
use crate::domain::event::{Attachment, TicketId};

/// The largest file this device stores as an attachment, whatever the desk allows: the desk's
/// own per-file limit (Ajustes, default 10 MiB, at most this) is checked before (#16).
pub const MAX_ATTACHMENT_BYTES: u64 =
    crate::domain::desk::settings::MAX_ATTACHMENT_MIB as u64 * 1024 * 1024;

/// Refuses a file over [`MAX_ATTACHMENT_BYTES`] before anything is written.
pub fn check_attachment_size(size: u64) -> Result<(), StoreError> {
    if size > MAX_ATTACHMENT_BYTES {
        Err(StoreError::AttachmentTooLarge {
            size,
            limit: MAX_ATTACHMENT_BYTES,
        })
    } else {
        Ok(())
    }
}

/// A file to store with the event that references it.
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub ticket_id: TicketId,
    /// `meta.size` is checked against the limit; it should be `blob.size()`.
    pub meta: Attachment,
    pub blob: web_sys::Blob,
}

/// A stored attachment: metadata, its ticket, and the file (absent when only the metadata
/// reached this device).
#[derive(Clone, Debug)]
pub struct AttachmentRecord {
    pub ticket_id: TicketId,
    pub meta: Attachment,
    pub blob: Option<web_sys::Blob>,
}

pub(super) fn set(obj: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), StoreError> {
    js_sys::Reflect::set(obj, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|e| StoreError::Other(super::schema::js_text(&e)))
}

pub(super) fn get_str(obj: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn to_record(value: JsValue) -> Result<AttachmentRecord, StoreError> {
    if !value.is_object() {
        return Err(StoreError::Corrupt(
            "attachment record is not an object".into(),
        ));
    }
    let id = get_str(&value, "id");
    if id.is_empty() {
        return Err(StoreError::Corrupt("attachment record without id".into()));
    }
    let size = js_sys::Reflect::get(&value, &JsValue::from_str("size"))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u64;
    let blob = js_sys::Reflect::get(&value, &JsValue::from_str("blob"))
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
    Ok(AttachmentRecord {
        ticket_id: TicketId(get_str(&value, "ticket_id")),
        meta: Attachment {
            id,
            name: get_str(&value, "name"),
            mime: get_str(&value, "mime"),
            size,
            sha256: Some(get_str(&value, "sha256")).filter(|h| !h.is_empty()),
        },
        blob,
    })
}

/// Issues the write of `file` in the transaction of `store` (a failure aborts the transaction,
/// which its commit reports). A file with a hash is stored by it (see [`super::blobs`]): the
/// attachment record keeps the metadata, the bytes go to the blob record, once however many
/// attachments name them.
pub(super) fn put(
    store: &web_sys::IdbObjectStore,
    file: &NewAttachment,
    event: &str,
) -> Result<(), StoreError> {
    if let Some(hash) = file.meta.content_hash() {
        super::blobs::put_local(store, &hash, &file.meta.mime, &file.blob, event)?;
    }
    let obj = js_sys::Object::new();
    set(&obj, "id", &JsValue::from_str(&file.meta.id))?;
    set(
        &obj,
        "ticket_id",
        &JsValue::from_str(file.ticket_id.as_str()),
    )?;
    set(&obj, "name", &JsValue::from_str(&file.meta.name))?;
    set(&obj, "mime", &JsValue::from_str(&file.meta.mime))?;
    set(&obj, "size", &JsValue::from_f64(file.meta.size as f64))?;
    if let Some(hash) = &file.meta.sha256 {
        set(&obj, "sha256", &JsValue::from_str(hash))?;
    }
    if file.meta.content_hash().is_none() {
        set(&obj, "blob", file.blob.as_ref())?;
    }
    super::idb::fire(store.put(&obj))
}

/// The record's file: its own blob (before #16) or the blob record of its hash.
async fn with_file(
    store: &ObjectStore<'_>,
    mut record: AttachmentRecord,
) -> Result<AttachmentRecord, StoreError> {
    if record.blob.is_none() {
        if let Some(hash) = record.meta.content_hash() {
            record.blob = super::blobs::get(store, &hash).await?;
        }
    }
    Ok(record)
}

async fn with_files(
    store: &ObjectStore<'_>,
    values: Vec<JsValue>,
) -> Result<Vec<AttachmentRecord>, StoreError> {
    let mut records = Vec::with_capacity(values.len());
    for value in values {
        if super::blobs::is_blob_record(&value) {
            continue;
        }
        records.push(with_file(store, to_record(value)?).await?);
    }
    Ok(records)
}

pub(super) async fn get(
    store: &ObjectStore<'_>,
    id: &str,
) -> Result<Option<AttachmentRecord>, StoreError> {
    let value: Option<JsValue> = store.get(id).primitive()?.await?;
    match value.filter(|v| !super::blobs::is_blob_record(v)) {
        Some(value) => Ok(Some(with_file(store, to_record(value)?).await?)),
        None => Ok(None),
    }
}

pub(super) async fn by_ticket(
    store: &ObjectStore<'_>,
    ticket: &TicketId,
) -> Result<Vec<AttachmentRecord>, StoreError> {
    let values: Vec<JsValue> = store
        .index("ticket_id")?
        .get_all()
        .with_query(ticket.as_str())
        .primitive()?
        .await?
        .collect::<Result<_, _>>()?;
    with_files(store, values).await
}

pub(super) async fn all(store: &ObjectStore<'_>) -> Result<Vec<AttachmentRecord>, StoreError> {
    let values: Vec<JsValue> = store
        .get_all()
        .primitive()?
        .await?
        .collect::<Result<_, _>>()?;
    with_files(store, values).await
}
