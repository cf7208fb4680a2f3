//! What the last button of Sincronizar's form did (save, test, sync now), said under the
//! download setting. Not a [`crate::ui::save_state::Save`]: one message answers three buttons.

use leptos::prelude::*;

use crate::app::sync::Probe;
use crate::ui::i18n::use_i18n;

/// What the last button on this page did.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Outcome {
    Working,
    Saved,
    Probed(Probe),
    /// A sync that did not run (not configured, or another tab is syncing).
    NotRun,
    /// Nothing was sent: the field with this text key (its label) is empty.
    Missing(&'static str),
    SaveFailed(String),
}

/// The message for the last outcome (nothing before a button is pressed).
#[component]
pub(super) fn OutcomeMessage(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        outcome.get().map(|o| {
            let (class, text) = match o {
                Outcome::Working => ("info", i18n.t("sync.working")),
                Outcome::Saved => ("ok", i18n.t("sync.saved")),
                Outcome::Probed(p) => (
                    if p == Probe::Ok { "ok" } else { "error" },
                    match p {
                        Probe::Auth(code) | Probe::Http(code) => {
                            i18n.t_with(p.key(), &[("status", &code.to_string())])
                        }
                        _ => i18n.t(p.key()),
                    },
                ),
                Outcome::NotRun => ("info", i18n.t("sync.not_run")),
                Outcome::Missing(label) => (
                    "error",
                    i18n.t_with("sync.missing", &[("field", &i18n.t(label))]),
                ),
                Outcome::SaveFailed(code) => ("error", i18n.t(&format!("store_error.{code}"))),
            };
            view! { <p id="sync-outcome" class=class role="status">{text}</p> }
        })
    }
}
