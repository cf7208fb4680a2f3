//! A ticket's registration fields (field id → value): a small map kept as ONE slice sorted by
//! id, at its exact length, with the `BTreeMap` methods the app uses. A ticket has a handful of
//! fields, and every ticket of the desk is held in memory: a `BTreeMap` node takes about 280
//! bytes on wasm32 even for two entries, this slice exactly what its entries need, and the ids
//! are [`Name`]s every ticket of a profile shares (issue #21). It reads and writes the same JSON
//! object as the map did (keys in order).
//!
//! ```
//! use mesa::domain::ticket_fields::Fields;
//! let mut fields = Fields::default();
//! fields.insert("telefono".into(), "+52 55 1234".into());
//! fields.insert("correo".into(), "a@b.example".into());
//! assert_eq!(fields.keys().collect::<Vec<_>>(), ["correo", "telefono"]);
//! assert_eq!(fields.get("telefono"), Some("+52 55 1234"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::name::Name;

/// Field id → value, in id order: one allocation at its exact length (a ticket's fields are
/// set at registration and seldom change).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Fields(Box<[(Name, Box<str>)]>);

impl Fields {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.find(id).ok().map(|i| &*self.0[i].1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Sets a field; the value it replaces, if any.
    pub fn insert(&mut self, id: String, value: String) -> Option<String> {
        let mut all = std::mem::take(&mut self.0).into_vec();
        let replaced = insert_sorted(&mut all, Name::new(&id), value.into_boxed_str());
        self.0 = all.into_boxed_slice();
        replaced.map(String::from)
    }

    pub fn remove(&mut self, id: &str) -> Option<String> {
        let i = self.find(id).ok()?;
        let mut all = std::mem::take(&mut self.0).into_vec();
        let (_, value) = all.remove(i);
        self.0 = all.into_boxed_slice();
        Some(value.into())
    }

    pub fn clear(&mut self) {
        self.0 = Box::default();
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(id, value)` in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), &**v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, v)| &**v)
    }
}

/// Puts `(id, value)` in its place in `all` (in id order); the value it replaces, if any.
fn insert_sorted(all: &mut Vec<(Name, Box<str>)>, id: Name, value: Box<str>) -> Option<Box<str>> {
    match all.binary_search_by(|(k, _)| k.cmp(&id)) {
        Ok(i) => Some(std::mem::replace(&mut all[i].1, value)),
        Err(i) => {
            all.insert(i, (id, value));
            None
        }
    }
}

impl FromIterator<(String, String)> for Fields {
    /// As a map collects: a repeated id keeps its last value.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(items: I) -> Self {
        let mut all: Vec<(Name, Box<str>)> = Vec::new();
        for (id, value) in items {
            insert_sorted(&mut all, Name::new(&id), value.into_boxed_str());
        }
        Self(all.into_boxed_slice())
    }
}

impl From<&BTreeMap<String, String>> for Fields {
    fn from(map: &BTreeMap<String, String>) -> Self {
        // Already in order, one entry per id.
        Self(
            map.iter()
                .map(|(k, v)| (Name::new(k), v.as_str().into()))
                .collect(),
        )
    }
}

impl From<BTreeMap<String, String>> for Fields {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(
            map.into_iter()
                .map(|(k, v)| (Name::new(&k), v.into_boxed_str()))
                .collect(),
        )
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = str;

    fn index(&self, id: &str) -> &str {
        self.get(id).expect("no such field")
    }
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A stored object's keys are in order already: the map's walk puts them in place.
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of field ids to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields, A::Error> {
                let mut all = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((id, value)) = map.next_entry::<Name, String>()? {
                    insert_sorted(&mut all, id, value.into_boxed_str());
                }
                Ok(Fields(all.into_boxed_slice()))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_and_writes_the_json_of_a_map() {
        let m = map(&[("usuario", "Ana"), ("correo", "a@b.example"), ("api", "v2")]);
        let fields = Fields::from(&m);
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        let back: Fields = serde_json::from_str(r#"{"z":"1","a":"2","m":"3","a":"4"}"#).unwrap();
        let as_map: BTreeMap<String, String> =
            serde_json::from_str(r#"{"z":"1","a":"2","m":"3","a":"4"}"#).unwrap();
        assert_eq!(back, Fields::from(as_map.clone()));
        assert_eq!(format!("{back:?}"), format!("{as_map:?}"));
        assert_eq!(&back["a"], "4");
    }

    #[test]
    fn behaves_as_a_map() {
        let mut fields = Fields::default();
        let mut m = BTreeMap::new();
        for (k, v) in [("b", "1"), ("a", "2"), ("c", "3"), ("a", "4"), ("b", "")] {
            assert_eq!(
                fields.insert(k.into(), v.into()),
                m.insert(k.to_string(), v.to_string())
            );
        }
        assert_eq!(fields, Fields::from(&m));
        assert_eq!(fields.remove("a"), m.remove("a"));
        assert_eq!(fields.remove("zz"), None);
        assert!(fields.contains_key("c") && !fields.contains_key("a"));
        assert_eq!(fields.len(), 2);
        assert_eq!(
            fields.values().collect::<Vec<_>>(),
            m.values().collect::<Vec<_>>()
        );
        let collected: Fields = [("x", "1"), ("w", "2"), ("x", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(collected, Fields::from(map(&[("w", "2"), ("x", "3")])));
        fields.clear();
        assert!(fields.is_empty());
    }
}
