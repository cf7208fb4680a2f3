//! One way for a form to save: a [`Save`] handle holds where the save is ([`SaveState`]: idle,
//! saving, saved, failed) and runs it, instead of each page keeping its own `saving`, `saved`
//! and `failed` signals. The page still says it in its own words (its locale keys) and puts the
//! message where the eyes are; the handle only knows the state.
//!
//! "Guardado" is shown only once the app layer said the write committed: the state becomes
//! [`SaveState::Saved`] when the future given to [`Save::run`] returns `Ok`.

use std::future::Future;

use leptos::prelude::*;

use crate::store::StoreError;

/// Where a form's save is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SaveState<T = (), E = StoreError> {
    /// Nothing to say: not saved yet, or edited since the last save.
    #[default]
    Idle,
    /// The save is running.
    Saving,
    /// The save finished and committed; `T` is what it gave back (the new ticket's number…).
    Saved(T),
    /// The save was refused or failed: nothing was written (or the page says what was).
    Failed(E),
}

/// A form's save state, as a reactive handle (`Copy`, so closures take it by value).
///
/// `T` is what a save gives back, `E` why it did not save (a [`StoreError`] by default; a
/// page's own enum where it also refuses before writing, e.g. a required field left empty).
#[derive(Debug)]
pub struct Save<T: 'static = (), E: 'static = StoreError> {
    state: RwSignal<SaveState<T, E>>,
    /// How many saves were run: a save's outcome is shown only while it is the latest.
    runs: StoredValue<u32>,
}

impl<T, E> Clone for Save<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, E> Copy for Save<T, E> {}

/// A form's [`Save`], idle, owned by the current component.
///
/// ## Usage
///
/// ```ignore
/// use crate::ui::save_state::{use_save, SaveState};
///
/// #[component]
/// fn PeopleEditor() -> impl IntoView {
///     let i18n = use_i18n();
///     let (desk, signals) = (use_desk(), use_desk_signals());
///     let rows = RwSignal::new(Vec::<PersonDraft>::new());
///     // What a save gives back, and why it did not save.
///     let save_state = use_save::<(), StoreError>();
///     let save = move |_| match rows.with_untracked(|r| PersonDraft::check_all(r)) {
///         // Refused before anything is written (the page shows its problems).
///         Err(_) => save_state.reset(),
///         // Saving… then Saved(()) or Failed(e); the page shows the saved records itself.
///         Ok(people) => save_state.run(async move {
///             let fresh = desk.get().save_people(&people, signals).await?;
///             rows.set(fresh.iter().map(PersonDraft::from).collect());
///             Ok(())
///         }),
///     };
///     // SAVE and SAVED are the page's own keys (a text's key is written only where it is used:
///     // build/first_screen_texts.rs reads the code for them).
///     view! {
///         // Editing again takes the "saved" away.
///         <input on:input=move |_| save_state.edited()/>
///         <button on:click=save disabled=move || save_state.is_saving()>{i18n.t(SAVE)}</button>
///         {move || match save_state.state() {
///             SaveState::Saved(()) => view! { <p class="saved">{i18n.t(SAVED)}</p> }.into_any(),
///             SaveState::Failed(e) => view! { <StoreErrorMessage error=e/> }.into_any(),
///             SaveState::Idle | SaveState::Saving => ().into_any(),
///         }}
///     }
/// }
/// ```
pub fn use_save<T, E>() -> Save<T, E>
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    Save {
        state: RwSignal::new(SaveState::Idle),
        runs: StoredValue::new(0),
    }
}

impl<T, E> Save<T, E>
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    /// Runs `save`: the state is [`SaveState::Saving`] until it returns, then
    /// [`SaveState::Saved`] or [`SaveState::Failed`]. Whatever else the page does with the
    /// result (show the saved records, clear the form) it does inside `save`, before returning.
    /// The save goes on if the page is left meanwhile; its outcome is then dropped.
    ///
    /// A form that must not be sent twice disables its button with [`Save::is_saving`] (and
    /// checks [`Save::is_saving_untracked`] where it can be sent otherwise); a choice saved as
    /// soon as it changes runs every change.
    pub fn run(self, save: impl Future<Output = Result<T, E>> + 'static) {
        let Some(run) = self.runs.try_update_value(|n| {
            *n = n.wrapping_add(1);
            *n
        }) else {
            return;
        };
        self.state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let result = save.await;
            if self.runs.try_get_value() != Some(run) {
                return; // another save was run since: its outcome is the one to show
            }
            match result {
                // Already said by `saved_now` (and maybe edited since): left as it is.
                Ok(_) if !self.is_saving_untracked() => {}
                Ok(value) => {
                    self.state.try_set(SaveState::Saved(value));
                }
                Err(e) => {
                    self.state.try_set(SaveState::Failed(e));
                }
            }
        });
    }

    /// The running save is durable before its future has finished (what is left is derived
    /// state, such as the queue's copy of a new ticket): [`SaveState::Saved`] now, so the form
    /// says it at once and can be used again. The future's own `Ok` then changes nothing; an
    /// `Err` still says what failed.
    pub fn saved_now(self, value: T) {
        self.state.try_set(SaveState::Saved(value));
    }

    /// Back to [`SaveState::Idle`] (the form was edited, opened or closed).
    pub fn reset(self) {
        self.state.set(SaveState::Idle);
    }

    /// The form was edited: a "saved" from before no longer holds (back to
    /// [`SaveState::Idle`]); a failure or a running save stay as they are.
    pub fn edited(self) {
        if self
            .state
            .with_untracked(|s| matches!(s, SaveState::Saved(_)))
        {
            self.state.set(SaveState::Idle);
        }
    }

    /// Refused before saving (e.g. a required field is empty): [`SaveState::Failed`].
    pub fn fail(self, why: E) {
        self.state.set(SaveState::Failed(why));
    }

    /// True while a save runs (tracked: for `disabled` and "Guardando…").
    pub fn is_saving(self) -> bool {
        self.state.with(|s| matches!(s, SaveState::Saving))
    }

    /// True while a save runs, read without subscribing (false once the page that owned the
    /// save is gone).
    pub fn is_saving_untracked(self) -> bool {
        self.state
            .try_with_untracked(|s| matches!(s, SaveState::Saving))
            .unwrap_or(false)
    }

    /// True once the last save committed (tracked).
    pub fn is_saved(self) -> bool {
        self.state.with(|s| matches!(s, SaveState::Saved(_)))
    }
}

impl<T, E> Save<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
{
    /// The state (tracked).
    pub fn state(self) -> SaveState<T, E> {
        self.state.get()
    }

    /// What the last save gave back, once it committed (tracked).
    pub fn saved(self) -> Option<T> {
        self.state.with(|s| match s {
            SaveState::Saved(value) => Some(value.clone()),
            _ => None,
        })
    }

    /// Why the last save did not happen (tracked).
    pub fn failed(self) -> Option<E> {
        self.state.with(|s| match s {
            SaveState::Failed(e) => Some(e.clone()),
            _ => None,
        })
    }
}
