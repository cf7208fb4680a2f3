//! One structured line per action on stderr: a JSON object with the time, the level, the
//! action and its details. Never credentials: callers pass counts, ids and reasons only (the
//! endpoint's URL is logged without its user-info part, see [`redact_url`]).

use serde_json::{json, Map, Value};

fn emit(level: &str, action: &str, fields: Value) {
    let mut line = Map::new();
    line.insert(
        "ts".into(),
        Value::String(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    line.insert("level".into(), json!(level));
    line.insert("action".into(), json!(action));
    if let Value::Object(extra) = fields {
        line.extend(extra);
    }
    eprintln!("{}", Value::Object(line));
}

pub fn info(action: &str, fields: Value) {
    emit("info", action, fields);
}

pub fn warn(action: &str, fields: Value) {
    emit("warn", action, fields);
}

pub fn error(action: &str, fields: Value) {
    emit("error", action, fields);
}

/// The process's peak resident memory (Linux: `VmHWM` of `/proc/self/status`), if known.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A URL without `user:password@`.
///
/// ```text
/// redact_url("http://ana:secret@host:5984/") == "http://host:5984/"
/// ```
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            super::redact_url("http://ana:s3cret@127.0.0.1:5984/x?y=1"),
            "http://127.0.0.1:5984/x?y=1"
        );
        assert_eq!(super::redact_url("https://h"), "https://h");
    }
}
