//! "Usar como solución": a knowledge-base article suggested for a ticket becomes the recorded
//! solution. The resolve action links the article as the solution before the resolution, the fold
//! remembers it, and histories written before the feature still fold the same way.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::actions::{resolve_with_article, ResolveForm};
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::kb::{Article, KnowledgeBase};
use mesa::domain::ticket::Status;

use crate::common::profile;
use crate::common::Device;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 15, 15, 0, 0).unwrap()
}

fn opened(description: &str) -> EventKind {
    EventKind::Opened(Opened {
        number: "261015-AAAAA".into(),
        profile: "p2-seware".into(),
        request_kind: "incidente".into(),
        customer: "Secretaría de Finanzas".into(),
        description: description.into(),
        ..Opened::default()
    })
}

/// The events of a history, one minute apart, on one ticket.
fn history(kinds: Vec<EventKind>) -> Vec<Event> {
    let mut device = Device::new("tablet-1");
    let mut ticket = TicketId::default();
    let mut out = Vec::new();
    for (i, kind) in kinds.into_iter().enumerate() {
        let e = device.event(&ticket, t0() + Duration::minutes(i as i64), kind);
        ticket = e.ticket_id.clone();
        out.push(e);
    }
    out
}

fn form(solution: &str) -> ResolveForm {
    ResolveForm {
        solution: solution.into(),
        ..ResolveForm::default()
    }
}

#[test]
fn the_suggested_article_is_recorded_as_the_solution() {
    let kb = KnowledgeBase::new(vec![
        Article::new(
            "kb-portal",
            "Portal de pagos no carga",
            "Reinicie el grupo de aplicaciones del portal.",
        ),
        Article::new("kb-impresora", "Impresora atascada", "Abra la bandeja."),
    ]);
    let description = "El portal de pagos no carga desde las 8:00";
    let before = fold_ticket(&history(vec![opened(description)])).unwrap();
    let suggested = kb.suggest_for(&before, 3);
    assert_eq!(suggested[0].0.id, "kb-portal");
    assert!(suggested.iter().all(|(a, _)| a.id != "kb-impresora"));

    let article = suggested[0].0;
    let kinds = resolve_with_article(
        &profile("p2-seware"),
        &form(&article.body),
        Some(&article.id),
    )
    .unwrap();
    assert_eq!(
        kinds[0],
        EventKind::ArticleLinked {
            article: "kb-portal".into(),
            as_solution: true
        }
    );
    assert!(matches!(&kinds[1], EventKind::Resolved(r) if r.solution == article.body));
    assert_eq!(kinds.len(), 2);

    let mut all = vec![opened(description)];
    all.extend(kinds);
    let t = fold_ticket(&history(all)).unwrap();
    assert_eq!(t.status, Status::Resolved);
    assert_eq!(t.solution_article.as_deref(), Some("kb-portal"));
    assert_eq!(t.articles, ["kb-portal"]);
    assert!(t.conflicts.is_empty());
    // Once linked, the article is no longer suggested for the ticket.
    assert!(kb
        .suggest_for(&t, 3)
        .iter()
        .all(|(a, _)| a.id != "kb-portal"));
}

#[test]
fn without_an_article_it_is_the_plain_resolution_and_problems_stay_the_same() {
    let p2 = profile("p2-seware");
    let kinds = resolve_with_article(&p2, &form("Se reinició"), Some("  ")).unwrap();
    assert_eq!(kinds.len(), 1);
    assert!(matches!(kinds[0], EventKind::Resolved(_)));
    // A missing required field is reported, and nothing is linked.
    let problems = resolve_with_article(&p2, &form(""), Some("kb-portal")).unwrap_err();
    assert!(problems.iter().any(|p| p.field == "solution"));
}

#[test]
fn a_rejected_or_reopened_resolution_forgets_its_article_but_keeps_the_link() {
    for undo in [
        EventKind::CustomerRejected {
            reason: "Sigue sin cargar".into(),
        },
        EventKind::Reopened {
            reason: "Volvió a fallar".into(),
        },
    ] {
        let kinds = vec![
            opened("El portal no carga"),
            EventKind::ArticleLinked {
                article: "kb-portal".into(),
                as_solution: true,
            },
            EventKind::Resolved(Resolution {
                solution: "Reinicio".into(),
                ..Resolution::default()
            }),
            undo,
        ];
        let t = fold_ticket(&history(kinds)).unwrap();
        assert_eq!(t.status, Status::Open);
        assert_eq!(t.solution_article, None);
        assert_eq!(t.articles, ["kb-portal"]);
    }
}

#[test]
fn a_link_that_is_not_the_solution_is_only_a_link() {
    let kinds = vec![
        opened("El portal no carga"),
        EventKind::ArticleLinked {
            article: "kb-portal".into(),
            as_solution: false,
        },
    ];
    let t = fold_ticket(&history(kinds)).unwrap();
    assert_eq!(t.articles, ["kb-portal"]);
    assert_eq!(t.solution_article, None);
}

#[test]
fn a_folded_ticket_stored_before_the_solution_article_still_reads() {
    // Projections saved by older versions have no `solution_article`.
    let t = fold_ticket(&history(vec![opened("El portal no carga")])).unwrap();
    let mut json = serde_json::to_value(&t).unwrap();
    json.as_object_mut().unwrap().remove("solution_article");
    let back: mesa::domain::ticket::Ticket = serde_json::from_value(json).unwrap();
    assert_eq!(back, t);
}
