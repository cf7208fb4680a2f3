//! The open desk as a typed precondition (issue #14): [`OpenDesk`] is a small `Copy` handle that
//! exists only once a desk opened, so code holding one never asks "is the desk open yet?". The
//! shell (src/ui/mod.rs) makes it from [`crate::app::desk::open_desk`]'s `Ok`, mounts the pages
//! only in the branch that holds it and provides it to them; a component takes it once at its top
//! ([`use_desk`]) and moves the handle into its closures and tasks.
//!
//! ```ignore
//! #[component]
//! fn Customers() -> impl IntoView {
//!     let desk = use_desk();
//!     let classes = desk.with(|d| d.profile.city_classes.clone());
//!     let save = move |_| {
//!         leptos::task::spawn_local(async move {
//!             let saved = desk.get().set_user_name("ana").await;
//!             // …
//!         });
//!     };
//!     // …
//! }
//! ```

use std::rc::Rc;

use leptos::prelude::*;

use crate::app::desk::Desk;

/// The open desk, for the pages and the tasks they start.
///
/// The [`Desk`] is kept in the reactive arena (a context value must be `Send + Sync`, which an
/// `Rc<Desk>` is not), owned by the reactive owner current when the handle is made: the shell
/// makes it under the app's root owner, which lives as long as the page, so a task that ends
/// after its page was left still finds the desk.
#[derive(Clone, Copy)]
pub struct OpenDesk(StoredValue<Rc<Desk>, LocalStorage>);

impl OpenDesk {
    /// The handle of a desk that opened. A [`Desk`] can only be made by
    /// [`crate::app::desk::open_desk`], so an `Rc<Desk>` is always an open one.
    pub fn new(desk: Rc<Desk>) -> Self {
        Self(StoredValue::new_local(desk))
    }

    /// The desk itself, to keep across an `.await` or hand to the app layer.
    pub fn get(self) -> Rc<Desk> {
        self.0.get_value()
    }

    /// Reads something of the desk (its profile, its engines…) without taking the `Rc`.
    pub fn with<R>(self, read: impl FnOnce(&Desk) -> R) -> R {
        self.0.with_value(|desk| read(desk))
    }

    /// Provides the handle to the components made under the current owner (the shell's branch
    /// that holds the open desk; a test mounting a component alone).
    pub fn provide(self) {
        provide_context(self);
    }
}

/// The open desk the shell provides to the pages (they are mounted only once it opened).
pub fn use_desk() -> OpenDesk {
    expect_context::<OpenDesk>()
}
