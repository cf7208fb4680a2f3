//! Sincronizar's form: the endpoint ([`super::endpoint`]: URL, database, credentials), with
//! "save", "test the connection" and "sync now" ([`super::actions`]). Credentials stay on this
//! device (never logged or exported).

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::app::sync::{status, SyncError};
use crate::ui::i18n::use_i18n;

use super::actions::FormActions;
use super::endpoint::{EndpointFields, EndpointForm};
use super::outcome::Outcome;

/// The form, filled with this device's settings once read; what its buttons did goes to
/// `outcome`.
#[component]
pub(super) fn SyncForm(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let st = status();
    let running: RwSignal<bool> = st.running.into();
    let retrying: RwSignal<Option<SyncError>> = st.retrying.into();
    let form = EndpointForm::new();
    let loaded = form.loaded;
    leptos::task::spawn_local(async move {
        if let Ok(s) = desk.get().sync_settings().await {
            form.fill(s);
        }
        loaded.set(true);
    });
    let actions = FormActions::new(form, outcome, running);

    view! {
        <form class="sync-settings" on:submit=move |ev| {
            ev.prevent_default();
            actions.save();
        }>
            <EndpointFields form/>
            <div class="actions">
                <button id="sync-save" type="submit" disabled=move || !loaded.get()>
                    {move || i18n.t("sync.save")}
                </button>
                <button id="sync-test" type="button" on:click=move |_| actions.test() disabled=move || !loaded.get()>
                    {move || i18n.t("sync.test")}
                </button>
                // While a run waits to retry, "Sincronizar ahora" makes the retry go now.
                <button id="sync-now" type="button" class="primary" on:click=move |_| actions.sync()
                    disabled=move || !loaded.get() || (running.get() && retrying.with(Option::is_none))>
                    {move || i18n.t("sync.now")}
                </button>
            </div>
        </form>
    }
}
