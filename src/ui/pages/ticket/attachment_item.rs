//! One attachment in the ticket's list: its name, who attached it and when, a thumbnail for an
//! image stored here, a link to open or download it, and its transfer state (queued, moving, or
//! what failed, with a retry for a download).

use leptos::prelude::*;

use super::local_time;
use crate::app::open_desk::OpenDesk;
use crate::app::sync::blobs::{fetch_files, FileState};
use crate::domain::attachment_list::{Availability, ListedAttachment};
use crate::domain::content_hash::ContentHash;
use crate::sync::blobs::Direction;
use crate::ui::i18n::I18n;
use crate::ui::shell::storage::human_bytes;

/// The list's row for `a` (`url`: its object URL when stored here; `state`: its transfer's).
pub(super) fn item(
    i18n: I18n,
    desk: OpenDesk,
    a: ListedAttachment,
    url: Option<String>,
    loaded: bool,
    state: Memo<Option<FileState>>,
) -> impl IntoView {
    let stored = match (&url, loaded) {
        (Some(_), _) => "yes",
        (None, true) => "no",
        (None, false) => "unknown",
    };
    let availability = a.availability(url.is_some());
    let transfer = {
        let (availability, mime) = (availability.clone(), a.meta.mime.clone());
        move || transfer_view(i18n, desk, &availability, mime.clone(), state.get())
    };
    let thumb = url.clone().filter(|_| a.is_image()).map(|src| {
        let alt = i18n.t_with("attachments.thumbnail", &[("name", &a.meta.name)]);
        view! { <img class="thumb" src=src alt=alt loading="lazy"/> }
    });
    let size = a.meta.size as f64;
    let by = i18n.t_with(
        "attachments.by",
        &[("who", &a.actor), ("when", &local_time(a.at))],
    );
    let name = a.meta.name.clone();
    let links = match url {
        Some(href) => view! {
            <span class="attachment-links">
                <a class="attachment-open" href=href.clone() target="_blank" rel="noopener">
                    {move || i18n.t("attachments.open")}
                </a>
                <a class="attachment-download" href=href download=name.clone()>
                    {move || i18n.t("attachments.download")}
                </a>
            </span>
        }
        .into_any(),
        None if loaded => match availability {
            Availability::ToFetch(_) => view! {
                <span class="attachment-remote">{move || i18n.t("attachments.remote")}</span>
            }
            .into_any(),
            _ => view! {
                <span class="attachment-missing">{move || i18n.t("attachments.missing")}</span>
            }
            .into_any(),
        },
        None => ().into_any(),
    };
    view! {
        <li class="attachment" data-id=a.meta.id.clone() data-name=a.meta.name.clone() data-stored=stored>
            {thumb}
            <div class="attachment-info">
                <span class="attachment-name">{a.meta.name.clone()}</span>
                <span class="attachment-meta">
                    <span class="attachment-size">{move || human_bytes(size, i18n.locale.get())}</span>
                    " · "
                    <span class="attachment-mime">{a.meta.mime.clone()}</span>
                    " · "
                    <span class="attachment-by">{by}</span>
                </span>
                {links}
                {transfer}
            </div>
        </li>
    }
}

/// The file's transfer state (queued, moving, or what failed, with a retry for a download).
fn transfer_view(
    i18n: I18n,
    desk: OpenDesk,
    availability: &Availability,
    mime: String,
    state: Option<FileState>,
) -> impl IntoView {
    let state = state?;
    let (code, text) = match &state {
        FileState::Queued(Direction::Down) => ("queued", i18n.t("attachments.state.queued_down")),
        FileState::Queued(Direction::Up) => ("queued", i18n.t("attachments.state.queued_up")),
        FileState::Moving(Direction::Down) => ("moving", i18n.t("attachments.state.down")),
        FileState::Moving(Direction::Up) => ("moving", i18n.t("attachments.state.up")),
        FileState::Failed {
            direction,
            key,
            retrying,
            ..
        } => {
            let what = match direction {
                Direction::Down => "attachments.state.failed_down",
                Direction::Up => "attachments.state.failed_up",
            };
            let then = if *retrying {
                "attachments.state.retrying"
            } else {
                "attachments.state.later"
            };
            let reason = i18n.t(key);
            (
                "failed",
                format!(
                    "{} {}",
                    i18n.t_with(what, &[("reason", &reason)]),
                    i18n.t(then)
                ),
            )
        }
    };
    let detail = match &state {
        FileState::Failed { detail, .. } => detail.clone(),
        _ => String::new(),
    };
    let retry = match (availability, &state) {
        (
            Availability::ToFetch(hash),
            FileState::Failed {
                retrying: false, ..
            },
        ) => {
            let hash: ContentHash = hash.clone();
            Some(view! {
                <button type="button" class="attachment-retry" on:click=move |_| {
                    let files = vec![(hash.clone(), mime.clone())];
                    leptos::task::spawn_local(async move {
                        fetch_files(&desk.get(), files).await;
                    });
                }>{move || i18n.t("attachments.retry")}</button>
            })
        }
        _ => None,
    };
    let role = (code == "failed").then_some("alert");
    Some(view! {
        <span class="attachment-transfer" data-state=code title=detail role=role>
            {text}
            {retry}
        </span>
    })
}
