//! A ticket's registration fields (field id → value): a small map kept as ONE vector sorted by
//! id, with the `BTreeMap` methods the app uses. A ticket has a handful of fields, and every
//! ticket of the desk is held in memory: a `BTreeMap` node takes about 280 bytes on wasm32 even
//! for two entries, this vector exactly what its entries need (issue #21). It reads and writes
//! the same JSON object as the map did (keys in order).
//!
//! ```
//! use mesa::domain::ticket_fields::Fields;
//! let mut fields = Fields::default();
//! fields.insert("telefono".into(), "+52 55 1234".into());
//! fields.insert("correo".into(), "a@b.example".into());
//! assert_eq!(fields.keys().collect::<Vec<_>>(), ["correo", "telefono"]);
//! assert_eq!(fields.get("telefono").map(String::as_str), Some("+52 55 1234"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Field id → value, in id order.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn get(&self, id: &str) -> Option<&String> {
        self.find(id).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Sets a field; the value it replaces, if any.
    pub fn insert(&mut self, id: String, value: String) -> Option<String> {
        match self.find(&id) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (id, value));
                None
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<String> {
        self.find(id).ok().map(|i| self.0.remove(i).1)
    }

    pub fn clear(&mut self) {
        self.0 = Vec::new();
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(id, value)` in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl FromIterator<(String, String)> for Fields {
    /// As a map collects: a repeated id keeps its last value.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(items: I) -> Self {
        let mut all: Vec<(String, String)> = items.into_iter().collect();
        // Stable: of equal ids, the last one given stays last, and is the one kept.
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(String, String)> = Vec::with_capacity(all.len());
        for item in all {
            match kept.last_mut() {
                Some(last) if last.0 == item.0 => *last = item,
                _ => kept.push(item),
            }
        }
        kept.shrink_to_fit();
        Self(kept)
    }
}

impl From<&BTreeMap<String, String>> for Fields {
    fn from(map: &BTreeMap<String, String>) -> Self {
        // Already in order, one entry per id.
        Self(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

impl From<BTreeMap<String, String>> for Fields {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(map.into_iter().collect())
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = String;

    fn index(&self, id: &str) -> &String {
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
                let mut fields = Fields::default();
                while let Some((id, value)) = map.next_entry::<String, String>()? {
                    fields.insert(id, value);
                }
                fields.0.shrink_to_fit();
                Ok(fields)
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
        assert_eq!(back["a"], "4");
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
