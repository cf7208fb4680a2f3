//! Sincronizar (`#/sincronizar`): the sync endpoint (URL, database, credentials), a connection
//! test with a specific message per failure, "sync now", and the state of the last runs; this
//! device's attachment files: when it downloads them ([`downloads`]) and freeing space
//! ([`free_space`]). The protocol lives in `sync`; credentials stay in the store's `meta`
//! (never logged or exported).

use leptos::prelude::*;

mod downloads;
mod free_space;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::sync::{probe, status, sync_now, Auth, Probe, SyncSettings};
use crate::ui::i18n::use_i18n;
use downloads::DownloadSetting;
use free_space::FreeSpace;

/// What the last button on this page did.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Working,
    Saved,
    Probed(Probe),
    /// A sync that did not run (not configured, or another tab is syncing).
    NotRun,
    /// Nothing was sent: the field with this text key (its label) is empty.
    Missing(&'static str),
    SaveFailed(String),
}

fn format_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let st = status();
    let running: RwSignal<bool> = st.running.into();
    let progress: RwSignal<Option<(u64, u64, Option<u64>)>> = st.progress.into();
    let last_ok: RwSignal<Option<i64>> = st.last_ok.into();
    let last_report: RwSignal<Option<crate::app::sync::SyncReport>> = st.last_report.into();
    let retrying: RwSignal<Option<crate::app::sync::SyncError>> = st.retrying.into();
    let cursor_restarted: RwSignal<bool> = st.cursor_restarted.into();
    let rejections: RwSignal<u32> = st.rejections.into();
    // The events the endpoint refused (still in the outbox), reloaded after every run.
    let refused = LocalResource::new(move || {
        rejections.track();
        async move { desk.get().refused_events().await.unwrap_or_default() }
    });

    let url = RwSignal::new(String::new());
    let db = RwSignal::new(String::new());
    let auth = RwSignal::new(Auth::None);
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);

    leptos::task::spawn_local(async move {
        if let Ok(s) = desk.get().sync_settings().await {
            url.set(s.url);
            db.set(s.db);
            auth.set(s.auth);
            user.set(s.user);
            password.set(s.password);
            token.set(s.token);
        }
        loaded.set(true);
    });

    let form = move || SyncSettings {
        url: url.get_untracked().trim().to_string(),
        db: db.get_untracked().trim().to_string(),
        auth: auth.get_untracked(),
        user: user.get_untracked(),
        password: password.get_untracked(),
        token: token.get_untracked(),
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = form();
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
        let settings = form();
        if missing(&settings) {
            return;
        }
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.set(Some(Outcome::Probed(probe(&settings).await)));
        });
    };
    let sync = move |_| {
        let settings = form();
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

    let outcome_view = move || {
        outcome.get().map(|o| {
            let (class, text) = match o {
                Outcome::Working => ("info", i18n.t("sync.working")),
                Outcome::Saved => ("ok", i18n.t("sync.saved")),
                Outcome::Probed(p) => (
                    if p == Probe::Ok { "ok" } else { "error" },
                    match p {
                        Probe::Auth(code) | Probe::Http(code) => {
                            i18n.t_with(p.key(), &[("status", &code.to_string())])
                        }
                        _ => i18n.t(p.key()),
                    },
                ),
                Outcome::NotRun => ("info", i18n.t("sync.not_run")),
                Outcome::Missing(label) => (
                    "error",
                    i18n.t_with("sync.missing", &[("field", &i18n.t(label))]),
                ),
                Outcome::SaveFailed(code) => ("error", i18n.t(&format!("store_error.{code}"))),
            };
            view! { <p id="sync-outcome" class=class role="status">{text}</p> }
        })
    };

    let report_view = move || {
        last_report.get().map(|r| {
            let counts = i18n.t_with(
                "sync.counts",
                &[
                    ("pushed", &r.pushed.to_string()),
                    ("pulled", &r.pulled.to_string()),
                ],
            );
            let error = r.error.map(|e| {
                let detail = e.detail();
                let message = i18n.t(e.key());
                view! {
                    <div id="sync-error" class="error" role="alert">
                        <p>{message}</p>
                        <p class="detail">{i18n.t_with("error.details", &[("detail", &detail)])}</p>
                    </div>
                }
            });
            let restarted = cursor_restarted.get().then(|| {
                view! { <p id="sync-cursor-restarted" class="notice">{i18n.t("sync.cursor_restarted")}</p> }
            });
            view! {
                <p id="sync-counts">{counts}</p>
                {restarted}
                {error}
            }
        })
    };

    let retrying_view = move || {
        retrying.get().filter(|_| running.get()).map(|e| {
            let text = i18n.t_with(
                "sync.retrying",
                &[("error", &i18n.t(e.key())), ("detail", &e.detail())],
            );
            view! { <p id="sync-retrying" class="error" role="alert">{text}</p> }
        })
    };

    let refused_view = move || {
        let list = refused.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            let n = list.len();
            view! {
                <section id="sync-rejected" class="error" role="alert">
                    <h2>{i18n.t_count("sync.rejected.title", n, &[])}</h2>
                    <p class="hint">{i18n.t("sync.rejected.hint")}</p>
                    <ul>
                        {list.into_iter().map(|(event, reason)| {
                            let href = crate::ui::route::Route::Ticket(event.ticket_id.0.clone()).href();
                            let what = i18n.t(&format!("ticket.event.{}", event.kind.code()));
                            view! {
                                <li data-event=event.id.0.clone()>
                                    <a href=href>{what}</a>" — "
                                    <span class="reason">{reason}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    };

    view! {
        <h1>{move || i18n.t("sync.title")}</h1>
        <p class="hint">{move || i18n.t("sync.intro")}</p>
        <form class="sync-settings" on:submit=save>
            <label>
                {move || i18n.t("sync.url")}
                <input id="sync-url" type="url" placeholder="https://couch.example.com"
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev))/>
            </label>
            <label>
                {move || i18n.t("sync.db")}
                <input id="sync-db" type="text" placeholder="mesa"
                    prop:value=move || db.get()
                    on:input=move |ev| db.set(event_target_value(&ev))/>
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
                    <input id="sync-user" type="text" autocomplete="username"
                        prop:value=move || user.get()
                        on:input=move |ev| user.set(event_target_value(&ev))/>
                </label>
                <label>
                    {move || i18n.t("sync.password")}
                    <input id="sync-password" type="password" autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
            </Show>
            <Show when=move || auth.get() == Auth::Bearer>
                <label>
                    {move || i18n.t("sync.token")}
                    <input id="sync-token" type="password" autocomplete="off"
                        prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))/>
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
        <DownloadSetting/>
        {outcome_view}
        <section class="sync-state" aria-live="polite">
            <p id="sync-last-ok">
                {move || match last_ok.get() {
                    Some(ms) => i18n.t_with("sync.last_ok", &[("time", &format_time(ms))]),
                    None => i18n.t("sync.never"),
                }}
            </p>
            {move || running.get().then(|| {
                let text = match progress.get() {
                    Some((pushed, pulled, Some(total))) => i18n.t_with(
                        "sync.progress.total",
                        &[("pushed", &pushed.to_string()), ("pulled", &pulled.to_string()), ("total", &total.to_string())],
                    ),
                    Some((pushed, pulled, None)) => i18n.t_with(
                        "sync.progress",
                        &[("pushed", &pushed.to_string()), ("pulled", &pulled.to_string())],
                    ),
                    None => i18n.t("sync.running"),
                };
                view! { <p id="sync-progress" role="status">{text}</p> }
            })}
            {retrying_view}
            {report_view}
        </section>
        {refused_view}
        <FreeSpace/>
        <p class="hint">{move || i18n.t("sync.cors_hint")}</p>
    }
}
