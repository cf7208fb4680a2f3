//! Other tabs: after this tab stores events it posts on the `BroadcastChannel("mesa")`; a tab
//! that receives the message re-reads the projection and the outbox from IndexedDB (the
//! message carries no data, so it can never disagree with what is stored).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::desk::{try_desk, DeskSignals};
use crate::app::storage;

/// The channel name every Mesa tab (and the sync leader) uses.
pub const CHANNEL: &str = "mesa";
/// The message meaning "stored events changed: re-read".
pub const CHANGED: &str = "events-changed";

/// The open channel and its message handler (kept alive for the tab's lifetime).
type Handle = (
    web_sys::BroadcastChannel,
    Closure<dyn FnMut(web_sys::MessageEvent)>,
);

thread_local! {
    static CHANNEL_HANDLE: RefCell<Option<Handle>> = const { RefCell::new(None) };
}

fn channel() -> Option<web_sys::BroadcastChannel> {
    CHANNEL_HANDLE.with(|c| c.borrow().as_ref().map(|(ch, _)| ch.clone()))
}

/// Starts listening; each message refreshes this tab's views from the store.
pub fn listen(signals: DeskSignals) {
    let Ok(ch) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return; // very old browser: tabs refresh on their next action
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if ev.data().as_string().as_deref() == Some(CHANGED) {
                leptos::task::spawn_local(async move {
                    if let Some(desk) = try_desk() {
                        // Its events may carry newer clocks than this tab wrote or read.
                        desk.store.forget_clock();
                        let _ = desk.refresh(signals).await;
                    }
                    storage::refresh().await;
                });
            }
        });
    ch.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    CHANNEL_HANDLE.with(|c| *c.borrow_mut() = Some((ch, on_message)));
}

/// Tells the other tabs that stored events changed (a tab does not receive its own message).
pub fn announce_change() {
    if let Some(ch) = channel() {
        let _ = ch.post_message(&JsValue::from_str(CHANGED));
    }
}
