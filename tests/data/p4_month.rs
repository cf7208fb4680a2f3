//! The October 2026 month of the P4 (CallMyWay) preset stored in `tests/data/events-p4.json`.
//!
//! Times are Mexico City local (UTC−6); the phone centre is open Mon–Fri 06:00–21:00 and
//! Sat–Sun 07:00–17:00, and P4 targets count in those hours. Expected outcome per ticket:
//!
//! | # | customer / site                        | sev | story                                   | result  |
//! |---|----------------------------------------|-----|-----------------------------------------|---------|
//! | 0 | Hotel Costa Azul / Cancún              | s2  | reported 30 Sep, September              | (other month) |
//! | 1 | Hotel Costa Azul / Cancún              | s1  | answered 20 min, restored 150 min       | met     |
//! | 2 | Clínica San Rafael / Guadalajara Centro| s1  | answered 45 min, restored 270 min       | missed (restore) |
//! | 3 | Logística Andina / Lima                | s1  | Fri 19:00, answered 90 min, restored Sat| missed (response, restore) |
//! | 4 | Hotel Costa Azul / Playa del Carmen    | s2  | 3 h waiting on the customer (pause)     | met     |
//! | 5 | Clínica San Rafael / Zapopan           | s3→s1 | raised to S1, restored after 270 min  | missed (restore) |
//! | 6 | Logística Andina / Bogotá              | s4  | a question, answered and solved         | met     |
//! | 7 | Hotel Costa Azul / Cancún              | s3  | answered 60 min, restored 200 min       | met     |
//! | 8 | Logística Andina / Lima                | s2  | closed, then escalated offline: conflict| met     |
//! | 9 | Clínica San Rafael / Guadalajara Centro| s2  | answered 30 min, restored 180 min       | met     |
//! |10 | Logística Andina / Bogotá              | s1  | Saturday, answered 30, restored 120     | met     |
//! |11 | Hotel Costa Azul / Playa del Carmen    | s4  | Sat 31 Oct 16:30, still open            | pending at 2026-11-01T15:00Z |
//!
//! So 10 measured tickets, 7 met, 3 missed: 70 % against 98 %.

use mesa::domain::event::{Escalation, Event, EventKind, TicketId};

use super::desk::{local, Desk, NewTicket};

pub const HOTEL: &str = "Hotel Costa Azul";
pub const CLINICA: &str = "Clínica San Rafael";
pub const ANDINA: &str = "Logística Andina, S.A.";

/// The `--now` the committed file is meant to be read at.
pub const NOW: &str = "2026-11-01T15:00:00Z";

/// The events of the month and the ticket ids in the table's order.
pub fn p4_month() -> (Vec<Event>, Vec<TicketId>) {
    let mut d = Desk::new();
    let mut ids = Vec::new();
    let t = |customer, site, severity, description| NewTicket {
        customer,
        site: Some(site),
        severity,
        description,
        ..NewTicket::default()
    };

    // 0: September, not in the October report.
    let id = d.open(
        local(2026, 9, 30, 20, 0),
        &t(
            HOTEL,
            "Cancún",
            "s2",
            "Llamadas entrantes con audio en un solo sentido",
        ),
    );
    d.respond(&id, local(2026, 9, 30, 20, 30), "Revisando la troncal SIP.");
    d.resolve(&id, local(2026, 10, 1, 9, 0), Some(120));
    d.verify(&id, local(2026, 10, 1, 10, 0));
    ids.push(id);

    // 1: S1 met.
    let id = d.open(
        local(2026, 10, 5, 10, 0),
        &t(
            HOTEL,
            "Cancún",
            "s1",
            "Sin servicio de voz en toda la recepción",
        ),
    );
    d.on(
        &id,
        local(2026, 10, 5, 10, 5),
        EventKind::StageChanged {
            stage: "diagnostico_inicial".into(),
            entered_on: None,
        },
    );
    d.respond(
        &id,
        local(2026, 10, 5, 10, 20),
        "Técnico revisando la troncal SIP.",
    );
    d.resolve(&id, local(2026, 10, 5, 12, 30), Some(150));
    d.verify(&id, local(2026, 10, 5, 13, 0));
    ids.push(id);

    // 2: S1, restore missed.
    let id = d.open(
        local(2026, 10, 7, 8, 0),
        &t(
            CLINICA,
            "Guadalajara Centro",
            "s1",
            "Conmutador caído, sin llamadas salientes",
        ),
    );
    d.respond(
        &id,
        local(2026, 10, 7, 8, 45),
        "Escalado a técnicos de la cuenta.",
    );
    d.on(
        &id,
        local(2026, 10, 7, 9, 0),
        EventKind::Escalated(Escalation::Functional { level: 2 }),
    );
    d.resolve(&id, local(2026, 10, 7, 12, 30), Some(270));
    d.verify(&id, local(2026, 10, 7, 14, 0));
    ids.push(id);

    // 3: S1 late on Friday evening: response and restore missed.
    let id = d.open(
        local(2026, 10, 9, 19, 0),
        &t(
            ANDINA,
            "Lima",
            "s1",
            "Caída total de la central telefónica \"IP-PBX\"",
        ),
    );
    d.respond(
        &id,
        local(2026, 10, 9, 20, 30),
        "Revisando con el operador local.",
    );
    d.resolve(&id, local(2026, 10, 10, 8, 30), Some(810));
    d.verify(&id, local(2026, 10, 10, 9, 0));
    ids.push(id);

    // 4: S2 with a pause waiting on the customer: met.
    let id = d.open(
        local(2026, 10, 12, 9, 0),
        &t(
            HOTEL,
            "Playa del Carmen",
            "s2",
            "Cortes intermitentes en llamadas de huéspedes",
        ),
    );
    d.respond(
        &id,
        local(2026, 10, 12, 9, 30),
        "Necesitamos las trazas del equipo.",
    );
    d.on(
        &id,
        local(2026, 10, 12, 10, 0),
        EventKind::WaitingStarted {
            reason: "Esperando trazas del cliente".into(),
        },
    );
    d.on(&id, local(2026, 10, 12, 13, 0), EventKind::WaitingEnded);
    d.resolve(&id, local(2026, 10, 12, 14, 0), Some(60));
    d.verify(&id, local(2026, 10, 12, 15, 0));
    ids.push(id);

    // 5: S3 raised to S1: re-targeted, restore missed.
    let id = d.open(
        local(2026, 10, 14, 11, 0),
        &t(
            CLINICA,
            "Zapopan",
            "s3",
            "Extensiones de urgencias sin tono",
        ),
    );
    d.respond(&id, local(2026, 10, 14, 11, 50), "Revisando el adaptador.");
    d.on(
        &id,
        local(2026, 10, 14, 12, 30),
        EventKind::SeverityChanged {
            severity: Some("s1".into()),
            reason: "Afecta a urgencias".into(),
        },
    );
    d.resolve(&id, local(2026, 10, 14, 15, 30), Some(270));
    d.verify(&id, local(2026, 10, 14, 16, 0));
    ids.push(id);

    // 6: S4 question: met, no affectation.
    let id = d.open(
        local(2026, 10, 15, 10, 0),
        &NewTicket {
            kind: "consulta",
            channel: "correo",
            ..t(
                ANDINA,
                "Bogotá",
                "s4",
                "¿Cómo se configura el buzón de voz?",
            )
        },
    );
    d.respond(&id, local(2026, 10, 15, 10, 30), "Le enviamos la guía.");
    d.resolve(&id, local(2026, 10, 15, 11, 0), None);
    d.verify(&id, local(2026, 10, 15, 12, 0));
    ids.push(id);

    // 7: S3 met.
    let id = d.open(
        local(2026, 10, 19, 9, 0),
        &t(
            HOTEL,
            "Cancún",
            "s3",
            "Eco en las llamadas del área de reservas",
        ),
    );
    d.respond(&id, local(2026, 10, 19, 10, 0), "Ajustando el códec.");
    d.resolve(&id, local(2026, 10, 19, 12, 20), Some(200));
    d.verify(&id, local(2026, 10, 19, 13, 0));
    ids.push(id);

    // 8: S2 met; a technician offline escalates after it was closed: conflict.
    let id = d.open(
        local(2026, 10, 21, 9, 0),
        &t(
            ANDINA,
            "Lima",
            "s2",
            "No registran los teléfonos de la planta 2",
        ),
    );
    d.respond(
        &id,
        local(2026, 10, 21, 9, 20),
        "Reiniciando el registro SIP.",
    );
    d.resolve(&id, local(2026, 10, 21, 11, 0), Some(120));
    d.on(
        &id,
        local(2026, 10, 21, 11, 10),
        EventKind::Closed {
            note: "Confirmado por teléfono".into(),
        },
    );
    d.write(
        "tecnico-lima",
        "tecnico2",
        Some(&id),
        local(2026, 10, 21, 11, 30),
        EventKind::Escalated(Escalation::Functional { level: 3 }),
    );
    ids.push(id);

    // 9: S2 met.
    let id = d.open(
        local(2026, 10, 22, 16, 0),
        &t(
            CLINICA,
            "Guadalajara Centro",
            "s2",
            "Llamadas salientes a celulares fallan",
        ),
    );
    d.respond(
        &id,
        local(2026, 10, 22, 16, 30),
        "Revisando la ruta de salida.",
    );
    d.resolve(&id, local(2026, 10, 22, 19, 0), Some(180));
    d.verify(&id, local(2026, 10, 23, 9, 0));
    ids.push(id);

    // 10: S1 on a Saturday: met.
    let id = d.open(
        local(2026, 10, 24, 8, 0),
        &t(
            ANDINA,
            "Bogotá",
            "s1",
            "Sin servicio en el centro de llamadas",
        ),
    );
    d.respond(&id, local(2026, 10, 24, 8, 30), "Técnico en camino.");
    d.resolve(&id, local(2026, 10, 24, 10, 0), Some(120));
    d.verify(&id, local(2026, 10, 24, 11, 0));
    ids.push(id);

    // 11: still open at the end of the month: pending.
    let id = d.open(
        local(2026, 10, 31, 16, 30),
        &NewTicket {
            kind: "consulta",
            channel: "whatsapp",
            ..t(
                HOTEL,
                "Playa del Carmen",
                "s4",
                "Solicitan un reporte de llamadas perdidas",
            )
        },
    );
    d.respond(&id, local(2026, 10, 31, 16, 45), "Lo preparamos.");
    ids.push(id);

    (d.events, ids)
}
