//! Severity and functional level suggested from the impact (P4, P2): the registration asks how
//! the customer is affected (questions with fixed answers: P4's users affected and interruption,
//! P2's criticality and impact); among the rules whose answers all match, the first that names
//! a severity suggests it and the first that names a level suggests the functional level the
//! ticket starts at; the person confirms or changes them.

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

/// `when` every question named has the answer given, suggest `severity`, `level`, or both (a
/// rule names at least one).
///
/// ```json
/// { "when": { "criticidad": "alta" }, "severity": "alta", "level": 3 }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactRule {
    pub when: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The functional level (`levels[].number`) the ticket starts at (P2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
}

impl ImpactRule {
    fn matches(&self, answers: &BTreeMap<String, String>) -> bool {
        self.when
            .iter()
            .all(|(question, answer)| answers.get(question) == Some(answer))
    }
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
///
/// // P2 maps criticality and impact to a functional level (and its severities).
/// let p2 = ProcessProfile::from_json(preset("p2-seware").unwrap()).unwrap();
/// let guide = p2.registration.severity_guide.as_ref().unwrap();
/// let both = answers(&[("criticidad", "alta"), ("impacto", "perdida_funcionalidad")]);
/// assert_eq!(guide.suggest_level(&both), Some(3));
/// assert_eq!(guide.suggest(&both), Some("alta"));
/// let low = answers(&[("criticidad", "baja"), ("impacto", "no_critico")]);
/// assert_eq!(guide.suggest_level(&low), Some(1));
/// assert_eq!(guide.suggest_level(&answers(&[("criticidad", "baja")])), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityGuide {
    pub questions: Vec<ImpactQuestion>,
    /// In order: the first that matches suggests.
    pub rules: Vec<ImpactRule>,
}

impl SeverityGuide {
    /// The severity the first matching rule that names one suggests for `answers` (question id
    /// → answer id); `None` while no such rule matches (unanswered questions match nothing).
    pub fn suggest(&self, answers: &BTreeMap<String, String>) -> Option<&str> {
        self.rules
            .iter()
            .filter(|rule| rule.matches(answers))
            .find_map(|rule| rule.severity.as_deref())
    }

    /// The functional level the first matching rule that names one suggests; `None` while no
    /// such rule matches.
    pub fn suggest_level(&self, answers: &BTreeMap<String, String>) -> Option<u8> {
        self.rules
            .iter()
            .filter(|rule| rule.matches(answers))
            .find_map(|rule| rule.level)
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
            if let Some(severity) = &rule.severity {
                r.reference(
                    &format!("{p}.severity"),
                    severity,
                    &ids.severities,
                    "a severity",
                );
            }
            match rule.level {
                Some(level) if !ids.levels.contains(&level) => r.push(
                    &format!("{p}.level"),
                    format!("{level} is not a level of this profile (levels[].number)"),
                ),
                None if rule.severity.is_none() => {
                    r.push(&p, "must suggest a severity, a level or both")
                }
                _ => {}
            }
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
