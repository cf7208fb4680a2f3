//! The desk: everything a desk shares besides tickets — customers, the escalation directory,
//! the desk's people, process profile versions, knowledge base articles and settings — folded
//! from desk events.
//!
//! `DeskState = fold(desk events sorted by (hlc, id))`, duplicates removed. Concurrent edits
//! merge per field: the later hybrid clock wins and the replaced value stays in the record's
//! history. Two devices holding the same events produce byte-identical state.
//!
//! ```
//! use mesa::domain::customer::Customer;
//! use mesa::domain::desk::{fold_desk, RecordKey};
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc};
//!
//! let hlc = Hlc::first(1_767_225_600_000, "d1");
//! let key = RecordKey::Customer("acme".into());
//! let created = Event::new(EventId::from_parts(hlc.wall_ms, 1), key.to_ticket_id(), hlc, "ana",
//!     EventKind::CustomerCreated(Customer { name: "ACME".into(), ..Customer::default() }));
//! let desk = fold_desk(&[created]);
//! assert_eq!(desk.customers["acme"].customer.name, "ACME");
//! ```

pub mod articles;
pub mod change;
pub mod customers;
pub mod derived_id;
pub mod directory;
pub mod history;
mod key;
pub mod people;
pub mod profiles;
pub mod settings;
pub mod upgrade;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use articles::{ArticleRecord, BodyRevision};
pub use customers::CustomerRecord;
pub use directory::DirectoryEntry;
pub use history::FieldChange;
pub use key::RecordKey;
pub use people::PersonRecord;
pub use profiles::{Activation, ProfileVersion, ProfileVersions};
pub use settings::DeskSettings;

use super::event::{Event, EventId, EventKind};
use super::fold::canonical_order;
use super::kb::KnowledgeBase;

/// What the desk shares, folded from its desk events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskState {
    /// By record id.
    pub customers: BTreeMap<String, CustomerRecord>,
    /// By contact id.
    pub directory: BTreeMap<String, DirectoryEntry>,
    /// The desk's people (agents, technicians), by record id.
    #[serde(default)]
    pub people: BTreeMap<String, PersonRecord>,
    pub profiles: ProfileVersions,
    /// By article id.
    pub articles: BTreeMap<String, ArticleRecord>,
    pub settings: DeskSettings,
    /// Desk events folded (distinct ids).
    pub events: usize,
    /// Desk events whose record key does not fit their kind (`customer_created` addressed to
    /// `article:x`, or to no desk record): kept in the log and listed here, never applied.
    pub misaddressed: Vec<EventId>,
}

/// Folds the desk events among `events` (ticket events are skipped) into the desk state.
pub fn fold_desk(events: &[Event]) -> DeskState {
    let mut desk = DeskState::default();
    for event in canonical_order(events) {
        if event.kind.is_desk() {
            desk.apply(event);
        }
    }
    desk
}

impl DeskState {
    /// Folds one desk event, which must come after every event already folded in the
    /// `(hlc, id)` order (use [`fold_desk`] for a set in any order).
    pub fn apply(&mut self, event: &Event) {
        let key = RecordKey::parse(&event.ticket_id).filter(|k| k.fits(&event.kind));
        let Some(key) = key else {
            self.misaddressed.push(event.id.clone());
            return;
        };
        self.events += 1;
        match key {
            RecordKey::Customer(id) => self
                .customers
                .entry(id.clone())
                .or_insert_with(|| CustomerRecord::new(&id))
                .apply(event),
            RecordKey::Directory(id) => self
                .directory
                .entry(id.clone())
                .or_insert_with(|| DirectoryEntry::new(&id))
                .apply(event),
            RecordKey::Person(id) => self
                .people
                .entry(id.clone())
                .or_insert_with(|| PersonRecord::new(&id))
                .apply(event),
            RecordKey::Article(id) => self
                .articles
                .entry(id.clone())
                .or_insert_with(|| ArticleRecord::new(&id))
                .apply(event),
            RecordKey::Profile => {
                if let EventKind::ProfilePublished(p) = &event.kind {
                    self.profiles.publish(p, event);
                }
            }
            RecordKey::Settings => self.settings.apply(event),
            // Device keys are read by the evidence checks (crate::domain::evidence::KeyBook).
            RecordKey::Device(_) => {}
        }
    }

    /// The articles in force (not retired), for the knowledge base search.
    pub fn knowledge_base(&self) -> KnowledgeBase {
        KnowledgeBase::new(
            self.articles
                .values()
                .filter(|a| !a.retired)
                .map(ArticleRecord::article)
                .collect(),
        )
    }

    /// The articles whose body has concurrent revisions waiting for a person.
    pub fn articles_in_conflict(&self) -> impl Iterator<Item = &ArticleRecord> {
        self.articles.values().filter(|a| a.in_conflict())
    }

    /// The state as JSON text (two devices with the same events produce the same text).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
