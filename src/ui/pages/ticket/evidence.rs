//! The ticket's history mark (#20): its events checked in the browser against the whole log
//! (every signature and every device's chain, [`crate::domain::evidence::verify`]), shown as
//! «Historial verificado», «Sin firma» (events written before devices signed: never shown as
//! verified) or «Historial alterado» naming the first broken event and why.
//!
//! The check's code (Ed25519, SHA-256, the chain walk) is loaded on demand in the `split` build
//! (src/app/split.rs): the first screen never carries it.

use leptos::prelude::*;

use super::{local_time, TicketCtx};
use crate::domain::event::{Event, EventId};
use crate::domain::evidence::{verify, HistoryMark};
use crate::ui::i18n::use_i18n;

#[component]
pub fn EvidenceMark() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let mark = RwSignal::new(None::<HistoryMark>);
    // Checked again whenever the ticket's events are read again (an action, sync, another tab).
    Effect::new(move |_| {
        let ids: Option<Vec<EventId>> = ctx
            .events
            .with(|e| e.as_ref().map(|l| l.iter().map(|e| e.id.clone()).collect()));
        let Some(ids) = ids else { return };
        leptos::task::spawn_local(async move {
            let all = match ctx.desk.get().all_events().await {
                Ok(all) => all,
                Err(e) => {
                    leptos::logging::warn!("history check: {e}");
                    return;
                }
            };
            match history_mark(all, ids).await {
                Ok(found) => mark.set(Some(found)),
                Err(e) => leptos::logging::warn!("history check: module not loaded: {e:?}"),
            }
        });
    });
    move || {
        let found = mark.get();
        let (state, text) = match &found {
            None => ("checking", i18n.t("ticket.evidence.checking")),
            Some(HistoryMark::Verified) => ("verified", i18n.t("ticket.evidence.verified")),
            Some(HistoryMark::Unsigned { unsigned }) => (
                "unsigned",
                i18n.t_count("ticket.evidence.unsigned", *unsigned, &[]),
            ),
            Some(HistoryMark::Broken(broken)) => {
                let at = ctx.events.with(|e| {
                    e.as_ref()
                        .and_then(|l| l.iter().find(|e| e.id == broken.event))
                        .map(|e| local_time(e.at()))
                });
                let reason = i18n.t(&format!("ticket.evidence.reason.{}", broken.reason.code()));
                let text = i18n.t_with(
                    "ticket.evidence.broken",
                    &[
                        ("event", broken.event.as_str()),
                        ("at", at.as_deref().unwrap_or("-")),
                        ("device", &broken.device),
                        ("reason", &reason),
                    ],
                );
                ("broken", text)
            }
        };
        let broken_event = match &found {
            Some(HistoryMark::Broken(b)) => b.event.as_str().to_string(),
            _ => String::new(),
        };
        view! {
            <p class="evidence-mark" data-mark=state data-event=broken_event role="status">
                {text}
            </p>
        }
    }
}

// The check is loaded on demand (src/app/split.rs).
crate::split_fn!(
    evidence,
    fn history_mark(events: Vec<Event>, ids: Vec<EventId>) -> HistoryMark {
        verify(&events, None).mark(ids.iter())
    }
);
