//! "Conocimiento": the provider's knowledge base (P2: first level consults it). Articles are
//! shared by the desk as events (written, revised, retired; see `domain::desk::articles`); the
//! page lists them ([`list`]), searches them as the user types, creates or edits one at a time
//! ([`editor`]), and shows both texts of an article two people changed at once. "Guardado" is
//! shown only once the store confirmed the write.

mod editor;
mod list;
mod shelf;

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::{use_save, Save, SaveState};
use crate::ui::StoreErrorMessage;

use editor::ArticleEditor;
use list::ArticleList;
pub use shelf::load_kb;
use shelf::{load_shelf, Draft, Shelf};

/// Why an article was not saved.
#[derive(Clone, Debug, PartialEq)]
enum NotSaved {
    /// The title or the text is empty (nothing was sent).
    Required,
    Store(StoreError),
}

/// What the page holds: the shelf as last read, the article open in the editor, and its save.
#[derive(Clone, Copy)]
struct KbState {
    shelf: RwSignal<Shelf>,
    draft: RwSignal<Option<Draft>>,
    /// Bumped when an article is opened: the editor is rebuilt then (and when it opens or
    /// closes), not on every keystroke, which would lose the focus.
    session: RwSignal<u32>,
    save: Save<(), NotSaved>,
}

impl KbState {
    /// Opens `draft` in the editor (a new article, or one of the list's).
    fn open(self, draft: Draft) {
        self.draft.set(Some(draft));
        self.session.update(|s| *s += 1);
        self.save.reset();
    }

    /// An edit of the open article: a "saved" or a problem said before goes.
    fn edit(self, change: impl FnOnce(&mut Draft)) {
        self.draft.update(|d| {
            if let Some(d) = d {
                change(d)
            }
        });
        self.save.reset();
    }

    fn close(self) {
        self.draft.set(None);
        self.save.reset();
    }
}

#[component]
pub fn KbPage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let state = KbState {
        shelf: RwSignal::new(Shelf::default()),
        draft: RwSignal::new(None),
        session: RwSignal::new(0),
        save: use_save(),
    };
    let load_error = RwSignal::new(None::<StoreError>);
    // Read again whenever the desk's records change (a sync, another tab).
    Effect::new(move |_| {
        signals.shared.track();
        leptos::task::spawn_local(async move {
            match load_shelf(desk).await {
                Ok(shelf) => state.shelf.set(shelf),
                Err(e) => load_error.set(Some(e)),
            }
        });
    });
    let query = RwSignal::new(String::new());

    let status = move || match state.save.state() {
        SaveState::Idle => ().into_any(),
        SaveState::Saving => view! { <p class="saving">{i18n.t("kb.saving")}</p> }.into_any(),
        SaveState::Saved(()) => view! { <p class="saved">{i18n.t("kb.saved")}</p> }.into_any(),
        SaveState::Failed(NotSaved::Required) => {
            view! { <p class="problems">{i18n.t("kb.required")}</p> }.into_any()
        }
        SaveState::Failed(NotSaved::Store(e)) => view! { <StoreErrorMessage error=e/> }.into_any(),
    };

    view! {
        <section class="kb">
            <div class="queue-head">
                <h1>{move || i18n.t("kb.title")}</h1>
                <span class="count">
                    {move || i18n.t_count("kb.count", state.shelf.with(|s| s.kb.articles.len()), &[])}
                </span>
                <button type="button" class="primary" on:click=move |_| state.open(Draft::default())>
                    {move || i18n.t("kb.new")}
                </button>
            </div>
            {move || load_error.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            <div aria-live="polite">{status}</div>
            <ArticleEditor state/>
            <label class="search">
                <span class="sr-only">{move || i18n.t("kb.search")}</span>
                <input
                    type="search"
                    id="kb-search"
                    placeholder=move || i18n.t("kb.search")
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            <ArticleList state query/>
        </section>
    }
}
