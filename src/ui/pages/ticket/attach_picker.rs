//! "Adjuntar foto o registro" (on a phone it opens the camera) and "Elegir un archivo" (a
//! screenshot, a log, a PDF, the gallery): the picked files are stored offline with their event
//! in one transaction ([`crate::app::desk::Desk::append_with_files`]), after photos are reduced
//! unless the person keeps the original; files over the desk's per-file limit (Ajustes; at most
//! [`crate::store::MAX_ATTACHMENT_BYTES`]) are refused before anything is written, each named.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::photo::reduce_photos;
use super::TicketCtx;
use crate::app::desk::DeskSignals;
use crate::app::open_desk::OpenDesk;
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

/// The two pickers, the photo setting, and what the last pick did.
#[component]
pub(super) fn AttachPicker() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let outcome = RwSignal::new(Outcome::default());
    let busy = RwSignal::new(false);

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
    }
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
