//! Browser notifications in Ajustes: the permission as it stands, and a button to ask for it.

use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

fn notification_permission() -> String {
    use web_sys::{Notification, NotificationPermission};
    match Notification::permission() {
        NotificationPermission::Granted => "granted",
        NotificationPermission::Denied => "denied",
        _ => "default",
    }
    .to_string()
}

/// Browser notifications for warnings and breaches on the user's tickets.
#[component]
pub(super) fn NotificationSettings() -> impl IntoView {
    let i18n = use_i18n();
    let supported = web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
        .unwrap_or(false);
    let state = RwSignal::new(if supported {
        notification_permission()
    } else {
        "unsupported".to_string()
    });
    let ask = move |_| {
        let Ok(promise) = web_sys::Notification::request_permission() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            state.set(notification_permission());
        });
    };
    view! {
        <section class="settings-block" aria-labelledby="settings-notify">
            <h2 id="settings-notify">{move || i18n.t("settings.notify")}</h2>
            <p>{move || i18n.t("settings.notify.help")}</p>
            <p class="notify-state" data-state=move || state.get()>
                {move || i18n.t(&format!("settings.notify.state.{}", state.get()))}
            </p>
            <div class="settings-actions">
                <button
                    type="button"
                    id="ask-notify"
                    disabled=move || state.get() != "default"
                    on:click=ask
                >
                    {move || i18n.t("settings.notify.ask")}
                </button>
            </div>
        </section>
    }
}
