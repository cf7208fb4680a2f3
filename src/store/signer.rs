//! This device's signing key and the head of its hash chain (#20): every event the device writes
//! is chained to its previous one and signed ([`crate::domain::evidence`]) before it is stored.
//!
//! - The key pair is made on the device's first start with WebCrypto
//!   (`generateKey({name: "Ed25519"}, false, ["sign", "verify"])`): the private key is a
//!   non-extractable `CryptoKey`, kept as it is (structured clone) in `meta` under
//!   [`DEVICE_KEY`]. Nothing can read its bytes, and a backup (the events and attachments) never
//!   holds it: a backup restored on another device gets that device's own key.
//! - The chain head (position, hash and clock of the device's last chained event) is the stored
//!   event with the highest chain position: this device's chained events carry it (`own`) in a
//!   unique index, so two tabs of the device can never store two events at one position. When
//!   another tab wrote first, the write is refused and the events are sealed again after the
//!   new head ([`super::Store::save`]), so the tabs of one device take turns on one chain.
//!   Databases from before version 4 kept the head in `meta` under [`CHAIN_HEAD`]; it is read
//!   until the device's first chained event of this version is stored.
//! - A browser without Ed25519 in WebCrypto has no key: its events are written unsigned and
//!   shown "sin firma", never as verified.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair, SubtleCrypto};

use web_sys::IdbCursorDirection;

use super::append::{ChainStart, Outbox};
use super::codec::from_js;
use super::error::StoreError;
use super::idb::{dom_error, issue};
use super::schema::{js_text, LOG, META, OWN};
use super::signatures::Signing;
use super::write::StoredEvent;
use super::Store;
use crate::domain::event::Event;
use crate::domain::evidence::{canonical_bytes, event_hash, hex, ChainHead, ChainLink};
use crate::domain::hlc::Hlc;

/// The `meta` key of the device's key pair: `{private: CryptoKey, public: "hex"}`.
pub const DEVICE_KEY: &str = "device_key";
/// The `meta` key of the device's chain head ([`StoredHead`] as JSON text).
pub const CHAIN_HEAD: &str = "chain_head";

const ALGORITHM: &str = "Ed25519";

/// The head of the device's chain as kept in `meta`: what its next event links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredHead {
    pub seq: u64,
    /// SHA-256 of the last event's canonical bytes (hex).
    pub hash: String,
    /// The last event's clock: the next one must come after it.
    pub hlc: Hlc,
}

impl StoredHead {
    fn chain_head(&self) -> ChainHead {
        ChainHead {
            seq: self.seq,
            hash: hex::decode::<32>(&self.hash).unwrap_or([0; 32]),
        }
    }
}

/// This device's signing key (private part non-extractable) and its chain head as last known.
pub struct Signer {
    device: String,
    private: CryptoKey,
    public_hex: String,
    head: RefCell<Head>,
    /// Some of this device's events may be stored without their signature (the head was not
    /// read yet this session, or an action's second transaction failed): the next write signs
    /// them first ([`Store::sign_unsigned`]).
    unsigned_left: Cell<bool>,
}

/// The chain head as a tab knows it: read from the store at the first write, not at open (its
/// decoding needs every event kind's decoder, which the queue does not: src/store/fold_module.rs).
#[derive(Clone)]
enum Head {
    Unread,
    Known(Option<StoredHead>),
}

impl Signer {
    /// The device that signs.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// The private key: a non-extractable `CryptoKey` (it signs; nothing can read its bytes).
    pub fn private_key(&self) -> &CryptoKey {
        &self.private
    }

    /// The public key (hex), as the device publishes it.
    pub fn public_hex(&self) -> &str {
        &self.public_hex
    }

    /// Marks that some of this device's events may be stored unsigned.
    pub(crate) fn unsigned_left(&self) {
        self.unsigned_left.set(true);
    }

    pub(crate) fn set_head(&self, head: Option<StoredHead>) {
        *self.head.borrow_mut() = Head::Known(head);
    }

    /// Chains this device's events among `events` (others are left as they are), in the
    /// canonical order, after `head`, and starts their signatures. An event whose clock is not
    /// after the one before it in the chain (another tab of the device wrote in between) gets
    /// the next clock tick. Returns the new head (`None` when no event is this device's) and the
    /// signatures under way: the events are saved without waiting for them (#21), and
    /// [`Signing::finish`] puts them on the events after (the chain's hashes leave the
    /// signature out, so nothing chained depends on it).
    pub(crate) fn seal(
        &self,
        events: &mut [Event],
        head: Option<&StoredHead>,
    ) -> Result<(Option<StoredHead>, Signing), StoreError> {
        let mut own: Vec<usize> = (0..events.len())
            .filter(|&i| events[i].device() == self.device)
            .collect();
        if own.is_empty() {
            return Ok((None, Signing::default()));
        }
        own.sort_by(|&a, &b| events[a].order(&events[b]));
        let mut head = head.cloned();
        let mut signing = Signing::default();
        for i in own {
            let event = &mut events[i];
            if let Some(prev) = &head {
                if event.hlc <= prev.hlc {
                    event.hlc = Hlc::next(Some(&prev.hlc), &self.device, event.hlc.wall_ms);
                }
            }
            event.chain = Some(ChainLink::after(
                head.as_ref().map(StoredHead::chain_head).as_ref(),
            ));
            event.signature = None;
            let bytes = canonical_bytes(event).map_err(|e| StoreError::Other(e.to_string()))?;
            signing
                .under_way
                .push((event.id.clone(), self.sign(&bytes)?));
            let hash: [u8; 32] = Sha256::digest(&bytes).into();
            head = Some(StoredHead {
                seq: event.chain.as_ref().map_or(1, |l| l.seq),
                hash: hex::encode(&hash),
                hlc: event.hlc.clone(),
            });
        }
        signing.key = self.public_hex.clone();
        Ok((head, signing))
    }

    /// Starts the signature of `bytes` (WebCrypto answers in a later task).
    pub(super) fn sign(&self, bytes: &[u8]) -> Result<JsFuture, StoreError> {
        let promise = subtle()?
            .sign_with_str_and_u8_array(ALGORITHM, &self.private, bytes)
            .map_err(dom_error)?;
        Ok(JsFuture::from(promise))
    }
}

fn subtle() -> Result<SubtleCrypto, StoreError> {
    let crypto = web_sys::window()
        .ok_or_else(|| StoreError::Unavailable("no window".into()))?
        .crypto()
        .map_err(dom_error)?;
    Ok(crypto.subtle())
}

pub(super) fn bytes_of(buffer: JsValue) -> Vec<u8> {
    Uint8Array::new(&buffer).to_vec()
}

impl Store {
    /// This device's signer: its key pair from `meta`, made (and kept) on the first start; its
    /// chain head. `None` when the browser has no Ed25519 in WebCrypto (the device then writes
    /// unsigned events).
    pub async fn signer(&self, device: &str) -> Result<Option<Signer>, StoreError> {
        let (private, public_hex) = match self.stored_key().await? {
            Some(found) => found,
            None => match generate().await {
                Ok(made) => {
                    // Two tabs starting at once: the first key stored wins, both use it.
                    self.add_key(&made.0, &made.1).await?;
                    match self.stored_key().await? {
                        Some(found) => found,
                        None => return Ok(None),
                    }
                }
                Err(e) => {
                    leptos::logging::warn!("no Ed25519 signing key (events unsigned): {e}");
                    return Ok(None);
                }
            },
        };
        Ok(Some(Signer {
            device: device.to_string(),
            private,
            public_hex,
            head: RefCell::new(Head::Unread),
            unsigned_left: Cell::new(true),
        }))
    }

    /// `signer`'s chain head as this tab last knew it, read from the store the first time
    /// (`None`: the device has not published its key).
    pub async fn chain_head(&self, signer: &Signer) -> Result<Option<StoredHead>, StoreError> {
        let known = signer.head.borrow().clone();
        let head = match known {
            Head::Known(head) => head,
            Head::Unread => {
                let head = self.stored_head().await?;
                signer.set_head(head.clone());
                head
            }
        };
        // A tab closed between an action's two transactions left its events unsigned.
        if signer.unsigned_left.replace(false) {
            if let Err(e) = self.sign_unsigned(signer).await {
                leptos::logging::warn!("unsigned events are signed later: {e}");
                signer.unsigned_left();
            }
        }
        Ok(head)
    }

    /// Writes `publication` (this device's key publication) as the first event of its chain,
    /// unless the chain has begun meanwhile (another tab published). Returns whether it did.
    pub async fn publish_key(
        &self,
        signer: &Signer,
        publication: Event,
    ) -> Result<bool, StoreError> {
        let saved = self
            .save_chained(
                Some(signer),
                vec![publication],
                &[],
                Outbox::Send,
                ChainStart::FirstOnly,
                &|| {},
            )
            .await?;
        Ok(saved.added > 0)
    }

    /// The chain head as stored now: the device's event with the highest chain position, or
    /// the head a database from before version 4 kept in `meta`.
    pub async fn stored_head(&self) -> Result<Option<StoredHead>, StoreError> {
        let tx = self.write_raw(&[LOG, META])?;
        let index = tx.store(LOG)?.index(OWN).map_err(dom_error)?;
        let last = issue(
            index.open_cursor_with_range_and_direction(&JsValue::NULL, IdbCursorDirection::Prev),
        )?;
        let legacy = issue(tx.store(META)?.get(&JsValue::from_str(CHAIN_HEAD)))?;
        let last = last.result().await?;
        let legacy = legacy.result().await?;
        tx.commit().await?;
        if last.is_null() || last.is_undefined() {
            return Ok(legacy
                .as_string()
                .and_then(|text| serde_json::from_str(&text).ok()));
        }
        let cursor: web_sys::IdbCursorWithValue = last.unchecked_into();
        let position = cursor.key().map_err(dom_error)?.as_f64().unwrap_or(0.0) as u64;
        let record = cursor.value().map_err(dom_error)?;
        let entry = super::log::at_position(&record, position)
            .ok_or_else(|| StoreError::Corrupt("a chain position without its event".into()))?;
        let record: StoredEvent = from_js(&entry, "stored event")?;
        let hash = event_hash(&record.event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(StoredHead {
            seq: record.own.unwrap_or_default(),
            hash: hex::encode(&hash),
            hlc: record.event.hlc,
        }))
    }

    async fn stored_key(&self) -> Result<Option<(CryptoKey, String)>, StoreError> {
        let tx = self.write_raw(&[META])?;
        let value = issue(tx.store(META)?.get(&JsValue::from_str(DEVICE_KEY)))?
            .result()
            .await?;
        tx.commit().await?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        let private = Reflect::get(&value, &JsValue::from_str("private"))
            .ok()
            .and_then(|k| k.dyn_into::<CryptoKey>().ok());
        let public = Reflect::get(&value, &JsValue::from_str("public"))
            .ok()
            .and_then(|p| p.as_string());
        match (private, public) {
            (Some(private), Some(public)) => Ok(Some((private, public))),
            _ => Err(StoreError::Corrupt(format!("meta {DEVICE_KEY}"))),
        }
    }

    /// Stores the key pair unless one is stored already.
    async fn add_key(&self, private: &CryptoKey, public_hex: &str) -> Result<(), StoreError> {
        let record = Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&record, &JsValue::from_str(k), v);
        set("private", private).map_err(dom_error)?;
        set("public", &JsValue::from_str(public_hex)).map_err(dom_error)?;
        let tx = self.write_raw(&[META])?;
        let added = issue(
            tx.store(META)?
                .add_with_key(&record, &JsValue::from_str(DEVICE_KEY)),
        )?;
        match added.result().await {
            Ok(_) => tx.commit().await,
            // Another tab stored its key first: that one is the device's.
            Err(StoreError::Other(text)) if text.starts_with("ConstraintError") => {
                tx.abort().await;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// A new key pair: the private key (non-extractable) and the public key as hex.
async fn generate() -> Result<(CryptoKey, String), String> {
    let subtle = subtle().map_err(|e| e.to_string())?;
    let usages = Array::of2(&JsValue::from_str("sign"), &JsValue::from_str("verify"));
    let pair = subtle
        .generate_key_with_str(ALGORITHM, false, &usages)
        .map_err(|e| js_text(&e))?;
    let pair: CryptoKeyPair = JsFuture::from(pair)
        .await
        .map_err(|e| js_text(&e))?
        .unchecked_into();
    let raw = subtle
        .export_key("raw", &pair.get_public_key())
        .map_err(|e| js_text(&e))?;
    let raw = bytes_of(JsFuture::from(raw).await.map_err(|e| js_text(&e))?);
    if raw.len() != 32 {
        return Err(format!("public key of {} bytes", raw.len()));
    }
    Ok((pair.get_private_key(), hex::encode(&raw)))
}
