//! What the last submit gave: at the top of the form, a store failure and how many problems
//! the domain found; beside the button, the ticket registered with a link to it.

use leptos::prelude::*;

use crate::app::commands::{ActionError, Registered};
use crate::ui::i18n::use_i18n;
use crate::ui::route::Route;
use crate::ui::save_state::Save;
use crate::ui::StoreErrorMessage;

use super::problems::Problems;

/// The store's failure to save, and «N problems» while the form has any.
#[component]
pub(super) fn FormAlerts(save: Save<Registered, ActionError>, problems: Problems) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || match save.failed() {
            Some(ActionError::Store(e)) => Some(view! { <StoreErrorMessage error=e/> }),
            _ => None,
        }}
        {move || {
            let n = problems.list.with(|p| p.len());
            (n > 0).then(|| view! {
                <p class="problems" role="alert">{i18n.t_with("new.has_problems", &[("n", &n.to_string())])}</p>
            })
        }}
    }
}

/// The ticket just registered (or registered as rejected), its number linking to its page.
/// Beside the button just pressed, where the eyes are; a live region, so screen readers
/// announce it too.
#[component]
pub(super) fn RegisteredNote(save: Save<Registered, ActionError>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="saved" role="status" aria-live="polite">
            {move || save.saved().map(|Registered { id, number, rejected }| view! {
                {i18n.t_with(if rejected { "new.saved_rejected" } else { "new.saved" }, &[("number", "")])}
                <a class="ticket-number" href=Route::Ticket(id.0).href()>{number}</a>
            })}
        </p>
    }
}
