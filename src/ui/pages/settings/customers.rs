//! The customers in Ajustes: companies with their notification contacts, sites (city and city
//! class) and contract dates, checked by the domain before they are saved.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::customer::{Customer, CustomerContact, Site};
use crate::store::StoreError;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::save_state::Save;

use super::account_technician::AccountTechnician;

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

fn date_value(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The customers list. Text edits update the list without re-rendering it (so focus stays);
/// adding or removing an entry re-renders.
#[component]
pub(super) fn CustomersEditor(
    customers: RwSignal<Vec<Customer>>,
    /// The list's save (its failure is shown at the top of the page, with the page's others).
    save_state: Save,
    /// False until the desk's customers were read (nothing can be added or saved before).
    ready: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let open = use_desk();
    let problems = RwSignal::new(Vec::<(usize, String, &'static str)>::new());
    let edit = move |f: Edit| customers.update_untracked(|c| f(c));
    // Read here: the save below runs outside the component's reactive owner.
    let first_steps = crate::ui::first_steps::use_first_steps();
    let save = move |_| {
        let list = customers.get_untracked();
        let classes = &open.get().profile.city_classes;
        let found: Vec<_> = list
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                c.validate(classes)
                    .into_iter()
                    .map(move |p| (i, p.path, p.code))
            })
            .collect();
        let ok = found.is_empty();
        problems.set(found);
        if ok {
            save_state.run(async move {
                // The editor holds the saved records (new ones with their ids).
                customers.set(open.get().save_customers(&list, signals).await?);
                if let Some(steps) = first_steps {
                    steps.customers.set(!list.is_empty());
                }
                Ok::<_, StoreError>(())
            });
        }
    };

    // Which contacts the process's messages go to, said where contacts are entered.
    let roles = open.get().profile.notified_customer_roles();
    let roles_note = (!roles.is_empty()).then(|| {
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
    });

    view! {
        <section class="settings-block customers" aria-labelledby="settings-customers">
            <h2 id="settings-customers">{move || i18n.t("settings.customers")}</h2>
            {roles_note}
            {move || {
                let list = customers.get();
                if list.is_empty() {
                    return view! { <p class="settings-note">{move || i18n.t("settings.customers.none")}</p> }.into_any();
                }
                list.into_iter()
                    .enumerate()
                    .map(|(i, c)| view! { <CustomerCard i=i customer=c customers=customers edit=edit/> })
                    .collect_view()
                    .into_any()
            }}
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| view! {
                    <div class="error" role="alert" id="customer-problems">
                        <p>{move || i18n.t("settings.customers.invalid")}</p>
                        <ul>
                            {list
                                .into_iter()
                                .map(|(i, path, code)| {
                                    let n = (i + 1).to_string();
                                    view! {
                                        <li>
                                            {move || i18n.t_with("settings.customers.number", &[("n", &n)])}
                                            " · " {problem_place(&i18n, &path)} " — "
                                            {move || i18n.t(&format!("settings.problem.{code}"))}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                })
            }}
            <div class="settings-actions">
                <button
                    type="button"
                    id="add-customer"
                    prop:disabled=move || !ready.get()
                    on:click=move |_| customers.update(|c| c.push(Customer::default()))
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

/// Where a problem is, by the labels the form shows: "Contacto 2 · Correo electrónico" for the
/// domain's `contacts[1].email`.
fn problem_place(i18n: &I18n, path: &str) -> String {
    let (list, index, field) = match path.split_once('[').zip(path.split_once("].")) {
        Some(((list, rest), (_, field))) => (list, rest.split(']').next(), field),
        None => ("", None, path),
    };
    let n = index
        .and_then(|i| i.parse::<usize>().ok())
        .map_or_else(String::new, |i| (i + 1).to_string());
    match (list, field) {
        ("contacts", f) => format!(
            "{} · {}",
            i18n.t_with("settings.contact.number", &[("n", &n)]),
            i18n.t(&format!("settings.contact.{f}"))
        ),
        ("sites", f) => format!(
            "{} · {}",
            i18n.t_with("settings.site.number", &[("n", &n)]),
            i18n.t(&format!("settings.site.{f}"))
        ),
        (_, "contract_start") => i18n.t("settings.contract.start"),
        (_, "contract_end") => i18n.t("settings.contract.end"),
        _ => i18n.t("settings.customer.name"),
    }
}

type Edit = Box<dyn Fn(&mut Vec<Customer>)>;

/// A text input bound to one field of the list, updating it silently.
fn text_input(
    class: &'static str,
    kind: &'static str,
    value: String,
    edit: impl Fn(Edit) + Copy + 'static,
    set: impl Fn(&mut Vec<Customer>, String) + Copy + 'static,
) -> impl IntoView {
    view! {
        <input
            class=class
            type=kind
            prop:value=value
            on:input=move |ev| {
                let v = event_target_value(&ev);
                edit(Box::new(move |list| set(list, v.clone())));
            }
        />
    }
}

#[component]
fn CustomerCard(
    i: usize,
    customer: Customer,
    customers: RwSignal<Vec<Customer>>,
    edit: impl Fn(Edit) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_desk();
    let classes = open.get().profile.city_classes.clone();
    let n = (i + 1).to_string();
    let contacts = customer
        .contacts
        .iter()
        .enumerate()
        .map(|(j, c)| {
            view! {
                <div class="contact-row">
                    <label>
                        <span>{move || i18n.t("settings.contact.name")}</span>
                        {text_input("contact-name", "text", c.name.clone(), edit, move |l, v| l[i].contacts[j].name = v)}
                    </label>
                    <label>
                        <span>{move || i18n.t("settings.contact.role")}</span>
                        {text_input("contact-role", "text", c.role.clone(), edit, move |l, v| l[i].contacts[j].role = v)}
                    </label>
                    <label>
                        <span>{move || i18n.t("settings.contact.email")}</span>
                        {text_input("contact-email", "email", c.email.clone(), edit, move |l, v| l[i].contacts[j].email = v)}
                    </label>
                    <label>
                        <span>{move || i18n.t("settings.contact.phone")}</span>
                        {text_input("contact-phone", "tel", c.phone.clone(), edit, move |l, v| l[i].contacts[j].phone = v)}
                    </label>
                    <button
                        type="button"
                        class="remove"
                        on:click=move |_| customers.update(|l| {
                            l[i].contacts.remove(j);
                        })
                    >
                        {move || i18n.t("settings.remove")}
                    </button>
                </div>
            }
        })
        .collect_view();
    let sites = customer
        .sites
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let current = s.city_class.clone().unwrap_or_default();
            let class_select = (!classes.is_empty()).then(|| {
                let options = classes
                    .iter()
                    .map(|c| {
                        view! { <option value=c.id.clone() selected=c.id == current>{i18n.pt(&c.name)}</option> }
                    })
                    .collect_view();
                view! {
                    <label>
                        <span>{move || i18n.t("settings.site.city_class")}</span>
                        <select
                            class="site-class"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                edit(Box::new(move |l| {
                                    l[i].sites[j].city_class = (!v.is_empty()).then(|| v.clone());
                                }));
                            }
                        >
                            <option value="" selected=current.is_empty()>"—"</option>
                            {options}
                        </select>
                    </label>
                }
            });
            view! {
                <div class="site-row">
                    <label>
                        <span>{move || i18n.t("settings.site.name")}</span>
                        {text_input("site-name", "text", s.name.clone(), edit, move |l, v| l[i].sites[j].name = v)}
                    </label>
                    <label>
                        <span>{move || i18n.t("settings.site.city")}</span>
                        {text_input("site-city", "text", s.city.clone(), edit, move |l, v| l[i].sites[j].city = v)}
                    </label>
                    {class_select}
                    <button
                        type="button"
                        class="remove"
                        on:click=move |_| customers.update(|l| {
                            l[i].sites.remove(j);
                        })
                    >
                        {move || i18n.t("settings.remove")}
                    </button>
                </div>
            }
        })
        .collect_view();

    view! {
        <fieldset class="customer">
            <legend>{move || i18n.t_with("settings.customers.number", &[("n", &n)])}</legend>
            <label class="field">
                <span>{move || i18n.t("settings.customer.name")}</span>
                {text_input("customer-name", "text", customer.name.clone(), edit, move |l, v| l[i].name = v)}
            </label>
            <div class="contract">
                <label>
                    <span>{move || i18n.t("settings.contract.start")}</span>
                    {text_input("contract-start", "date", date_value(customer.contract_start), edit, move |l, v| {
                        l[i].contract_start = parse_date(&v)
                    })}
                </label>
                <label>
                    <span>{move || i18n.t("settings.contract.end")}</span>
                    {text_input("contract-end", "date", date_value(customer.contract_end), edit, move |l, v| {
                        l[i].contract_end = parse_date(&v)
                    })}
                </label>
            </div>
            <AccountTechnician current=customer.account_technician.clone()
                pick=Callback::new(move |v: Option<String>| edit(Box::new(move |l| l[i].account_technician = v.clone())))/>
            <h3>{move || i18n.t("settings.contacts")}</h3>
            {contacts}
            <h3>{move || i18n.t("settings.sites")}</h3>
            {sites}
            <div class="settings-actions">
                <button
                    type="button"
                    class="add-contact"
                    on:click=move |_| customers.update(|l| l[i].contacts.push(CustomerContact::default()))
                >
                    {move || i18n.t("settings.contacts.add")}
                </button>
                <button
                    type="button"
                    class="add-site"
                    on:click=move |_| customers.update(|l| l[i].sites.push(Site::default()))
                >
                    {move || i18n.t("settings.sites.add")}
                </button>
                <button
                    type="button"
                    class="remove remove-customer"
                    on:click=move |_| customers.update(|l| {
                        l.remove(i);
                    })
                >
                    {move || i18n.t("settings.customers.remove")}
                </button>
            </div>
        </fieldset>
    }
}
