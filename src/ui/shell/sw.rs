//! Service-worker registration and updates.
//!
//! **Cache versioning per build.** The worker is registered as `sw.js?v=<build id>`, where the
//! build id is this crate's version plus the site's version, a hash of every file of the built
//! site (`<html data-build>`, written by scripts/site-version.py; see
//! [`crate::app::fetch::build_id`]). `sw.js` reads `v` from its own URL and names its cache
//! `mesa-shell-<v>`. A new deploy, even one of texts or a stylesheet alone, therefore has a new
//! worker URL, which the browser installs as a new worker even though `sw.js`'s bytes did not
//! change; it precaches the new shell next to the old one and **waits**. The page shows
//! "Actualizar" ([`crate::ui::shell::banner::UpdateBanner`]); clicking it posts
//! `SKIP_WAITING`, the new worker activates and deletes the other `mesa-shell-*` caches, and
//! the page reloads on `controllerchange`. Nothing swaps silently.
//!
//! Skipped when the page is not served over http(s) (tests, `file://`).

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use leptos::prelude::Set;

use crate::app::fetch::build_id;
use crate::app::shell_state::shell;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
}

fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    if protocol != "http:" && protocol != "https:" {
        return None;
    }
    let navigator = window.navigator();
    // Missing on insecure origins (plain http on another host than localhost).
    let sw = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    if sw.is_undefined() || sw.is_null() {
        return None;
    }
    Some(sw.unchecked_into())
}

/// Registers `sw.js?v=<build id>` and watches for a waiting worker.
pub fn register() {
    let Some(container) = container() else {
        return;
    };
    let on_controller_change = Closure::<dyn FnMut()>::new(|| {
        if RELOAD_ON_CHANGE.with(Cell::get) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    let url = format!("sw.js?v={}", build_id());
    let promise = container.register(&url);
    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(promise).await else {
            return; // no offline shell this time; the app itself works
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        watch(&container, &reg);
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg));
    });
}

fn watch(container: &ServiceWorkerContainer, reg: &ServiceWorkerRegistration) {
    // A worker already waiting (installed while this tab or an older one was open).
    if reg.waiting().is_some() && container.controller().is_some() {
        shell().update_waiting.set(true);
    }
    let reg2 = reg.clone();
    let container2 = container.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = reg2.installing() else {
            return;
        };
        let worker: ServiceWorker = installing.clone();
        let container3 = container2.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            // Installed while another worker controls the page: a new version waits.
            if worker.state() == ServiceWorkerState::Installed && container3.controller().is_some()
            {
                shell().update_waiting.set(true);
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    reg.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// "Actualizar": activate the waiting worker, then reload when it takes control.
pub fn apply_update() {
    RELOAD_ON_CHANGE.with(|r| r.set(true));
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            let _ = worker.post_message(&message);
        }
        None => reload(),
    }
}

/// Reloads the page.
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
