//! The device's Web Locks (`navigator.locks`): [`with_lock`] runs a task holding a named lock,
//! exclusive between the tabs of one browser profile. The browser releases a lock when its
//! tab closes or crashes, so a tab waiting for it ([`LockMode::Wait`]) takes over.
//!
//! Two users: the sync driver (src/app/sync/), which syncs only if no other tab is syncing
//! ([`LockMode::IfAvailable`] on [`super::LOCK_NAME`]), and the due runner (src/app/due.rs),
//! which runs in the one tab that leads ([`LockMode::Wait`], for the life of the page). Where
//! Web Locks are missing the task runs at once, in every tab.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How [`with_lock`] asks for its lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockMode {
    /// Wait until the lock is free, however long that takes.
    Wait,
    /// Take the lock only if no tab holds it; otherwise run nothing (`ifAvailable`).
    IfAvailable,
}

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

/// Runs `f` holding the exclusive Web Lock `name` until the future it returns ends, and gives
/// its output. `None` when it did not run: [`LockMode::IfAvailable`] and another tab holds the
/// lock, or the browser refused the request (logged). Where Web Locks are missing, runs `f`
/// directly.
///
/// ```ignore
/// // Only one tab syncs at a time; the others skip their turn.
/// let report = with_lock("mesa-sync", LockMode::IfAvailable, move || sync(desk)).await;
/// ```
pub async fn with_lock<T: 'static, Fut: Future<Output = T> + 'static>(
    name: &str,
    mode: LockMode,
    f: impl FnOnce() -> Fut + 'static,
) -> Option<T> {
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    run_locked(
        name,
        mode,
        Box::new(move || Box::pin(async move { out.set(Some(f().await)) })),
    )
    .await;
    slot.take()
}

/// A task to run holding a lock, boxed so that [`run_locked`] is one copy for every type
/// [`with_lock`] is used with (first-load size).
type Task = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()>>>>;

/// [`with_lock`]'s work: asks for the lock and waits until `task` ended or was not run.
async fn run_locked(name: &str, mode: LockMode, task: Task) {
    let Some((locks, request)) = lock_request() else {
        return task().await;
    };
    let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        // `ifAvailable` and the lock held elsewhere: the callback gets `null`.
        if lock.is_null() || lock.is_undefined() {
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        }
        wasm_bindgen_futures::future_to_promise(async move {
            task().await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let name_js = JsValue::from_str(name);
    let promise = match mode {
        LockMode::Wait => request.call2(&locks, &name_js, &callback),
        LockMode::IfAvailable => {
            let options = js_sys::Object::new();
            let _ =
                js_sys::Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
            request.call3(&locks, &name_js, &options, &callback)
        }
    };
    let settled = match promise {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p))
            .await
            .map(drop),
        Err(e) => Err(e),
    };
    if let Err(e) = settled {
        leptos::logging::warn!("lock {name}: {e:?}");
    }
}
