//! The desk's people in Ajustes (#18): one row per agent or technician (name, functional level,
//! skills, phone, e-mail), added, edited, deactivated or brought back, and saved as desk events.
//! The domain checks the rows ([`PersonDraft::check_all`]); every problem shows beside its
//! field, naming it by its label. The rows, their problems and the save are one [`PeopleForm`];
//! a person's row ([`row`]) holds its fields ([`field`]) and the skills ticked from the
//! process's request kinds ([`skills`]).
//!
//! ```ignore
//! view! { <PeopleEditor/> }
//! ```

mod field;
mod row;
mod skills;

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::people::draft::{PersonDraft, PersonField, PersonProblem};
use crate::domain::people::Person;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::{use_save, Save};
use crate::ui::StoreErrorMessage;

use row::PersonRow;

/// The people as edited, the problems the domain found at the last save, and the save.
#[derive(Clone, Copy)]
struct PeopleForm {
    /// Text edits change the rows without re-rendering them (focus stays); adding,
    /// deactivating or saving re-renders the list.
    rows: RwSignal<Vec<PersonDraft>>,
    problems: RwSignal<Vec<PersonProblem>>,
    save: Save,
}

impl PeopleForm {
    fn new() -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            problems: RwSignal::new(Vec::new()),
            save: use_save(),
        }
    }

    /// The rows of `people`, as stored.
    fn show(self, people: &[Person]) {
        self.rows
            .set(people.iter().map(PersonDraft::from).collect());
    }

    /// Row `i`'s `field` typed as `value` (the list does not re-render).
    fn set(self, i: usize, field: PersonField, value: String) {
        self.rows.update_untracked(|r| {
            if let Some(d) = r.get_mut(i) {
                d.set(field, value);
            }
        });
    }

    /// A new, empty person at the end.
    fn add(self) {
        self.save.edited();
        self.rows.update(|r| r.push(PersonDraft::new_person()));
    }

    /// Row `i` deactivated, or brought back.
    fn toggle(self, i: usize) {
        self.save.edited();
        self.rows.update(|r| {
            if let Some(d) = r.get_mut(i) {
                d.active = !d.active;
            }
        });
    }

    /// Row `i`'s problems with `field` (tracked).
    fn problems_of(self, i: usize, field: PersonField) -> Vec<PersonProblem> {
        self.problems.with(|ps| {
            ps.iter()
                .filter(|p| p.row == i && p.field == field)
                .cloned()
                .collect()
        })
    }
}

/// The people, the note on skills, and the "add" and "save" buttons with their outcome.
#[component]
pub(super) fn PeopleEditor() -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let desk = use_desk();
    let form = PeopleForm::new();
    let PeopleForm {
        rows,
        problems,
        save: save_state,
    } = form;
    let ready = RwSignal::new(false);
    let store_error = RwSignal::new(None::<StoreError>);
    leptos::task::spawn_local(async move {
        match desk.get().people().await {
            Ok(people) => {
                form.show(&people);
                ready.set(true);
            }
            Err(e) => store_error.set(Some(e)),
        }
    });
    let kind_names: Vec<String> = desk
        .get()
        .profile
        .request_kinds
        .iter()
        .map(|k| k.name.clone())
        .collect();
    // Skills hold the process's own (Spanish) names, which competence is matched on; the
    // reader sees them in their language.
    let kinds = kind_names
        .iter()
        .map(|k| i18n.pt(k))
        .collect::<Vec<_>>()
        .join(", ");

    let save = move |_| {
        store_error.set(None);
        save_state.reset();
        match rows.with_untracked(|r| PersonDraft::check_all(r)) {
            Err(list) => problems.set(list),
            Ok(people) => {
                problems.set(Vec::new());
                save_state.run(async move {
                    form.show(&desk.get().save_people(&people, signals).await?);
                    Ok(())
                });
            }
        }
    };

    view! {
        <section class="settings-block people-editor" aria-labelledby="settings-people">
            <h2 id="settings-people">{move || i18n.t("settings.people")}</h2>
            <p class="settings-note">{move || i18n.t("settings.people.help")}</p>
            <p class="settings-note" id="people-skills-help">
                {move || i18n.t_with("settings.people.skills.help", &[("kinds", &kinds)])}
            </p>
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="settings-note">{move || i18n.t("settings.people.none")}</p> }.into_any();
                }
                list.into_iter()
                    .enumerate()
                    .map(|(i, draft)| view! { <PersonRow i draft kinds=kind_names.clone() form/> })
                    .collect_view()
                    .into_any()
            }}
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <p class="error" role="alert" id="people-problems">{move || i18n.t("settings.people.invalid")}</p>
            })}
            {move || store_error.get().or_else(|| save_state.failed()).map(|e| view! { <StoreErrorMessage error=e/> })}
            <div class="settings-actions">
                <button type="button" id="add-person" prop:disabled=move || !ready.get() on:click=move |_| form.add()>
                    {move || i18n.t("settings.people.add")}
                </button>
                <button type="button" id="save-people" class="primary" prop:disabled=move || !ready.get() on:click=save>
                    {move || i18n.t("settings.people.save")}
                </button>
            </div>
            <p class="saved" role="status" aria-live="polite" id="people-saved">
                {move || save_state.is_saved().then(|| i18n.t("settings.saved.people"))}
            </p>
        </section>
    }
}
