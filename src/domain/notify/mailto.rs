//! A `mailto:` link (RFC 6068) that opens the user's mail program with a queued notification
//! ready to send: its e-mail recipients, subject and body, percent-encoded.
//!
//! ```
//! use mesa::domain::event::Notification;
//! use mesa::domain::notify::mailto::mailto;
//! let n = Notification { to: vec!["noc@banco.example".into(), "+00 1".into()],
//!                        subject: "Caso 1 — etapa «Diagnóstico»".into(),
//!                        body: "Línea 1\nLínea 2 & más".into(), ..Notification::default() };
//! assert_eq!(
//!     mailto(&n).unwrap(),
//!     "mailto:noc@banco.example?subject=Caso%201%20%E2%80%94%20etapa%20%C2%ABDiagn%C3%B3stico%C2%BB\
//!      &body=L%C3%ADnea%201%0D%0AL%C3%ADnea%202%20%26%20m%C3%A1s"
//! );
//! ```

use crate::domain::event::Notification;

/// Percent-encodes everything but RFC 3986's unreserved characters (and `@` when `at` is set).
fn encode(text: &str, at: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b'@' if at => out.push('@'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The e-mail addresses among the notification's recipients (phones are left out).
pub fn email_recipients(n: &Notification) -> Vec<&str> {
    n.to.iter()
        .map(|a| a.trim())
        .filter(|a| a.contains('@') && !a.contains(char::is_whitespace))
        .collect()
}

/// The link, or `None` when no recipient has an e-mail address. Line breaks are sent as CRLF.
pub fn mailto(n: &Notification) -> Option<String> {
    let to = email_recipients(n);
    if to.is_empty() {
        return None;
    }
    let to: Vec<String> = to.iter().map(|a| encode(a, true)).collect();
    let body = n.body.replace("\r\n", "\n").replace('\n', "\r\n");
    Some(format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        encode(&n.subject, false),
        encode(&body, false)
    ))
}
