//! The ticket's attachments: "Adjuntar foto o registro" (on a phone it opens the camera) and
//! "Elegir un archivo" (a screenshot, a log, a PDF, the gallery), stored offline with its event in one transaction
//! ([`crate::app::desk::Desk::append_with_files`]), and the list of what the ticket has, with a
//! thumbnail for images and links to open or download the files stored on this device.
//!
//! Files over the desk's per-file limit (Ajustes; at most [`crate::store::MAX_ATTACHMENT_BYTES`])
//! are refused before anything is written. The object URLs
//! made for the list are revoked when the list is reloaded and when the page is left.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::attachment_item::item;
use super::photo::reduce_photos;
use super::TicketCtx;
use crate::app::desk::DeskSignals;
use crate::app::open_desk::OpenDesk;
use crate::app::sync::blobs::{fetch_files, file_states, stored_files};
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
    let generation = StoredValue::new(0u32);

    // (Re)load the stored files whenever the ticket's events are (re)loaded.
    // Files not on this device are fetched when the ticket is opened (#16); downloaded bytes
    // are read as soon as they are stored.
    let stored = stored_files();
    Effect::new(move |_| {
        ctx.events.track();
        stored.track();
        let id = ctx.id.get_value();
        let listed = ctx
            .events
            .with_untracked(|e| e.as_deref().map(listed_attachments).unwrap_or_default());
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            let held = ctx.desk.get().held_files(&id, &listed).await;
            // A newer load is under way, or the page was left: make no URL at all.
            if generation.try_get_value() != Some(mine) {
                return;
            }
            let next: HashMap<String, String> = held
                .blobs
                .into_iter()
                .filter_map(|(id, blob)| {
                    web_sys::Url::create_object_url_with_blob(&blob)
                        .ok()
                        .map(|url| (id, url))
                })
                .collect();
            revoke_all(made);
            made.set_value(next.values().cloned().collect());
            urls.set(next);
            loaded.set(true);
            if !held.missing.is_empty() {
                fetch_files(&ctx.desk.get(), held.missing).await;
            }
        });
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
            {move || {
                let list = ctx
                    .events
                    .with(|e| e.as_deref().map(listed_attachments).unwrap_or_default());
                if list.is_empty() {
                    return view! {
                        <p class="empty" id="attachments-none">{move || i18n.t("attachments.none")}</p>
                    }
                    .into_any();
                }
                let urls = urls.get();
                let loaded = loaded.get();
                let states = states.get();
                view! {
                    <ul class="attachment-list">
                        {list
                            .into_iter()
                            .map(|a| {
                                let url = urls.get(&a.meta.id).cloned();
                                let state = a
                                    .meta
                                    .content_hash()
                                    .and_then(|h| states.get(&h).cloned());
                                item(i18n, ctx.desk, a, url, loaded, state)
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
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
