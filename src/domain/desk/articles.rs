//! Knowledge base articles as the desk shares them: written, revised (each revision kept),
//! retired. Title, tags and levels merge per field; the body keeps every revision, and two
//! revisions written from the same base without seeing each other are both kept and flagged as
//! a conflict until a revision names both as its base.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::change::{ArticleDraft, ArticleRevision};
use super::history::{set_field, set_if_given, FieldChange};
use crate::domain::event::{ms_to_utc, Event, EventId, EventKind, Hlc};
use crate::domain::kb::Article;

/// One revision of an article's body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyRevision {
    /// The event that wrote it (its revision id).
    pub event: EventId,
    /// The revisions it was edited from (none for the first).
    pub base: Vec<EventId>,
    pub body: String,
    pub hlc: Hlc,
    pub actor: String,
}

/// One knowledge base article, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The article id (the part after `article:` in the events' record key).
    pub id: String,
    pub title: String,
    /// The current body: the latest (by hybrid clock) revision that no other revision replaced.
    pub body: String,
    pub tags: Vec<String>,
    pub levels: Vec<u8>,
    pub retired: bool,
    /// Every body revision, in the desk's order.
    pub revisions: Vec<BodyRevision>,
    /// The revisions no other revision replaced. More than one is a conflict for a person to
    /// resolve (revise the article naming them all as base).
    pub heads: Vec<EventId>,
    /// Changes of title, tags, levels and retirement.
    pub history: Vec<FieldChange>,
    /// Clock of the last event folded.
    pub updated: Option<Hlc>,
}

impl ArticleRecord {
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_string(),
            ..Self::default()
        }
    }

    /// Folds one article event (already in the desk's total order).
    pub fn apply(&mut self, event: &Event) {
        match &event.kind {
            EventKind::ArticleWritten(d) => self.write(d, event),
            EventKind::ArticleRevised(r) => self.revise(r, event),
            EventKind::ArticleRetired { .. } => {
                set_field(&mut self.retired, "retired", true, &mut self.history, event)
            }
            _ => return,
        }
        self.updated = Some(event.hlc.clone());
    }

    fn write(&mut self, d: &ArticleDraft, event: &Event) {
        let revision = ArticleRevision {
            base: Vec::new(),
            title: Some(d.title.clone()),
            body: Some(d.body.clone()),
            tags: Some(d.tags.clone()),
            levels: Some(d.levels.clone()),
        };
        self.revise(&revision, event);
    }

    fn revise(&mut self, r: &ArticleRevision, event: &Event) {
        let h = &mut self.history;
        set_if_given(&mut self.title, "title", r.title.clone(), h, event);
        set_if_given(&mut self.tags, "tags", r.tags.clone(), h, event);
        set_if_given(&mut self.levels, "levels", r.levels.clone(), h, event);
        if let Some(body) = &r.body {
            self.revisions.push(BodyRevision {
                event: event.id.clone(),
                base: r.base.clone(),
                body: body.clone(),
                hlc: event.hlc.clone(),
                actor: event.actor.clone(),
            });
            self.settle_body();
        }
    }

    /// Recomputes the heads and the current body from the whole revision set, so the result
    /// does not depend on which revision was folded first.
    fn settle_body(&mut self) {
        let replaced: BTreeSet<&EventId> =
            self.revisions.iter().flat_map(|r| r.base.iter()).collect();
        let heads: Vec<&BodyRevision> = self
            .revisions
            .iter()
            .filter(|r| !replaced.contains(&r.event))
            .collect();
        // Revisions are in the desk's order, so the last head is the latest one.
        if let Some(latest) = heads.last() {
            self.body = latest.body.clone();
        }
        self.heads = heads.iter().map(|r| r.event.clone()).collect();
    }

    /// Two or more body revisions are waiting for a person to choose or merge.
    pub fn in_conflict(&self) -> bool {
        self.heads.len() > 1
    }

    /// The revisions in conflict (empty when there is none).
    pub fn conflicting(&self) -> Vec<&BodyRevision> {
        if !self.in_conflict() {
            return Vec::new();
        }
        self.revisions
            .iter()
            .filter(|r| self.heads.contains(&r.event))
            .collect()
    }

    /// The article as the knowledge base search uses it.
    pub fn article(&self) -> Article {
        let mut a = Article::new(self.id.clone(), self.title.clone(), self.body.clone());
        a.tags = self.tags.clone();
        a.levels = self.levels.clone();
        a.updated_at = ms_to_utc(self.updated.as_ref().map_or(0, |h| h.wall_ms));
        a
    }
}

/// The event that makes the desk's article `edited.id` what a person left in the editor: its
/// first writing when the desk has none; else a revision naming only the fields that changed,
/// whose body is based on `base`, the body revisions the person saw when they opened it (a
/// revision written meanwhile on another device then shows as a conflict instead of being
/// overwritten; saving an article in conflict names every revision it showed, which resolves
/// it). `None` when nothing changed.
///
/// ```
/// use std::collections::BTreeMap;
/// use mesa::domain::desk::articles::article_change;
/// use mesa::domain::event::EventKind;
/// use mesa::domain::kb::Article;
///
/// let new = Article::new("kb-1", "VPN caída", "Revise IPsec.");
/// let (key, kind) = article_change(&BTreeMap::new(), &new, &[]).unwrap();
/// assert_eq!(key.to_string(), "article:kb-1");
/// assert!(matches!(kind, EventKind::ArticleWritten(d) if d.body == "Revise IPsec."));
/// ```
pub fn article_change(
    records: &std::collections::BTreeMap<String, ArticleRecord>,
    edited: &Article,
    base: &[EventId],
) -> Option<(super::RecordKey, EventKind)> {
    let key = super::RecordKey::Article(edited.id.clone());
    let Some(was) = records.get(&edited.id) else {
        let draft = ArticleDraft {
            title: edited.title.clone(),
            body: edited.body.clone(),
            tags: edited.tags.clone(),
            levels: edited.levels.clone(),
        };
        return Some((key, EventKind::ArticleWritten(draft)));
    };
    let body_changed = was.body != edited.body || was.in_conflict();
    let revision = ArticleRevision {
        base: if body_changed {
            base.to_vec()
        } else {
            Vec::new()
        },
        title: (was.title != edited.title).then(|| edited.title.clone()),
        body: body_changed.then(|| edited.body.clone()),
        tags: (was.tags != edited.tags).then(|| edited.tags.clone()),
        levels: (was.levels != edited.levels).then(|| edited.levels.clone()),
    };
    let unchanged = ArticleRevision {
        base: Vec::new(),
        ..ArticleRevision::default()
    };
    (revision != unchanged).then_some((key, EventKind::ArticleRevised(revision)))
}
