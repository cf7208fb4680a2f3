//! One customer's card: its name, contract dates, account technician, contacts and sites.

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::domain::customer::{Customer, CustomerContact, Site};
use crate::ui::i18n::use_i18n;

use super::account_technician::AccountTechnician;
use super::contact_row::ContactRow;
use super::inputs::{date_input, list_input};
use super::site_row::SiteRow;
use super::CustomersForm;

/// Customer `i` of the list, with the buttons that add a contact or a site and remove it.
#[component]
pub(super) fn CustomerCard(
    /// The customer's index in the list.
    i: usize,
    customer: Customer,
    form: CustomersForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let classes = use_desk().get().profile.city_classes.clone();
    let n = (i + 1).to_string();
    let Customer {
        name,
        contract_start,
        contract_end,
        account_technician,
        contacts,
        sites,
        ..
    } = customer;
    let contacts = contacts
        .into_iter()
        .enumerate()
        .map(|(j, contact)| view! { <ContactRow i j contact form/> })
        .collect_view();
    let sites = sites
        .into_iter()
        .enumerate()
        .map(|(j, site)| view! { <SiteRow i j site classes=classes.clone() form/> })
        .collect_view();

    view! {
        <fieldset class="customer">
            <legend>{move || i18n.t_with("settings.customers.number", &[("n", &n)])}</legend>
            <label class="field">
                <span>{move || i18n.t("settings.customer.name")}</span>
                {list_input("customer-name", "text", name, form, move |l, v| l[i].name = v)}
            </label>
            <div class="contract">
                <label>
                    <span>{move || i18n.t("settings.contract.start")}</span>
                    {date_input("contract-start", contract_start, form, move |l, d| l[i].contract_start = d)}
                </label>
                <label>
                    <span>{move || i18n.t("settings.contract.end")}</span>
                    {date_input("contract-end", contract_end, form, move |l, d| l[i].contract_end = d)}
                </label>
            </div>
            <AccountTechnician current=account_technician
                pick=Callback::new(move |v: Option<String>| form.edit(|l| l[i].account_technician = v))/>
            <h3>{move || i18n.t("settings.contacts")}</h3>
            {contacts}
            <h3>{move || i18n.t("settings.sites")}</h3>
            {sites}
            <div class="settings-actions">
                <button
                    type="button"
                    class="add-contact"
                    on:click=move |_| form.change(|l| l[i].contacts.push(CustomerContact::default()))
                >
                    {move || i18n.t("settings.contacts.add")}
                </button>
                <button
                    type="button"
                    class="add-site"
                    on:click=move |_| form.change(|l| l[i].sites.push(Site::default()))
                >
                    {move || i18n.t("settings.sites.add")}
                </button>
                <button
                    type="button"
                    class="remove remove-customer"
                    on:click=move |_| form.change(|l| {
                        l.remove(i);
                    })
                >
                    {move || i18n.t("settings.customers.remove")}
                </button>
            </div>
        </fieldset>
    }
}
