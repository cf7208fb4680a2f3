//! Form pieces shared by the ticket's actions: a labelled control with its problem beside it.

use leptos::prelude::*;

use crate::app::desk::Desk;
use crate::app::open_desk::use_desk;
use crate::domain::actions::ActionProblem;
use crate::ui::i18n::I18n;

/// The translated problem of one input, if any. Called while a form's view is built (it takes
/// the page's open desk, for the profile's field names).
pub fn problem_signal(
    i18n: I18n,
    problems: RwSignal<Vec<ActionProblem>>,
    field: &'static str,
) -> Signal<Option<String>> {
    let desk = use_desk();
    Signal::derive(move || {
        problems.with(|ps| {
            let text = ps
                .iter()
                .filter(|p| p.field == field)
                .map(|p| {
                    let key = format!("ticket.issue.{}", p.issue.code());
                    if p.missing.is_empty() {
                        i18n.t(&key)
                    } else {
                        let names: Vec<String> = p
                            .missing
                            .iter()
                            .map(|id| field_label(i18n, &desk.get(), id))
                            .collect();
                        i18n.t_with(&key, &[("fields", &names.join(", "))])
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            (!text.is_empty()).then_some(text)
        })
    })
}

/// The name of a ticket field a profile refers to: the profile's label for its registration
/// fields, else the app's own name for it.
pub fn field_label(i18n: I18n, desk: &Desk, id: &str) -> String {
    if let Some(f) = desk.profile.registration.fields.iter().find(|f| f.id == id) {
        return i18n.pt(&f.label);
    }
    let alias = if id == "request_kind" { "kind" } else { id };
    [format!("ticket.field.{id}"), format!("new.{alias}")]
        .into_iter()
        .map(|key| (i18n.t(&key), key))
        .find(|(text, key)| text != key)
        .map_or_else(|| id.to_string(), |(text, _)| text)
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
