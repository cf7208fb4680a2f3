//! The desk's devices in Ajustes (#20): each device that signs what it writes, its key's
//! fingerprint, since when, and whether its key was revoked. A lost or stolen device's key is
//! revoked here, with the reason: the whole desk then flags what that key signs afterwards.
//! The rules are the app's and the domain's ([`crate::app::desk_devices`]).
//!
//! ```ignore
//! view! { <DevicesEditor/> }
//! ```

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::desk_devices::DeskDevice;
use crate::app::open_desk::use_desk;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::ticket::local_time;
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

#[component]
pub fn DevicesEditor() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let devices = RwSignal::new(None::<Vec<DeskDevice>>);
    let store_error = RwSignal::new(None::<StoreError>);
    // The device whose revocation form is open, its reason, and whether the reason is missing.
    let revoking = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let reason_missing = RwSignal::new(false);
    // The revocation: the device revoked once saved.
    let revocation = use_save::<String, StoreError>();

    // Read again whenever desk records change (a revocation here, or one that synced in).
    Effect::new(move |_| {
        signals.shared.track();
        leptos::task::spawn_local(async move {
            match desk.get().desk_devices().await {
                Ok(list) => {
                    devices.try_set(Some(list));
                }
                Err(e) => {
                    store_error.try_set(Some(e));
                }
            }
        });
    });

    let confirm = move |device: String| {
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            reason_missing.set(true);
            return;
        }
        reason_missing.set(false);
        store_error.set(None);
        revocation.run(async move {
            desk.get().revoke_device_key(&device, &why, signals).await?;
            revoking.set(None);
            reason.set(String::new());
            Ok(device)
        });
    };

    let row = move |d: DeskDevice| {
        let id = d.device.clone();
        let since = local_time(d.since);
        let status = match (d.revoked_at, d.this_device) {
            (Some(at), _) => i18n.t_with("settings.devices.revoked", &[("at", &local_time(at))]),
            (None, true) => i18n.t("settings.devices.this"),
            (None, false) => i18n.t("settings.devices.active"),
        };
        let can_revoke = d.revoked_at.is_none() && !d.this_device;
        let open_id = id.clone();
        let open = move || revoking.with(|r| r.as_deref() == Some(open_id.as_str()));
        let form_id = id.clone();
        view! {
            <li class="desk-device" data-device=id.clone() data-revoked=d.revoked_at.is_some().to_string()>
                <strong class="device-id">{id.clone()}</strong>
                <span class="device-key">
                    {i18n.t_with("settings.devices.key", &[("fingerprint", &d.fingerprint), ("since", &since)])}
                </span>
                <span class="device-status">{status}</span>
                {can_revoke.then(|| {
                    let id = id.clone();
                    view! {
                        <button type="button" class="revoke-device" on:click=move |_| {
                            reason_missing.set(false);
                            revoking.set(Some(id.clone()));
                        }>
                            {move || i18n.t("settings.devices.revoke")}
                        </button>
                    }
                })}
                {move || open().then(|| {
                    let device = form_id.clone();
                    view! {
                        <div class="revoke-form">
                            <label class="field">
                                <span>{move || i18n.t("settings.devices.reason")}</span>
                                <input
                                    id="revoke-reason"
                                    type="text"
                                    aria-invalid=move || reason_missing.get().to_string()
                                    aria-describedby="revoke-reason-problem"
                                    prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev))
                                />
                                <p class="problem" id="revoke-reason-problem" aria-live="polite">
                                    {move || reason_missing.get().then(|| i18n.t("settings.devices.reason.missing"))}
                                </p>
                            </label>
                            <p class="settings-note">{move || i18n.t("settings.devices.revoke.help")}</p>
                            <div class="settings-actions">
                                <button type="button" id="confirm-revoke" class="primary" on:click={
                                    let device = device.clone();
                                    move |_| confirm(device.clone())
                                }>
                                    {move || i18n.t("settings.devices.revoke.confirm")}
                                </button>
                                <button type="button" on:click=move |_| revoking.set(None)>
                                    {move || i18n.t("settings.devices.revoke.cancel")}
                                </button>
                            </div>
                        </div>
                    }
                })}
            </li>
        }
    };

    view! {
        <section class="settings-block devices-editor" aria-labelledby="settings-devices">
            <h2 id="settings-devices">{move || i18n.t("settings.devices")}</h2>
            <p class="settings-note">{move || i18n.t("settings.devices.help")}</p>
            {move || match devices.get() {
                None => view! { <p class="loading">{move || i18n.t("status.loading")}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p class="settings-note" id="devices-none">{move || i18n.t("settings.devices.none")}</p> }.into_any()
                }
                Some(list) => view! {
                    <ul class="desk-devices">{list.into_iter().map(row).collect_view()}</ul>
                }
                .into_any(),
            }}
            {move || revocation.saved().map(|device| view! {
                <p class="saved" role="status" id="device-revoked">
                    {move || i18n.t_with("settings.devices.revoked_now", &[("device", &device)])}
                </p>
            })}
            {move || store_error.get().or_else(|| revocation.failed()).map(|e| view! { <StoreErrorMessage error=e/> })}
        </section>
    }
}
