//! Who reports: the customer and the site, with what the desk has on file for them (the
//! customers' names and that customer's sites offered as the person types, whom the process's
//! messages will go to).

use leptos::prelude::*;

use crate::domain::customer::Customer;
use crate::domain::profile::ProcessProfile;

use super::form::{process_label, Field, RegistrationForm};
use super::on_file::{OnFileLists, OnFileNote, CUSTOMERS_LIST, SITES_LIST};
use super::problems::Problems;

/// The customer's and the site's fields, labelled as the process names them.
#[component]
pub(super) fn CustomerFields(
    profile: ProcessProfile,
    form: RegistrationForm,
    /// The desk's customers.
    on_file: RwSignal<Vec<Customer>>,
    problems: Problems,
) -> impl IntoView {
    let RegistrationForm { customer, site, .. } = form;
    let customer_label = process_label(&profile, "customer", "new.customer");
    let site_label = process_label(&profile, "site", "new.site");
    let roles = profile.notified_customer_roles();
    view! {
        <Field id="customer" label=customer_label problem=problems.message_for("customer")>
            <input id="customer" aria-invalid=problems.invalid("customer") aria-describedby="customer-problem customer-on-file"
                type="text" autocomplete="off" list=CUSTOMERS_LIST
                on:input=move |ev| customer.set(event_target_value(&ev)) prop:value=move || customer.get()/>
            <OnFileNote on_file customer roles/>
        </Field>
        <OnFileLists on_file customer/>
        <Field id="site" label=site_label problem=problems.message_for("site")>
            <input id="site" aria-invalid=problems.invalid("site") aria-describedby="site-problem"
                type="text" autocomplete="off" list=SITES_LIST on:input=move |ev| site.set(event_target_value(&ev)) prop:value=move || site.get()/>
        </Field>
    }
}
