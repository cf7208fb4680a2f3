//! Sincronizar (`#/sincronizar`): the sync endpoint (URL, database, credentials), a connection
//! test with a specific message per failure, "sync now" ([`form`], its fields [`endpoint`],
//! what its buttons do [`actions`], [`outcome`]), and the state of the last runs ([`runs`]);
//! this device's attachment files: when it downloads them ([`downloads`]) and freeing space
//! ([`free_space`]). The protocol lives in `sync`; credentials stay in the store's `meta`
//! (never logged or exported).

use leptos::prelude::*;

mod actions;
mod downloads;
mod endpoint;
mod form;
mod free_space;
mod outcome;
mod runs;

use crate::ui::i18n::use_i18n;
use downloads::DownloadSetting;
use form::SyncForm;
use free_space::FreeSpace;
use outcome::{Outcome, OutcomeMessage};
use runs::{RefusedEvents, RunState};

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Outcome>);
    view! {
        <h1>{move || i18n.t("sync.title")}</h1>
        <p class="hint">{move || i18n.t("sync.intro")}</p>
        <SyncForm outcome/>
        <DownloadSetting/>
        <OutcomeMessage outcome/>
        <RunState/>
        <RefusedEvents/>
        <FreeSpace/>
        <p class="hint">{move || i18n.t("sync.cors_hint")}</p>
    }
}
