//! Desks with files in browser tests: `#[path = "browser_common/attachments.rs"] mod attachments;`
//! (beside `mod browser_common;` and `mod presets;`, which it opens desks with).

use mesa::app::desk::{open_desk, Desk};
use mesa::domain::content_hash::ContentHash;
use mesa::domain::event::Attachment;

/// A fresh desk (a database named after `tag`, every preset kept) with its views refreshing.
pub async fn desk(tag: &str) -> std::rc::Rc<Desk> {
    // The desk refreshes its views in spawned tasks: mounting starts the task executor.
    leptos::mount::mount_to_body(|| ());
    let name = crate::browser_common::unique_db(tag);
    crate::presets::keep_preset_copies(&name).await;
    open_desk(&name).await.expect("open")
}

/// `bytes` as a Blob, as a file input gives them.
pub fn blob(bytes: &[u8]) -> web_sys::Blob {
    let array = js_sys::Uint8Array::from(bytes);
    web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap()
}

/// The description of the file `name` (`mime`) holding `bytes`, attachment `id`.
pub fn meta(id: &str, name: &str, mime: &str, bytes: &[u8]) -> Attachment {
    Attachment {
        id: id.into(),
        name: name.into(),
        mime: mime.into(),
        size: bytes.len() as u64,
        sha256: Some(ContentHash::of(bytes).to_string()),
    }
}
