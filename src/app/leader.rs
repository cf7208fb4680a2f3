//! One tab per device leads: [`run_as_leader`] runs a task only while this tab holds a named Web
//! Lock. The other tabs queue for the lock and the first of them takes over when the leader's
//! tab closes or crashes (the browser releases its locks). Where Web Locks are missing the task
//! runs in every tab, as before.

use std::future::Future;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `navigator.locks.request`, bound to `navigator.locks`, if the browser has it.
fn lock_request() -> Option<(JsValue, js_sys::Function)> {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("locks")).ok())
        .filter(|l| l.is_object())?;
    let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some((locks, request))
}

/// Waits for the exclusive lock `name`, then runs `task` holding it until `task` ends (a task
/// that loops forever keeps this tab the leader for the life of the page).
pub fn run_as_leader<Fut>(name: &'static str, task: impl FnOnce() -> Fut + 'static)
where
    Fut: Future<Output = ()> + 'static,
{
    let Some((locks, request)) = lock_request() else {
        leptos::task::spawn_local(task());
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            task().await;
            Ok(JsValue::UNDEFINED)
        })
    });
    match request.call2(&locks, &JsValue::from_str(name), &callback) {
        Ok(promise) => leptos::task::spawn_local(async move {
            if let Err(e) =
                wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
            {
                leptos::logging::warn!("lock {name}: {e:?}");
            }
        }),
        Err(e) => leptos::logging::warn!("lock {name}: {e:?}"),
    }
}
