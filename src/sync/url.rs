//! URLs of the sync endpoint, and the percent-encoding they need.
//!
//! The `_changes` cursor is sent as its JSON text, percent-encoded: an integer cursor (PouchDB)
//! reads `since=42`, a string cursor (CouchDB ≥ 2) reads `since=%2212-g1AAAA%22`. CouchDB accepts
//! the quoted form (it strips optional surrounding quotes from `since`), and the cursor is never
//! parsed on our side.
//!
//! ```
//! use mesa::sync::protocol::changes_url;
//! let since = serde_json::json!("12-g1AA");
//! assert_eq!(
//!     changes_url("https://couch.example/", "mesa", Some(&since), 100),
//!     "https://couch.example/mesa/_changes?since=%2212-g1AA%22&include_docs=true&limit=100"
//! );
//! ```

use serde_json::Value;

/// `{base}/{db}/_bulk_docs` (the database name is percent-encoded, so `a/b` becomes `a%2Fb`).
///
/// ```
/// use mesa::sync::protocol::bulk_docs_url;
/// assert_eq!(bulk_docs_url("http://127.0.0.1:5984", "desk/north"),
///            "http://127.0.0.1:5984/desk%2Fnorth/_bulk_docs");
/// ```
pub fn bulk_docs_url(base: &str, db: &str) -> String {
    format!(
        "{}/{}/_bulk_docs",
        base.trim_end_matches('/'),
        percent_encode(db)
    )
}

/// `{base}/{db}/_changes?since=…&include_docs=true&limit=N`; `since=0` when there is no cursor.
///
/// ```
/// use mesa::sync::protocol::changes_url;
/// assert_eq!(changes_url("http://h", "mesa", None, 50),
///            "http://h/mesa/_changes?since=0&include_docs=true&limit=50");
/// ```
pub fn changes_url(base: &str, db: &str, since: Option<&Value>, limit: u32) -> String {
    let since = since.map_or_else(|| "0".to_string(), Value::to_string);
    format!(
        "{}/{}/_changes?since={}&include_docs=true&limit={limit}",
        base.trim_end_matches('/'),
        percent_encode(db),
        percent_encode(&since)
    )
}

/// Percent-encodes every byte except the URL-unreserved characters `A-Z a-z 0-9 - . _ ~`.
///
/// ```
/// assert_eq!(mesa::sync::protocol::percent_encode("\"a b\"/ñ"), "%22a%20b%22%2F%C3%B1");
/// ```
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xF) as usize] as char);
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); `None` for a malformed escape or invalid UTF-8.
///
/// ```
/// assert_eq!(mesa::sync::protocol::percent_decode("%22a%20b%22").as_deref(), Some("\"a b\""));
/// ```
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
