//! Form pieces shared by the ticket's actions: a labelled control with its problem beside it.

use leptos::prelude::*;

use crate::domain::actions::ActionProblem;
use crate::ui::i18n::I18n;

/// The translated problem of one input, if any.
pub fn problem_signal(
    i18n: I18n,
    problems: RwSignal<Vec<ActionProblem>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.field == field)
                .map(|p| i18n.t(&format!("ticket.issue.{}", p.issue.code())))
        })
    })
}

/// A labelled control with its problem message (linked for screen readers).
#[component]
pub fn ActionField(
    #[prop(into)] id: String,
    label: Signal<String>,
    problem: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            {children()}
            <p class="problem" id=problem_id role="alert">{move || problem.get()}</p>
        </div>
    }
}
