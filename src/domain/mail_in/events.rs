//! The events an e-mail becomes, with ids derived from the message ([`super::mail_key`]): read
//! again (after a crash, by a new agent), it makes the same ids, which the desk already holds.
//!
//! - on a ticket ([`super::route`]): `CustomerWrote` ([`super::update_id`]);
//! - otherwise, when the draft ([`super::intake`]) passes the profile's registration checks:
//!   the opening ([`super::opening_id`]), the messages the profile's rules queue for it
//!   ([`super::rule_message_id`]; the sender is left out of them, the acknowledgment tells
//!   them), and the acknowledgment to the sender with the number ([`super::answer_id`]),
//!   threaded to their message;
//! - otherwise no event: the answer listing what is missing, for the agent to mail.

use chrono::{DateTime, Utc};

use super::{
    answer_id, intake, opening_id, rule_message_id, stage_move_id, update_id, InboundMail, Threads,
};
use crate::domain::actions::with_stage_moves;
use crate::domain::commands::{register_with_id, Stamp};
use crate::domain::contract::ContractStanding;
use crate::domain::customer::Customer;
use crate::domain::customer_message::CustomerMessage;
use crate::domain::due_events::ENGINE_ACTOR;
use crate::domain::engine::Engine;
use crate::domain::event::{Event, EventId, EventKind, Hlc, Notification, TicketId};
use crate::domain::notify::answer::{desk_language, fields_missing, ticket_opened, Missing};
use crate::domain::notify::template::{local, Message};
use crate::domain::notify::with_notifications;

/// The rule id of the acknowledgment queued on a ticket an e-mail opened.
pub const ACKNOWLEDGMENT_RULE: &str = "acuse_correo";

/// What of the desk an e-mail is read against.
pub struct DeskView<'a> {
    /// The process new tickets are opened under.
    pub engine: &'a Engine,
    /// That process's published version, when the desk published it.
    pub version: Option<&'a str>,
    pub customers: &'a [Customer],
}

/// What an e-mail does.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Read before: its events are on this ticket already.
    Known { ticket: TicketId },
    /// The customer wrote on a ticket.
    Update {
        ticket: TicketId,
        number: String,
        events: Vec<Event>,
    },
    /// A ticket opened, with the acknowledgment to the sender queued on it.
    Opened {
        ticket: TicketId,
        number: String,
        events: Vec<Event>,
    },
    /// No ticket: the answer listing what is missing, to mail to the sender with the
    /// Message-ID `<answer_id@sender's domain>`.
    Missing {
        missing: Vec<Missing>,
        answer: Message,
        answer_id: EventId,
    },
    /// The profile has no e-mail channel: no report can come by e-mail.
    NoChannel,
}

/// Clocks for a run of events written at `now` by `device`, after `newest`.
struct Clock {
    device: String,
    newest: Option<Hlc>,
    now_ms: i64,
}

impl Clock {
    fn event(&mut self, id: EventId, ticket: &TicketId, actor: &str, kind: EventKind) -> Event {
        let hlc = Hlc::next(self.newest.as_ref(), &self.device, self.now_ms);
        self.newest = Some(hlc.clone());
        Event::new(id, ticket.clone(), hlc, actor, kind)
    }
}

/// What `mail` does to the desk at `now`; the events are `device`'s, after the newest clock it
/// has seen.
pub fn take_in(
    desk: &DeskView,
    threads: &Threads,
    mail: &InboundMail,
    device: &str,
    newest: Option<&Hlc>,
    now: DateTime<Utc>,
) -> Outcome {
    let key = mail.key.as_str();
    let known = threads
        .knows(&opening_id(key))
        .or_else(|| threads.knows(&update_id(key)));
    if let Some(ticket) = known {
        return Outcome::Known {
            ticket: ticket.clone(),
        };
    }
    let mut clock = Clock {
        device: device.to_string(),
        newest: newest.cloned(),
        now_ms: now.timestamp_millis(),
    };
    let profile = desk.engine.profile();
    let channel = profile.registration.email_channel().map(|c| c.id.clone());
    if let Some(ticket) = threads.route(mail) {
        let wrote = EventKind::CustomerWrote(CustomerMessage {
            from: mail.from_line(),
            subject: mail.subject.trim().to_string(),
            text: super::form::own_text(&mail.text, CustomerMessage::MAX_TEXT),
            message_id: mail.message_id.clone(),
            channel,
        });
        let event = clock.event(update_id(key), ticket, &mail.from_address, wrote);
        return Outcome::Update {
            ticket: ticket.clone(),
            number: threads.number(ticket).unwrap_or_default().to_string(),
            events: vec![event],
        };
    }
    let Some(draft) = intake::draft(profile, desk.customers, mail, now) else {
        return Outcome::NoChannel;
    };
    let lang = desk_language(profile);
    let unit = profile.unit.word(lang.code());
    let when = local(desk.engine, now);
    let day = desk
        .engine
        .desk_zone()
        .local(draft.reported_at.unwrap_or(now));
    let standing = ContractStanding::under(profile, desk.customers, &draft.customer, day.date());
    let stamp = Stamp {
        device: device.to_string(),
        actor: mail.from_address.clone(),
        newest_clock: clock.newest.clone(),
        now_ms: clock.now_ms,
        random: 0,
        local_date: desk.engine.desk_zone().local(now).date(),
    };
    let id = opening_id(key);
    let opened = match register_with_id(profile, desk.version, &draft, &standing, &stamp, id) {
        Ok(opened) => opened,
        Err(problems) => {
            let missing = intake::missing(profile, &problems);
            let answer = fields_missing(
                lang,
                &unit,
                &mail.subject,
                &missing,
                &when,
                profile.text(&profile.name, lang.code()),
            );
            return Outcome::Missing {
                missing,
                answer,
                answer_id: answer_id(key),
            };
        }
    };
    clock.newest = Some(opened.hlc.clone());
    let ticket = opened.ticket_id.clone();
    let number = match &opened.kind {
        EventKind::Opened(o) => o.number.clone(),
        _ => String::new(),
    };
    let sender = mail.from_address.trim();
    // The stages a registration enters (P3), then the notifications of it all.
    let kinds = with_stage_moves(profile, None, vec![opened.kind.clone()]);
    let kinds = with_notifications(desk.engine, desk.customers, None, kinds, now);
    let mut events = vec![opened];
    for kind in kinds.into_iter().skip(1) {
        if let EventKind::StageChanged { stage, .. } = &kind {
            let id = stage_move_id(key, stage);
            events.push(clock.event(id, &ticket, ENGINE_ACTOR, kind));
            continue;
        }
        let EventKind::NotificationQueued(mut n) = kind else {
            continue;
        };
        let before = n.to.len();
        n.to.retain(|to| !to.trim().eq_ignore_ascii_case(sender));
        if before > 0 && n.to.is_empty() {
            continue; // only to the sender: the acknowledgment tells them
        }
        let id = rule_message_id(key, &n.rule);
        let kind = EventKind::NotificationQueued(n);
        events.push(clock.event(id, &ticket, ENGINE_ACTOR, kind));
    }
    let Message { subject, body } = ticket_opened(
        lang,
        &unit,
        &number,
        &mail.subject,
        &when,
        profile.text(&profile.name, lang.code()),
    );
    let acknowledgment = Notification {
        rule: ACKNOWLEDGMENT_RULE.into(),
        to: vec![sender.to_string()],
        subject,
        body,
        key: format!("{ACKNOWLEDGMENT_RULE}/open"),
        unresolved: Vec::new(),
        in_reply_to: mail.message_id.clone(),
    };
    let kind = EventKind::NotificationQueued(acknowledgment);
    events.push(clock.event(answer_id(key), &ticket, ENGINE_ACTOR, kind));
    Outcome::Opened {
        ticket,
        number,
        events,
    }
}
