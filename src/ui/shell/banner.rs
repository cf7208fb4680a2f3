//! Notices above the page: a new version is waiting ("Actualizar"), another tab upgraded the
//! database (reload), the desk's process changed on another device (reload), or an older tab
//! blocks the upgrade (close it).

use leptos::prelude::*;

use crate::app::shell_state::shell;
use crate::ui::i18n::use_i18n;
use crate::ui::shell::sw;

#[component]
pub fn Banners() -> impl IntoView {
    let i18n = use_i18n();
    let s = shell().signals();
    view! {
        <Show when=move || s.update_waiting.get() && !s.version_changed.get()>
            <div class="banner banner-update" role="status">
                <span>{move || i18n.t("shell.update_ready")}</span>
                <button type="button" class="primary" on:click=move |_| sw::apply_update()>
                    {move || i18n.t("shell.update")}
                </button>
            </div>
        </Show>
        <Show when=move || s.version_changed.get()>
            <div class="banner banner-warning" role="alert">
                <span>{move || i18n.t("shell.version_changed")}</span>
                <button type="button" class="primary" on:click=move |_| sw::reload()>
                    {move || i18n.t("shell.reload")}
                </button>
            </div>
        </Show>
        <Show when=move || s.process_changed.get() && !s.version_changed.get()>
            <div class="banner banner-update" role="status" id="process-changed">
                <span>{move || i18n.t("shell.process_changed")}</span>
                <button type="button" class="primary" on:click=move |_| sw::reload()>
                    {move || i18n.t("shell.reload")}
                </button>
            </div>
        </Show>
        <Show when=move || s.blocked.get()>
            <div class="banner banner-warning" role="alert">
                <span>{move || i18n.t("shell.blocked")}</span>
            </div>
        </Show>
    }
}
