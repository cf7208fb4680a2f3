//! The header: brand, navigation, connection, outbox and storage state, language; and below it
//! the shell's notices (new version, database upgraded elsewhere).

use leptos::prelude::*;

use crate::app::desk::DeskSignals;
use crate::ui::desk_name::use_desk_name;
use crate::ui::i18n::{use_i18n, Locale};
use crate::ui::shell;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let signals = expect_context::<DeskSignals>();
    let desk_name = use_desk_name();
    let sync_status = crate::app::sync::status();
    shell::start(signals);
    crate::app::sync::start(signals);
    let online = RwSignal::new(
        web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true),
    );
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    view! {
        <header class="top">
            <a class="brand" href="#/">
                {move || i18n.t("app.name")}
                {move || {
                    let name = desk_name.map(|n| n.0.get()).unwrap_or_default();
                    (!name.is_empty()).then(|| view! {
                        <span class="desk-name" data-testid="desk-name">" · "{name}</span>
                    })
                }}
            </a>
            <nav aria-label=move || i18n.t("app.tagline")>
                <a href="#/">{move || i18n.t("nav.queue")}</a>
                <a href="#/nueva" class="primary">{move || i18n.t("nav.new")}</a>
                <a href="#/datos">{move || i18n.t("nav.data")}</a>
                <a href="#/sincronizar">{move || i18n.t("nav.sync")}</a>
                <a href="#/ajustes">{move || i18n.t("nav.settings")}</a>
                <a href="#/informes">{move || i18n.t("nav.reports")}</a>
                <a href="#/conocimiento">{move || i18n.t("nav.kb")}</a>
                <a href="#/directorio">{move || i18n.t("nav.directory")}</a>
            </nav>
            <span class="status" data-online=move || online.get().to_string() role="status">
                {move || if online.get() { i18n.t("status.online") } else { i18n.t("status.offline") }}
                " · "
                {move || {
                    // With no endpoint nothing waits to sync: it stays on this device.
                    let configured = sync_status.configured.get();
                    if configured == Some(false) {
                        i18n.t("status.no_sync")
                    } else {
                        i18n.t_with("status.outbox", &[("n", &signals.outbox.get().to_string())])
                    }
                }}
                " · "
                <shell::storage::StorageBadge/>
            </span>
            <label class="lang">
                <span class="sr-only">{move || i18n.t("nav.language")}</span>
                <select
                    id="language"
                    on:change=move |ev| i18n.set(Locale::from_code(&event_target_value(&ev)))
                    prop:value=move || i18n.locale.get().code()
                >
                    <option value="es">{move || i18n.t("lang.es")}</option>
                    <option value="en">{move || i18n.t("lang.en")}</option>
                </select>
            </label>
        </header>
        <shell::banner::Banners/>
    }
}
