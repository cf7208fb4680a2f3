//! What the desk has on file for the customer being typed: the customers' names offered as the
//! person types (the browser's own suggestion list), then that customer's sites, and the e-mails
//! and phones of its contacts; under the field, whom the process's messages will go to. Free
//! text stays possible: a customer not on file is registered as typed (and linked later from
//! the ticket page).

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::customer::{customer_named, notified_contacts, Customer};
use crate::ui::i18n::use_i18n;

/// The `list` of the customer input.
pub const CUSTOMERS_LIST: &str = "customers-on-file";
/// The `list` of the site input: the chosen customer's sites.
pub const SITES_LIST: &str = "customer-sites";
/// The `list` of e-mail fields: the chosen customer's contacts' addresses.
pub const EMAILS_LIST: &str = "customer-emails";
/// The `list` of phone fields: the chosen customer's contacts' phones.
pub const PHONES_LIST: &str = "customer-phones";

/// The desk's customers, read again when they change (empty until read, or where they cannot
/// be: the form then suggests nothing).
pub fn use_customers_on_file() -> RwSignal<Vec<Customer>> {
    let desk = use_desk();
    let signals = use_desk_signals();
    let on_file = RwSignal::new(Vec::<Customer>::new());
    Effect::new(move |_| {
        signals.shared.track();
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::app::notify::customers(&desk.get()).await {
                on_file.set(list);
            }
        });
    });
    on_file
}

/// The suggestion lists the form's inputs point at.
#[component]
pub fn OnFileLists(on_file: RwSignal<Vec<Customer>>, customer: RwSignal<String>) -> impl IntoView {
    let chosen = Memo::new(move |_| {
        customer.with(|name| on_file.with(|list| customer_named(list, name).cloned()))
    });
    let options = move |values: Vec<(String, String)>| {
        values
            .into_iter()
            .map(|(value, label)| view! { <option value=value>{label}</option> })
            .collect_view()
    };
    let of_chosen = move |pick: fn(&Customer) -> Vec<(String, String)>| {
        move || options(chosen.with(|c| c.as_ref().map(pick).unwrap_or_default()))
    };
    view! {
        <datalist id=CUSTOMERS_LIST>
            {move || options(on_file.with(|list| list.iter().map(|c| (c.name.clone(), String::new())).collect()))}
        </datalist>
        <datalist id=SITES_LIST>
            {of_chosen(|c| c.sites.iter().map(|s| (s.name.clone(), s.city.clone())).collect())}
        </datalist>
        <datalist id=EMAILS_LIST>
            {of_chosen(|c| c.contacts.iter().filter(|x| !x.email.trim().is_empty()).map(|x| (x.email.clone(), x.name.clone())).collect())}
        </datalist>
        <datalist id=PHONES_LIST>
            {of_chosen(|c| c.contacts.iter().filter(|x| !x.phone.trim().is_empty()).map(|x| (x.phone.clone(), x.name.clone())).collect())}
        </datalist>
    }
}

/// Under the customer field: the customer on file and whom the process's messages go to, or
/// that the name typed is not on file and will be kept as typed.
#[component]
pub fn OnFileNote(
    on_file: RwSignal<Vec<Customer>>,
    customer: RwSignal<String>,
    /// The customer roles the process's messages go to.
    roles: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let name = customer.get();
        if name.trim().is_empty() {
            return None;
        }
        on_file.with(|list| {
            let text = match customer_named(list, &name) {
                Some(c) => {
                    let to: Vec<String> = notified_contacts(c, &roles)
                        .map(|x| format!("{} ({})", x.name.trim(), x.email.trim()))
                        .collect();
                    if to.is_empty() {
                        i18n.t("new.on_file.nobody")
                    } else {
                        i18n.t_with("new.on_file.notified", &[("contacts", &to.join(", "))])
                    }
                }
                None if list.is_empty() => return None,
                None => i18n.t("new.on_file.not_on_file"),
            };
            Some(view! { <p class="hint on-file" id="customer-on-file">{text}</p> })
        })
    }
}
