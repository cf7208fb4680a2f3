//! "Probar conexión": one `GET {base}/{db}` and what its answer means, for a specific message.

use crate::sync::effect::ErrorKind;
use crate::sync::protocol::{classify_status, StatusClass};

use super::{config, transport, SyncSettings};

/// The outcome of "test connection".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// A CouchDB-like database answered.
    Ok,
    /// Nothing answers (connection refused, unknown host, no network).
    Network,
    /// The server answers but does not allow this origin (CORS).
    Cors,
    Timeout,
    /// 401 / 403.
    Auth(u16),
    /// 404: no such database.
    NotFound,
    /// A 2xx answer that is not a CouchDB database description.
    NotCouch,
    /// Any other status.
    Http(u16),
}

impl Probe {
    pub fn key(self) -> &'static str {
        match self {
            Self::Ok => "sync.probe.ok",
            Self::Network => "sync.probe.network",
            Self::Cors => "sync.probe.cors",
            Self::Timeout => "sync.probe.timeout",
            Self::Auth(_) => "sync.probe.auth",
            Self::NotFound => "sync.probe.not_found",
            Self::NotCouch => "sync.probe.not_couch",
            Self::Http(_) => "sync.probe.http",
        }
    }
}

/// `GET {base}/{db}` and what the answer means.
pub async fn probe(settings: &SyncSettings) -> Probe {
    let url = settings.db_url();
    let timeout = config().timeout_ms.min(10_000);
    match transport::send(settings, "GET", &url, None, timeout).await {
        Err(ErrorKind::Timeout) => Probe::Timeout,
        Err(_) => {
            if transport::reachable_without_cors(&url, 5_000).await {
                Probe::Cors
            } else {
                Probe::Network
            }
        }
        Ok((code, body)) => match classify_status(code) {
            StatusClass::Ok => {
                let json: Option<serde_json::Value> = serde_json::from_str(&body).ok();
                let couch_like = json
                    .as_ref()
                    .and_then(|v| v.as_object())
                    .is_some_and(|o| o.contains_key("db_name") || o.contains_key("update_seq"));
                if couch_like {
                    Probe::Ok
                } else {
                    Probe::NotCouch
                }
            }
            StatusClass::Auth => Probe::Auth(code),
            StatusClass::NotFound => Probe::NotFound,
            _ => Probe::Http(code),
        },
    }
}
