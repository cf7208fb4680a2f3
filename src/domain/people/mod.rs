//! The desk's people: agents and technicians a ticket is assigned to (name, functional level,
//! skills, phone, e-mail, active or not). Kept as desk records ([`crate::domain::desk::people`]);
//! edited as drafts ([`draft`]); proposed for a ticket by account and competence ([`suggest`]).
//!
//! ```
//! use mesa::domain::people::Person;
//!
//! let lucia = Person { name: "Lucía Pérez".into(), skills: vec!["Aprovisionamiento".into()],
//!     active: true, ..Person::default() };
//! assert!(lucia.is_named(" lucia perez"));
//! assert!(lucia.knows(&["aprovisionamiento"]));
//! assert!(!lucia.knows(&["incidente", "Incidente"]));
//! ```

pub mod draft;
pub mod suggest;

use serde::{Deserialize, Serialize};

use crate::domain::kb::fold_text;

/// A person of the desk as a list shows or edits them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The desk's record id (`person:<id>`); empty for a person not saved yet.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    /// Functional level, 1 = first line.
    pub level: u8,
    /// What the person is competent in: request kinds, by id or by name.
    pub skills: Vec<String>,
    pub phone: String,
    pub email: String,
    /// Takes tickets; an inactive person is kept but never offered.
    pub active: bool,
}

impl Person {
    /// Whether `name` names this person (compared without case, accents or surrounding
    /// spaces): how a ticket's assignee, a typed name, is matched to a person on file.
    pub fn is_named(&self, name: &str) -> bool {
        let name = fold_text(name);
        !name.is_empty() && fold_text(&self.name) == name
    }

    /// Whether one of the person's skills is one of `names` (a request kind's id and name),
    /// compared without case or accents.
    pub fn knows(&self, names: &[&str]) -> bool {
        let names: Vec<String> = names
            .iter()
            .map(|n| fold_text(n))
            .filter(|n| !n.is_empty())
            .collect();
        self.skills.iter().any(|s| names.contains(&fold_text(s)))
    }
}

/// The names of the active people on file, sorted (by their bytes), without repeats: what the
/// queue's assignee filter adds to the names tickets are assigned to ([`merge_names`]).
///
/// ```
/// use mesa::domain::people::{active_names, Person};
/// let ana = Person { name: "Ana".into(), active: true, ..Person::default() };
/// let gone = Person { name: "Leo".into(), ..Person::default() };
/// let zoe = Person { name: "Zoe".into(), active: true, ..Person::default() };
/// assert_eq!(active_names(&[zoe, gone, ana]), vec!["Ana".to_string(), "Zoe".to_string()]);
/// ```
pub fn active_names(people: &[Person]) -> Vec<String> {
    let mut names: Vec<String> = people
        .iter()
        .filter(|p| p.active)
        .map(|p| p.name.clone())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The names the queue's assignee filter lists: two lists sorted by their bytes without
/// repeats (the active people, [`active_names`]; the names tickets are assigned to, typed ones
/// too) as one, sorted, without repeats. A merge, not a sort: this runs in the queue's own code,
/// which every start loads.
///
/// ```
/// use mesa::domain::people::merge_names;
/// let people = vec!["Ana".to_string(), "Luis".to_string()];
/// let assigned = vec!["Ana".to_string(), "Zoe".to_string()];
/// assert_eq!(merge_names(&people, &assigned), vec!["Ana", "Luis", "Zoe"]);
/// assert_eq!(merge_names(&[], &assigned), assigned);
/// ```
pub fn merge_names(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(x), Some(y)) if x < y => {
                i += 1;
                x
            }
            (Some(x), None) => {
                i += 1;
                x
            }
            (_, Some(y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        out.push(next.clone());
    }
    out
}
