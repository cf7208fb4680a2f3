//! The inputs of a customer's card: each bound to one field of the list, which a keystroke
//! changes silently ([`CustomersForm::edit`]), so the list does not re-render under the cursor.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::customer::Customer;

use super::CustomersForm;

/// A text input showing `value`, whose edits `set` writes into the list.
pub(super) fn list_input(
    class: &'static str,
    kind: &'static str,
    value: String,
    form: CustomersForm,
    set: impl Fn(&mut Vec<Customer>, String) + Copy + 'static,
) -> impl IntoView {
    view! {
        <input
            class=class
            type=kind
            prop:value=value
            on:input=move |ev| {
                let v = event_target_value(&ev);
                form.edit(|list| set(list, v));
            }
        />
    }
}

/// A date input (`YYYY-MM-DD`, empty for none) bound like [`list_input`].
pub(super) fn date_input(
    class: &'static str,
    value: Option<NaiveDate>,
    form: CustomersForm,
    set: impl Fn(&mut Vec<Customer>, Option<NaiveDate>) + Copy + 'static,
) -> impl IntoView {
    let shown = value
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    list_input(class, "date", shown, form, move |list, v| {
        set(list, NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok())
    })
}
