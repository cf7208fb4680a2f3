//! Severity suggested from the impact (P4, P2): the registration asks how the customer is
//! affected (questions with fixed answers) and the first rule whose answers all match suggests
//! a severity; the person confirms or changes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};

/// One question of the guide and its answers (`id` and the label the form shows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactQuestion {
    pub id: String,
    pub label: String,
    pub options: Vec<ImpactOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactOption {
    pub id: String,
    pub label: String,
}

/// `when` every question named has the answer given, suggest `severity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactRule {
    pub when: BTreeMap<String, String>,
    pub severity: String,
}

/// How a profile describes its severities by impact.
///
/// ```
/// use std::collections::BTreeMap;
/// use mesa::domain::profile::{preset, ProcessProfile};
/// let p4 = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
/// let guide = p4.registration.severity_guide.as_ref().unwrap();
/// let answers = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
///     pairs.iter().map(|(q, a)| (q.to_string(), a.to_string())).collect()
/// };
/// assert_eq!(guide.suggest(&answers(&[("interrupcion", "total")])), Some("s1"));
/// assert_eq!(guide.suggest(&answers(&[("interrupcion", "parcial"), ("usuarios", "todos")])), Some("s2"));
/// assert_eq!(guide.suggest(&answers(&[("interrupcion", "parcial"), ("usuarios", "uno")])), Some("s3"));
/// assert_eq!(guide.suggest(&answers(&[])), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityGuide {
    pub questions: Vec<ImpactQuestion>,
    /// In order: the first that matches suggests.
    pub rules: Vec<ImpactRule>,
}

impl SeverityGuide {
    /// The severity the first matching rule suggests for `answers` (question id → answer id);
    /// `None` while no rule matches (unanswered questions match nothing).
    pub fn suggest(&self, answers: &BTreeMap<String, String>) -> Option<&str> {
        self.rules
            .iter()
            .find(|rule| {
                rule.when
                    .iter()
                    .all(|(question, answer)| answers.get(question) == Some(answer))
            })
            .map(|rule| rule.severity.as_str())
    }

    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        if self.questions.is_empty() {
            r.push(
                &format!("{path}.questions"),
                "must list at least one question",
            );
        }
        r.unique_ids(
            self.questions
                .iter()
                .enumerate()
                .map(|(i, q)| (format!("{path}.questions[{i}].id"), q.id.as_str())),
        );
        for (i, q) in self.questions.iter().enumerate() {
            let p = format!("{path}.questions[{i}]");
            r.name(&format!("{p}.label"), &q.label);
            if q.options.is_empty() {
                r.push(&format!("{p}.options"), "must list at least one answer");
            }
            r.unique_ids(
                q.options
                    .iter()
                    .enumerate()
                    .map(|(j, o)| (format!("{p}.options[{j}].id"), o.id.as_str())),
            );
            for (j, o) in q.options.iter().enumerate() {
                r.name(&format!("{p}.options[{j}].label"), &o.label);
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let p = format!("{path}.rules[{i}]");
            r.reference(
                &format!("{p}.severity"),
                &rule.severity,
                &ids.severities,
                "a severity",
            );
            if rule.when.is_empty() {
                r.push(&format!("{p}.when"), "must name at least one answer");
            }
            for (question, answer) in &rule.when {
                match self.questions.iter().find(|q| &q.id == question) {
                    None => r.push(
                        &format!("{p}.when.{question}"),
                        format!("{question:?} is not a question of the guide"),
                    ),
                    Some(q) if !q.options.iter().any(|o| &o.id == answer) => r.push(
                        &format!("{p}.when.{question}"),
                        format!("{answer:?} is not an answer of {question:?}"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}
