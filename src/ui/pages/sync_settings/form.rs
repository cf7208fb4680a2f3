//! Sincronizar's form: the endpoint (URL, database, credentials), with "save", "test the
//! connection" and "sync now". Credentials stay in the store's `meta` (never logged or exported).

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::sync::{probe, status, sync_now, Auth, SyncError, SyncSettings};
use crate::ui::i18n::use_i18n;

use super::outcome::Outcome;

/// The endpoint as typed.
#[derive(Clone, Copy)]
struct EndpointForm {
    url: RwSignal<String>,
    db: RwSignal<String>,
    auth: RwSignal<Auth>,
    user: RwSignal<String>,
    password: RwSignal<String>,
    token: RwSignal<String>,
    /// False until this device's settings were read (nothing is sent before).
    loaded: RwSignal<bool>,
}

impl EndpointForm {
    fn new() -> Self {
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

    fn fill(self, s: SyncSettings) {
        self.url.set(s.url);
        self.db.set(s.db);
        self.auth.set(s.auth);
        self.user.set(s.user);
        self.password.set(s.password);
        self.token.set(s.token);
    }

    fn settings(self) -> SyncSettings {
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

/// The form; what its buttons did goes to `outcome`.
#[component]
pub(super) fn SyncForm(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let st = status();
    let running: RwSignal<bool> = st.running.into();
    let retrying: RwSignal<Option<SyncError>> = st.retrying.into();
    let form = EndpointForm::new();
    let EndpointForm { auth, loaded, .. } = form;
    leptos::task::spawn_local(async move {
        if let Ok(s) = desk.get().sync_settings().await {
            form.fill(s);
        }
        loaded.set(true);
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = form.settings();
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.set(Some(match desk.get().save_sync_settings(&settings).await {
                Ok(()) => Outcome::Saved,
                Err(e) => Outcome::SaveFailed(e.code().to_string()),
            }));
        });
    };
    // An address or database left empty is said before any request (a request to an empty
    // address would go to this app's own site).
    let missing = move |settings: &SyncSettings| {
        let field = if settings.url.is_empty() {
            Some("sync.url")
        } else if settings.db.is_empty() {
            Some("sync.db")
        } else {
            None
        };
        outcome.set(field.map(Outcome::Missing));
        field.is_some()
    };
    let test = move |_| {
        let settings = form.settings();
        if missing(&settings) {
            return;
        }
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.set(Some(Outcome::Probed(probe(&settings).await)));
        });
    };
    let sync = move |_| {
        let settings = form.settings();
        if missing(&settings) {
            return;
        }
        outcome.set(Some(Outcome::Working));
        // A run waiting to retry (the button is enabled then) retries at once. Read now: the
        // page may be gone when the sync ends.
        let was_running = running.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = desk.get().save_sync_settings(&settings).await {
                outcome.set(Some(Outcome::SaveFailed(e.code().to_string())));
                return;
            }
            match sync_now(signals).await {
                Some(_) => outcome.set(None),
                None if was_running => outcome.set(None),
                None => outcome.set(Some(Outcome::NotRun)),
            }
        });
    };

    view! {
        <form class="sync-settings" on:submit=save>
            <label>
                {move || i18n.t("sync.url")}
                {text_input("sync-url", "url", None, Some("https://couch.example.com"), form.url)}
            </label>
            <label>
                {move || i18n.t("sync.db")}
                {text_input("sync-db", "text", None, Some("mesa"), form.db)}
            </label>
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
            <div class="actions">
                <button id="sync-save" type="submit" disabled=move || !loaded.get()>
                    {move || i18n.t("sync.save")}
                </button>
                <button id="sync-test" type="button" on:click=test disabled=move || !loaded.get()>
                    {move || i18n.t("sync.test")}
                </button>
                // While a run waits to retry, "Sincronizar ahora" makes the retry go now.
                <button id="sync-now" type="button" class="primary" on:click=sync
                    disabled=move || !loaded.get() || (running.get() && retrying.with(Option::is_none))>
                    {move || i18n.t("sync.now")}
                </button>
            </div>
        </form>
    }
}
