//! The profile in a second language (issue #18, «Language»): its human texts (request kinds,
//! severities, stages, fields, checks, channels…) are written in Spanish, and `translations`
//! gives each one's English, keyed by the Spanish text as the profile writes it. The screens
//! look a text up in the reader's language, the engine in the desk's message language
//! (`locale`); a text without a translation shows in Spanish, so a profile without the table
//! reads in Spanish everywhere.
//!
//! ```
//! use mesa::domain::profile::{preset, ProcessProfile};
//! let mut p3 = ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap();
//! assert_eq!(p3.text("Diagnóstico", "en"), "Diagnosis");
//! assert_eq!(p3.text("Diagnóstico", "es"), "Diagnóstico");
//! p3.translations = Default::default();
//! assert_eq!(p3.text("Diagnóstico", "en"), "Diagnóstico");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::check::Report;
use super::ProcessProfile;

/// Language code → (Spanish text → that language's text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Translations(pub BTreeMap<String, BTreeMap<String, String>>);

impl Translations {
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }

    /// `spanish` in `language`: its translation, else itself.
    pub fn text<'a>(&'a self, spanish: &'a str, language: &str) -> &'a str {
        self.0
            .get(language)
            .and_then(|table| table.get(spanish))
            .map_or(spanish, String::as_str)
    }
}

impl ProcessProfile {
    /// A text of this profile (`spanish`, as written in it) in `language` (`"es"`, `"en"`):
    /// the one lookup every screen and message goes through.
    pub fn text<'a>(&'a self, spanish: &'a str, language: &str) -> &'a str {
        self.translations.text(spanish, language)
    }

    /// Every human text of the profile with its path (`stages[2].name`), in the profile's
    /// order; empty texts left out. Ids, codes, addresses and phone numbers are not texts.
    pub fn texts(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = Vec::new();
        let mut v = Visit { out: &mut out };
        v.add("name".into(), &self.name);
        v.add("description".into(), &self.description);
        for (i, c) in self.calendars.iter().enumerate() {
            v.add(format!("calendars[{i}].name"), &c.name);
        }
        for (i, k) in self.request_kinds.iter().enumerate() {
            v.add(format!("request_kinds[{i}].name"), &k.name);
            v.add(format!("request_kinds[{i}].description"), &k.description);
        }
        for (i, s) in self.severities.iter().enumerate() {
            v.add(format!("severities[{i}].name"), &s.name);
            v.add(format!("severities[{i}].description"), &s.description);
        }
        for (i, c) in self.city_classes.iter().enumerate() {
            v.add(format!("city_classes[{i}].name"), &c.name);
            v.add(format!("city_classes[{i}].description"), &c.description);
        }
        for (i, s) in self.stages.iter().enumerate() {
            v.add(format!("stages[{i}].name"), &s.name);
            v.add(format!("stages[{i}].description"), &s.description);
            for (j, m) in s.milestones.iter().enumerate() {
                v.add(format!("stages[{i}].milestones[{j}].name"), &m.name);
            }
        }
        for (i, l) in self.levels.iter().enumerate() {
            let p = format!("levels[{i}]");
            v.add(format!("{p}.name"), &l.name);
            v.add(format!("{p}.area"), &l.area);
            v.opt(format!("{p}.criticality"), &l.criticality);
            v.opt(format!("{p}.impact"), &l.impact);
            for (j, r) in l.responsibilities.iter().enumerate() {
                v.add(format!("{p}.responsibilities[{j}]"), r);
            }
        }
        let esc = &self.escalation;
        for (i, c) in esc.directory.iter().enumerate() {
            v.add(format!("escalation.directory[{i}].role"), &c.role);
        }
        if let Some(a) = &esc.after_hours {
            for (i, c) in a.contacts.iter().enumerate() {
                v.add(
                    format!("escalation.after_hours.contacts[{i}].role"),
                    &c.role,
                );
            }
        }
        for (i, r) in esc.rules.iter().enumerate() {
            v.add(format!("escalation.rules[{i}].name"), &r.name);
        }
        if let Some(ce) = &esc.customer_escalation {
            for (i, r) in ce.reasons.iter().enumerate() {
                let p = format!("escalation.customer_escalation.reasons[{i}].label");
                v.add(p, &r.label);
            }
        }
        let reg = &self.registration;
        for (i, f) in reg.fields.iter().enumerate() {
            let p = format!("registration.fields[{i}]");
            v.add(format!("{p}.label"), &f.label);
            v.add(format!("{p}.help"), &f.help);
            for (j, o) in f.options.iter().enumerate() {
                v.add(format!("{p}.options[{j}]"), o);
            }
        }
        if let Some(c) = &reg.checklist {
            v.add("registration.checklist.title".into(), &c.title);
            for (i, item) in c.items.iter().enumerate() {
                v.add(
                    format!("registration.checklist.items[{i}].label"),
                    &item.label,
                );
            }
        }
        if let Some(s) = &reg.scope {
            v.opt("registration.scope.question".into(), &s.question);
            v.add(
                "registration.scope.rejection_label".into(),
                &s.rejection_label,
            );
        }
        for (i, c) in reg.channels.iter().enumerate() {
            v.add(format!("registration.channels[{i}].name"), &c.name);
        }
        if let Some(g) = &reg.severity_guide {
            for (i, q) in g.questions.iter().enumerate() {
                let p = format!("registration.severity_guide.questions[{i}]");
                v.add(format!("{p}.label"), &q.label);
                for (j, o) in q.options.iter().enumerate() {
                    v.add(format!("{p}.options[{j}].label"), &o.label);
                }
            }
        }
        for (i, c) in self.closure.categories.iter().enumerate() {
            v.add(format!("closure.categories[{i}].name"), &c.name);
        }
        out
    }

    /// This profile without the translations whose text it no longer has (an edit renamed or
    /// removed it): what an edit in Ajustes publishes, so the other translations stay.
    pub fn with_translations_pruned(mut self) -> ProcessProfile {
        let texts: BTreeSet<String> = self.texts().into_iter().map(|(_, t)| t.into()).collect();
        for table in self.translations.0.values_mut() {
            table.retain(|spanish, _| texts.contains(spanish));
        }
        self.translations.0.retain(|_, table| !table.is_empty());
        self
    }

    /// The table's problems: a language the app does not speak, a key that is no text of the
    /// profile, an empty translation.
    pub(super) fn check_translations(&self, r: &mut Report) {
        if self.translations.is_empty() {
            return;
        }
        let texts: BTreeSet<&str> = self.texts().into_iter().map(|(_, t)| t).collect();
        for (language, table) in &self.translations.0 {
            if language != "en" {
                r.push(
                    &format!("translations.{language}"),
                    "is not a language to translate into (en)",
                );
            }
            for (spanish, text) in table {
                let path = format!("translations.{language}[{spanish:?}]");
                if !texts.contains(spanish.as_str()) {
                    r.push(&path, "is not a text of this profile");
                } else if text.trim().is_empty() {
                    r.push(&path, "must not be empty");
                }
            }
        }
    }
}

struct Visit<'p, 'o> {
    out: &'o mut Vec<(String, &'p str)>,
}

impl<'p> Visit<'p, '_> {
    fn add(&mut self, path: String, text: &'p str) {
        if !text.trim().is_empty() {
            self.out.push((path, text));
        }
    }

    fn opt(&mut self, path: String, text: &'p Option<String>) {
        if let Some(text) = text {
            self.add(path, text);
        }
    }
}

/// The languages a desk can write to its customers in (`locale`).
pub const MESSAGE_LANGUAGES: [&str; 2] = ["es", "en"];

impl ProcessProfile {
    /// The desk's message language as a code of [`MESSAGE_LANGUAGES`]: English where `locale`
    /// says so, else Spanish.
    pub fn message_language(&self) -> &'static str {
        if self.locale.to_ascii_lowercase().starts_with("en") {
            "en"
        } else {
            "es"
        }
    }

    /// This profile writing to customers in `language` (Ajustes › Vocabulario), its version
    /// raised by one; `None` when it already does or `language` is not one of
    /// [`MESSAGE_LANGUAGES`].
    ///
    /// ```
    /// use mesa::domain::profile::{preset, ProcessProfile};
    /// let p3 = ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap();
    /// let en = p3.with_message_language("en").unwrap();
    /// assert_eq!((en.message_language(), en.version), ("en", p3.version + 1));
    /// assert!(en.with_message_language("en").is_none());
    /// assert_eq!(en.translations, p3.translations);
    /// ```
    pub fn with_message_language(&self, language: &str) -> Option<ProcessProfile> {
        if !MESSAGE_LANGUAGES.contains(&language) || self.message_language() == language {
            return None;
        }
        let mut edited = self.clone();
        edited.locale = language.to_string();
        edited.version = self.version.saturating_add(1);
        Some(edited)
    }
}
