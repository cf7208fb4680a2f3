//! One agent works per desk: it holds a lease, a local document of the endpoint
//! (`_local/mesa-agent-lease`: never in `_changes`, so browsers never see it) naming the holder
//! and when the lease ends. It is taken and renewed only through the document's revision, so of
//! two agents writing at once the endpoint accepts one and answers `conflict` to the other,
//! which waits. A holder renews before each part of a pass; a holder that died is replaced once
//! its lease ended (the holders' clocks are trusted to agree within a few seconds).

use mesa::sync::effect::ErrorKind;
use mesa::sync::protocol::percent_encode;
use serde_json::{json, Value};

use super::http::{status_error, Endpoint};

const DOC: &str = "_local/mesa-agent-lease";

/// What the endpoint said about the lease.
#[derive(Debug, PartialEq, Eq)]
pub enum Lease {
    /// This agent holds it until `until_ms`.
    Held { until_ms: i64 },
    /// Another agent holds it until `until_ms`.
    Taken { holder: String, until_ms: i64 },
}

fn url(endpoint: &Endpoint) -> String {
    format!("{}/{}/{DOC}", endpoint.base, percent_encode(&endpoint.db))
}

/// Takes or renews the lease for `ttl_ms` from `now_ms`, unless another agent holds it.
pub fn acquire(
    endpoint: &Endpoint,
    device: &str,
    now_ms: i64,
    ttl_ms: i64,
    timeout_ms: u64,
) -> Result<Lease, ErrorKind> {
    let url = url(endpoint);
    let (status, body) = endpoint.send("GET", &url, None, timeout_ms)?;
    let current: Option<Value> = match status {
        200 => Some(serde_json::from_str(&body).map_err(|e| ErrorKind::Protocol(e.to_string()))?),
        404 => None,
        s => return Err(status_error(s)),
    };
    let holder = current
        .as_ref()
        .and_then(|d| d.get("holder"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let until = current
        .as_ref()
        .and_then(|d| d.get("until_ms"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if current.is_some() && holder != device && until > now_ms {
        return Ok(Lease::Taken {
            holder,
            until_ms: until,
        });
    }
    let until_ms = now_ms.saturating_add(ttl_ms);
    let mut doc = json!({"holder": device, "until_ms": until_ms});
    if let Some(rev) = current.as_ref().and_then(|d| d.get("_rev")) {
        doc["_rev"] = rev.clone();
    }
    let (status, _) = endpoint.send("PUT", &url, Some(&doc.to_string()), timeout_ms)?;
    match status {
        200..=202 => Ok(Lease::Held { until_ms }),
        // Another agent wrote the lease since we read it: it holds it now.
        409 => Ok(Lease::Taken {
            holder: "another agent".into(),
            until_ms: now_ms.saturating_add(ttl_ms),
        }),
        s => Err(status_error(s)),
    }
}

/// Gives the lease up (it ends now), if this agent holds it; another agent may take it at once.
pub fn release(endpoint: &Endpoint, device: &str, timeout_ms: u64) -> Result<(), ErrorKind> {
    let url = url(endpoint);
    let (status, body) = endpoint.send("GET", &url, None, timeout_ms)?;
    if status == 404 {
        return Ok(());
    }
    if status != 200 {
        return Err(status_error(status));
    }
    let current: Value =
        serde_json::from_str(&body).map_err(|e| ErrorKind::Protocol(e.to_string()))?;
    if current.get("holder").and_then(Value::as_str) != Some(device) {
        return Ok(());
    }
    let mut doc = json!({"holder": device, "until_ms": 0});
    if let Some(rev) = current.get("_rev") {
        doc["_rev"] = rev.clone();
    }
    let (status, _) = endpoint.send("PUT", &url, Some(&doc.to_string()), timeout_ms)?;
    match status {
        200..=202 | 409 => Ok(()),
        s => Err(status_error(s)),
    }
}
