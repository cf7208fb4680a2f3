//! Which contacts the process's messages go to, said where the contacts are entered.

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::ui::i18n::use_i18n;

/// The customer roles the process notifies («Contacto técnico», …), as a note above the
/// customers; nothing when the process notifies no customer contact.
#[component]
pub(super) fn NotifiedRoles() -> impl IntoView {
    let i18n = use_i18n();
    let roles = use_desk().get().profile.notified_customer_roles();
    (!roles.is_empty()).then(|| {
        let list = roles
            .iter()
            .map(|r| format!("«{r}»"))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <p class="settings-note" id="notified-roles">
                {move || i18n.t_with("settings.customers.notified_roles", &[("roles", &list)])}
            </p>
        }
    })
}
