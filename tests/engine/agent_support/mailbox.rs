//! The mail-in tests' desk: a P4 (or P1) desk seeded as a browser writes it, the messages
//! customers send, the agent's mail flags, and what the SMTP server received.

use chrono::{Duration, Utc};
use mesa::domain::customer::{Customer, CustomerContact};
use mesa::domain::desk::RecordKey;
use mesa::domain::event::*;

use super::desk::{publish, seed, Browser};
use super::imap::Dovecot;
use super::servers::Couch;

/// The desk's sending address.
pub const DESK: &str = "Mesa <mesa@desk.example>";
/// The customer's contact who writes.
pub const LAURA: &str = "laura@hotel.example";

/// A desk running `preset`, with the customer "Hotel Central" whose contact is [`LAURA`].
pub fn desk(couch: &Couch, preset: &str) {
    let now = Utc::now();
    let mut browser = Browser::new("dev000000mail");
    let published = publish(&mut browser, now - Duration::days(3), preset);
    let customer = browser.event(
        Some(&RecordKey::Customer("hotel-central".into()).to_ticket_id()),
        now - Duration::days(2),
        EventKind::CustomerCreated(Customer {
            name: "Hotel Central".into(),
            contacts: vec![CustomerContact {
                name: "Laura".into(),
                role: "usuario".into(),
                email: LAURA.into(),
                ..Default::default()
            }],
            ..Customer::default()
        }),
    );
    seed(couch, &[published, customer]);
}

/// A message from `from`, with its Message-ID `<id@hotel.example>` and `headers` added.
pub fn email(from: &str, subject: &str, id: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: soporte@desk.example\r\nSubject: {subject}\r\n\
         Message-ID: <{id}@hotel.example>\r\nDate: {}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n{headers}\r\n{body}\r\n",
        Utc::now().to_rfc2822()
    )
    .into_bytes()
}

/// `--smtp` to aiosmtpd and `--imap` to the Dovecot account.
pub fn mail_flags(smtp_port: u16, imap: &Dovecot) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--smtp",
        &format!("smtp://127.0.0.1:{smtp_port}"),
        "--smtp-from",
        DESK,
        "--imap",
        &imap.url(),
        "--imap-user",
        &imap.user,
        "--imap-password",
        &imap.password,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(ca) = &imap.ca {
        flags.extend(["--imap-ca".to_string(), ca.to_string_lossy().into_owned()]);
    }
    flags
}

/// A header's value in a raw message (the first, unfolded).
pub fn header(raw: &str, name: &str) -> Option<String> {
    let prefix = format!("{}:", name.to_ascii_lowercase());
    let mut lines = raw.lines().take_while(|l| !l.is_empty()).peekable();
    while let Some(line) = lines.next() {
        if line.to_ascii_lowercase().starts_with(&prefix) {
            let mut value = line[prefix.len()..].trim().to_string();
            while let Some(next) = lines.peek().filter(|l| l.starts_with([' ', '\t'])) {
                value.push(' ');
                value.push_str(next.trim());
                lines.next();
            }
            return Some(value);
        }
    }
    None
}

/// The opening events in `events`.
pub fn openings(events: &[Event]) -> Vec<&Opened> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Opened(o) => Some(o),
            _ => None,
        })
        .collect()
}

/// The `"action":"X"` lines of a log with `what` in them.
pub fn logged(log: &str, action: &str) -> Vec<String> {
    let needle = format!("\"action\":\"{action}\"");
    log.lines()
        .filter(|l| l.contains(&needle))
        .map(str::to_string)
        .collect()
}

/// What a pass logged.
pub fn log_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A mail as received: its subject and its text (decoded).
pub fn parsed(raw: &str) -> (String, String) {
    let m = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a message");
    let subject = m.subject().unwrap_or_default().to_string();
    (subject, m.body_text(0).unwrap_or_default().into_owned())
}
