//! The profile's own registration fields (beyond customer, site and description): text, email,
//! phone (with the customers' contacts as suggestions), multiline or a choice.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::profile::{FieldDef, FieldKind};
use crate::ui::i18n::use_i18n;

use super::form::Field;
use super::on_file::{EMAILS_LIST, PHONES_LIST};
use super::problems::Problems;

/// One [`Field`] per field of `defs`, its value in `values` under the field's id.
#[component]
pub(super) fn ExtraFields(
    defs: Vec<FieldDef>,
    values: RwSignal<BTreeMap<String, String>>,
    problems: Problems,
) -> impl IntoView {
    let i18n = use_i18n();
    defs.into_iter()
        .map(|f| {
            let id = f.id.clone();
            let id_for_input = id.clone();
            let id_for_value = id.clone();
            let id_for_problem = id.clone();
            let problem = Signal::derive(move || problems.message(&id_for_problem));
            let invalid = move || problem.with(Option::is_some).to_string();
            let described = format!("{id}-problem");
            let value = move || values.with(|m| m.get(&id_for_value).cloned().unwrap_or_default());
            let on_input = move |ev| {
                let v = event_target_value(&ev);
                let id = id_for_input.clone();
                values.update(|m| {
                    m.insert(id, v);
                });
            };
            let label = f.label.clone();
            let label = move || i18n.pt(&label);
            let control = match f.kind {
                FieldKind::Multiline => view! { <textarea id=id.clone() rows="3" aria-invalid=invalid aria-describedby=described on:input=on_input prop:value=value></textarea> }.into_any(),
                FieldKind::Select => view! {
                    <select id=id.clone() aria-invalid=invalid aria-describedby=described on:change=on_input prop:value=value>
                        <option value="">{move || i18n.t("new.select")}</option>
                        {f.options.iter().map(|o| { let text = o.clone(); view! { <option value=o.clone()>{move || i18n.pt(&text)}</option> } }).collect_view()}
                    </select>
                }.into_any(),
                other => {
                    let (input_type, list) = match other {
                        FieldKind::Email => ("email", Some(EMAILS_LIST)),
                        FieldKind::Phone => ("tel", Some(PHONES_LIST)),
                        _ => ("text", None),
                    };
                    view! { <input id=id.clone() type=input_type list=list aria-invalid=invalid aria-describedby=described on:input=on_input prop:value=value/> }.into_any()
                }
            };
            view! { <Field id=f.id.clone() label=Signal::derive(label) problem=problem>{control}</Field> }
        })
        .collect_view()
}
