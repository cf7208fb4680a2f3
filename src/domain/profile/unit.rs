//! What the desk calls one of its tickets: an «incidencia» (P1, P4), a «requerimiento» (P2), a
//! «caso» (P3, as its stages say), a «solicitud» (P5). The profile names it per language;
//! every text of the app and of its e-mails that names a ticket uses it, with the words
//! around it agreeing in gender («Nuevo requerimiento», «Nueva solicitud»; issue #15, one
//! vocabulary).
//!
//! ```
//! use mesa::domain::profile::{preset, Gender, ProcessProfile};
//! let p2 = ProcessProfile::from_json(preset("p2-seware").unwrap()).unwrap();
//! let es = p2.unit.word("es");
//! assert_eq!((es.one.as_str(), es.other.as_str()), ("requerimiento", "requerimientos"));
//! assert_eq!(es.gender, Gender::Masculine);
//! // A language the profile does not name gets the app's own word.
//! let mut p5 = ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap();
//! assert_eq!(p5.unit.word("en").one, "request");
//! p5.unit.0.remove("en");
//! assert_eq!(p5.unit.word("en").one, "ticket");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::check::Report;
use super::unit_edit::{word_problem, UnitField, UnitProblem, UNIT_MAX_CHARS};

/// The grammatical gender of a unit word, for the words that agree with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    #[default]
    Feminine,
    Masculine,
}

impl Gender {
    fn is_feminine(&self) -> bool {
        *self == Gender::Feminine
    }
}

/// One language's word for a ticket, singular and plural.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitWord {
    pub one: String,
    pub other: String,
    /// Spanish agreement («nueva/nuevo»); ignored in English.
    #[serde(default, skip_serializing_if = "Gender::is_feminine")]
    pub gender: Gender,
}

impl UnitWord {
    /// Whether `text` names the unit (`{unit}`, `{units}`, `{Unit}`, `{Units}`).
    pub fn placeholders_in(text: &str) -> bool {
        text.contains("{unit") || text.contains("{Unit")
    }

    /// The Spanish form that agrees with this word: `feminine` or `masculine`.
    ///
    /// ```
    /// use mesa::domain::profile::{Gender, UnitWord};
    /// let word = UnitWord { one: "caso".into(), other: "casos".into(), gender: Gender::Masculine };
    /// assert_eq!(format!("{} {}", word.agree("la", "el"), word.one), "el caso");
    /// ```
    pub fn agree<'a>(&self, feminine: &'a str, masculine: &'a str) -> &'a str {
        match self.gender {
            Gender::Feminine => feminine,
            Gender::Masculine => masculine,
        }
    }

    /// `text` with this word in its placeholders: singular and plural, as written or with a
    /// capital first letter for a sentence's start.
    ///
    /// ```
    /// use mesa::domain::profile::UnitWord;
    /// let word = UnitWord::default_for("es");
    /// assert_eq!(word.fill("{Units} por canal: {n} {unit}"), "Incidencias por canal: {n} incidencia");
    /// let order = UnitWord { one: "órden".into(), other: "órdenes".into(), ..word };
    /// assert_eq!(order.fill("{Unit}"), "Órden");
    /// ```
    pub fn fill(&self, text: &str) -> String {
        text.replace("{units}", &self.other)
            .replace("{unit}", &self.one)
            .replace("{Units}", &capitalized(&self.other))
            .replace("{Unit}", &capitalized(&self.one))
    }

    /// The app's word in `language` when the profile names none: «incidencia» in Spanish,
    /// "ticket" in English.
    pub fn default_for(language: &str) -> Self {
        let (one, other) = if language == "en" {
            ("ticket", "tickets")
        } else {
            ("incidencia", "incidencias")
        };
        Self {
            one: one.to_string(),
            other: other.to_string(),
            gender: Gender::Feminine,
        }
    }
}

/// The profile's words for a ticket, by language code (`"es"`, `"en"`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitNames(pub BTreeMap<String, UnitWord>);

impl UnitNames {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the word for `language` is masculine (the app's own words are feminine).
    pub fn is_masculine(&self, language: &str) -> bool {
        self.0
            .get(language)
            .is_some_and(|w| w.gender == Gender::Masculine)
    }

    /// `text` with the word for `language` in its placeholders (see [`UnitWord::fill`]).
    pub fn fill(&self, language: &str, text: &str) -> String {
        match self.0.get(language) {
            Some(word) => word.fill(text),
            None => UnitWord::default_for(language).fill(text),
        }
    }

    /// The word for `language`: the profile's, else the app's default.
    pub fn word(&self, language: &str) -> UnitWord {
        self.0
            .get(language)
            .cloned()
            .unwrap_or_else(|| UnitWord::default_for(language))
    }

    /// Words must be short plain words: they are put inside sentences and headings.
    pub(super) fn check(&self, r: &mut Report) {
        for (language, word) in &self.0 {
            if !matches!(language.as_str(), "es" | "en") {
                r.push(
                    &format!("unit.{language}"),
                    "is not a language of the app (es, en)",
                );
            }
            for (field, value) in [
                (UnitField::EsOne, &word.one),
                (UnitField::EsOther, &word.other),
            ] {
                let path = format!(
                    "unit.{language}.{}",
                    if field == UnitField::EsOne {
                        "one"
                    } else {
                        "other"
                    }
                );
                match word_problem(field, value) {
                    Some(UnitProblem::Empty(_)) => r.push(&path, "must not be empty"),
                    Some(UnitProblem::TooLong(_)) => r.push(
                        &path,
                        format!("must be at most {UNIT_MAX_CHARS} characters"),
                    ),
                    Some(UnitProblem::NotPlain(_)) => r.push(
                        &path,
                        "must be a plain word (no braces, angle brackets or lines)",
                    ),
                    None => {}
                }
            }
        }
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let upper = match first {
        'á' => 'Á',
        'é' => 'É',
        'í' => 'Í',
        'ó' => 'Ó',
        'ú' => 'Ú',
        'ü' => 'Ü',
        'ñ' => 'Ñ',
        c => c.to_ascii_uppercase(),
    };
    std::iter::once(upper).chain(chars).collect()
}
