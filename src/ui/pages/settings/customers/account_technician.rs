//! The technician assigned to a customer's account (P4's level 2), picked among the desk's
//! active people on the customer's card: proposed first when assigning the customer's tickets.

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::ui::i18n::use_i18n;

/// A select of the desk's active people (by record id), with «none» first; `pick` gets the
/// person's record id, or `None`.
#[component]
pub(super) fn AccountTechnician(
    current: Option<String>,
    pick: Callback<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let people = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = desk.get().people().await {
            people.set(list.into_iter().filter(|p| p.active).collect());
        }
    });
    let current = current.unwrap_or_default();
    let selected = current.clone();
    view! {
        <label class="field">
            <span>{move || i18n.t("settings.customer.account_technician")}</span>
            <select
                class="account-technician"
                prop:value=move || { people.track(); selected.clone() }
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    pick.run((!v.is_empty()).then_some(v));
                }
            >
                <option value="">{move || i18n.t("settings.customer.account_technician.none")}</option>
                {move || people.get().into_iter().map(|p| {
                    let chosen = p.id == current;
                    view! { <option value=p.id.clone() selected=chosen>{p.name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
