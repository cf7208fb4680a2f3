//! The Bandeja's keyboard shortcuts: j/k move the selection, Enter opens the selected ticket,
//! / goes to the search, n opens a new ticket. Ignored while typing in a field.

use leptos::prelude::*;

use crate::domain::queue::QueueEntry;
use crate::ui::route::{go, Route};

use super::list::ListWindow;

/// Listens to the window's keys while the page is shown.
pub(super) fn use_queue_keys(
    hits: Memo<Vec<usize>>,
    entries: Memo<Vec<QueueEntry>>,
    window: ListWindow,
    search: NodeRef<leptos::html::Input>,
) {
    let selected = window.selected;
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
            .unwrap_or(false);
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let count = hits.with_untracked(|h| h.len());
        match ev.key().as_str() {
            "j" if count > 0 => {
                selected.update(|s| *s = (*s + 1).min(count - 1));
                window.show_selected();
            }
            "k" => {
                selected.update(|s| *s = s.saturating_sub(1));
                window.show_selected();
            }
            "Enter" if count > 0 => {
                let i = selected.get_untracked().min(count - 1);
                let id = hits
                    .with_untracked(|h| entries.with_untracked(|e| e[h[i]].ticket.id.0.clone()));
                go(&Route::Ticket(id));
            }
            "/" => {
                ev.prevent_default();
                if let Some(input) = search.get_untracked() {
                    let _ = input.focus();
                }
            }
            "n" => go(&Route::NewTicket),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
}
