//! Registering the form: the domain validates and the app layer writes
//! ([`crate::app::desk::Desk::register`]); the button says what pressing it will do.

use leptos::prelude::*;

use crate::app::commands::{ActionError, Registered};
use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::commands::validate_in_desk;
use crate::domain::contract::ContractStanding;
use crate::domain::profile::ProcessProfile;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::Save;

use super::form::RegistrationForm;
use super::problems::Problems;

/// The form's submit handler: registers the draft through `save` (once at a time); a refused
/// draft shows its problems, a registered one clears the form. Once a submit showed the
/// problems, they follow the form as it is corrected: fixing a field clears its message, a
/// value still wrong keeps it (the domain decides).
pub(super) fn use_register(
    profile: ProcessProfile,
    form: RegistrationForm,
    problems: Problems,
    standing: Memo<ContractStanding>,
    save: Save<Registered, ActionError>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    let desk = use_desk();
    let signals = use_desk_signals();
    let submitted = RwSignal::new(false);
    Effect::new(move |_| {
        if !submitted.get() {
            return;
        }
        let now = validate_in_desk(&profile, &form.draft(), &standing.get())
            .err()
            .unwrap_or_default();
        if problems.list.with_untracked(|ps| *ps != now) {
            problems.list.set(now);
        }
    });

    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.is_saving_untracked() {
            return;
        }
        let draft = untrack(|| form.draft());
        save.run(async move {
            // «Registrado» and a clear form the moment the ticket's events are durable (#21),
            // before the queue has it.
            // Told once: after it, the form may already hold (and save) the next ticket.
            let told = std::cell::Cell::new(false);
            let registered = move |done: &Registered| {
                if told.replace(true) || !save.is_saving_untracked() {
                    return; // said already, or the page was left
                }
                submitted.set(false);
                problems.list.set(Vec::new());
                form.clear();
                save.saved_now(done.clone());
            };
            let result = desk.get().register(&draft, signals, &registered).await;
            match &result {
                // Saved without the moment being told (not expected of a new ticket's events).
                Ok(done) => registered(done),
                // (`try_set`: the page may have been left meanwhile.)
                Err(ActionError::Invalid(ps)) => {
                    problems.list.try_set(ps.clone());
                    submitted.try_set(true);
                }
                Err(ActionError::Store(_)) => {}
            }
            result
        });
    }
}

/// "Registrar" («Registrar como rechazada» when the report is out of scope), «Guardando…»
/// while the save runs.
#[component]
pub(super) fn SubmitButton(
    save: Save<Registered, ActionError>,
    in_scope: RwSignal<Option<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="primary" prop:disabled=move || save.is_saving()>
            {move || match (save.is_saving(), in_scope.get()) {
                (true, _) => i18n.t("new.saving"),
                (false, Some(false)) => i18n.t("new.submit_rejected"),
                (false, _) => i18n.t("new.submit"),
            }}
        </button>
    }
}
