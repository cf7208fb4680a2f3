//! The agent signs what it writes (#20), like a browser: an Ed25519 key made once from the
//! system's random source and kept in its database (never pushed, never exported), published to
//! the desk before its first own event, and every own event chained after the previous one and
//! signed. The due events it appends are the engine's (device `mesa-due`, the same bytes on
//! every device) and stay unsigned, as in the browser.

use mesa::domain::event::Event;
use mesa::domain::evidence::{hex, ChainHead, DeviceKey};
use rusqlite::{params, OptionalExtension, Transaction};

use super::store::StoreError;

const SEED_KEY: &str = "signing_seed";
const HEAD_KEY: &str = "chain_head";
/// The actor of the key publication.
const ACTOR: &str = "mesa-agent";

fn meta(tx: &Transaction<'_>, key: &str) -> Result<Option<String>, StoreError> {
    tx.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(|e| StoreError(format!("read {key}: {e}")))
}

fn set_meta(tx: &Transaction<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
    .map_err(|e| StoreError(format!("write {key}: {e}")))
}

/// The agent's key, made on first use.
fn key(tx: &Transaction<'_>) -> Result<DeviceKey, StoreError> {
    if let Some(seed) = meta(tx, SEED_KEY)? {
        let seed =
            hex::decode::<32>(&seed).ok_or_else(|| StoreError(format!("{SEED_KEY} is damaged")))?;
        return Ok(DeviceKey::from_seed(seed));
    }
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| StoreError(format!("no random source for the signing key: {e}")))?;
    set_meta(tx, SEED_KEY, &hex::encode(&seed))?;
    Ok(DeviceKey::from_seed(seed))
}

fn head(tx: &Transaction<'_>) -> Result<Option<ChainHead>, StoreError> {
    let Some(text) = meta(tx, HEAD_KEY)? else {
        return Ok(None);
    };
    let damaged = || StoreError(format!("{HEAD_KEY} is damaged"));
    let (seq, hash) = text.split_once(':').ok_or_else(damaged)?;
    Ok(Some(ChainHead {
        seq: seq.parse().map_err(|_| damaged())?,
        hash: hex::decode::<32>(hash).ok_or_else(damaged)?,
    }))
}

/// `event` (written by this agent) chained and signed, preceded by the key's publication when
/// it is the agent's first; the chain head moves in `tx`, so it commits with the events.
pub(super) fn seal_own(tx: &Transaction<'_>, event: &Event) -> Result<Vec<Event>, StoreError> {
    let failed = |e: mesa::domain::evidence::EvidenceError| StoreError(format!("sign: {e}"));
    let key = key(tx)?;
    let mut out = Vec::new();
    let mut last = head(tx)?;
    if last.is_none() {
        // Published just before the event, so it comes first in the desk's order too.
        let at = event.hlc.wall_ms.saturating_sub(1);
        let mut random = [0u8; 16];
        getrandom::getrandom(&mut random)
            .map_err(|e| StoreError(format!("no random source for the key's event id: {e}")))?;
        let random = u128::from_be_bytes(random);
        let mut publication = key
            .publication_event(event.device(), at, random, ACTOR)
            .map_err(failed)?;
        last = Some(key.seal(&mut publication, None).map_err(failed)?);
        out.push(publication);
    }
    let mut sealed = event.clone();
    let moved = key.seal(&mut sealed, last.as_ref()).map_err(failed)?;
    set_meta(
        tx,
        HEAD_KEY,
        &format!("{}:{}", moved.seq, hex::encode(&moved.hash)),
    )?;
    out.push(sealed);
    Ok(out)
}
