//! The problems the domain found in the customers at the last save, each named by the labels
//! the form shows.

use leptos::prelude::*;

use crate::domain::customer::CustomerProblem;
use crate::ui::i18n::{use_i18n, I18n};

/// The list of problems ("Cliente 2 · Contacto 1 · Correo electrónico — …"), shown while there
/// are any.
#[component]
pub(super) fn CustomerProblems(
    /// Each problem with the index of its customer.
    problems: RwSignal<Vec<(usize, CustomerProblem)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| view! {
            <div class="error" role="alert" id="customer-problems">
                <p>{move || i18n.t("settings.customers.invalid")}</p>
                <ul>
                    {list
                        .into_iter()
                        .map(|(i, CustomerProblem { path, code })| {
                            let n = (i + 1).to_string();
                            view! {
                                <li>
                                    {move || i18n.t_with("settings.customers.number", &[("n", &n)])}
                                    " · " {problem_place(&i18n, &path)} " — "
                                    {move || i18n.t(&format!("settings.problem.{code}"))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}

/// Where a problem is, by the labels the form shows: "Contacto 2 · Correo electrónico" for the
/// domain's `contacts[1].email`.
fn problem_place(i18n: &I18n, path: &str) -> String {
    let (list, index, field) = match path.split_once('[').zip(path.split_once("].")) {
        Some(((list, rest), (_, field))) => (list, rest.split(']').next(), field),
        None => ("", None, path),
    };
    let n = index
        .and_then(|i| i.parse::<usize>().ok())
        .map_or_else(String::new, |i| (i + 1).to_string());
    match (list, field) {
        ("contacts", f) => format!(
            "{} · {}",
            i18n.t_with("settings.contact.number", &[("n", &n)]),
            i18n.t(&format!("settings.contact.{f}"))
        ),
        ("sites", f) => format!(
            "{} · {}",
            i18n.t_with("settings.site.number", &[("n", &n)]),
            i18n.t(&format!("settings.site.{f}"))
        ),
        (_, "contract_start") => i18n.t("settings.contract.start"),
        (_, "contract_end") => i18n.t("settings.contract.end"),
        _ => i18n.t("settings.customer.name"),
    }
}
