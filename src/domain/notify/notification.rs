//! A queued message: what a notification rule (or the agent answering an e-mail) asks to be
//! sent, stored in the `NotificationQueued` event so every device shows the same text.

use serde::{Deserialize, Serialize};

/// A message to the customer's contacts, queued by a notification rule.
///
/// `to` empty means nobody matched the rule's recipients ("sin destinatarios"): the message is
/// queued anyway, with `unresolved` naming the recipients that matched nobody, so a person can
/// send it by hand instead of it being dropped silently.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub rule: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    /// What caused it (`cambio_etapa/stage/diagnostico/3`): the same change queues one message,
    /// however many times it is replayed or by how many devices (see [`crate::domain::notify`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// Recipients of the rule that matched no contact (`customer_role:notificaciones`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// The Message-ID (`<id@host>`) of the customer's e-mail this message answers: mailed as
    /// its In-Reply-To and References, so the customer's mail program threads the answer and
    /// their reply comes back on the same ticket (see [`crate::domain::mail_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
}

impl Notification {
    /// Nobody to send it to: the rule matched no contact with an address.
    pub fn has_no_recipients(&self) -> bool {
        self.to.is_empty()
    }
}
