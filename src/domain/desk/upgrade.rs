//! The upgrade from the previous version, which kept the desk's shared data as JSON values in
//! one device's `meta` store: those values become desk events, with ids and clocks derived from
//! the content alone, so two tabs (or two devices) converting the same data at once write the
//! same events and the log keeps one copy of each.
//!
//! The events sit at the very start of the hybrid clock (`000000000000000-000000-upgrade`):
//! every edit made after the upgrade wins over them, and tickets opened before it (which record
//! no profile version) keep the converted profile.
//!
//! ```
//! use mesa::domain::desk::fold_desk;
//! use mesa::domain::desk::upgrade::{events_from_meta, LegacyMeta, LegacyValue};
//!
//! let meta = LegacyMeta {
//!     customers: Some(r#"[{"name": "ACME", "sites": [{"name": "Norte", "city_class": "a"}]}]"#.into()),
//!     desk_name: Some("Mesa Norte".into()),
//!     ..LegacyMeta::default()
//! };
//! let events = events_from_meta(&meta).unwrap();
//! assert_eq!(events, events_from_meta(&meta).unwrap()); // same data, same events
//! let desk = fold_desk(&events);
//! assert_eq!(desk.settings.desk_name, "Mesa Norte");
//! assert_eq!(desk.customers.values().next().unwrap().customer.sites[0].name, "Norte");
//!
//! let broken = LegacyMeta { customers: Some("[{\"name\": ".into()), ..LegacyMeta::default() };
//! let errors = events_from_meta(&broken).unwrap_err();
//! assert_eq!(errors[0].value, LegacyValue::Customers);
//! ```

use std::fmt;

use serde_json::Value;

use super::change::{ArticleDraft, ProfilePublication, SettingsPatch};
use super::derived_id::{event_id, fingerprint};
use super::{DirectoryEntry, RecordKey};
use crate::domain::customer::Customer;
use crate::domain::event::{Event, EventKind, Hlc};
use crate::domain::kb::{fold_text, Article};
use crate::domain::profile::ProcessProfile;

/// The device name on the clock of upgrade events.
pub const UPGRADE_DEVICE: &str = "upgrade";
/// The actor of upgrade events.
pub const UPGRADE_ACTOR: &str = "mesa";

/// What the previous version kept in `meta` (each `None` when the key was never written).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LegacyMeta {
    /// `customers`: the list of customers.
    pub customers: Option<String>,
    /// The process profile text in use: `profile_json` when `profile` is `custom` (it carries
    /// the escalation directory edits), otherwise the kept copy of the chosen preset.
    pub profile: Option<String>,
    /// `kb`: the knowledge base articles.
    pub knowledge_base: Option<String>,
    /// `desk_name`.
    pub desk_name: Option<String>,
}

/// A stored value the upgrade reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegacyValue {
    Customers,
    Profile,
    KnowledgeBase,
}

impl LegacyValue {
    /// The `meta` key it was stored under.
    pub fn meta_key(self) -> &'static str {
        match self {
            Self::Customers => "customers",
            Self::Profile => "profile_json",
            Self::KnowledgeBase => "kb",
        }
    }
}

/// A stored value that is not what the previous version wrote: the upgrade stops, so nothing
/// overwrites it, and says which value is broken and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpgradeError {
    pub value: LegacyValue,
    /// The reader's message (with line and column).
    pub detail: String,
}

impl UpgradeError {
    /// The message code the UI translates (`{key}` and `{detail}` are its placeholders).
    pub fn code(&self) -> &'static str {
        match self.value {
            LegacyValue::Customers => "upgrade.corrupt.customers",
            LegacyValue::Profile => "upgrade.corrupt.profile",
            LegacyValue::KnowledgeBase => "upgrade.corrupt.kb",
        }
    }
}

impl fmt::Display for UpgradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "meta \"{}\": {}", self.value.meta_key(), self.detail)
    }
}

impl std::error::Error for UpgradeError {}

/// The desk events that hold the previous version's data, in a fixed order; every broken value
/// (each named) when any is.
pub fn events_from_meta(meta: &LegacyMeta) -> Result<Vec<Event>, Vec<UpgradeError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut fail = |value, e: serde_json::Error| {
        errors.push(UpgradeError {
            value,
            detail: e.to_string(),
        })
    };
    match read_list::<Customer>(meta.customers.as_deref()) {
        Ok(customers) => out.extend(customers.into_iter().map(customer_event)),
        Err(e) => fail(LegacyValue::Customers, e),
    }
    if let Some(text) = meta.profile.as_deref().filter(|t| !t.trim().is_empty()) {
        match serde_json::from_str::<Value>(text) {
            Ok(_) => out.extend(profile_events(text)),
            Err(e) => fail(LegacyValue::Profile, e),
        }
    }
    match read_list::<Article>(meta.knowledge_base.as_deref()) {
        Ok(articles) => out.extend(articles.into_iter().map(article_event)),
        Err(e) => fail(LegacyValue::KnowledgeBase, e),
    }
    if let Some(name) = meta.desk_name.as_deref().filter(|n| !n.trim().is_empty()) {
        let patch = SettingsPatch {
            desk_name: Some(name.trim().to_string()),
            ..SettingsPatch::default()
        };
        out.push(derived(
            RecordKey::Settings,
            EventKind::DeskSettingsChanged(patch),
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A stored list; blank or missing is an empty list (nothing was saved yet).
fn read_list<T: serde::de::DeserializeOwned>(text: Option<&str>) -> serde_json::Result<Vec<T>> {
    match text {
        Some(t) if !t.trim().is_empty() => serde_json::from_str(t),
        _ => Ok(Vec::new()),
    }
}

/// An upgrade event: clock at the start of time, id from the record key and the payload.
fn derived(key: RecordKey, kind: EventKind) -> Event {
    let payload = serde_json::to_string(&kind).unwrap_or_default();
    let record = key.to_string();
    let id = event_id(&["upgrade", &record, &payload]);
    let hlc = Hlc::first(0, UPGRADE_DEVICE);
    Event::new(id, key.to_ticket_id(), hlc, UPGRADE_ACTOR, kind)
}

/// A record id from a name and the fingerprint of the whole content: `acme-3f2a9c1b`.
fn content_id(name: &str, fallback: &str, content: &str) -> String {
    let slug = fold_text(name).replace(' ', "-");
    let slug = if slug.is_empty() { fallback } else { &slug };
    format!("{slug}-{:08x}", (fingerprint(&[content]) >> 96) as u32)
}

fn customer_event(c: Customer) -> Event {
    let content = serde_json::to_string(&c).unwrap_or_default();
    let key = RecordKey::Customer(content_id(&c.name, "cliente", &content));
    derived(key, EventKind::CustomerCreated(c))
}

fn article_event(a: Article) -> Event {
    let id = match a.id.trim() {
        "" => content_id(&a.title, "articulo", &a.body),
        id => id.to_string(),
    };
    let draft = ArticleDraft {
        title: a.title,
        body: a.body,
        tags: a.tags,
        levels: a.levels,
    };
    derived(RecordKey::Article(id), EventKind::ArticleWritten(draft))
}

/// The profile version (kept even when it does not validate: the fold records why) and, when
/// the text reads as a profile, its escalation directory as directory contacts.
fn profile_events(text: &str) -> Vec<Event> {
    let publication = ProfilePublication::new(text);
    let mut out = vec![derived(
        RecordKey::Profile,
        EventKind::ProfilePublished(publication),
    )];
    if let Ok(profile) = ProcessProfile::parse(text) {
        let office = profile.escalation.directory.iter().map(|c| (c, false));
        let night = profile
            .escalation
            .after_hours
            .iter()
            .flat_map(|a| a.contacts.iter().map(|c| (c, true)));
        for (contact, after_hours) in office.chain(night) {
            if contact.id.trim().is_empty() {
                continue;
            }
            let patch = DirectoryEntry::patch_from(contact, after_hours);
            out.push(derived(
                RecordKey::Directory(contact.id.clone()),
                EventKind::DirectoryContactSet(patch),
            ));
        }
    }
    out
}
