//! What the customer wrote about a ticket, as the desk received it (an e-mail read by
//! `mesa agent`, see [`crate::domain::mail_in`]): the payload of
//! [`EventKind::CustomerWrote`](crate::domain::event::EventKind::CustomerWrote).

use serde::{Deserialize, Serialize};

/// One message from the customer on a ticket.
///
/// ```json
/// { "from": "Ana Pérez <ana@cliente.example>", "subject": "Re: Caso CMW-261204-7QK2D",
///   "text": "Sigue sin tono en la sede norte.", "message_id": "<b1@cliente.example>",
///   "channel": "correo" }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerMessage {
    /// Who wrote it, as the message says (`Name <address>`, or the address alone).
    pub from: String,
    #[serde(default)]
    pub subject: String,
    /// The text, without the lines quoted from earlier messages, at most
    /// [`CustomerMessage::MAX_TEXT`] characters (longer texts end with `[…]`).
    #[serde(default)]
    pub text: String,
    /// The e-mail's Message-ID, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The profile channel it came through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

impl CustomerMessage {
    /// The most characters of text an event keeps: every device stores and syncs it.
    pub const MAX_TEXT: usize = 20_000;
}
