//! The escalation directory in Ajustes: one row per contact (role, level, phones, e-mail), added,
//! edited or removed, and saved as a new version of the active process. The engine checks the
//! rows ([`ProcessProfile::with_directory`]); every problem shows beside its field, and a level
//! or contact the process's rules still call is named. Saving makes the edited process the active
//! one (an imported profile, exportable like any other) and reloads the app with it.
//!
//! ```ignore
//! view! { <DirectoryEditor/> }
//! ```

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::domain::profile::{ContactDraft, DirectoryProblem, ProcessProfile};
use crate::store::StoreError;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

/// One editable field of a row: its key (DOM class, locale key) and input type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Role,
    Level,
    OfficePhone,
    Extension,
    Mobile,
    Email,
}

impl Field {
    const ALL: [Field; 6] = [
        Field::Role,
        Field::Level,
        Field::OfficePhone,
        Field::Extension,
        Field::Mobile,
        Field::Email,
    ];

    fn key(self) -> &'static str {
        match self {
            Field::Role => "role",
            Field::Level => "level",
            Field::OfficePhone => "office_phone",
            Field::Extension => "extension",
            Field::Mobile => "mobile",
            Field::Email => "email",
        }
    }

    fn input_type(self) -> &'static str {
        match self {
            Field::Level => "number",
            Field::OfficePhone | Field::Mobile => "tel",
            Field::Email => "email",
            Field::Role | Field::Extension => "text",
        }
    }

    fn value(self, d: &ContactDraft) -> String {
        match self {
            Field::Role => &d.role,
            Field::Level => &d.level,
            Field::OfficePhone => &d.office_phone,
            Field::Extension => &d.extension,
            Field::Mobile => &d.mobile,
            Field::Email => &d.email,
        }
        .clone()
    }

    fn set(self, d: &mut ContactDraft, v: String) {
        *match self {
            Field::Role => &mut d.role,
            Field::Level => &mut d.level,
            Field::OfficePhone => &mut d.office_phone,
            Field::Extension => &mut d.extension,
            Field::Mobile => &mut d.mobile,
            Field::Email => &mut d.email,
        } = v;
    }

    /// The field a row problem is shown beside ("nobody can reach it" goes beside the e-mail).
    fn of(problem: &DirectoryProblem) -> Option<Field> {
        Some(match problem {
            DirectoryProblem::Role { .. } => Field::Role,
            DirectoryProblem::Level { .. } => Field::Level,
            DirectoryProblem::OfficePhone { .. } => Field::OfficePhone,
            DirectoryProblem::Extension { .. } => Field::Extension,
            DirectoryProblem::Mobile { .. } => Field::Mobile,
            DirectoryProblem::Email { .. } | DirectoryProblem::Unreachable { .. } => Field::Email,
            _ => return None,
        })
    }
}

/// A problem in the user's language.
fn problem_text(i18n: &I18n, problem: &DirectoryProblem) -> String {
    match problem {
        DirectoryProblem::Role { .. } => i18n.t("settings.directory.problem.role"),
        DirectoryProblem::Level { .. } => i18n.t("settings.directory.problem.level"),
        DirectoryProblem::OfficePhone { .. } | DirectoryProblem::Mobile { .. } => {
            i18n.t("settings.directory.problem.phone")
        }
        DirectoryProblem::Extension { .. } => i18n.t("settings.directory.problem.extension"),
        DirectoryProblem::Email { .. } => i18n.t("settings.directory.problem.email"),
        DirectoryProblem::Unreachable { .. } => i18n.t("settings.directory.problem.unreachable"),
        DirectoryProblem::LevelInUse { level } => i18n.t_with(
            "settings.directory.problem.level_in_use",
            &[("level", &level.to_string())],
        ),
        DirectoryProblem::ContactInUse { id } => {
            i18n.t_with("settings.directory.problem.contact_in_use", &[("id", id)])
        }
        DirectoryProblem::Profile(e) => e.to_string(),
    }
}

fn drafts(profile: &ProcessProfile) -> Vec<ContactDraft> {
    profile
        .escalation
        .directory
        .iter()
        .map(ContactDraft::from)
        .collect()
}

#[component]
pub(super) fn DirectoryEditor() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = crate::app::desk::use_desk_signals();
    // Text edits update the rows without re-rendering them (focus stays); adding or removing a
    // row re-renders the list.
    let rows = RwSignal::new(drafts(&desk.get().profile));
    let problems = RwSignal::new(Vec::<DirectoryProblem>::new());
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
    let remove = move |i: usize| {
        problems.set(Vec::new());
        rows.update(|r| {
            r.remove(i);
        });
    };

    let field = move |i: usize, f: Field, value: String| {
        let id = format!("dir-{i}-{}", f.key());
        let problem_id = format!("{id}-problem");
        let message = move || {
            problems.with(|ps| {
                ps.iter()
                    .filter(|p| p.row() == Some(i) && Field::of(p) == Some(f))
                    .map(|p| problem_text(&i18n, p))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        };
        let invalid = move || {
            problems
                .with(|ps| {
                    ps.iter()
                        .any(|p| p.row() == Some(i) && Field::of(p) == Some(f))
                })
                .to_string()
        };
        let label_key = format!("settings.directory.{}", f.key());
        // The role is edited as the process writes it (Spanish); its translation, where the
        // reader's language has one, shows beside it.
        let written = value.clone();
        let translated = move || {
            let text = (f == Field::Role).then(|| i18n.pt(&written))?;
            (text != written)
                .then(|| i18n.t_with("settings.directory.role_translated", &[("text", &text)]))
        };
        view! {
            <label class=format!("field dir-{}", f.key())>
                <span>{move || i18n.t(&label_key)}</span>
                <input
                    id=id
                    type=f.input_type()
                    min=(f == Field::Level).then_some("1")
                    prop:value=value
                    aria-invalid=invalid
                    aria-describedby=problem_id.clone()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        rows.update_untracked(|r| {
                            if let Some(d) = r.get_mut(i) {
                                f.set(d, v);
                            }
                        });
                    }
                />
                {move || translated().map(|t| view! { <span class="hint role-translated">{t}</span> })}
                <p class="problem" id=problem_id aria-live="polite">{message}</p>
            </label>
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
                    .map(|(i, d)| {
                        let n = (i + 1).to_string();
                        let fields = Field::ALL.map(|f| field(i, f, f.value(&d)));
                        view! {
                            <fieldset class="directory-contact" data-row=i data-id=d.id.clone()>
                                <legend>{move || i18n.t_with("settings.directory.contact", &[("n", &n)])}</legend>
                                {fields.into_iter().collect_view()}
                                <button type="button" class="remove remove-directory-contact" on:click=move |_| remove(i)>
                                    {move || i18n.t("settings.remove")}
                                </button>
                            </fieldset>
                        }
                    })
                    .collect_view()
            }}
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| {
                    let general: Vec<String> = list
                        .iter()
                        .filter(|p| p.row().is_none())
                        .map(|p| problem_text(&i18n, p))
                        .collect();
                    view! {
                        <div class="error" role="alert" id="directory-problems">
                            <p>{move || i18n.t("settings.directory.invalid")}</p>
                            <ul>{general.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                    }
                })
            }}
            {move || publish.failed().map(|e| view! { <StoreErrorMessage error=e/> })}
            <div class="settings-actions">
                <button
                    type="button"
                    id="add-directory-contact"
                    on:click=move |_| {
                        problems.set(Vec::new());
                        rows.update(|r| r.push(ContactDraft { level: "1".into(), ..ContactDraft::default() }));
                    }
                >
                    {move || i18n.t("settings.directory.add")}
                </button>
                <button type="button" id="save-directory" class="primary" on:click=save>
                    {move || i18n.t("settings.directory.save")}
                </button>
            </div>
        </section>
    }
}
