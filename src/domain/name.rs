//! A name many tickets repeat — a customer, a site, a person, a request kind, a severity, a
//! field's id — held once in memory however many tickets carry it (issue #21: every ticket of
//! the desk is held, and a desk of 200,000 tickets repeats a few hundred names).
//!
//! A `Name` reads as a `str` (`Deref`), compares with strings, and reads and writes the same
//! JSON string as a `String` did. Equal names share one allocation: the names made are kept in
//! one table that only grows (a desk has few distinct names).
//!
//! ```
//! use mesa::domain::name::Name;
//! let a = Name::new("Hotel Brisa Azul");
//! let b: Name = serde_json::from_str("\"Hotel Brisa Azul\"").unwrap();
//! assert_eq!(a, b);
//! assert!(Name::same_text(&a, &b));
//! assert_eq!(a, "Hotel Brisa Azul");
//! assert_eq!(a.len(), 16);
//! ```

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use mesa_fast_text::{folded_pair, shared_text, SharedText};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A shared, immutable name: one pointer, 4 bytes on wasm32 (a `String` takes 12 and its own
/// allocation; an `Arc<str>` 8).
#[derive(Clone)]
pub struct Name(SharedText);

impl Name {
    /// The name `text`, sharing the allocation of an equal name made before (the table is
    /// `mesa_fast_text::shared_text`, compiled for speed: a large desk's list makes about ten
    /// names a ticket when it loads, #21).
    pub fn new(text: &str) -> Self {
        Name(shared_text(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0[..]
    }

    /// `first` and `second` folded (`crate::domain::kb::fold_text`) as one text joined by a
    /// space, made once per pair of names: the queue's search text holds each ticket's
    /// customer and site so (#21).
    pub fn folded_pair(first: &Name, second: Option<&Name>) -> Name {
        Name(folded_pair(&first.0, second.map(|s| &s.0)))
    }

    /// True when both are one shared allocation (equal names are).
    pub fn same_text(a: &Name, b: &Name) -> bool {
        SharedText::same(&a.0, &b.0)
    }
}

impl Default for Name {
    fn default() -> Self {
        Name::new("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0[..]
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0[..]
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0[..]
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Name::new(&text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Self {
        Name::new(text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0.to_string()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        SharedText::same(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Name {
    /// As the `str` hashes (`Borrow<str>` lets a map of names be searched by a `&str`).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Name {
    /// Read from the JSON string as it stands, with no `String` made for it (a large desk's
    /// list reads about ten names a ticket, #21).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(NameVisitor)
    }
}

struct NameVisitor;

impl Visitor<'_> for NameVisitor {
    type Value = Name;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Name, E> {
        Ok(Name::new(text))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn equal_names_share_one_allocation_and_read_as_their_text() {
        let a = Name::new("Clínica San Rafael");
        let b = Name::from(String::from("Clínica San Rafael"));
        let c: Name = serde_json::from_str("\"Cl\\u00ednica San Rafael\"").unwrap();
        assert!(Name::same_text(&a, &b) && Name::same_text(&a, &c));
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"Clínica San Rafael\"");
        assert_ne!(a, Name::new("Clínica San Rafael "));
        assert!(Name::new("a") < Name::new("b"));
        let set: HashSet<Name> = [a.clone(), b].into_iter().collect();
        assert!(set.contains("Clínica San Rafael"));
        assert_eq!(
            format!("{a} {a:?}"),
            "Clínica San Rafael \"Clínica San Rafael\""
        );
    }

    #[test]
    fn a_name_is_not_read_from_anything_but_a_string() {
        let err = serde_json::from_str::<Name>("3").unwrap_err().to_string();
        assert!(err.contains("a string"), "{err}");
    }
}
