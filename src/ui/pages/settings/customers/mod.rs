//! The customers in Ajustes: companies with their notification contacts, sites (city and city
//! class) and contract dates, checked by the domain before they are saved. The list and what
//! its last save found are one [`CustomersForm`]; a customer's card ([`card`]) holds its contact
//! and site rows ([`contact_row`], [`site_row`]); the problems are listed by [`problems`].
//!
//! ```ignore
//! let form = CustomersForm::new();
//! form.customers.set(customers_in_force(&shared.customers)); // once the desk's records are read
//! view! { <CustomersEditor form save_state=use_save() ready/> }
//! ```

mod account_technician;
mod card;
mod contact_row;
mod inputs;
mod problems;
mod roles_note;
mod site_row;

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::customer::{Customer, CustomerProblem};
use crate::domain::profile::CityClass;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::Save;

use card::CustomerCard;
use problems::CustomerProblems;
use roles_note::NotifiedRoles;

/// The customers as edited, and the problems the domain found in them at the last save (each
/// with the index of its customer).
#[derive(Clone, Copy)]
pub(super) struct CustomersForm {
    pub customers: RwSignal<Vec<Customer>>,
    problems: RwSignal<Vec<(usize, CustomerProblem)>>,
}

impl CustomersForm {
    /// No customer yet: the page fills the list once the desk's records are read.
    pub fn new() -> Self {
        Self {
            customers: RwSignal::new(Vec::new()),
            problems: RwSignal::new(Vec::new()),
        }
    }

    /// A text edit: changes the list without re-rendering it (so focus stays in the field).
    fn edit(self, f: impl FnOnce(&mut Vec<Customer>)) {
        self.customers.update_untracked(f);
    }

    /// An entry added or removed: the list re-renders.
    fn change(self, f: impl FnOnce(&mut Vec<Customer>)) {
        self.customers.update(f);
    }

    /// Checks every customer against the process's city classes and keeps what was found;
    /// true when nothing was.
    fn check(self, classes: &[CityClass]) -> bool {
        let found: Vec<_> = self.customers.with_untracked(|list| {
            list.iter()
                .enumerate()
                .flat_map(|(i, c)| c.validate(classes).into_iter().map(move |p| (i, p)))
                .collect()
        });
        let ok = found.is_empty();
        self.problems.set(found);
        ok
    }
}

/// The customers list with its "add" and "save" buttons; the save's failure is shown at the top
/// of the page, with the page's others, and its "saved" beside the button.
#[component]
pub(super) fn CustomersEditor(
    form: CustomersForm,
    /// The list's save.
    save_state: Save,
    /// False until the desk's customers were read (nothing can be added or saved before).
    ready: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let open = use_desk();
    let customers = form.customers;
    // Read here: the save below runs outside the component's reactive owner.
    let first_steps = crate::ui::first_steps::use_first_steps();
    let save = move |_| {
        if !form.check(&open.get().profile.city_classes) {
            return;
        }
        let list = customers.get_untracked();
        save_state.run(async move {
            // The editor holds the saved records (new ones with their ids).
            customers.set(open.get().save_customers(&list, signals).await?);
            if let Some(steps) = first_steps {
                steps.customers.set(!list.is_empty());
            }
            Ok::<_, StoreError>(())
        });
    };

    view! {
        <section class="settings-block customers" aria-labelledby="settings-customers">
            <h2 id="settings-customers">{move || i18n.t("settings.customers")}</h2>
            <NotifiedRoles/>
            {move || {
                let list = customers.get();
                if list.is_empty() {
                    return view! { <p class="settings-note">{move || i18n.t("settings.customers.none")}</p> }.into_any();
                }
                list.into_iter()
                    .enumerate()
                    .map(|(i, customer)| view! { <CustomerCard i customer form/> })
                    .collect_view()
                    .into_any()
            }}
            <CustomerProblems problems=form.problems/>
            <div class="settings-actions">
                <button
                    type="button"
                    id="add-customer"
                    prop:disabled=move || !ready.get()
                    on:click=move |_| form.change(|c| c.push(Customer::default()))
                >
                    {move || i18n.t("settings.customers.add")}
                </button>
                <button type="button" id="save-customers" class="primary" on:click=save
                    prop:disabled=move || !ready.get()>
                    {move || i18n.t("settings.customers.save")}
                </button>
            </div>
            // Beside the button pressed, where the eyes are (the page's other messages are at
            // its top).
            <p class="saved" role="status" aria-live="polite">
                {move || save_state.is_saved().then(|| i18n.t("settings.saved.customers"))}
            </p>
        </section>
    }
}
