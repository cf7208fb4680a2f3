//! A small, deterministic event writer for tests: tickets opened and worked at given local times
//! (America/Mexico_City, the P4 preset's zone), with stable ids and hybrid clocks.
//!
//! Declared once in the native tests' crate as `common::desk` (`tests/engine/common/mod.rs`); used
//! by `report` and, through `p4_month`, by `cli` and `cli_verify`.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::America::Mexico_City;
use mesa::domain::event::{
    ticket_number, Event, EventId, EventKind, Hlc, Opened, Resolution, TicketId,
};

/// A local time in Mexico City as UTC.
pub fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Mexico_City
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
}

/// What a new ticket says.
#[derive(Clone, Debug)]
pub struct NewTicket<'a> {
    pub customer: &'a str,
    pub site: Option<&'a str>,
    pub kind: &'a str,
    pub severity: &'a str,
    pub channel: &'a str,
    pub description: &'a str,
    pub reporter: &'a str,
}

impl Default for NewTicket<'_> {
    fn default() -> Self {
        Self {
            customer: "Cliente de prueba",
            site: None,
            kind: "incidente",
            severity: "s3",
            channel: "tel_mx",
            description: "Sin servicio de voz",
            reporter: "Usuario de prueba",
        }
    }
}

/// Writes events in a stable way: ids from a counter, clocks per device.
#[derive(Default)]
pub struct Desk {
    pub events: Vec<Event>,
    seq: u128,
    clocks: BTreeMap<String, Hlc>,
    numbers: BTreeMap<TicketId, String>,
}

impl Desk {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one event written on `device` at `at`.
    pub fn write(
        &mut self,
        device: &str,
        actor: &str,
        ticket: Option<&TicketId>,
        at: DateTime<Utc>,
        kind: EventKind,
    ) -> Event {
        self.seq += 1;
        let hlc = Hlc::next(self.clocks.get(device), device, at.timestamp_millis());
        self.clocks.insert(device.to_string(), hlc.clone());
        let random = (self.seq * 0x9E37_79B9_7F4A_7C15) & ((1u128 << 80) - 1);
        let id = EventId::from_parts(hlc.wall_ms, random);
        let ticket = ticket.cloned().unwrap_or_else(|| id.as_ticket());
        let event = Event::new(id, ticket, hlc, actor, kind);
        self.events.push(event.clone());
        event
    }

    /// Registers a ticket at `at` (phone centre, device "centro-1"); returns its id.
    pub fn open(&mut self, at: DateTime<Utc>, t: &NewTicket) -> TicketId {
        let mut fields = BTreeMap::new();
        fields.insert("usuario".to_string(), t.reporter.to_string());
        fields.insert("telefono".to_string(), "+00 52 0000 1234".to_string());
        let opened = Opened {
            number: String::new(),
            profile: "p4-callmyway".into(),
            request_kind: t.kind.into(),
            severity: Some(t.severity.into()),
            level: None,
            channel: Some(t.channel.into()),
            customer: t.customer.into(),
            site: t.site.map(String::from),
            description: t.description.into(),
            fields,
            checklist: Vec::new(),
            reported_at: None,
            profile_version: None,
            outside_contract: None,
        };
        let event = self.write("centro-1", "operador1", None, at, EventKind::Opened(opened));
        let local_date = at.with_timezone(&Mexico_City).date_naive();
        let number = format!("CMW-{}", ticket_number(local_date, &event.id));
        if let Some(EventKind::Opened(o)) = self.events.last_mut().map(|e| &mut e.kind) {
            o.number = number.clone();
        }
        self.numbers.insert(event.ticket_id.clone(), number);
        event.ticket_id
    }

    /// The number given to a ticket.
    pub fn number(&self, ticket: &TicketId) -> String {
        self.numbers.get(ticket).cloned().unwrap_or_default()
    }

    /// An event on a ticket from the phone centre.
    pub fn on(&mut self, ticket: &TicketId, at: DateTime<Utc>, kind: EventKind) -> Event {
        self.write("centro-1", "operador1", Some(ticket), at, kind)
    }

    /// A customer-visible answer (stops the response clock).
    pub fn respond(&mut self, ticket: &TicketId, at: DateTime<Utc>, text: &str) {
        let kind = EventKind::Commented {
            text: text.into(),
            customer_visible: true,
        };
        self.on(ticket, at, kind);
    }

    /// Resolved with closure data (stops the restore clock).
    pub fn resolve(&mut self, ticket: &TicketId, at: DateTime<Utc>, affected: Option<u32>) {
        let resolution = Resolution {
            root_cause: "Falla en el proveedor de tránsito".into(),
            solution: "Se reencaminó el tráfico por la ruta de respaldo".into(),
            affected_minutes: affected,
            confirmed_by: "Responsable de TI del cliente".into(),
            category: None,
        };
        self.on(ticket, at, EventKind::Resolved(resolution));
    }

    /// Confirmed by the customer: closed.
    pub fn verify(&mut self, ticket: &TicketId, at: DateTime<Utc>) {
        let by = "Responsable de TI del cliente".to_string();
        self.on(ticket, at, EventKind::CustomerVerified { by });
    }
}
