//! One allocation for every copy of a text the desk repeats (a customer, a site, a person…):
//! the table behind `mesa::domain::name::Name`. A desk of 100k tickets makes about a million
//! names when its list loads, from a few hundred distinct texts; each is looked up here.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError};

use crate::fold::Folded;

/// A text of the table: equal texts are one allocation, kept for as long as the program runs.
/// One pointer (4 bytes on wasm32). Hashed and compared as its `str`, so the table finds it
/// by a `&str`.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedText(Arc<Box<str>>);

impl SharedText {
    /// True when both are one allocation (equal texts of the table are).
    pub fn same(a: &SharedText, b: &SharedText) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The text's address in memory: the same for every copy, and never another text's (the
    /// table keeps each text for as long as the program runs).
    fn address(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Hash for SharedText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        str::hash(&self.0, state)
    }
}

/// Every text shared, for every thread (the browser has one; the agent's and the tests'
/// threads share the table). It only grows: a desk has few distinct names.
static TEXTS: Mutex<Option<HashSet<SharedText>>> = Mutex::new(None);

/// The folded texts of pairs of shared texts ([`folded_pair`]), by the two texts' addresses.
type Pairs = HashMap<(usize, usize), SharedText>;
static PAIRS: Mutex<Option<Pairs>> = Mutex::new(None);

/// The one allocation of `text`: the same for every equal text.
///
/// ```
/// use mesa_fast_text::{shared_text, SharedText};
/// let a = shared_text("Hotel Brisa Azul");
/// assert!(SharedText::same(&a, &shared_text(&String::from("Hotel Brisa Azul"))));
/// assert_eq!(&*a, "Hotel Brisa Azul");
/// assert!(!SharedText::same(&a, &shared_text("Hotel Brisa")));
/// ```
pub fn shared_text(text: &str) -> SharedText {
    let mut texts = TEXTS.lock().unwrap_or_else(PoisonError::into_inner);
    let texts = texts.get_or_insert_with(HashSet::new);
    if let Some(known) = texts.get(text) {
        return known.clone();
    }
    let shared = SharedText(Arc::new(Box::from(text)));
    texts.insert(shared.clone());
    shared
}

/// `first` and `second` (none: an empty text) folded as [`crate::fold_text`] folds them
/// joined by a space, shared: made once per pair of addresses (a desk's tickets repeat a few hundred
/// customer and site pairs, and the queue's search text of each ticket holds its pair's).
///
/// ```
/// use mesa_fast_text::{fold_text, folded_pair, shared_text, SharedText};
/// let (customer, site) = (shared_text("Clínica San Rafael"), shared_text("Sede Norte"));
/// let place = folded_pair(&customer, Some(&site));
/// assert_eq!(&*place, fold_text("Clínica San Rafael Sede Norte"));
/// assert!(SharedText::same(&place, &folded_pair(&customer, Some(&site))));
/// assert_eq!(&*folded_pair(&customer, None), "clinica san rafael");
/// ```
pub fn folded_pair(first: &SharedText, second: Option<&SharedText>) -> SharedText {
    let key = (first.address(), second.map_or(0, SharedText::address));
    let mut pairs = PAIRS.lock().unwrap_or_else(PoisonError::into_inner);
    let pairs = pairs.get_or_insert_with(HashMap::new);
    if let Some(known) = pairs.get(&key) {
        return known.clone();
    }
    let second = second.map_or("", |s| s);
    let mut folded = Folded::with_capacity(first.len() + 1 + second.len());
    folded.push(first);
    folded.push(second);
    let shared = shared_text(&folded.into_string());
    pairs.insert(key, shared.clone());
    shared
}
