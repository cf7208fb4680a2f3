//! One syncing tab per device: the `mesa-sync` Web Lock, taken only if free.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::LOCK_NAME;

/// Runs `f` holding the `mesa-sync` Web Lock if no other tab holds it (`None` when another tab
/// does). Where Web Locks are unavailable, runs `f` directly.
pub async fn with_lock<T: 'static, Fut: Future<Output = T> + 'static>(
    f: impl FnOnce() -> Fut + 'static,
) -> Option<T> {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("locks")).ok())
        .filter(|l| l.is_object());
    let request = locks.as_ref().and_then(|l| {
        js_sys::Reflect::get(l, &JsValue::from_str("request"))
            .ok()
            .and_then(|r| r.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        return Some(f().await);
    };
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let callback = {
        let slot = slot.clone();
        Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
            if lock.is_null() || lock.is_undefined() {
                return js_sys::Promise::resolve(&JsValue::UNDEFINED);
            }
            wasm_bindgen_futures::future_to_promise(async move {
                let out = f().await;
                *slot.borrow_mut() = Some(out);
                Ok(JsValue::UNDEFINED)
            })
        })
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    let promise = request.call3(&locks, &JsValue::from_str(LOCK_NAME), &options, &callback);
    match promise.map(js_sys::Promise::from) {
        Ok(p) => {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            slot.borrow_mut().take()
        }
        Err(_) => None,
    }
}
