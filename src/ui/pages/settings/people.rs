//! The desk's people in Ajustes (#18): one row per agent or technician (name, functional level,
//! skills, phone, e-mail), added, edited, deactivated or brought back, and saved as desk events.
//! The domain checks the rows ([`PersonDraft::check_all`]); every problem shows beside its
//! field, naming it by its label.
//!
//! ```ignore
//! view! { <PeopleEditor/> }
//! ```

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::people::draft::{
    has_skill, with_skill, PersonDraft, PersonField, PersonProblem, MAX_LEVEL,
};
use crate::store::StoreError;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

fn input_type(field: PersonField) -> &'static str {
    match field {
        PersonField::Level => "number",
        PersonField::Phone => "tel",
        PersonField::Email => "email",
        PersonField::Name | PersonField::Skills => "text",
    }
}

/// A problem in the user's language, naming the field by its label.
fn problem_text(i18n: &I18n, problem: &PersonProblem) -> String {
    let label = i18n.t(&format!("settings.people.{}", problem.field.key()));
    i18n.t_with(
        &format!("settings.people.problem.{}", problem.code),
        &[("field", &label), ("max", &MAX_LEVEL.to_string())],
    )
}

#[component]
pub(super) fn PeopleEditor() -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let desk = use_desk();
    // Text edits update the rows without re-rendering them (focus stays); adding, deactivating
    // or saving re-renders the list.
    let rows = RwSignal::new(Vec::<PersonDraft>::new());
    let ready = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<PersonProblem>::new());
    let store_error = RwSignal::new(None::<StoreError>);
    let save_state = use_save::<(), StoreError>();
    let show = move |people: Vec<crate::domain::people::Person>| {
        rows.set(people.iter().map(PersonDraft::from).collect());
    };
    leptos::task::spawn_local(async move {
        match desk.get().people().await {
            Ok(people) => {
                show(people);
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
                    show(desk.get().save_people(&people, signals).await?);
                    Ok(())
                });
            }
        }
    };

    let field = move |i: usize, f: PersonField, value: RwSignal<String>| {
        let id = format!("person-{i}-{}", f.key());
        let problem_id = format!("{id}-problem");
        let mine = move |p: &PersonProblem| p.row == i && p.field == f;
        let message = move || {
            problems.with(|ps| {
                ps.iter()
                    .filter(|p| mine(p))
                    .map(|p| problem_text(&i18n, p))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        };
        let invalid = move || problems.with(|ps| ps.iter().any(mine)).to_string();
        let label_key = format!("settings.people.{}", f.key());
        view! {
            <label class=format!("field person-{}", f.key())>
                <span>{move || i18n.t(&label_key)}</span>
                <input
                    id=id
                    type=input_type(f)
                    min=(f == PersonField::Level).then_some("1")
                    prop:value=move || value.get()
                    aria-invalid=invalid
                    aria-describedby=problem_id.clone()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        value.set(v.clone());
                        rows.update_untracked(|r| {
                            if let Some(d) = r.get_mut(i) {
                                d.set(f, v);
                            }
                        });
                    }
                />
                <p class="problem" id=problem_id aria-live="polite">{message}</p>
            </label>
        }
    };
    let toggle = move |i: usize| {
        save_state.edited();
        rows.update(|r| {
            if let Some(d) = r.get_mut(i) {
                d.active = !d.active;
            }
        });
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
                    .map(|(i, d)| {
                        let n = (i + 1).to_string();
                        let active = d.active;
                        let skills = RwSignal::new(d.value(PersonField::Skills).to_string());
                        let fields = PersonField::ALL.map(|f| {
                            let value = if f == PersonField::Skills {
                                skills
                            } else {
                                RwSignal::new(d.value(f).to_string())
                            };
                            field(i, f, value)
                        });
                        let kind_boxes = skill_choices(i18n, i, &kind_names, skills, rows);
                        let toggle_key = if active { "settings.people.deactivate" } else { "settings.people.reactivate" };
                        view! {
                            <fieldset class="person" data-row=i data-id=d.id.clone() data-active=active.to_string()>
                                <legend>{move || i18n.t_with("settings.people.person", &[("n", &n)])}</legend>
                                {fields.into_iter().collect_view()}
                                {kind_boxes}
                                {(!active).then(|| view! {
                                    <p class="settings-note person-inactive">{move || i18n.t("settings.people.inactive")}</p>
                                })}
                                <button type="button" class="toggle-person" on:click=move |_| toggle(i)>
                                    {move || i18n.t(toggle_key)}
                                </button>
                            </fieldset>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <p class="error" role="alert" id="people-problems">{move || i18n.t("settings.people.invalid")}</p>
            })}
            {move || store_error.get().or_else(|| save_state.failed()).map(|e| view! { <StoreErrorMessage error=e/> })}
            <div class="settings-actions">
                <button
                    type="button"
                    id="add-person"
                    prop:disabled=move || !ready.get()
                    on:click=move |_| {
                        save_state.edited();
                        rows.update(|r| r.push(PersonDraft::new_person()));
                    }
                >
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

/// The process's request kinds as boxes under a person's skills: ticking one adds its name to
/// the skills, unticking takes it out (free-text skills stay as typed).
fn skill_choices(
    i18n: I18n,
    row: usize,
    kinds: &[String],
    skills: RwSignal<String>,
    rows: RwSignal<Vec<PersonDraft>>,
) -> impl IntoView {
    let boxes = kinds
        .iter()
        .map(|kind| {
            let name = kind.clone();
            let shown = i18n.pt(kind);
            let checked = move || has_skill(&skills.get(), &name);
            let name = kind.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let text = with_skill(&skills.get_untracked(), &name, event_target_checked(&ev));
                skills.set(text.clone());
                rows.update_untracked(|r| {
                    if let Some(d) = r.get_mut(row) {
                        d.set(PersonField::Skills, text);
                    }
                });
            };
            view! {
                <label class="check">
                    <input type="checkbox" class="skill-kind" prop:checked=checked on:change=toggle/>
                    {shown}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="skill-kinds">
            <legend>{move || i18n.t("settings.people.skills.kinds")}</legend>
            {boxes}
        </fieldset>
    }
}
