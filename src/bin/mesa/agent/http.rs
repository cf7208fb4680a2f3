//! Blocking HTTP to the sync endpoint (`ureq`): authentication, a whole-request timeout, and
//! the mapping of failures to the sync machine's [`ErrorKind`]. Credentials travel only in the
//! `Authorization` header; nothing here logs them.

use std::time::Duration;

use mesa::sync::credentials::basic;
use mesa::sync::effect::ErrorKind;
use mesa::sync::protocol::{classify_status, percent_encode, StatusClass};
use serde_json::Value;

/// How the agent authenticates to the endpoint.
#[derive(Clone)]
pub enum Auth {
    None,
    Basic { user: String, password: String },
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    /// Never prints a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::None => f.write_str("none"),
            Self::Basic { user, .. } => write!(f, "basic({user})"),
            Self::Bearer(_) => f.write_str("bearer"),
        }
    }
}

/// The largest response body read (a `_changes` page of 1,000 events is a few MB).
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// The endpoint: base URL, database, credentials.
pub struct Endpoint {
    pub base: String,
    pub db: String,
    auth: Option<String>,
}

impl Endpoint {
    pub fn new(base: &str, db: &str, auth: &Auth) -> Self {
        let auth = match auth {
            Auth::None => None,
            Auth::Basic { user, password } => Some(basic(user, password)),
            Auth::Bearer(token) => Some(format!("Bearer {}", token.trim())),
        };
        Self {
            base: base.trim_end_matches('/').to_string(),
            db: db.to_string(),
            auth,
        }
    }

    /// Sends one request and reads the whole body within `timeout_ms`: the status and the body
    /// text, or why there is none.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        body: Option<&str>,
        timeout_ms: u64,
    ) -> Result<(u16, String), ErrorKind> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_millis(timeout_ms.max(1))))
            .http_status_as_error(false)
            .build()
            .into();
        let result = match (method, body) {
            ("GET", _) => {
                let mut request = agent.get(url).header("Accept", "application/json");
                if let Some(auth) = &self.auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            (method, body) => {
                let mut request = match method {
                    "PUT" => agent.put(url),
                    _ => agent.post(url),
                }
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
                if let Some(auth) = &self.auth {
                    request = request.header("Authorization", auth);
                }
                request.send(body.unwrap_or(""))
            }
        };
        let mut response = result.map_err(error_kind)?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(error_kind)?;
        Ok((status, text))
    }

    /// Waits (long-poll) until the feed has something after `since`, or `wait_ms` passed.
    /// Returns whether a change arrived; an error is returned for the caller to back off.
    pub fn wait_for_changes(&self, since: Option<&Value>, wait_ms: u64) -> Result<bool, ErrorKind> {
        let since = since.map_or_else(|| "0".to_string(), Value::to_string);
        let url = format!(
            "{}/{}/_changes?feed=longpoll&since={}&limit=1&timeout={wait_ms}",
            self.base,
            percent_encode(&self.db),
            percent_encode(&since)
        );
        let (status, body) = self.send("GET", &url, None, wait_ms + 15_000)?;
        if !(200..300).contains(&status) {
            return Err(status_error(status));
        }
        let value: Value =
            serde_json::from_str(&body).map_err(|e| ErrorKind::Protocol(e.to_string()))?;
        Ok(value
            .get("results")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty()))
    }
}

/// What an unexpected HTTP status means (the sync machine's classification).
pub fn status_error(status: u16) -> ErrorKind {
    match classify_status(status) {
        StatusClass::Auth => ErrorKind::Auth(status),
        StatusClass::NotFound => ErrorKind::NotFound,
        StatusClass::Retry => ErrorKind::Unavailable(status),
        StatusClass::Ok | StatusClass::Other => ErrorKind::Http(status),
    }
}

fn error_kind(e: ureq::Error) -> ErrorKind {
    match e {
        ureq::Error::Timeout(_) => ErrorKind::Timeout,
        ureq::Error::StatusCode(s) => ErrorKind::Http(s),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
        ureq::Error::Io(_)
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BodyStalled => ErrorKind::Network,
        ureq::Error::Protocol(p) => ErrorKind::Protocol(p.to_string()),
        ureq::Error::BodyExceedsLimit(n) => {
            ErrorKind::Protocol(format!("response larger than {n} bytes"))
        }
        other => ErrorKind::Protocol(other.to_string()),
    }
}
