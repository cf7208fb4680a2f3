//! "Descargar adjuntos de otros dispositivos" (#16): when this device downloads the files other
//! devices attached. "Solo con Wi-Fi" depends on the browser saying what the connection is; a
//! hint under the select says what happens now (and that, where the browser does not say, the
//! files are downloaded when their ticket is opened).

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::app::sync::blobs::{connection, download_mode, set_download_mode};
use crate::app::sync::SyncError;
use crate::sync::download_mode::{Connection, DownloadMode};
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::{use_save, SaveState};

/// The select and its hint; the choice is saved on this device as soon as it changes.
#[component]
pub fn DownloadSetting() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let mode = RwSignal::new(DownloadMode::OnOpen);
    let loaded = RwSignal::new(false);
    let save = use_save::<(), SyncError>();
    // What the browser said of the connection when the page opened or the choice changed.
    let link = RwSignal::new(connection());
    leptos::task::spawn_local(async move {
        mode.try_set(download_mode(&desk.get()).await);
        loaded.try_set(true);
    });
    let change = move |ev: leptos::ev::Event| {
        let chosen = DownloadMode::from_code(&event_target_value(&ev));
        mode.set(chosen);
        link.set(connection());
        save.run(async move { set_download_mode(&desk.get(), chosen).await });
    };
    let hint = move || {
        (mode.get() == DownloadMode::WifiOnly).then(|| {
            let key = match link.get() {
                Connection::Unknown => "sync.downloads.wifi.unknown",
                Connection::Unmetered => "sync.downloads.wifi.now",
                Connection::Other => "sync.downloads.wifi.not_now",
            };
            view! { <p id="sync-downloads-hint" class="hint">{i18n.t(key)}</p> }
        })
    };
    view! {
        <label class="sync-downloads">
            {move || i18n.t("sync.downloads")}
            <select id="sync-downloads"
                prop:value=move || mode.get().code()
                on:change=change
                disabled=move || !loaded.get()>
                <option value="on_open">{move || i18n.t("sync.downloads.on_open")}</option>
                <option value="always">{move || i18n.t("sync.downloads.always")}</option>
                <option value="wifi">{move || i18n.t("sync.downloads.wifi")}</option>
            </select>
        </label>
        {hint}
        {move || {
            let key = match save.state() {
                SaveState::Saved(()) => "sync.downloads.saved",
                SaveState::Failed(_) => "sync.downloads.failed",
                SaveState::Idle | SaveState::Saving => return None,
            };
            Some(view! { <p id="sync-downloads-outcome" role="status">{i18n.t(key)}</p> })
        }}
    }
}
