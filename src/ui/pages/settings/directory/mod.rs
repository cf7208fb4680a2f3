//! The escalation directory in Ajustes: one row per contact (role, level, phones, e-mail), added,
//! edited or removed, and saved as a new version of the active process. The engine checks the
//! rows ([`ProcessProfile::with_directory`]); every problem shows beside its field, and a level
//! or contact the process's rules still call is named. Saving makes the edited process the active
//! one (an imported profile, exportable like any other) and reloads the app with it.
//!
//! The rows and their problems are one [`DirectoryForm`]; a row ([`row`]) has one input per
//! [`field::Field`]; [`problems`] says the problems in the user's language.
//!
//! ```ignore
//! view! { <DirectoryEditor/> }
//! ```

mod field;
mod problems;
mod row;

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::domain::profile::{ContactDraft, DirectoryProblem, ProcessProfile};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

use field::Field;
use problems::DirectoryProblems;
use row::DirectoryRow;

/// The directory as edited, and the problems the engine found at the last save.
#[derive(Clone, Copy)]
struct DirectoryForm {
    /// Text edits change the rows without re-rendering them (focus stays); adding or removing a
    /// row re-renders the list.
    rows: RwSignal<Vec<ContactDraft>>,
    problems: RwSignal<Vec<DirectoryProblem>>,
}

impl DirectoryForm {
    /// The rows of `profile`'s directory.
    fn new(profile: &ProcessProfile) -> Self {
        let rows = profile
            .escalation
            .directory
            .iter()
            .map(ContactDraft::from)
            .collect();
        Self {
            rows: RwSignal::new(rows),
            problems: RwSignal::new(Vec::new()),
        }
    }

    /// Row `i`'s `field` typed as `value` (the list does not re-render).
    fn set(self, i: usize, field: Field, value: String) {
        self.rows.update_untracked(|r| {
            if let Some(d) = r.get_mut(i) {
                field.set(d, value);
            }
        });
    }

    /// A new contact at the end, at level 1.
    fn add(self) {
        self.problems.set(Vec::new());
        self.rows.update(|r| {
            r.push(ContactDraft {
                level: "1".into(),
                ..ContactDraft::default()
            })
        });
    }

    /// Row `i` taken out.
    fn remove(self, i: usize) {
        self.problems.set(Vec::new());
        self.rows.update(|r| {
            r.remove(i);
        });
    }

    /// Row `i`'s problems shown beside `field` (tracked).
    fn problems_of(self, i: usize, field: Field) -> Vec<DirectoryProblem> {
        self.problems.with(|ps| {
            ps.iter()
                .filter(|p| p.row() == Some(i) && Field::of(p) == Some(field))
                .cloned()
                .collect()
        })
    }
}

/// The directory's rows, its note on the after-hours contacts, and the "add" and "save"
/// buttons with what the save found.
#[component]
pub(super) fn DirectoryEditor() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = crate::app::desk::use_desk_signals();
    let form = DirectoryForm::new(&desk.get().profile);
    let DirectoryForm { rows, problems } = form;
    // Publishing the edited process (the page reloads once it is saved).
    let publish = use_save::<(), StoreError>();
    let after_hours = desk
        .get()
        .profile
        .escalation
        .after_hours
        .as_ref()
        .map_or(0, |a| a.contacts.len());

    let save = move |_| {
        publish.reset();
        let edited = rows.with_untracked(|r| desk.get().profile.with_directory(r));
        match edited {
            Err(list) => problems.set(list),
            Ok(profile) => {
                problems.set(Vec::new());
                super::publish_edited(desk, profile, signals, publish);
            }
        }
    };

    view! {
        <section class="settings-block directory-editor" aria-labelledby="settings-directory">
            <h2 id="settings-directory">{move || i18n.t("settings.directory")}</h2>
            <p class="settings-note">{move || i18n.t("settings.directory.help")}</p>
            {(after_hours > 0).then(|| {
                let n = after_hours.to_string();
                view! {
                    <p class="settings-note" id="directory-after-hours-note">
                        {move || i18n.t_with("settings.directory.after_hours", &[("n", &n)])}
                    </p>
                }
            })}
            {move || {
                rows.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, draft)| view! { <DirectoryRow i draft form/> })
                    .collect_view()
            }}
            <DirectoryProblems problems/>
            {move || publish.failed().map(|e| view! { <StoreErrorMessage error=e/> })}
            <div class="settings-actions">
                <button type="button" id="add-directory-contact" on:click=move |_| form.add()>
                    {move || i18n.t("settings.directory.add")}
                </button>
                <button type="button" id="save-directory" class="primary" on:click=save>
                    {move || i18n.t("settings.directory.save")}
                </button>
            </div>
        </section>
    }
}
