//! The closure report of a resolved or closed ticket ("Informe de cierre"): who reported what and
//! when, the closure data (root cause, solution, the knowledge-base article used, time of
//! affectation, who confirmed), and how each SLA clock ended. "Imprimir informe de cierre" prints
//! it; the print stylesheet (`@media print` in style/ticket.css) leaves only this report on paper.

use leptos::prelude::*;

use super::clocks::duration_text;
use super::knowledge::KnowledgeCtx;
use super::local_time;
use super::summary::{kind_name, severity_name};
use super::TicketCtx;
use crate::app::desk::Desk;
use crate::domain::ticket::{Status, Ticket};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::long_text::FreeText;

/// Rows of the report: label and value, empty values left out.
fn rows(i18n: &I18n, desk: &Desk, t: &Ticket, article: Option<String>) -> Vec<(String, String)> {
    let profile = &desk.profile;
    let r = t.resolution.clone().unwrap_or_default();
    let mut out = vec![
        (
            i18n.t("ticket.label.kind"),
            kind_name(profile, i18n, &t.request_kind),
        ),
        (
            i18n.t("ticket.label.severity"),
            severity_name(profile, i18n, t.severity.as_deref()),
        ),
        (i18n.t("ticket.label.opened"), local_time(t.opened_at)),
        (i18n.t("ticket.label.opened_by"), t.opened_by.to_string()),
        (
            i18n.t("knowledge.report.resolved_at"),
            t.resolved_at.map(local_time).unwrap_or_default(),
        ),
        (
            i18n.t("knowledge.report.closed_at"),
            t.closed_at.map(local_time).unwrap_or_default(),
        ),
        (
            i18n.t("ticket.field.category"),
            r.category
                .as_deref()
                .map(|id| {
                    profile
                        .closure
                        .categories
                        .iter()
                        .find(|c| c.id == id)
                        .map_or_else(|| id.to_string(), |c| i18n.pt(&c.name))
                })
                .unwrap_or_default(),
        ),
        (i18n.t("ticket.field.root_cause"), r.root_cause),
        (i18n.t("ticket.field.solution"), r.solution),
        (
            i18n.t("knowledge.report.article"),
            article.unwrap_or_default(),
        ),
        (
            i18n.t("ticket.field.affected_minutes"),
            r.affected_minutes
                .map(|m| duration_text(i18n, m.into()))
                .unwrap_or_default(),
        ),
        (
            i18n.t("ticket.field.confirmed_by"),
            r.confirmed_by.to_string(),
        ),
    ];
    out.retain(|(_, v)| !v.trim().is_empty());
    out
}

#[component]
pub fn ClosureReport() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let knowledge = expect_context::<KnowledgeCtx>();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    move || {
        let t = ctx.ticket.get()?;
        if !matches!(t.status, Status::Resolved | Status::Closed) {
            return None;
        }
        let article = t.solution_article.as_ref().map(|id| {
            knowledge.kb.with(|kb| {
                kb.get(id)
                    .map_or_else(|| String::from(&**id), |a| a.title.clone())
            })
        });
        let facts = rows(&i18n, &ctx.desk.get(), &t, article)
            .into_iter()
            .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
            .collect_view();
        let clocks = ctx
            .desk
            .get()
            .engines()
            .for_ticket(&t)
            .clocks(&t, ctx.now.get())
            .all()
            .map(|c| {
                let name = i18n.t(&format!("ticket.clock.{}", c.kind.code()));
                let state = i18n.t(&format!("ticket.clock_state.{}", c.state.code()));
                let elapsed = i18n.t_with(
                    "ticket.clock.elapsed",
                    &[("d", &duration_text(&i18n, c.elapsed_minutes))],
                );
                view! {
                    <tr data-clock=c.kind.code() data-state=c.state.code()>
                        <th scope="row">{name}</th>
                        <td>{state}</td>
                        <td>{elapsed}</td>
                    </tr>
                }
            })
            .collect_view();
        let status = i18n.t(&format!("ticket.status.{}", t.status.code()));
        Some(view! {
            <section class="closure-report" aria-labelledby="closure-report-title">
                <h2 id="closure-report-title">
                    {i18n.t_with("knowledge.report.title", &[("number", &t.number)])}
                </h2>
                <p class="who">
                    <strong>{t.customer.to_string()}</strong>
                    {t.site.as_ref().map(|s| view! { " · " {s.to_string()} })}
                    " · " {status}
                </p>
                <p class="description"><FreeText text=t.description.clone()/></p>
                <dl class="facts">{facts}</dl>
                <table class="report-clocks">
                    <caption>{i18n.t("knowledge.report.clocks")}</caption>
                    <tbody>{clocks}</tbody>
                </table>
                <button type="button" class="primary no-print" on:click=print>
                    {i18n.t("knowledge.report.print")}
                </button>
            </section>
        })
    }
}
