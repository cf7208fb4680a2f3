//! A person as typed in Ajustes (every field a text) and what is wrong with it: each problem
//! names its row and field, so the form shows it beside the field, by the field's label.
//!
//! ```
//! use mesa::domain::people::draft::{PersonDraft, PersonField};
//!
//! let draft = PersonDraft { name: "Lucía".into(), level: "x".into(),
//!     email: "lucia@".into(), ..PersonDraft::default() };
//! let problems = PersonDraft::check_all(&[draft]).unwrap_err();
//! assert_eq!(problems[0].field, PersonField::Level);
//! assert_eq!(problems[0].code, "level");
//! assert_eq!(problems[1].field, PersonField::Email);
//! ```

use super::Person;
use crate::domain::kb::fold_text;
use crate::domain::profile::{is_valid_email, is_valid_phone};

/// The highest functional level a person can be given.
pub const MAX_LEVEL: u8 = 9;

/// One editable field of a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonField {
    Name,
    Level,
    Skills,
    Phone,
    Email,
}

impl PersonField {
    pub const ALL: [PersonField; 5] = [
        PersonField::Name,
        PersonField::Level,
        PersonField::Skills,
        PersonField::Phone,
        PersonField::Email,
    ];

    /// The field's key: its DOM class and the end of its label's locale key
    /// (`settings.people.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            PersonField::Name => "name",
            PersonField::Level => "level",
            PersonField::Skills => "skills",
            PersonField::Phone => "phone",
            PersonField::Email => "email",
        }
    }
}

/// One problem of one row: the field and a stable code (`required`, `duplicate`, `level`,
/// `phone`, `email`), whose text (`settings.people.problem.<code>`) names the field's label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonProblem {
    pub row: usize,
    pub field: PersonField,
    pub code: &'static str,
}

/// A person as typed: the level as text, the skills as one comma-separated text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonDraft {
    /// The record id, empty for a new person.
    pub id: String,
    pub name: String,
    pub level: String,
    pub skills: String,
    pub phone: String,
    pub email: String,
    pub active: bool,
}

impl From<&Person> for PersonDraft {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id.clone(),
            name: p.name.clone(),
            level: p.level.to_string(),
            skills: p.skills.join(", "),
            phone: p.phone.clone(),
            email: p.email.clone(),
            active: p.active,
        }
    }
}

impl PersonDraft {
    /// A new, active person at level 1.
    pub fn new_person() -> Self {
        Self {
            level: "1".into(),
            active: true,
            ..Self::default()
        }
    }

    /// The value of one field as typed.
    pub fn value(&self, field: PersonField) -> &str {
        match field {
            PersonField::Name => &self.name,
            PersonField::Level => &self.level,
            PersonField::Skills => &self.skills,
            PersonField::Phone => &self.phone,
            PersonField::Email => &self.email,
        }
    }

    /// Sets one field as typed.
    pub fn set(&mut self, field: PersonField, value: String) {
        *match field {
            PersonField::Name => &mut self.name,
            PersonField::Level => &mut self.level,
            PersonField::Skills => &mut self.skills,
            PersonField::Phone => &mut self.phone,
            PersonField::Email => &mut self.email,
        } = value;
    }

    /// The people the drafts describe, or every problem: a name missing or given twice, a
    /// level that is not a whole number from 1 to [`MAX_LEVEL`], a malformed phone or e-mail
    /// (both may be left blank).
    pub fn check_all(drafts: &[PersonDraft]) -> Result<Vec<Person>, Vec<PersonProblem>> {
        let mut problems = Vec::new();
        let mut people = Vec::new();
        for (row, d) in drafts.iter().enumerate() {
            let mut push = |field, code| problems.push(PersonProblem { row, field, code });
            let name = d.name.trim();
            if name.is_empty() {
                push(PersonField::Name, "required");
            } else if drafts[..row]
                .iter()
                .any(|o| fold_text(&o.name) == fold_text(name))
            {
                push(PersonField::Name, "duplicate");
            }
            let level = d.level.trim().parse::<u8>().ok();
            let level = level.filter(|l| (1..=MAX_LEVEL).contains(l));
            if level.is_none() {
                push(PersonField::Level, "level");
            }
            let (phone, email) = (d.phone.trim(), d.email.trim());
            if !phone.is_empty() && !is_valid_phone(phone) {
                push(PersonField::Phone, "phone");
            }
            if !email.is_empty() && !is_valid_email(email) {
                push(PersonField::Email, "email");
            }
            people.push(Person {
                id: d.id.clone(),
                name: name.to_string(),
                level: level.unwrap_or(1),
                skills: split_skills(&d.skills),
                phone: phone.to_string(),
                email: email.to_string(),
                active: d.active,
            });
        }
        if problems.is_empty() {
            Ok(people)
        } else {
            Err(problems)
        }
    }
}

/// The skills in a comma-separated text: trimmed, blank ones and repeats dropped.
///
/// ```
/// use mesa::domain::people::draft::split_skills;
/// assert_eq!(split_skills(" Incidente, ,aprovisionamiento, incidente"),
///     vec!["Incidente".to_string(), "aprovisionamiento".to_string()]);
/// ```
pub fn split_skills(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for skill in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| fold_text(o) == fold_text(skill)) {
            out.push(skill.to_string());
        }
    }
    out
}

/// Whether the comma-separated `text` holds `skill` (compared like names are).
pub fn has_skill(text: &str, skill: &str) -> bool {
    split_skills(text)
        .iter()
        .any(|s| fold_text(s) == fold_text(skill))
}

/// The comma-separated skills with `skill` added (`on`) or taken out, the others kept in order:
/// what ticking one of the process's request kinds does to a person's skills.
///
/// ```
/// use mesa::domain::people::draft::with_skill;
/// assert_eq!(with_skill("Incidente", "Aprovisionamiento", true), "Incidente, Aprovisionamiento");
/// assert_eq!(with_skill("incidente, Consulta", "Incidente", false), "Consulta");
/// assert_eq!(with_skill("Consulta", "consulta", true), "Consulta");
/// ```
pub fn with_skill(text: &str, skill: &str, on: bool) -> String {
    let mut skills = split_skills(text);
    if !on {
        skills.retain(|s| fold_text(s) != fold_text(skill));
    } else if !has_skill(text, skill) {
        skills.push(skill.trim().to_string());
    }
    skills.join(", ")
}
