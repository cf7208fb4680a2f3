//! The profile's pre-report checklist ("Verificación previa", P1): the checks the customer
//! confirms before a report is accepted.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::profile::ChecklistSpec;
use crate::ui::i18n::use_i18n;

use super::problems::Problems;

/// The checks as boxes; the ids of those ticked are in `checked`.
#[component]
pub(super) fn Checklist(
    spec: ChecklistSpec,
    checked: RwSignal<BTreeSet<String>>,
    problems: Problems,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = spec.title.clone();
    let title = move || {
        if title.is_empty() {
            i18n.t("new.checklist")
        } else {
            i18n.pt(&title)
        }
    };
    view! {
        <fieldset class="checklist" aria-describedby="checklist-problem" aria-invalid=problems.invalid("checklist")>
            <legend>{title}</legend>
            {spec.items.iter().map(|item| {
                let id = item.id.clone();
                let id_checked = id.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" name="checklist" value=id.clone()
                            prop:checked=move || checked.with(|c| c.contains(&id_checked))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                checked.update(|c| { if on { c.insert(id); } else { c.remove(&id); } });
                            }/>
                        {let label = item.label.clone(); move || i18n.pt(&label)}
                    </label>
                }
            }).collect_view()}
            <p id="checklist-problem" class="problem">{move || problems.message("checklist")}</p>
        </fieldset>
    }
}
