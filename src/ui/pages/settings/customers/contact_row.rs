//! One notification contact of a customer: name, role, e-mail and phone.

use leptos::prelude::*;

use crate::domain::customer::CustomerContact;
use crate::ui::i18n::use_i18n;

use super::inputs::list_input;
use super::CustomersForm;

/// Contact `j` of customer `i`, with its "remove" button.
#[component]
pub(super) fn ContactRow(
    /// The customer's index in the list.
    i: usize,
    /// The contact's index in the customer's contacts.
    j: usize,
    contact: CustomerContact,
    form: CustomersForm,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="contact-row">
            <label>
                <span>{move || i18n.t("settings.contact.name")}</span>
                {list_input("contact-name", "text", contact.name, form, move |l, v| l[i].contacts[j].name = v)}
            </label>
            <label>
                <span>{move || i18n.t("settings.contact.role")}</span>
                {list_input("contact-role", "text", contact.role, form, move |l, v| l[i].contacts[j].role = v)}
            </label>
            <label>
                <span>{move || i18n.t("settings.contact.email")}</span>
                {list_input("contact-email", "email", contact.email, form, move |l, v| l[i].contacts[j].email = v)}
            </label>
            <label>
                <span>{move || i18n.t("settings.contact.phone")}</span>
                {list_input("contact-phone", "tel", contact.phone, form, move |l, v| l[i].contacts[j].phone = v)}
            </label>
            <button
                type="button"
                class="remove"
                on:click=move |_| form.change(|l| {
                    l[i].contacts.remove(j);
                })
            >
                {move || i18n.t("settings.remove")}
            </button>
        </div>
    }
}
