//! One message of the mailbox read into the domain's [`InboundMail`] (mail-parser: lenient
//! with bad encodings and broken MIME), or the reason it is skipped: not a message, no sender,
//! an automatic message (a reply loop in the making), too many recipients, text that cannot be
//! decoded faithfully.

use chrono::TimeZone;
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use mesa::domain::mail_in::{mail_key, message_id, InboundMail};

/// Messages to more addresses than this are mass mailings, not reports.
pub const MAX_RECIPIENTS: usize = 100;
/// The most attachments named in a ticket.
const MAX_ATTACHMENTS: usize = 20;

/// Where the message is: its key when it has no Message-ID.
pub struct Place<'a> {
    pub folder: &'a str,
    pub uidvalidity: u32,
    pub uid: u32,
}

/// The Message-IDs of a header (`In-Reply-To`, `References`), in order.
fn ids(value: &HeaderValue) -> Vec<String> {
    value
        .as_text_list()
        .unwrap_or_default()
        .iter()
        .flat_map(|v| v.split_whitespace())
        .filter_map(message_id)
        .collect()
}

fn undecodable(text: &str) -> bool {
    text.contains('\u{FFFD}')
}

/// Reads `raw`; `own` is the desk's sending address (its own messages are not mail in).
pub fn read(raw: &[u8], place: &Place, own: &str) -> Result<InboundMail, String> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or("not an e-mail message (no readable header)")?;
    let from = message
        .from()
        .and_then(|f| f.first())
        .and_then(|a| a.address())
        .map(str::trim)
        .filter(|a| a.contains('@') && a.len() <= 254 && !a.contains(char::is_whitespace))
        .ok_or("no sender address (From)")?;
    if from.eq_ignore_ascii_case(own) {
        return Err("a message from the desk's own address".into());
    }
    let local = from.split('@').next().unwrap_or("").to_ascii_lowercase();
    if ["mailer-daemon", "postmaster"].contains(&local.as_str()) {
        return Err("a delivery report (from the mail system)".into());
    }
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    if let Some(auto) = header("Auto-Submitted").filter(|v| !v.starts_with("no")) {
        return Err(format!(
            "an automatic message (Auto-Submitted: {auto}): not answered"
        ));
    }
    if let Some(p) = header("Precedence")
        .filter(|p| ["bulk", "junk", "list", "auto_reply"].contains(&p.as_str()))
    {
        return Err(format!("a mass or automatic message (Precedence: {p})"));
    }
    if header("X-Autoreply").is_some() || header("X-Autorespond").is_some() {
        return Err("an automatic reply (X-Autoreply)".into());
    }
    if message.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    }) {
        return Err("a delivery or read report".into());
    }
    let recipients =
        message.to().map_or(0, |a| a.iter().count()) + message.cc().map_or(0, |a| a.iter().count());
    if recipients > MAX_RECIPIENTS {
        return Err(format!(
            "too many recipients ({recipients}; a report has at most {MAX_RECIPIENTS})"
        ));
    }
    let subject = message.subject().unwrap_or("").trim().to_string();
    let text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    if undecodable(&subject) || undecodable(&text) {
        return Err("text in an unknown or broken encoding".into());
    }
    let boundary = message
        .content_type()
        .filter(|c| c.ctype().eq_ignore_ascii_case("multipart"))
        .map(|c| c.attribute("boundary").unwrap_or_default());
    if let Some(boundary) = boundary {
        let marker = format!("--{boundary}");
        if boundary.is_empty() || !raw.windows(marker.len()).any(|w| w == marker.as_bytes()) {
            return Err("broken MIME structure (its multipart boundary never appears)".into());
        }
    }
    let id = message.message_id().and_then(message_id);
    let mut references = ids(message.in_reply_to());
    references.extend(ids(message.references()).into_iter().rev());
    references.dedup();
    let date = message
        .date()
        .and_then(|d| chrono::Utc.timestamp_opt(d.to_timestamp(), 0).single());
    let attachments = message
        .attachments()
        .take(MAX_ATTACHMENTS)
        .map(|a| {
            a.attachment_name()
                .unwrap_or("(sin nombre)")
                .chars()
                .take(120)
                .collect()
        })
        .collect();
    Ok(InboundMail {
        key: mail_key(id.as_deref(), place.folder, place.uidvalidity, place.uid),
        message_id: id,
        from_address: from.to_string(),
        from_name: message
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.name())
            .map(|n| n.trim().chars().take(200).collect()),
        subject: subject.chars().take(500).collect(),
        text,
        date,
        references,
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACE: Place = Place {
        folder: "INBOX",
        uidvalidity: 7,
        uid: 3,
    };

    fn read_text(raw: &str) -> Result<InboundMail, String> {
        read(raw.as_bytes(), &PLACE, "mesa@desk.example")
    }

    #[test]
    fn a_plain_message_gives_its_sender_thread_and_text() {
        let raw = b"From: =?utf-8?q?Laura_Recepci=C3=B3n?= <laura@hotel.example>\r\n\
            To: soporte@desk.example\r\nSubject: Sin tono\r\n\
            Message-ID: <m2@hotel.example>\r\nIn-Reply-To: <a@desk.example>\r\n\
            References: <m1@hotel.example> <a@desk.example>\r\n\
            Date: Fri, 04 Dec 2026 09:00:00 -0600\r\n\
            Content-Type: text/plain; charset=iso-8859-1\r\n\r\nTel\xe9fono: 55\r\n";
        let mail = read(raw, &PLACE, "mesa@desk.example").unwrap();
        assert_eq!(mail.key, "<m2@hotel.example>");
        assert_eq!(mail.from_address, "laura@hotel.example");
        assert_eq!(mail.from_name.as_deref(), Some("Laura Recepci\u{f3}n"));
        assert_eq!(mail.text.trim(), "Tel\u{e9}fono: 55");
        assert_eq!(mail.references, ["<a@desk.example>", "<m1@hotel.example>"]);
        assert_eq!(mail.date.unwrap().to_rfc3339(), "2026-12-04T15:00:00+00:00");
    }

    #[test]
    fn hostile_and_automatic_mail_is_refused_with_a_reason() {
        let head = "From: a@b.example\r\nSubject: x\r\n";
        let cases = [
            ("Subject: no sender\r\n\r\nhi".to_string(), "no sender"),
            ("From: mesa@desk.example\r\n\r\nhi".into(), "own address"),
            (
                "From: MAILER-DAEMON@b.example\r\n\r\nbounce".into(),
                "delivery report",
            ),
            (
                format!("{head}Auto-Submitted: auto-replied\r\n\r\naway"),
                "Auto-Submitted",
            ),
            (format!("{head}Precedence: bulk\r\n\r\nnews"), "Precedence"),
            (
                format!("{head}Content-Type: multipart/mixed; boundary=zz\r\n\r\n"),
                "MIME",
            ),
        ];
        for (raw, why) in &cases {
            let err = read_text(raw).unwrap_err();
            assert!(err.contains(why), "{raw:?}: {err}");
        }
        let many: Vec<String> = (0..5_000).map(|i| format!("u{i}@x.example")).collect();
        let err = read_text(&format!("{head}To: {}\r\n\r\nspam", many.join(", "))).unwrap_err();
        assert!(err.contains("too many recipients (5000"), "{err}");
        let mut broken =
            format!("{head}Content-Type: text/plain; charset=x-nonesuch\r\n\r\n").into_bytes();
        broken.extend_from_slice(b"\xff\xfe\xc3(\x80 caf\xe9\r\n");
        let err = read(&broken, &PLACE, "mesa@desk.example").unwrap_err();
        assert!(err.contains("encoding"), "{err}");
        assert!(read(b"\x00\x01\x02", &PLACE, "m@d.example").is_err());
    }

    #[test]
    fn a_message_without_message_id_is_keyed_by_its_place() {
        let mail = read_text("From: a@b.example\r\nSubject: x\r\n\r\nhi").unwrap();
        assert_eq!(mail.key, "imap:INBOX/7/3");
        assert_eq!(mail.message_id, None);
    }
}
