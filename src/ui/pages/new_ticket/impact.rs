//! The registration form's impact questions (P4, P2): each answer goes to the profile's severity
//! guide ([`SeverityGuide::suggest`]); a suggestion fills the severity, which the person
//! confirms or changes, and says so beside it. The level the answers suggest (P2) is chosen
//! beside the severity (`level.rs`).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::profile::{Severity, SeverityGuide};
use crate::ui::i18n::use_i18n;

#[component]
pub(super) fn ImpactQuestions(
    guide: SeverityGuide,
    severities: Vec<Severity>,
    answers: RwSignal<BTreeMap<String, String>>,
    severity: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = StoredValue::new(guide);
    // The severity the answers suggest, once they suggest one.
    let suggested = Memo::new(move |_| {
        answers.with(|a| guide.with_value(|g| g.suggest(a).map(str::to_string)))
    });
    Effect::new(move |_| {
        if let Some(s) = suggested.get() {
            severity.set(s);
        }
    });
    let questions = guide.with_value(|g| g.questions.clone());
    view! {
        <fieldset class="impact">
            <legend>{move || i18n.t("new.impact.title")}</legend>
            {questions.into_iter().map(|q| {
                let id = format!("impact-{}", q.id);
                let qid = q.id.clone();
                let value = {
                    let qid = q.id.clone();
                    move || answers.with(|a| a.get(&qid).cloned().unwrap_or_default())
                };
                view! {
                    <div class="field">
                        <label for=id.clone()>{let label = q.label.clone(); move || i18n.pt(&label)}</label>
                        <select id=id prop:value=value
                            on:change=move |ev| {
                                let answer = event_target_value(&ev);
                                answers.update(|a| {
                                    if answer.is_empty() {
                                        a.remove(&qid);
                                    } else {
                                        a.insert(qid.clone(), answer);
                                    }
                                });
                            }>
                            <option value="">{move || i18n.t("new.select")}</option>
                            {q.options.iter().map(|o| { let label = o.label.clone(); view! { <option value=o.id.clone()>{move || i18n.pt(&label)}</option> } }).collect_view()}
                        </select>
                    </div>
                }
            }).collect_view()}
            {move || suggested.get().map(|s| {
                let name = severities.iter().find(|x| x.id == s).map_or(s.clone(), |x| i18n.pt(&x.name));
                view! {
                    <p class="hint" id="severity-suggested" role="status">
                        {i18n.t_with("new.impact.suggested", &[("severity", &name)])}
                    </p>
                }
            })}
        </fieldset>
    }
}
