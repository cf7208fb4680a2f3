//! Ajustes (`#/ajustes`): the active process (one of the five presets or an imported profile,
//! validated with every problem shown), profile export, desk and user names, browser
//! notifications, and the customers list (contacts, sites, contract dates). Everything is saved
//! in the store's `meta`; changing the process or the user reloads the page so the desk is
//! opened again with it.

use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::customer::{
    customers_from_json, customers_to_json, Customer, CustomerContact, Site,
};
use crate::domain::profile::{presets, ProcessProfile, ProfileError};
use crate::store::StoreError;
use crate::ui::desk::desk;
use crate::ui::i18n::use_i18n;
use crate::ui::shell::download::{download_text, read_text};
use crate::ui::StoreErrorMessage;

/// The meta value of "profile" for an imported profile (its JSON is in "profile_json").
pub const CUSTOM_PROFILE: &str = "custom";

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// A profile file that passed validation, waiting for the user to apply it.
#[derive(Clone)]
struct Pending {
    json: String,
    name: String,
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let active = RwSignal::new(None::<String>);
    let picked = RwSignal::new(String::new());
    let desk_name = RwSignal::new(String::new());
    // The header shows the name once it is saved.
    let header_name = crate::ui::desk_name::use_desk_name();
    let actor = RwSignal::new(desk().actor.clone());
    let customers = RwSignal::new(Vec::<Customer>::new());
    let store_error = RwSignal::new(None::<StoreError>);
    let saved = RwSignal::new(None::<&'static str>);
    leptos::task::spawn_local(async move {
        let store = &desk().store;
        let result = async {
            let profile = store.meta_string("profile").await?;
            picked.set(profile.clone().unwrap_or_default());
            active.set(profile);
            desk_name.set(store.meta_string("desk_name").await?.unwrap_or_default());
            let list = store.meta_string("customers").await?.unwrap_or_default();
            customers.set(customers_from_json(&list).unwrap_or_default());
            Ok::<(), StoreError>(())
        }
        .await;
        if let Err(e) = result {
            store_error.set(Some(e));
        }
    });

    Effect::new(move |_| {
        if let (Some(n), Some("desk")) = (header_name, saved.get()) {
            n.set(&desk_name.get_untracked());
        }
    });

    let save_meta = move |pairs: Vec<(&'static str, String)>, then_reload: bool, what| {
        leptos::task::spawn_local(async move {
            let store = &desk().store;
            for (key, value) in pairs {
                if let Err(e) = store.set_meta_string(key, &value).await {
                    store_error.set(Some(e));
                    return;
                }
            }
            if then_reload {
                reload();
            } else {
                saved.set(Some(what));
            }
        });
    };

    let use_preset = move |_| {
        let id = picked.get_untracked();
        if !id.is_empty() && id != CUSTOM_PROFILE {
            save_meta(vec![("profile", id)], true, "process");
        }
    };

    view! {
        <section class="settings-page">
            <h1>{move || i18n.t("settings.title")}</h1>
            {move || store_error.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            {move || saved.get().map(|what| {
                view! {
                    <p class="settings-saved" role="status">
                        {move || i18n.t(&format!("settings.saved.{what}"))}
                    </p>
                }
            })}

            <section class="settings-block" aria-labelledby="settings-process">
                <h2 id="settings-process">{move || i18n.t("settings.process")}</h2>
                <p>
                    {move || i18n.t("settings.process.active")} " "
                    <strong id="active-profile">{desk().profile.name.clone()}</strong>
                </p>
                <fieldset class="presets">
                    <legend>{move || i18n.t("settings.process.pick")}</legend>
                    {presets()
                        .into_iter()
                        .filter_map(|(id, json)| ProcessProfile::from_json(json).ok().map(|p| (id, p)))
                        .map(|(id, p)| {
                            view! {
                                <label class="preset">
                                    <input
                                        type="radio"
                                        name="preset"
                                        value=id
                                        prop:checked=move || picked.get() == id
                                        on:change=move |_| picked.set(id.to_string())
                                    />
                                    <span class="preset-text">
                                        <strong>{p.name.clone()}</strong>
                                        <span class="preset-description">{p.description.clone()}</span>
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="settings-actions">
                    <button
                        type="button"
                        id="use-preset"
                        class="primary"
                        disabled=move || {
                            let p = picked.get();
                            p.is_empty() || p == CUSTOM_PROFILE || active.get().as_deref() == Some(p.as_str())
                        }
                        on:click=use_preset
                    >
                        {move || i18n.t("settings.process.use")}
                    </button>
                    <button
                        type="button"
                        id="export-profile"
                        on:click=move |_| {
                            let p = &desk().profile;
                            let _ = download_text(&format!("{}.json", p.id), "application/json", &p.to_json());
                        }
                    >
                        {move || i18n.t("settings.process.export")}
                    </button>
                </div>
                <ProfileImport save_meta=Callback::new(move |json: String| {
                    save_meta(vec![("profile_json", json), ("profile", CUSTOM_PROFILE.to_string())], true, "process")
                })/>
            </section>

            <section class="settings-block" aria-labelledby="settings-desk">
                <h2 id="settings-desk">{move || i18n.t("settings.desk")}</h2>
                <label class="field">
                    <span>{move || i18n.t("settings.desk_name")}</span>
                    <input
                        id="desk-name"
                        type="text"
                        prop:value=move || desk_name.get()
                        on:input=move |ev| desk_name.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || i18n.t("settings.actor")}</span>
                    <input
                        id="actor"
                        type="text"
                        prop:value=move || actor.get()
                        on:input=move |ev| actor.set(event_target_value(&ev))
                    />
                </label>
                <p class="settings-note">{move || i18n.t("settings.actor.help")}</p>
                <div class="settings-actions">
                    <button
                        type="button"
                        id="save-desk"
                        class="primary"
                        on:click=move |_| {
                            let name = actor.get_untracked().trim().to_string();
                            let changed = !name.is_empty() && name != desk().actor;
                            let mut pairs = vec![("desk_name", desk_name.get_untracked().trim().to_string())];
                            if changed {
                                pairs.push(("actor", name));
                            }
                            save_meta(pairs, changed, "desk");
                        }
                    >
                        {move || i18n.t("settings.save")}
                    </button>
                </div>
            </section>

            <crate::ui::pages::directory_editor::DirectoryEditor/>

            <NotificationSettings/>

            <CustomersEditor customers=customers store_error=store_error saved=saved/>
        </section>
    }
}

/// Import of a profile JSON file: validated, every problem listed; applied only on request.
#[component]
fn ProfileImport(save_meta: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = RwSignal::new(None::<(String, Vec<ProfileError>)>);
    let pending = RwSignal::new(None::<Pending>);
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        errors.set(None);
        pending.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            match read_text(&file).await {
                Err(e) => errors.set(Some((name, vec![ProfileError::new("", format!("{e:?}"))]))),
                Ok(text) => match ProcessProfile::from_json(&text) {
                    Err(list) => errors.set(Some((name, list))),
                    Ok(profile) => pending.set(Some(Pending {
                        json: profile.to_json(),
                        name: profile.name,
                    })),
                },
            }
        });
    };
    view! {
        <div class="profile-import">
            <label class="file-button">
                <span>{move || i18n.t("settings.process.import")}</span>
                <input type="file" id="import-profile" accept=".json,application/json" on:change=import/>
            </label>
            <p class="settings-note">{move || i18n.t("settings.process.import.help")}</p>
            {move || errors.get().map(|(file, list)| {
                let count = list.len().to_string();
                view! {
                    <div class="error profile-errors" role="alert">
                        <p>
                            {move || i18n.t_with("settings.import.invalid", &[("file", &file), ("n", &count)])}
                        </p>
                        <ul>
                            {list
                                .into_iter()
                                .map(|e| {
                                    let prefix = format!("line {}, column {}: ", e.line.unwrap_or(0), e.column.unwrap_or(0));
                                    let message = e.message.strip_prefix(&prefix).unwrap_or(&e.message).to_string();
                                    let place = match (e.line, e.column) {
                                        (Some(l), Some(c)) => i18n.t_with(
                                            "settings.import.at",
                                            &[("line", &l.to_string()), ("column", &c.to_string())],
                                        ),
                                        _ => String::new(),
                                    };
                                    view! {
                                        <li class="profile-error">
                                            <code class="path">{if e.path.is_empty() { "—".to_string() } else { e.path }}</code>
                                            " "
                                            <span class="place">{place}</span>
                                            " "
                                            <span class="message">{message}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
            {move || pending.get().map(|p| {
                let name = p.name.clone();
                view! {
                    <div class="profile-valid" role="status">
                        <p>{move || i18n.t_with("settings.import.valid", &[("name", &name)])}</p>
                        <button
                            type="button"
                            id="use-imported"
                            class="primary"
                            on:click=move |_| save_meta.run(p.json.clone())
                        >
                            {move || i18n.t("settings.import.use")}
                        </button>
                    </div>
                }
            })}
        </div>
    }
}

fn notification_permission() -> String {
    use web_sys::{Notification, NotificationPermission};
    match Notification::permission() {
        NotificationPermission::Granted => "granted",
        NotificationPermission::Denied => "denied",
        _ => "default",
    }
    .to_string()
}

/// Browser notifications for warnings and breaches on the user's tickets.
#[component]
fn NotificationSettings() -> impl IntoView {
    let i18n = use_i18n();
    let supported = web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
        .unwrap_or(false);
    let state = RwSignal::new(if supported {
        notification_permission()
    } else {
        "unsupported".to_string()
    });
    let ask = move |_| {
        let Ok(promise) = web_sys::Notification::request_permission() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            state.set(notification_permission());
        });
    };
    view! {
        <section class="settings-block" aria-labelledby="settings-notify">
            <h2 id="settings-notify">{move || i18n.t("settings.notify")}</h2>
            <p>{move || i18n.t("settings.notify.help")}</p>
            <p class="notify-state" data-state=move || state.get()>
                {move || i18n.t(&format!("settings.notify.state.{}", state.get()))}
            </p>
            <div class="settings-actions">
                <button
                    type="button"
                    id="ask-notify"
                    disabled=move || state.get() != "default"
                    on:click=ask
                >
                    {move || i18n.t("settings.notify.ask")}
                </button>
            </div>
        </section>
    }
}

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
fn CustomersEditor(
    customers: RwSignal<Vec<Customer>>,
    store_error: RwSignal<Option<StoreError>>,
    saved: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = RwSignal::new(Vec::<(usize, String, &'static str)>::new());
    let edit = move |f: Edit| customers.update_untracked(|c| f(c));
    // Read here: the save below runs outside the component's reactive owner.
    let first_steps = crate::ui::first_steps::use_first_steps();
    let save = move |_| {
        let list = customers.get_untracked();
        let classes = &desk().profile.city_classes;
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
            leptos::task::spawn_local(async move {
                match desk()
                    .store
                    .set_meta_string("customers", &customers_to_json(&list))
                    .await
                {
                    Ok(()) => {
                        saved.set(Some("customers"));
                        if let Some(steps) = first_steps {
                            steps.customers.set(!list.is_empty());
                        }
                    }
                    Err(e) => store_error.set(Some(e)),
                }
            });
        }
    };

    view! {
        <section class="settings-block customers" aria-labelledby="settings-customers">
            <h2 id="settings-customers">{move || i18n.t("settings.customers")}</h2>
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
                                            " · " <code>{path}</code> " — "
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
                    on:click=move |_| customers.update(|c| c.push(Customer::default()))
                >
                    {move || i18n.t("settings.customers.add")}
                </button>
                <button type="button" id="save-customers" class="primary" on:click=save>
                    {move || i18n.t("settings.customers.save")}
                </button>
            </div>
        </section>
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
    let classes = desk().profile.city_classes.clone();
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
                        view! { <option value=c.id.clone() selected=c.id == current>{c.name.clone()}</option> }
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
