//! Synthetic desks for benchmarks: a deterministic generator of realistic event logs.
//!
//! Every ticket is registered through [`register`] (so it passes the profile's validation) with
//! a request kind, severity, channel, customer, site and the profile's registration fields, then
//! gets a few of the events a desk records: updates to the customer, internal notes, an
//! assignment, a wait on the customer (some still waiting), a severity change. Like a real desk's
//! history, most older tickets are resolved and closed (about 1 in 5 stays active), and the
//! active ones carry the clock warnings, breaches and escalations the engine's due runner would
//! have recorded by `now`. Customers, sites and descriptions come from small lists so searches
//! and filters match realistic shares.
//!
//! ```
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::synthetic::Synthetic;
//! let profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
//! let events = Synthetic::new(&profile, "bench", 1_790_000_000_000, 7).tickets(10);
//! assert!(events.len() >= 10);
//! ```

use chrono::NaiveDate;

use super::actions::resolve;
use super::commands::{register, Stamp};
use super::engine::Engine;
use super::event::{ms_to_utc, Event, EventKind, Hlc, TicketId};
use super::fold::fold_ticket;
use super::profile::{FieldKind, ProcessProfile, SeverityRule};
use super::registration::{ResolutionDraft, TicketDraft};

const CUSTOMERS: &[&str] = &[
    "Farmacias del Norte",
    "Hotel Brisa Azul",
    "Transportes Ágiles",
    "Clínica San Rafael",
    "Grupo Textil Andino",
    "Colegio Montessori Lomas",
    "Banco Regional del Bajío",
    "Supermercados La Económica",
    "Despacho Jurídico Ortiz",
    "Constructora Peña Blanca",
    "Aerolínea Quetzal",
    "Universidad del Pacífico",
    "Panadería El Trigal",
    "Hospital Ángeles Centro",
    "Logística Cóndor",
    "Seguros Atlántida",
];

const SITES: &[&str] = &[
    "Monterrey",
    "Guadalajara",
    "CDMX Polanco",
    "Querétaro",
    "Puebla",
    "Mérida",
    "Tijuana",
    "León",
    "Bogotá Chapinero",
    "Lima Miraflores",
    "Santiago Centro",
    "Medellín",
];

const PROBLEMS: &[&str] = &[
    "Sin servicio de internet en la sucursal",
    "Enlace intermitente desde la mañana",
    "No entran llamadas al conmutador",
    "Lentitud en la VPN hacia el corporativo",
    "Caída total del enlace principal",
    "El firewall reinicia cada hora",
    "Pérdida de paquetes hacia el centro de datos",
    "Correo rebotado por certificado vencido",
    "Alta de nueva extensión telefónica",
    "Cambio de contraseña del portal",
];

const ASSIGNEES: &[&str] = &[
    "Ana Ruiz",
    "Luis Téllez",
    "Marta Gómez",
    "Iván Soto",
    "Noé Díaz",
];

/// A small deterministic generator (xorshift64*), for synthetic data and benchmarks: the same
/// seed gives the same sequence on every machine.
///
/// ```
/// use mesa::domain::synthetic::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!(a.below(10) < 10);
/// assert_eq!(a.pick::<u8>(&[]), None);
/// ```
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value; zero is made non-zero).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`; `None` when there are none.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// One of `items`, which the generator's own tables never leave empty.
    fn any<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Generates tickets of one profile, stamped by one device, at and before `now_ms`.
pub struct Synthetic<'a> {
    profile: &'a ProcessProfile,
    engine: Option<Engine>,
    device: String,
    now_ms: i64,
    rng: Rng,
    clock: Option<Hlc>,
}

impl<'a> Synthetic<'a> {
    /// `seed` makes the output reproducible (and different devices' logs distinct).
    pub fn new(profile: &'a ProcessProfile, device: &str, now_ms: i64, seed: u64) -> Self {
        Self {
            profile,
            engine: Engine::new(profile.clone()).ok(),
            device: device.to_string(),
            now_ms,
            rng: Rng::new(seed),
            clock: None,
        }
    }

    /// The events of `count` new tickets (each opened, then 0–5 more events), in the order a
    /// device would have recorded them ticket by ticket.
    pub fn tickets(&mut self, count: usize) -> Vec<Event> {
        let mut out = Vec::with_capacity(count * 3);
        for _ in 0..count {
            self.ticket(&mut out);
        }
        out
    }

    fn stamp(&mut self, at_ms: i64) -> Stamp {
        let date = ms_to_utc(at_ms).date_naive();
        Stamp {
            device: self.device.clone(),
            actor: self.rng.any(ASSIGNEES).to_string(),
            newest_clock: self.clock.clone(),
            now_ms: at_ms,
            random: (u128::from(self.rng.next_u64()) << 64) | u128::from(self.rng.next_u64()),
            local_date: date.max(NaiveDate::MIN),
        }
    }

    fn record(&mut self, event: Event, out: &mut Vec<Event>) {
        self.clock = Some(event.hlc.clone());
        out.push(event);
    }

    /// A valid registration draft for this profile.
    fn draft(&mut self, reported_ms: i64) -> TicketDraft {
        let p = self.profile;
        let kinds: Vec<&str> = match p.registration.scope.as_ref() {
            Some(scope) if !scope.allowed_kinds.is_empty() => {
                scope.allowed_kinds.iter().map(String::as_str).collect()
            }
            _ => p.request_kinds.iter().map(|k| k.id.as_str()).collect(),
        };
        let kind = self.rng.any(&kinds).to_string();
        let rule = p.kind(&kind).map(|k| k.severity).unwrap_or_default();
        let severity = match rule {
            SeverityRule::Chosen if !p.severities.is_empty() => {
                Some(self.rng.any(&p.severities).id.clone())
            }
            _ => None,
        };
        let channel = (!p.registration.channels.is_empty())
            .then(|| self.rng.any(&p.registration.channels).id.clone());
        let customer = self.rng.any(CUSTOMERS).to_string();
        let site = self.rng.any(SITES).to_string();
        let description = format!(
            "{} ({})",
            self.rng.any(PROBLEMS),
            self.rng.any(&[
                "reporta el gerente",
                "desde las 8:00",
                "segunda vez esta semana",
                "afecta cajas"
            ])
        );
        let mut fields = std::collections::BTreeMap::new();
        for def in &p.registration.fields {
            let value = match def.kind {
                FieldKind::Email => "soporte@cliente.example".to_string(),
                FieldKind::Phone => format!(
                    "+52 55 {:04} {:04}",
                    self.rng.below(10_000),
                    self.rng.below(10_000)
                ),
                FieldKind::Select => match def.options.first() {
                    Some(_) => self.rng.any(&def.options).clone(),
                    None => continue,
                },
                FieldKind::Text | FieldKind::Multiline => match def.id.as_str() {
                    "customer" | "description" | "site" => continue,
                    _ => format!("{} {}", def.label, self.rng.below(1000)),
                },
            };
            fields.insert(def.id.clone(), value);
        }
        TicketDraft {
            request_kind: kind,
            severity,
            level: None,
            channel,
            customer,
            site: Some(site),
            description,
            fields,
            checklist: p
                .registration
                .checklist
                .iter()
                .flat_map(|c| c.items.iter().map(|i| i.id.clone()))
                .collect(),
            in_scope: Some(true),
            scope_reason: String::new(),
            reported_at: Some(ms_to_utc(reported_ms)),
            contract_reason: String::new(),
        }
    }

    fn ticket(&mut self, out: &mut Vec<Event>) {
        // Opened within the last 30 days; the follow-up events after it, never after `now`.
        let opened_ms = self.now_ms - (self.rng.below(30 * 24 * 60) as i64 + 5) * 60_000;
        let reported_ms = opened_ms - self.rng.below(60) as i64 * 60_000;
        let draft = self.draft(reported_ms);
        let stamp = self.stamp(opened_ms);
        let Ok(opened) = register(self.profile, &draft, &stamp) else {
            return;
        };
        let ticket = opened.ticket_id.clone();
        let first = out.len();
        self.record(opened, out);
        let mut at = opened_ms;
        for _ in 0..self.rng.below(6) {
            at += (1 + self.rng.below(240) as i64) * 60_000;
            if at > self.now_ms {
                break;
            }
            let kind = self.follow_up();
            let event = self.stamp(at).on(&ticket, kind);
            self.record(event, out);
        }
        // Older tickets are mostly finished; recent ones mostly still open.
        let age_days = (self.now_ms - opened_ms) / 86_400_000;
        let finish = if age_days >= 2 { 88 } else { 25 };
        at += (30 + self.rng.below(600) as i64) * 60_000;
        if at < self.now_ms && self.rng.chance(finish) {
            let draft = ResolutionDraft {
                root_cause: "Falla del equipo de última milla".into(),
                solution: "Se reemplazó el equipo y se verificó el servicio".into(),
                affected_minutes: Some(self.rng.below(600) as u32 + 10),
                confirmed_by: "Gerente de sucursal".into(),
                category: self
                    .profile
                    .closure
                    .categories
                    .first()
                    .map(|c| c.id.clone()),
            };
            if let Ok(kind) = resolve(self.profile, &draft) {
                let event = self.stamp(at).on(&ticket, kind);
                self.record(event, out);
            }
            at += (10 + self.rng.below(1440) as i64) * 60_000;
            if at < self.now_ms {
                let event = self.stamp(at).on(
                    &ticket,
                    EventKind::Closed {
                        note: "Cliente confirma solución".into(),
                    },
                );
                self.record(event, out);
            }
        }
        self.due_events(&ticket, first, out);
    }

    /// What the due runner would have appended by `now` (warnings, breaches, escalations).
    fn due_events(&mut self, ticket: &TicketId, first: usize, out: &mut Vec<Event>) {
        let Some(engine) = &self.engine else {
            return;
        };
        let Some(folded) = fold_ticket(&out[first..]) else {
            return;
        };
        if !folded.status.is_active() {
            return;
        }
        let now = ms_to_utc(self.now_ms);
        for kind in engine.due(&folded, now) {
            let mut stamp = self.stamp(self.now_ms);
            stamp.actor = "mesa".into();
            let event = stamp.on(ticket, kind);
            self.record(event, out);
        }
    }

    fn follow_up(&mut self) -> EventKind {
        let p = self.profile;
        match self.rng.below(10) {
            0..=3 => EventKind::Commented {
                text: format!(
                    "{} ({})",
                    self.rng.any(&[
                        "Se revisa el enlace con el carrier",
                        "Se pidió reinicio del equipo",
                        "Cliente confirma que persiste",
                        "Se escaló al proveedor de última milla"
                    ]),
                    self.rng.below(100)
                ),
                customer_visible: self.rng.chance(60),
            },
            4 | 5 => EventKind::Assigned {
                assignee: self.rng.any(ASSIGNEES).to_string(),
            },
            6 => EventKind::WaitingStarted {
                reason: "Esperando acceso al sitio".into(),
            },
            7 => EventKind::WaitingEnded,
            8 if !p.severities.is_empty() => EventKind::SeverityChanged {
                severity: Some(self.rng.any(&p.severities).id.clone()),
                reason: "Impacto confirmado con el cliente".into(),
            },
            _ => EventKind::Commented {
                text: "Nota interna: se documenta diagnóstico".into(),
                customer_visible: false,
            },
        }
    }
}

/// One note on `ticket` at `now_ms` (the benchmark's "user action"), after `newest` clock.
pub fn note(
    ticket: &TicketId,
    device: &str,
    newest: Option<&Hlc>,
    now_ms: i64,
    random: u128,
) -> Event {
    let stamp = Stamp {
        device: device.to_string(),
        actor: "operador".into(),
        newest_clock: newest.cloned(),
        now_ms,
        random,
        local_date: ms_to_utc(now_ms).date_naive(),
    };
    stamp.on(
        ticket,
        EventKind::Commented {
            text: format!("Actualización al cliente {}", random % 10_000),
            customer_visible: true,
        },
    )
}
