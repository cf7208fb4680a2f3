//! The endpoint as typed on Sincronizar: the address, the database and the credentials (none,
//! user and password, or a token), held in one [`EndpointForm`].

use leptos::prelude::*;

use crate::app::sync::{Auth, SyncSettings};
use crate::ui::i18n::use_i18n;

/// The endpoint as typed.
#[derive(Clone, Copy)]
pub(super) struct EndpointForm {
    url: RwSignal<String>,
    db: RwSignal<String>,
    auth: RwSignal<Auth>,
    user: RwSignal<String>,
    password: RwSignal<String>,
    token: RwSignal<String>,
    /// False until this device's settings were read (nothing is sent before).
    pub loaded: RwSignal<bool>,
}

impl EndpointForm {
    pub fn new() -> Self {
        Self {
            url: RwSignal::new(String::new()),
            db: RwSignal::new(String::new()),
            auth: RwSignal::new(Auth::None),
            user: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            token: RwSignal::new(String::new()),
            loaded: RwSignal::new(false),
        }
    }

    /// The fields as this device's settings `s` have them.
    pub fn fill(self, s: SyncSettings) {
        self.url.set(s.url);
        self.db.set(s.db);
        self.auth.set(s.auth);
        self.user.set(s.user);
        self.password.set(s.password);
        self.token.set(s.token);
    }

    /// The settings as typed (address and database trimmed).
    pub fn settings(self) -> SyncSettings {
        SyncSettings {
            url: self.url.get_untracked().trim().to_string(),
            db: self.db.get_untracked().trim().to_string(),
            auth: self.auth.get_untracked(),
            user: self.user.get_untracked(),
            password: self.password.get_untracked(),
            token: self.token.get_untracked(),
        }
    }
}

/// The text input for one field of the form.
fn text_input(
    id: &'static str,
    kind: &'static str,
    autocomplete: Option<&'static str>,
    placeholder: Option<&'static str>,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <input id=id type=kind autocomplete=autocomplete placeholder=placeholder
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

/// The address, the database, and the way to authenticate with what it asks for.
#[component]
pub(super) fn EndpointFields(form: EndpointForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {move || i18n.t("sync.url")}
            {text_input("sync-url", "url", None, Some("https://couch.example.com"), form.url)}
        </label>
        <label>
            {move || i18n.t("sync.db")}
            {text_input("sync-db", "text", None, Some("mesa"), form.db)}
        </label>
        <Credentials form/>
    }
}

/// How the device authenticates, and the user and password or the token it then needs.
#[component]
fn Credentials(form: EndpointForm) -> impl IntoView {
    let i18n = use_i18n();
    let auth = form.auth;
    view! {
        <label>
            {move || i18n.t("sync.auth")}
            <select id="sync-auth"
                prop:value=move || auth.get().code()
                on:change=move |ev| auth.set(Auth::from_code(&event_target_value(&ev)))>
                <option value="none">{move || i18n.t("sync.auth.none")}</option>
                <option value="basic">{move || i18n.t("sync.auth.basic")}</option>
                <option value="bearer">{move || i18n.t("sync.auth.bearer")}</option>
            </select>
        </label>
        <Show when=move || auth.get() == Auth::Basic>
            <label>
                {move || i18n.t("sync.user")}
                {text_input("sync-user", "text", Some("username"), None, form.user)}
            </label>
            <label>
                {move || i18n.t("sync.password")}
                {text_input("sync-password", "password", Some("current-password"), None, form.password)}
            </label>
        </Show>
        <Show when=move || auth.get() == Auth::Bearer>
            <label>
                {move || i18n.t("sync.token")}
                {text_input("sync-token", "password", Some("off"), None, form.token)}
            </label>
        </Show>
    }
}
