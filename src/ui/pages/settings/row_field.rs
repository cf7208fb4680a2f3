//! A field of a row in Ajustes' lists (a person, a directory contact): its label, its input,
//! and its problems beside it, linked for screen readers.

use leptos::prelude::*;

/// The input `#<prefix>-<row>-<key>` in a label of class `field <prefix>-<key>`, with its
/// problems in `#<prefix>-<row>-<key>-problem`.
#[component]
pub(super) fn RowField(
    /// The list's prefix (`person`, `dir`).
    prefix: &'static str,
    row: usize,
    /// The field's key.
    key: &'static str,
    label: Signal<String>,
    input_type: &'static str,
    /// The smallest number the input takes, where it takes a number.
    min: Option<&'static str>,
    value: Signal<String>,
    /// The messages of the field's problems (tracked), said one after another.
    problems: Signal<Vec<String>>,
    /// Gets the text as typed.
    on_input: Callback<String>,
    /// What shows between the input and its problems (a translation of the text).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let id = format!("{prefix}-{row}-{key}");
    let problem_id = format!("{id}-problem");
    let invalid = move || problems.with(|p| !p.is_empty()).to_string();
    view! {
        <label class=format!("field {prefix}-{key}")>
            <span>{move || label.get()}</span>
            <input
                id=id
                type=input_type
                min=min
                prop:value=move || value.get()
                aria-invalid=invalid
                aria-describedby=problem_id.clone()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            {children.map(|c| c())}
            <p class="problem" id=problem_id aria-live="polite">{move || problems.get().join(" ")}</p>
        </label>
    }
}
