//! Editing what the desk calls a ticket from a form (Ajustes › Vocabulario): the Spanish word,
//! its plural and gender, and the English word and plural. Saving gives a new version of the
//! profile, like the directory and the holidays.
//!
//! ```
//! use mesa::domain::profile::{preset, Gender, ProcessProfile, UnitField, UnitProblem};
//!
//! let p4 = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
//! let mut draft = p4.unit_draft();
//! draft.es_one = "orden de trabajo".into();
//! draft.es_other = "órdenes de trabajo".into();
//! draft.en_one = "work order".into();
//! draft.en_other = "work orders".into();
//! let edited = p4.with_unit(&draft).expect("plain words");
//! assert_eq!(edited.unit.word("es").other, "órdenes de trabajo");
//! assert_eq!(edited.unit.word("es").gender, Gender::Feminine);
//! assert_eq!(edited.version, p4.version + 1);
//!
//! draft.en_other = "  ".into();
//! draft.es_one = "{orden}".into();
//! assert_eq!(
//!     p4.with_unit(&draft).unwrap_err(),
//!     vec![
//!         UnitProblem::NotPlain(UnitField::EsOne),
//!         UnitProblem::Empty(UnitField::EnOther),
//!     ]
//! );
//! ```

use super::{Gender, ProcessProfile, UnitNames, UnitWord};

/// The longest word or phrase accepted: it goes inside headings and sentences.
pub const UNIT_MAX_CHARS: usize = 40;

/// The words as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitDraft {
    pub es_one: String,
    pub es_other: String,
    pub es_gender: Gender,
    pub en_one: String,
    pub en_other: String,
}

impl UnitDraft {
    /// The text typed in `field`.
    pub fn word(&self, field: UnitField) -> &str {
        match field {
            UnitField::EsOne => &self.es_one,
            UnitField::EsOther => &self.es_other,
            UnitField::EnOne => &self.en_one,
            UnitField::EnOther => &self.en_other,
        }
    }

    pub fn word_mut(&mut self, field: UnitField) -> &mut String {
        match field {
            UnitField::EsOne => &mut self.es_one,
            UnitField::EsOther => &mut self.es_other,
            UnitField::EnOne => &mut self.en_one,
            UnitField::EnOther => &mut self.en_other,
        }
    }
}

/// One field of the form, for the problem beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitField {
    EsOne,
    EsOther,
    EnOne,
    EnOther,
}

impl UnitField {
    /// The form's order.
    pub const ALL: [UnitField; 4] = [Self::EsOne, Self::EsOther, Self::EnOne, Self::EnOther];

    /// The field's code, for its element id and its label's text key.
    pub fn code(self) -> &'static str {
        match self {
            Self::EsOne => "es_one",
            Self::EsOther => "es_other",
            Self::EnOne => "en_one",
            Self::EnOther => "en_other",
        }
    }
}

/// What keeps the words from being saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitProblem {
    Empty(UnitField),
    /// Longer than [`UNIT_MAX_CHARS`].
    TooLong(UnitField),
    /// Braces, angle brackets or a line break: not a word to put inside a sentence.
    NotPlain(UnitField),
}

impl UnitProblem {
    pub fn field(self) -> UnitField {
        match self {
            Self::Empty(f) | Self::TooLong(f) | Self::NotPlain(f) => f,
        }
    }

    /// The problem's code, for its text key.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty(_) => "empty",
            Self::TooLong(_) => "too_long",
            Self::NotPlain(_) => "not_plain",
        }
    }
}

/// The problem with one word, if any.
pub(super) fn word_problem(field: UnitField, value: &str) -> Option<UnitProblem> {
    if value.trim().is_empty() {
        Some(UnitProblem::Empty(field))
    } else if value.chars().count() > UNIT_MAX_CHARS {
        Some(UnitProblem::TooLong(field))
    } else if value.contains(['{', '}', '<', '>', '\n', '\r']) {
        Some(UnitProblem::NotPlain(field))
    } else {
        None
    }
}

impl ProcessProfile {
    /// The form's words: the profile's, or the app's where it names none.
    pub fn unit_draft(&self) -> UnitDraft {
        let es = self.unit.word("es");
        let en = self.unit.word("en");
        UnitDraft {
            es_one: es.one,
            es_other: es.other,
            es_gender: es.gender,
            en_one: en.one,
            en_other: en.other,
        }
    }

    /// This profile naming a ticket with `draft`'s words (trimmed), its version raised by one,
    /// or every problem found, in the form's order.
    pub fn with_unit(&self, draft: &UnitDraft) -> Result<ProcessProfile, Vec<UnitProblem>> {
        let problems: Vec<UnitProblem> = UnitField::ALL
            .into_iter()
            .filter_map(|field| word_problem(field, draft.word(field)))
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let word = |one: &str, other: &str, gender| UnitWord {
            one: one.trim().to_string(),
            other: other.trim().to_string(),
            gender,
        };
        let mut names = UnitNames::default();
        names.0.insert(
            "es".into(),
            word(&draft.es_one, &draft.es_other, draft.es_gender),
        );
        names.0.insert(
            "en".into(),
            word(&draft.en_one, &draft.en_other, Gender::Feminine),
        );
        let mut edited = self.clone();
        edited.unit = names;
        edited.version += 1;
        Ok(edited)
    }
}
