//! The state of Sincronizar's runs: the last successful sync, the run under way (its progress,
//! or the error it waits to retry after), the last run's counts and error, and the events the
//! endpoint refused.

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::app::sync::{status, SyncError, SyncReport};
use crate::ui::i18n::use_i18n;
use crate::ui::route::Route;

fn format_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

/// Last success, progress, retry and the last run's report (a live region).
#[component]
pub(super) fn RunState() -> impl IntoView {
    let i18n = use_i18n();
    let st = status();
    let running: RwSignal<bool> = st.running.into();
    let progress: RwSignal<Option<(u64, u64, Option<u64>)>> = st.progress.into();
    let last_ok: RwSignal<Option<i64>> = st.last_ok.into();
    let last_report: RwSignal<Option<SyncReport>> = st.last_report.into();
    let retrying: RwSignal<Option<SyncError>> = st.retrying.into();
    let cursor_restarted: RwSignal<bool> = st.cursor_restarted.into();

    let progress_view = move || {
        running.get().then(|| {
            let text = match progress.get() {
                Some((pushed, pulled, Some(total))) => i18n.t_with(
                    "sync.progress.total",
                    &[
                        ("pushed", &pushed.to_string()),
                        ("pulled", &pulled.to_string()),
                        ("total", &total.to_string()),
                    ],
                ),
                Some((pushed, pulled, None)) => i18n.t_with(
                    "sync.progress",
                    &[
                        ("pushed", &pushed.to_string()),
                        ("pulled", &pulled.to_string()),
                    ],
                ),
                None => i18n.t("sync.running"),
            };
            view! { <p id="sync-progress" role="status">{text}</p> }
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
    let report_view = move || {
        last_report.get().map(|r| {
            let counts = i18n.t_with(
                "sync.counts",
                &[("pushed", &r.pushed.to_string()), ("pulled", &r.pulled.to_string())],
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

    view! {
        <section class="sync-state" aria-live="polite">
            <p id="sync-last-ok">
                {move || match last_ok.get() {
                    Some(ms) => i18n.t_with("sync.last_ok", &[("time", &format_time(ms))]),
                    None => i18n.t("sync.never"),
                }}
            </p>
            {progress_view}
            {retrying_view}
            {report_view}
        </section>
    }
}

/// The events the endpoint refused (still in the outbox), read again after every run.
#[component]
pub(super) fn RefusedEvents() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let rejections: RwSignal<u32> = status().rejections.into();
    let refused = LocalResource::new(move || {
        rejections.track();
        async move { desk.get().refused_events().await.unwrap_or_default() }
    });
    move || {
        let list = refused.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            let n = list.len();
            view! {
                <section id="sync-rejected" class="error" role="alert">
                    <h2>{i18n.t_count("sync.rejected.title", n, &[])}</h2>
                    <p class="hint">{i18n.t("sync.rejected.hint")}</p>
                    <ul>
                        {list.into_iter().map(|(event, reason)| {
                            let href = Route::Ticket(event.ticket_id.0.clone()).href();
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
    }
}
