//! The ticket's attachments: the pickers ([`super::attach_picker`]) and the list of what the
//! ticket has, with a thumbnail for images, links to open or download the files stored on this
//! device, and each transfer's state. The object URLs made for the list are kept while their
//! file is held and revoked when it no longer is and when the page is left.

use std::collections::HashMap;

use leptos::prelude::*;

use super::attach_picker::AttachPicker;
use super::attachment_item::item;
use super::TicketCtx;
use crate::app::sync::blobs::{fetch_files, file_states, is_moving, stored_files};
use crate::domain::attachment_list::listed_attachments;
use crate::ui::i18n::use_i18n;

/// The ticket's attachments section.
#[component]
pub fn Attachments() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="attachments" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{move || i18n.t("attachments.title")}</h2>
            <AttachPicker/>
            <AttachmentList/>
        </section>
    }
}

/// The ticket's files, each with what this device holds of it and its transfer.
#[component]
fn AttachmentList() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
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
