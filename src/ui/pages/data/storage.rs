//! The storage section of Datos: whether the browser keeps this desk's data for good
//! (persistent storage), how much it uses of its quota, and a button that asks to persist.

use leptos::prelude::*;

use crate::app::shell_state::shell;
use crate::app::storage::{ask_persist, refresh};
use crate::ui::i18n::{use_i18n, Locale};
use crate::ui::shell::storage::human_bytes;

/// `12.34` → `12,3` (Spanish) / `12.3` (English).
fn percent(value: f64, locale: Locale) -> String {
    let text = format!("{value:.1}");
    if locale == Locale::Es {
        text.replace('.', ",")
    } else {
        text
    }
}

/// Persistent storage, usage and quota (read again when the page opens and on request).
#[component]
pub(super) fn StorageSection() -> impl IntoView {
    let i18n = use_i18n();
    let s = shell().signals();
    // What the browser answered to "persist", once asked: `None` where it cannot say.
    let persist_answer = RwSignal::new(None::<Option<bool>>);
    leptos::task::spawn_local(refresh());

    let request_persist = move |_| {
        leptos::task::spawn_local(async move {
            persist_answer.set(Some(ask_persist().await));
        });
    };
    let persisted_text = move || match s.persisted.get() {
        Some(true) => i18n.t("data.persisted.yes"),
        Some(false) => i18n.t("data.persisted.no"),
        None => i18n.t("data.persisted.unknown"),
    };
    let estimate_text = move || match s.estimate.get() {
        Some(e) => {
            let locale = i18n.locale.get();
            i18n.t_with(
                "data.estimate",
                &[
                    ("used", &human_bytes(e.usage, locale)),
                    ("quota", &human_bytes(e.quota, locale)),
                    ("percent", &percent(e.percent(), locale)),
                ],
            )
        }
        None => i18n.t("data.estimate.unknown"),
    };

    view! {
        <section class="data-block" aria-labelledby="data-storage">
            <h2 id="data-storage">{move || i18n.t("data.storage")}</h2>
            <p
                class="data-persisted"
                data-persisted=move || match s.persisted.get() {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "unknown",
                }
            >
                {persisted_text}
            </p>
            <p class="data-estimate">{estimate_text}</p>
            <div class="data-actions">
                <button type="button" id="persist" on:click=request_persist>
                    {move || i18n.t("data.persist")}
                </button>
                <button type="button" on:click=move |_| leptos::task::spawn_local(refresh())>
                    {move || i18n.t("data.estimate.refresh")}
                </button>
            </div>
            {move || persist_answer.get().map(|answer| {
                let key = match answer {
                    Some(true) => "data.persist.granted",
                    Some(false) => "data.persist.denied",
                    None => "data.persist.unsupported",
                };
                view! { <p class="data-note" role="status">{move || i18n.t(key)}</p> }
            })}
            <p class="data-note">{move || i18n.t("data.storage.help")}</p>
        </section>
    }
}
