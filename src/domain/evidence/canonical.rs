//! The canonical JSON of an event: the bytes its device signs and its hash is taken of.
//!
//! The event as it is serialized (the same document stored and synced), with the `signature`
//! field left out, written with no whitespace, object keys sorted by their UTF-8 bytes at every
//! level, strings escaped minimally (`\"`, `\\`, `\b \f \n \r \t`, other control characters as
//! `\u00XX`), numbers as `serde_json` writes them. It is computed from the typed event, so a
//! document that says the same thing in another spelling (`+00:00` for `Z`, a missing optional
//! field for `null`) hashes the same.
//!
//! ```
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc};
//! use mesa::domain::evidence::{canonical_bytes, event_hash};
//!
//! let hlc = Hlc::first(1_767_225_600_000, "tablet-7");
//! let id = EventId::from_parts(hlc.wall_ms, 1);
//! let event = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::WaitingEnded);
//! let text = String::from_utf8(canonical_bytes(&event).unwrap()).unwrap();
//! assert!(text.starts_with(r#"{"actor":"ana","hlc":"#));
//! assert_eq!(event_hash(&event).unwrap().len(), 32);
//! ```

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::EvidenceError;
use crate::domain::event::Event;

/// The field left out of the canonical form (it holds the signature over that form).
pub const SIGNATURE_FIELD: &str = "signature";

/// The canonical JSON bytes of `event` (see the module documentation).
pub fn canonical_bytes(event: &Event) -> Result<Vec<u8>, EvidenceError> {
    let value = serde_json::to_value(event).map_err(|e| EvidenceError::Encode(format!("{e}")))?;
    let mut out = Vec::with_capacity(512);
    match &value {
        Value::Object(map) => write_object(
            map.iter().filter(|(k, _)| k.as_str() != SIGNATURE_FIELD),
            &mut out,
        ),
        other => write_value(other, &mut out),
    }
    Ok(out)
}

/// SHA-256 of the canonical bytes: what the device's next event chains to and the month's Merkle
/// tree is built from.
pub fn event_hash(event: &Event) -> Result<[u8; 32], EvidenceError> {
    Ok(Sha256::digest(canonical_bytes(event)?).into())
}

fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => write_object(map.iter(), out),
    }
}

fn write_object<'a>(entries: impl Iterator<Item = (&'a String, &'a Value)>, out: &mut Vec<u8>) {
    let mut entries: Vec<(&String, &Value)> = entries.collect();
    entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out.push(b'{');
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(key, out);
        out.push(b':');
        write_value(value, out);
    }
    out.push(b'}');
}

fn write_string(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\u{0c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(json: &str) -> String {
        let value: Value = serde_json::from_str(json).unwrap_or(Value::Null);
        let mut out = Vec::new();
        write_value(&value, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn keys_are_sorted_at_every_level_and_whitespace_dropped() {
        assert_eq!(
            canon(r#"{ "b": 1, "a": { "z": [true, null], "y": "x" } }"#),
            r#"{"a":{"y":"x","z":[true,null]},"b":1}"#
        );
    }

    #[test]
    fn strings_are_escaped_minimally() {
        assert_eq!(
            canon(r#"["a\"b\\c\n\u0001é/"]"#),
            "[\"a\\\"b\\\\c\\n\\u0001é/\"]"
        );
    }
}
