//! A list most tickets leave empty (links, conflicts, milestones…): 4 bytes on wasm32 while
//! empty, where a `Vec` takes 12, in each of the desk's tickets held in memory (issue #21). It
//! reads as a slice (`iter`, `len`, `last`, indexing…), has the `Vec` methods the fold uses,
//! and reads and writes the same JSON array.
//!
//! ```
//! use mesa::domain::rare_list::RareList;
//! let mut links: RareList<u32> = RareList::default();
//! assert!(links.is_empty());
//! links.push(7);
//! links.push(9);
//! assert_eq!(links.iter().sum::<u32>(), 16);
//! assert_eq!(links, vec![7, 9]);
//! ```

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Empty: no allocation; otherwise the items, at their exact length when read.
/// (A boxed `Vec` on purpose: one pointer while empty, which most are.)
#[derive(Clone, PartialEq, Eq, Hash)]
#[allow(clippy::box_collection)]
pub struct RareList<T>(Option<Box<Vec<T>>>);

impl<T> RareList<T> {
    pub const fn new() -> Self {
        Self(None)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn push(&mut self, item: T) {
        self.0.get_or_insert_with(Box::default).push(item);
    }

    pub fn pop(&mut self) -> Option<T> {
        let item = self.0.as_mut()?.pop();
        self.forget_if_empty();
        item
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }

    pub fn insert(&mut self, index: usize, item: T) {
        self.0.get_or_insert_with(Box::default).insert(index, item);
    }

    pub fn remove(&mut self, index: usize) -> T {
        let items = self.0.as_mut().expect("remove from an empty list");
        let item = items.remove(index);
        self.forget_if_empty();
        item
    }

    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        if let Some(items) = self.0.as_mut() {
            items.retain(keep);
        }
        self.forget_if_empty();
    }

    pub fn truncate(&mut self, len: usize) {
        if let Some(items) = self.0.as_mut() {
            items.truncate(len);
        }
        self.forget_if_empty();
    }

    /// The items as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.0.map_or_else(Vec::new, |items| *items)
    }

    fn forget_if_empty(&mut self) {
        if self.0.as_ref().is_some_and(|items| items.is_empty()) {
            self.0 = None;
        }
    }
}

impl<T> Default for RareList<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T> Deref for RareList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> DerefMut for RareList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self.0.as_deref_mut() {
            Some(items) => items.as_mut_slice(),
            None => &mut [],
        }
    }
}

impl<T> From<Vec<T>> for RareList<T> {
    fn from(mut items: Vec<T>) -> Self {
        if items.is_empty() {
            Self(None)
        } else {
            items.shrink_to_fit();
            Self(Some(Box::new(items)))
        }
    }
}

impl<T> FromIterator<T> for RareList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        items.into_iter().collect::<Vec<T>>().into()
    }
}

impl<T> Extend<T> for RareList<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        let mut items = items.into_iter().peekable();
        if items.peek().is_some() {
            self.0.get_or_insert_with(Box::default).extend(items);
        }
    }
}

impl<T> IntoIterator for RareList<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a RareList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: PartialEq<U>, U> PartialEq<Vec<U>> for RareList<T> {
    fn eq(&self, other: &Vec<U>) -> bool {
        **self == other[..]
    }
}

impl<T: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for RareList<T> {
    fn eq(&self, other: &[U; N]) -> bool {
        **self == other[..]
    }
}

impl<T: fmt::Debug> fmt::Debug for RareList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for RareList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RareList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_vec() {
        let mut list: RareList<u8> = RareList::new();
        let mut vec: Vec<u8> = Vec::new();
        assert_eq!(list.pop(), vec.pop());
        for i in [3, 1, 4, 1, 5] {
            list.push(i);
            vec.push(i);
        }
        list.insert(1, 9);
        vec.insert(1, 9);
        assert_eq!(list.remove(0), vec.remove(0));
        list.retain(|i| *i != 1);
        vec.retain(|i| *i != 1);
        list.sort();
        vec.sort();
        list.extend([2, 2]);
        vec.extend([2, 2]);
        assert_eq!(list, vec);
        assert_eq!(format!("{list:?}"), format!("{vec:?}"));
        assert_eq!(list.pop(), vec.pop());
        list.truncate(0);
        assert_eq!(list, RareList::new(), "emptied, it holds nothing");
        list.extend(std::iter::empty());
        assert_eq!(list, RareList::default());
        list.push(1);
        list.retain(|_| false);
        assert_eq!(list, RareList::default());
    }

    #[test]
    fn reads_and_writes_the_json_of_a_vec() {
        let list: RareList<String> = vec!["a".to_string(), "b".to_string()].into();
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"["a","b"]"#);
        let back: RareList<String> = serde_json::from_str(r#"["a","b"]"#).unwrap();
        assert_eq!(back, list);
        let empty: RareList<String> = serde_json::from_str("[]").unwrap();
        assert_eq!(empty, RareList::default());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
        assert_eq!(list.into_iter().collect::<Vec<_>>(), ["a", "b"]);
    }
}
