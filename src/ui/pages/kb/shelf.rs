//! What the knowledge-base page holds in memory: the articles in force as a shelf (with each
//! one's editing base and the texts of conflicting revisions) and the article being edited.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::app::desk::DeskSignals;
use crate::app::open_desk::OpenDesk;
use crate::domain::desk::DeskState;
use crate::domain::event::EventId;
use crate::domain::kb::{Article, KnowledgeBase};
use crate::store::StoreError;
use crate::ui::i18n::Locale;

/// The knowledge base as this page shows it: the articles in force, the body revisions each
/// one's editor starts from, and the bodies of the articles whose revisions conflict.
#[derive(Clone, Debug, Default)]
pub(super) struct Shelf {
    pub(super) kb: KnowledgeBase,
    pub(super) heads: BTreeMap<String, Vec<EventId>>,
    pub(super) conflicts: BTreeMap<String, Vec<String>>,
}

impl Shelf {
    pub(super) fn of(desk: &DeskState) -> Self {
        Self {
            kb: desk.knowledge_base(),
            heads: desk
                .articles
                .values()
                .map(|a| (a.id.clone(), a.heads.clone()))
                .collect(),
            conflicts: desk
                .articles_in_conflict()
                .map(|a| {
                    let bodies = a.conflicting().iter().map(|r| r.body.clone()).collect();
                    (a.id.clone(), bodies)
                })
                .collect(),
        }
    }
}

/// The desk's knowledge base (empty when it cannot be read: the ticket page's suggestions then
/// show none).
pub async fn load_kb(desk: OpenDesk) -> KnowledgeBase {
    match desk.get().shared().await {
        Ok(state) => state.knowledge_base(),
        Err(_) => KnowledgeBase::default(),
    }
}

pub(super) async fn load_shelf(desk: OpenDesk) -> Result<Shelf, StoreError> {
    Ok(Shelf::of(&*desk.get().shared().await?))
}

/// Stores what the editor holds as the article's next revision (based on the revisions the
/// person saw, `base`) and returns the knowledge base as saved.
pub(super) async fn save_article(
    open: OpenDesk,
    article: Article,
    base: Vec<EventId>,
    signals: DeskSignals,
) -> Result<Shelf, StoreError> {
    open.get().save_article(&article, &base, signals).await?;
    load_shelf(open).await
}

/// `"vpn, Conectividad ,, ipsec"` → `["vpn", "Conectividad", "ipsec"]`.
fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    }
    tags
}

pub(super) fn format_date(t: DateTime<Utc>, locale: Locale) -> String {
    match locale {
        Locale::Es => t.format("%d/%m/%Y").to_string(),
        Locale::En => t.format("%Y-%m-%d").to_string(),
    }
}

/// The article being edited.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Draft {
    /// `None`: a new article.
    pub(super) id: Option<String>,
    /// The body revisions shown when it was opened (its next revision's base).
    pub(super) base: Vec<EventId>,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) tags: String,
    pub(super) levels: Vec<u8>,
}

impl Draft {
    /// The article this draft saves as: `id` (the draft's own, or a new one), the texts
    /// trimmed, the tags split, the levels sorted once each, `now` as its date.
    pub(super) fn article(&self, id: String, now: DateTime<Utc>) -> Article {
        let mut levels = self.levels.clone();
        levels.sort_unstable();
        levels.dedup();
        Article {
            id,
            title: self.title.trim().to_string(),
            body: self.body.trim().to_string(),
            tags: split_tags(&self.tags),
            levels,
            updated_at: now,
        }
    }

    /// True when the title or the text is empty (nothing is sent then).
    pub(super) fn lacks_required(&self) -> bool {
        self.title.trim().is_empty() || self.body.trim().is_empty()
    }

    pub(super) fn of(a: &Article, base: Vec<EventId>) -> Self {
        Self {
            id: Some(a.id.clone()),
            base,
            title: a.title.clone(),
            body: a.body.clone(),
            tags: a.tags.join(", "),
            levels: a.levels.clone(),
        }
    }
}
