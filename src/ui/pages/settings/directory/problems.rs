//! The directory's problems in the user's language, and the list of those that belong to no
//! row (a level or contact the process's rules still call).

use leptos::prelude::*;

use crate::domain::profile::DirectoryProblem;
use crate::ui::i18n::{use_i18n, I18n};

/// A problem in the user's language.
pub(super) fn problem_text(i18n: &I18n, problem: &DirectoryProblem) -> String {
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

/// "Not saved", with the problems of no row listed under it, while there are any problems
/// (the rows' own are beside their fields).
#[component]
pub(super) fn DirectoryProblems(problems: RwSignal<Vec<DirectoryProblem>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
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
    }
}
