//! Editing the escalation directory of a profile from a form (Ajustes): every row checked field
//! by field, and the rules that call a level or a contact kept reachable.
//!
//! ```
//! use mesa::domain::profile::{preset, ContactDraft, DirectoryProblem, ProcessProfile};
//!
//! let p2 = ProcessProfile::from_json(preset("p2-seware").unwrap()).unwrap();
//! let mut rows: Vec<ContactDraft> = p2.escalation.directory.iter().map(ContactDraft::from).collect();
//! rows[0].mobile = "+57 300 123 4567".into();
//! let edited = p2.with_directory(&rows).expect("a valid directory");
//! assert_eq!(edited.escalation.directory[0].mobile.as_deref(), Some("+57 300 123 4567"));
//! assert_eq!(edited.version, p2.version + 1);
//!
//! rows[0].email = "no es un correo".into();
//! let problems = p2.with_directory(&rows).unwrap_err();
//! assert!(problems.contains(&DirectoryProblem::Email { row: 0 }));
//! ```

use std::collections::BTreeSet;

use super::check::{is_identifier, is_valid_email, is_valid_phone};
use super::{Contact, EscalationAction, ProcessProfile, ProfileError, Recipient};

/// One directory row as typed: every field is text, blank meaning "none".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactDraft {
    /// The contact's id; blank for a new row (one is made from the role).
    pub id: String,
    pub role: String,
    pub level: String,
    pub office_phone: String,
    pub extension: String,
    pub mobile: String,
    pub email: String,
}

impl From<&Contact> for ContactDraft {
    fn from(c: &Contact) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ContactDraft {
            id: c.id.clone(),
            role: c.role.clone(),
            level: c.level.to_string(),
            office_phone: text(&c.office_phone),
            extension: text(&c.extension),
            mobile: text(&c.mobile),
            email: text(&c.email),
        }
    }
}

/// What keeps an edited directory from being saved. `row` counts from 0 in the form's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DirectoryProblem {
    /// The role (what the contact is, e.g. "Líder de mesa") is blank.
    Role {
        row: usize,
    },
    /// The level is not a whole number from 1 to 255.
    Level {
        row: usize,
    },
    OfficePhone {
        row: usize,
    },
    Extension {
        row: usize,
    },
    Mobile {
        row: usize,
    },
    Email {
        row: usize,
    },
    /// No office phone, mobile or e-mail: nobody could reach this contact.
    Unreachable {
        row: usize,
    },
    /// An escalation rule, the customer escalation path or a notification calls this level, and
    /// no contact has it any more.
    LevelInUse {
        level: u8,
    },
    /// An escalation rule or a notification names this contact, which was removed.
    ContactInUse {
        id: String,
    },
    /// Anything else the profile's own validation refuses (not expected from this form).
    Profile(ProfileError),
}

impl DirectoryProblem {
    /// The form row the problem belongs to, if it belongs to one.
    pub fn row(&self) -> Option<usize> {
        match self {
            DirectoryProblem::Role { row }
            | DirectoryProblem::Level { row }
            | DirectoryProblem::OfficePhone { row }
            | DirectoryProblem::Extension { row }
            | DirectoryProblem::Mobile { row }
            | DirectoryProblem::Email { row }
            | DirectoryProblem::Unreachable { row } => Some(*row),
            _ => None,
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// An id made from the role ("Líder de mesa" → "lider_de_mesa"), unique among `taken`.
fn new_id(role: &str, taken: &BTreeSet<String>) -> String {
    let folded = crate::domain::kb::fold_text(role);
    let mut base = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('_') {
            base.push('_');
        }
    }
    let base = match base.trim_end_matches('_') {
        "" => "contacto".to_string(),
        b => b.to_string(),
    };
    if !taken.contains(&base) {
        return base;
    }
    let mut n = 2u64;
    loop {
        let id = format!("{base}_{n}");
        if !taken.contains(&id) {
            return id;
        }
        n += 1;
    }
}

/// Checks one row; its contact when every field is valid.
fn check_row(
    row: usize,
    d: &ContactDraft,
    problems: &mut Vec<DirectoryProblem>,
) -> Option<Contact> {
    let before = problems.len();
    if d.role.trim().is_empty() {
        problems.push(DirectoryProblem::Role { row });
    }
    let level = d.level.trim().parse::<u8>().ok().filter(|l| *l > 0);
    if level.is_none() {
        problems.push(DirectoryProblem::Level { row });
    }
    let (office, mobile, email) = (
        optional(&d.office_phone),
        optional(&d.mobile),
        optional(&d.email),
    );
    let extension = optional(&d.extension);
    if office.as_deref().is_some_and(|p| !is_valid_phone(p)) {
        problems.push(DirectoryProblem::OfficePhone { row });
    }
    if extension
        .as_deref()
        .is_some_and(|e| !e.chars().all(|c| c.is_ascii_digit()))
    {
        problems.push(DirectoryProblem::Extension { row });
    }
    if mobile.as_deref().is_some_and(|p| !is_valid_phone(p)) {
        problems.push(DirectoryProblem::Mobile { row });
    }
    if email.as_deref().is_some_and(|e| !is_valid_email(e)) {
        problems.push(DirectoryProblem::Email { row });
    }
    if office.is_none() && mobile.is_none() && email.is_none() {
        problems.push(DirectoryProblem::Unreachable { row });
    }
    (problems.len() == before).then(|| Contact {
        id: d.id.trim().to_string(),
        role: d.role.trim().to_string(),
        level: level.unwrap_or(1),
        office_phone: office,
        mobile,
        extension,
        email,
    })
}

impl ProcessProfile {
    /// Levels of the escalation directory that the rules, the customer escalation path and the
    /// notifications call.
    pub fn directory_levels_in_use(&self) -> BTreeSet<u8> {
        let esc = &self.escalation;
        let rules = esc
            .rules
            .iter()
            .flat_map(|r| &r.actions)
            .filter_map(|a| match a {
                EscalationAction::NotifyEscalationLevel { level } => Some(*level),
                _ => None,
            });
        let path = esc
            .customer_escalation
            .iter()
            .flat_map(|c| c.path.iter().copied());
        let notified = self
            .notifications
            .iter()
            .flat_map(|n| &n.to)
            .filter_map(|r| match r {
                Recipient::EscalationLevel(level) => Some(*level),
                _ => None,
            });
        rules.chain(path).chain(notified).collect()
    }

    /// Directory contacts that the rules and the notifications name.
    pub fn directory_contacts_in_use(&self) -> BTreeSet<String> {
        let rules = self
            .escalation
            .rules
            .iter()
            .flat_map(|r| &r.actions)
            .filter_map(|a| match a {
                EscalationAction::NotifyContact { contact } => Some(contact.clone()),
                _ => None,
            });
        let notified = self
            .notifications
            .iter()
            .flat_map(|n| &n.to)
            .filter_map(|r| match r {
                Recipient::Contact(id) => Some(id.clone()),
                _ => None,
            });
        rules.chain(notified).collect()
    }

    /// This profile with its escalation directory replaced by `rows` (the after-hours line is
    /// kept) and its version raised by one, or every problem found, each tied to its row where
    /// it has one.
    pub fn with_directory(
        &self,
        rows: &[ContactDraft],
    ) -> Result<ProcessProfile, Vec<DirectoryProblem>> {
        let mut problems = Vec::new();
        let checked: Vec<Option<Contact>> = rows
            .iter()
            .enumerate()
            .map(|(i, d)| check_row(i, d, &mut problems))
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let after_hours: Vec<&Contact> = self
            .escalation
            .after_hours
            .iter()
            .flat_map(|a| &a.contacts)
            .collect();
        let mut taken: BTreeSet<String> = checked
            .iter()
            .flatten()
            .map(|c| c.id.clone())
            .chain(after_hours.iter().map(|c| c.id.clone()))
            .filter(|id| !id.is_empty())
            .collect();
        let mut seen = BTreeSet::new();
        let directory: Vec<Contact> = checked
            .into_iter()
            .flatten()
            .map(|mut c| {
                // A blank, malformed or repeated id (a copied row) gets a fresh one.
                if c.id.is_empty() || !is_identifier(&c.id) || !seen.insert(c.id.clone()) {
                    c.id = new_id(&c.role, &taken);
                    taken.insert(c.id.clone());
                    seen.insert(c.id.clone());
                }
                c
            })
            .collect();
        let levels: BTreeSet<u8> = directory
            .iter()
            .chain(after_hours.iter().copied())
            .map(|c| c.level)
            .collect();
        let ids: BTreeSet<&str> = directory
            .iter()
            .chain(after_hours.iter().copied())
            .map(|c| c.id.as_str())
            .collect();
        problems.extend(
            self.directory_levels_in_use()
                .into_iter()
                .filter(|l| !levels.contains(l))
                .map(|level| DirectoryProblem::LevelInUse { level }),
        );
        problems.extend(
            self.directory_contacts_in_use()
                .into_iter()
                .filter(|id| !ids.contains(id.as_str()))
                .map(|id| DirectoryProblem::ContactInUse { id }),
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut edited = self.clone();
        edited.escalation.directory = directory;
        edited.version = self.version.saturating_add(1);
        // A renamed or removed role's translation goes; the others stay.
        let edited = edited.with_translations_pruned();
        match edited.validate() {
            list if list.is_empty() => Ok(edited),
            list => Err(list.into_iter().map(DirectoryProblem::Profile).collect()),
        }
    }
}
