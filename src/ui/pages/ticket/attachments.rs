//! The ticket's attachments: "Adjuntar foto o registro" (on a phone it opens the camera) and
//! "Elegir un archivo" (a screenshot, a log, a PDF, the gallery), stored offline with its event in one transaction
//! ([`crate::app::desk::Desk::append_with_files`]), and the list of what the ticket has, with a
//! thumbnail for images and links to open or download the files stored on this device.
//!
//! Files over the desk's per-file limit (Ajustes; at most [`crate::store::MAX_ATTACHMENT_BYTES`])
//! are refused before anything is written. The object URLs
//! made for the list are kept while their file is held and revoked when it no longer is and
//! when the page is left.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::attachment_item::item;
use super::photo::reduce_photos;
use super::TicketCtx;
use crate::app::desk::DeskSignals;
use crate::app::open_desk::OpenDesk;
use crate::app::sync::blobs::{fetch_files, file_states, is_moving, stored_files};
use crate::domain::attachment_list::listed_attachments;
use crate::domain::desk::settings::DeskSettings;
use crate::domain::event::TicketId;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::shell::storage::human_bytes;
use crate::ui::StoreErrorMessage;

/// What the picker offers: photos (the camera on a phone), text logs and PDFs.
const ACCEPT: &str = "image/*,.txt,.log,.pdf";

/// The outcome of the last pick.
#[derive(Clone, Debug, Default)]
struct Outcome {
    /// Files refused before writing: name and size.
    refused: Vec<(String, u64)>,
    /// Names of the files saved.
    saved: Vec<String>,
    failure: Option<StoreError>,
}

#[component]
pub fn Attachments() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let outcome = RwSignal::new(Outcome::default());
    let busy = RwSignal::new(false);
    // Attachment id → object URL of the file stored on this device.
    let urls = ctx.file_urls;
    let loaded = RwSignal::new(false);
    let made = StoredValue::new(Vec::<String>::new());
    let loads = StoredValue::new(Loads::Idle);

    // (Re)load the stored files whenever the ticket's events are (re)loaded.
    // Files not on this device are fetched when the ticket is opened (#16); downloaded bytes
    // are read as soon as they are stored. One load at a time: whatever asks for one while a
    // load runs (files stored meanwhile, the events reloaded) is served by a single load after
    // it, so a batch of downloaded files is read once, not once per file.
    let stored = stored_files();
    Effect::new(move |_| {
        ctx.events.track();
        stored.track();
        match loads.get_value() {
            Loads::Idle => {
                loads.set_value(Loads::Running);
                leptos::task::spawn_local(load_files(ctx, loads, made, loaded));
            }
            Loads::Running | Loads::Again => loads.set_value(Loads::Again),
        }
    });
    let states = file_states();
    on_cleanup(move || revoke_all(made));

    // Photos are reduced to 1600 pixels before saving unless the person keeps the original.
    let reduce_photos_on = RwSignal::new(true);
    // The desk's per-file limit (Ajustes; 10 MiB until read, and where none is set).
    let limit_bytes = RwSignal::new(DeskSettings::default().attachment_limit_bytes());
    leptos::task::spawn_local(async move {
        if let Ok(shared) = ctx.desk.get().shared().await {
            limit_bytes.try_set(shared.settings.attachment_limit_bytes());
        }
    });
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let picked: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // Let the same file be picked again.
        input.set_value("");
        if picked.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(Outcome::default());
        let id = ctx.id.get_value();
        let signals = ctx.signals;
        let reduce = reduce_photos_on.get_untracked();
        leptos::task::spawn_local(async move {
            // Photos are reduced first: a camera's picture over the limit fits once reduced.
            let picked = if reduce {
                reduce_photos(picked).await
            } else {
                picked
            };
            let limit = limit_bytes.get_untracked();
            // The desk's limit is at most the device's own (the store checks that again).
            let (ok, too_large): (Vec<_>, Vec<_>) =
                picked.into_iter().partition(|f| f.size() as u64 <= limit);
            let refused = too_large
                .iter()
                .map(|f| (f.name(), f.size() as u64))
                .collect();
            outcome.try_set(Outcome {
                refused,
                ..Outcome::default()
            });
            if ok.is_empty() {
                busy.try_set(false);
                return;
            }
            let names: Vec<String> = ok.iter().map(|f| f.name()).collect();
            let result = save(ctx.desk, &id, ok, signals).await;
            // The page may have been left meanwhile (the save itself is complete either way).
            match result {
                Ok(()) => outcome.try_update(|o| o.saved = names),
                Err(e) => outcome.try_update(|o| o.failure = Some(e)),
            };
            busy.try_set(false);
            ctx.reload.try_update(|n| *n += 1);
        });
    };

    let limit = move || human_bytes(limit_bytes.get() as f64, i18n.locale.get());
    let empty = Memo::new(move |_| {
        ctx.events.with(|e| {
            e.as_deref()
                .is_none_or(|e| listed_attachments(e).is_empty())
        })
    });
    // Each attachment listed, with its object URL (when stored here) and whether the stored
    // files were read yet.
    let rows = move || {
        let loaded = loaded.get();
        let listed = ctx
            .events
            .with(|e| e.as_deref().map(listed_attachments).unwrap_or_default());
        urls.with(|urls| {
            listed
                .into_iter()
                .map(|a| {
                    let url = urls.get(&a.meta.id).cloned();
                    (a, url, loaded)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="attachments" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{move || i18n.t("attachments.title")}</h2>
            <div class="attach-pick">
                <label class="file-button" class:busy=move || busy.get()>
                    <span>{move || i18n.t("attachments.pick")}</span>
                    <input
                        type="file"
                        id="attach-file"
                        accept=ACCEPT
                        capture="environment"
                        multiple
                        aria-describedby="attach-help"
                        prop:disabled=move || busy.get()
                        on:change=pick
                    />
                </label>
                // `capture` makes a phone open its camera directly, with no way to pick a log:
                // the same picker without it reaches the files (logs, PDFs, the gallery).
                <label class="file-button" class:busy=move || busy.get()>
                    <span>{move || i18n.t("attachments.pick_file")}</span>
                    <input
                        type="file"
                        id="attach-any"
                        accept=ACCEPT
                        multiple
                        aria-describedby="attach-help"
                        prop:disabled=move || busy.get()
                        on:change=pick
                    />
                </label>
                <label class="check">
                    <input type="checkbox" id="attach-reduce"
                        prop:checked=move || reduce_photos_on.get()
                        on:change=move |ev| reduce_photos_on.set(event_target_checked(&ev))/>
                    {move || i18n.t("attachments.reduce")}
                </label>
                <p class="hint" id="attach-help">
                    {move || i18n.t_with("attachments.help", &[("limit", &limit())])}
                </p>
            </div>
            <div class="attach-outcome" aria-live="polite">
                {move || busy.get().then(|| view! {
                    <p class="data-working">{move || i18n.t("attachments.saving")}</p>
                })}
                {move || outcome.with(|o| o.refused.clone()).into_iter().map(|(name, size)| {
                    view! {
                        <p class="error attach-refused" role="alert">
                            {move || i18n.t_with("attachments.too_large", &[
                                ("file", &name),
                                ("size", &human_bytes(size as f64, i18n.locale.get())),
                                ("limit", &limit()),
                            ])}
                        </p>
                    }
                }).collect_view()}
                {move || {
                    let saved = outcome.with(|o| o.saved.join(", "));
                    (!saved.is_empty()).then(|| view! {
                        <p class="saved attach-saved" role="status">
                            {move || i18n.t_with("attachments.saved", &[("names", &saved)])}
                        </p>
                    })
                }}
                {move || outcome.with(|o| o.failure.clone()).map(|e| view! { <StoreErrorMessage error=e/> })}
            </div>
            {move || if empty.get() {
                view! {
                    <p class="empty" id="attachments-none">{move || i18n.t("attachments.none")}</p>
                }
                .into_any()
            } else {
                let states = states.clone();
                view! {
                    <ul class="attachment-list">
                        // Keyed by what a row shows but its transfer state (read by the row):
                        // a file stored, or a state changed, redraws that row only.
                        <For
                            each=rows
                            key=|(a, url, loaded)| (a.meta.id.clone(), url.clone(), *loaded)
                            children=move |(a, url, loaded)| {
                                let states = states.clone();
                                let hash = a.meta.content_hash();
                                let state = Memo::new(move |_| {
                                    hash.as_ref().and_then(|h| states.with(|s| s.get(h).cloned()))
                                });
                                item(i18n, ctx.desk, a, url, loaded, state)
                            }
                        />
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// Where the loads of the stored files stand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loads {
    Idle,
    Running,
    /// Running, and asked for again meanwhile.
    Again,
}

/// Reads the files of the ticket's attachments held here and makes their object URLs, again as
/// long as `loads` was asked for another load meanwhile; fetches the files not here. Stops when
/// the page was left.
async fn load_files(
    ctx: TicketCtx,
    loads: StoredValue<Loads>,
    made: StoredValue<Vec<String>>,
    loaded: RwSignal<bool>,
) {
    loop {
        let (Some(id), Some(listed)) = (
            ctx.id.try_get_value(),
            ctx.events
                .try_with_untracked(|e| e.as_deref().map(listed_attachments).unwrap_or_default()),
        ) else {
            return;
        };
        let desk = ctx.desk.get();
        let held = desk.held_files(&id, &listed).await;
        // The page was left: make no URL at all.
        if loads.try_get_value().is_none() {
            return;
        }
        // A file that has a URL keeps it (its bytes are named by the attachment: they do not
        // change), so its row and thumbnail are left as they are; URLs of files no longer
        // held are revoked.
        let mut before = ctx.file_urls.try_get_untracked().unwrap_or_default();
        let next: HashMap<String, String> = held
            .blobs
            .into_iter()
            .filter_map(|(id, blob)| match before.remove(&id) {
                Some(url) => Some((id, url)),
                None => web_sys::Url::create_object_url_with_blob(&blob)
                    .ok()
                    .map(|url| (id, url)),
            })
            .collect();
        for url in before.values() {
            let _ = web_sys::Url::revoke_object_url(url);
        }
        made.try_set_value(next.values().cloned().collect());
        if ctx.file_urls.try_with_untracked(|urls| *urls != next) == Some(true) {
            ctx.file_urls.try_set(next);
        }
        loaded.try_set(true);
        // Files being fetched already are left to the session moving them (a batch of
        // downloads stored reloads this list many times while the rest travel).
        let missing: Vec<_> = held
            .missing
            .into_iter()
            .filter(|(hash, _)| !is_moving(hash))
            .collect();
        if !missing.is_empty() {
            leptos::task::spawn_local(async move {
                fetch_files(&desk, missing).await;
            });
        }
        match loads.try_get_value() {
            Some(Loads::Again) => {
                loads.try_set_value(Loads::Running);
            }
            Some(_) => {
                loads.try_set_value(Loads::Idle);
                return;
            }
            None => return,
        }
    }
}

fn revoke_all(made: StoredValue<Vec<String>>) {
    for url in made.try_get_value().unwrap_or_default() {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    made.try_set_value(Vec::new());
}

/// Attaches the files (see [`crate::app::desk::Desk::attach_files`]).
async fn save(
    desk: OpenDesk,
    id: &TicketId,
    files: Vec<web_sys::File>,
    signals: DeskSignals,
) -> Result<(), StoreError> {
    desk.get().attach_files(id, files, signals).await
}
