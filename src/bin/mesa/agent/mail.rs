//! Mail out: each queued notification (`NotificationQueued`, listed once per cause by the fold)
//! that no event marks sent is mailed over SMTP to its addressees, then recorded as sent.
//!
//! At most one copy per notification, except in one window: the attempt (with the Message-ID
//! the message will carry) is committed to the local database BEFORE the message is handed to
//! the SMTP server, and the result AFTER, in the same transaction as the `NotificationSent`
//! event. A restart finds one of: nothing (never handed over: sent now), `sent` (skipped), or
//! `attempted` — the agent stopped between the two commits. An attempted message may or may not
//! have been accepted, so it is sent again with the same Message-ID (receiving systems that
//! deduplicate by Message-ID keep one). That window — from the server accepting the message to
//! the agent committing the result, a few milliseconds — is the only one where a crash can mail
//! twice; nothing can make the agent not mail a message at all.

use std::collections::HashMap;
use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use mesa::domain::desk::derived_id::event_id;
use mesa::domain::due_events::ENGINE_ACTOR;
use mesa::domain::event::{Event, EventId, EventKind, Hlc, Notification};
use mesa::domain::fold::fold_all;
use serde_json::json;

use super::log;
use super::options::SmtpOptions;
use super::store::{MailState, Store, StoreError};

/// Why a message did not go out.
#[derive(Debug)]
pub enum SendError {
    /// Worth trying again later (connection refused, 4xx).
    Transient(String),
    /// The server will not take it (5xx: bad address, refused sender).
    Permanent(String),
}

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// The domain of the Message-IDs (the sender's).
    domain: String,
}

impl Mailer {
    pub fn new(options: &SmtpOptions) -> Result<Mailer, String> {
        let from: Mailbox = options
            .from
            .parse()
            .map_err(|e| format!("--smtp-from {:?}: {e}", options.from))?;
        let domain = from.email.domain().to_string();
        let mut builder = SmtpTransport::builder_dangerous(options.host.clone())
            .port(options.port)
            .timeout(Some(Duration::from_secs(30)));
        if options.starttls {
            let mut tls = TlsParameters::builder(options.host.clone());
            if let Some(path) = &options.ca {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("--smtp-ca {}: {e}", path.display()))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("--smtp-ca {}: {e}", path.display()))?;
                tls = tls.add_root_certificate(cert);
            }
            let tls = tls.build().map_err(|e| format!("--starttls: {e}"))?;
            builder = builder.tls(Tls::Required(tls));
        }
        if let Some((user, password)) = &options.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            domain,
        })
    }

    /// The Message-ID of a notification's mail: the same on every try and every agent.
    pub fn message_id(&self, notification: &EventId) -> String {
        format!("<{}@{}>", notification.as_str(), self.domain)
    }

    /// The address messages are sent from (the mailbox's own messages are not read as mail in).
    pub fn sender_address(&self) -> String {
        self.from.email.to_string()
    }

    /// The Message-ID of an answer that records no event (a message of the mailbox that could
    /// not open a ticket): `<answer id@sender's domain>`.
    pub fn answer_message_id(&self, answer: &EventId) -> String {
        self.message_id(answer)
    }

    /// Connects (TLS and login included) and says NOOP: why the server cannot take mail now.
    pub fn check(&self) -> Result<(), String> {
        match self.transport.test_connection() {
            Ok(true) => Ok(()),
            Ok(false) => Err("the SMTP server did not answer NOOP".into()),
            Err(e) => Err(e.to_string()),
        }
    }

    fn send(&self, message_id: &str, n: &Notification) -> Result<(), SendError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .message_id(Some(message_id.to_string()))
            .subject(n.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        // An answer to a customer's e-mail: threaded to it, and marked as an automatic reply
        // (RFC 3834), which their auto-responders do not answer.
        if let Some(parent) = &n.in_reply_to {
            builder = builder
                .in_reply_to(parent.clone())
                .references(parent.clone());
        }
        for to in &n.to {
            let mailbox: Mailbox = to
                .parse()
                .map_err(|e| SendError::Permanent(format!("address {to:?}: {e}")))?;
            builder = builder.to(mailbox);
        }
        let mut message = builder
            .body(n.body.clone())
            .map_err(|e| SendError::Permanent(format!("message: {e}")))?;
        if n.in_reply_to.is_some() {
            message.headers_mut().insert_raw(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-replied".into(),
            ));
        }
        match self.transport.send(&message) {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }

    /// Mails an answer that records no event (see [`Mailer::answer_message_id`]).
    pub fn send_answer(&self, message_id: &str, answer: &Notification) -> Result<(), SendError> {
        self.send(message_id, answer)
    }
}

/// What a mail pass did.
#[derive(Debug, Default)]
pub struct MailPass {
    pub sent: usize,
    /// Messages that could not be sent in this pass (tried again in the next one, unless the
    /// server refused them for good), or 1 when the server could not be used at all.
    pub failed: usize,
}

/// Mails every queued notification not yet sent.
pub fn mail_pass(store: &mut Store, mailer: &Mailer, device: &str) -> Result<MailPass, StoreError> {
    let events = store.events()?;
    let mut newest = events.iter().map(|e| &e.hlc).max().cloned();
    let queued: HashMap<&EventId, &Notification> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::NotificationQueued(n) => Some((&e.id, n)),
            _ => None,
        })
        .collect();
    let mut pass = MailPass::default();
    let mut checked = false;
    for ticket in fold_all(&events) {
        for id in &ticket.notifications_queued {
            if ticket.notifications_sent.contains(id) {
                continue;
            }
            let Some(n) = queued.get(id) else { continue };
            if n.has_no_recipients() {
                continue; // "sin destinatarios": left for a person
            }
            let state = store.mail_state(id)?;
            if matches!(
                state,
                Some(MailState::Sent { .. } | MailState::Refused { .. })
            ) {
                continue;
            }
            // Before the first message: can the server be reached and does it take our login?
            // If not, no message is at fault: they all wait for the next pass.
            if !checked {
                if let Err(reason) = mailer.check() {
                    log::error("mail_unavailable", json!({ "reason": reason }));
                    pass.failed += 1;
                    return Ok(pass);
                }
                checked = true;
            }
            let message_id = match state {
                Some(MailState::Sent { .. } | MailState::Refused { .. }) => continue,
                Some(MailState::Attempted { message_id }) => {
                    log::warn(
                        "mail_resend",
                        json!({"ticket": ticket.number, "notification": id.as_str(),
                               "reason": "a previous attempt failed or its outcome was not recorded: sent again with the same Message-ID"}),
                    );
                    message_id
                }
                None => {
                    let message_id = mailer.message_id(id);
                    store.mail_attempted(id, &message_id)?;
                    message_id
                }
            };
            match mailer.send(&message_id, n) {
                Ok(()) => {
                    let now = chrono::Utc::now().timestamp_millis();
                    let hlc = Hlc::next(newest.as_ref(), device, now);
                    newest = Some(hlc.clone());
                    let sent = Event::new(
                        event_id(&["mail-sent", id.as_str()]),
                        ticket.id.clone(),
                        hlc,
                        ENGINE_ACTOR,
                        EventKind::NotificationSent {
                            notification: id.clone(),
                            message_id: Some(message_id.clone()),
                        },
                    );
                    store.mail_sent(id, &message_id, &sent)?;
                    pass.sent += 1;
                    log::info(
                        "mailed",
                        json!({"ticket": ticket.number, "notification": id.as_str(),
                               "recipients": n.to.len(), "message_id": message_id}),
                    );
                }
                Err(SendError::Permanent(reason)) => {
                    store.mail_refused(id, &reason)?;
                    pass.failed += 1;
                    log::error(
                        "mail_refused",
                        json!({"ticket": ticket.number, "notification": id.as_str(), "reason": reason}),
                    );
                }
                Err(SendError::Transient(reason)) => {
                    pass.failed += 1;
                    log::warn(
                        "mail_failed",
                        json!({"ticket": ticket.number, "notification": id.as_str(), "reason": reason}),
                    );
                }
            }
        }
    }
    Ok(pass)
}
