//! Knowledge base: articles that solve known problems, and a Spanish-friendly search over them.
//!
//! Matching ignores case, accents and punctuation (see [`fold_text`]); every word of the query
//! must be the beginning of a word of the article's title, tags or body. Hits in the title weigh
//! most, then tags, then the body.
//!
//! ```
//! use mesa::domain::kb::{Article, KnowledgeBase};
//!
//! let kb = KnowledgeBase::new(vec![Article::new(
//!     "kb-1",
//!     "Conexión VPN caída",
//!     "Reinicie el túnel IPsec y verifique los parámetros de la VPN.",
//! )]);
//! let hits = kb.search("conexion vpn");
//! assert_eq!(hits[0].0.id, "kb-1");
//! ```
//!
//! Articles are linked from tickets by the event
//! [`EventKind::ArticleLinked`](crate::domain::event::EventKind::ArticleLinked).

use std::cmp::Reverse;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ticket::Ticket;

/// Points for a query word that is a whole word of the title.
const TITLE_WORD: u32 = 12;
/// Points for a query word that begins a word of the title.
const TITLE_PREFIX: u32 = 8;
/// Points for a query word that is a whole word of a tag.
const TAG_WORD: u32 = 6;
/// Points for a query word that begins a word of a tag.
const TAG_PREFIX: u32 = 4;
/// Points per body word the query word begins, up to [`BODY_MAX_HITS`] hits.
const BODY_HIT: u32 = 1;
const BODY_MAX_HITS: u32 = 3;

/// Spanish words too common to say anything about a ticket (used by
/// [`KnowledgeBase::suggest_for`], already folded).
const STOPWORDS: &[&str] = &[
    "al", "algo", "ante", "aun", "cada", "como", "con", "cual", "cuando", "de", "del", "desde",
    "donde", "el", "ella", "en", "entre", "era", "es", "esa", "ese", "eso", "esta", "este", "esto",
    "fue", "ha", "hace", "hay", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "muy",
    "no", "nos", "o", "para", "pero", "por", "que", "se", "ser", "si", "sin", "sobre", "son", "su",
    "sus", "tambien", "un", "una", "uno", "unos", "unas", "y", "ya",
];

/// Lower-cases, removes accents (á→a, é→e, í→i, ó→o, ú/ü→u, ñ→n, and other Latin diacritics),
/// turns every character that is not a letter or digit into a space, and collapses spaces.
///
/// The same normalisation is used by the knowledge base and by the ticket queue search, so
/// "Conexión—VPN" and "conexion vpn" compare equal. It is in its own crate, compiled for
/// speed: the queue folds every ticket's text when the list loads (issue #21,
/// `crates/fast-text`).
///
/// ```
/// use mesa::domain::kb::fold_text;
/// assert_eq!(fold_text("¡Conexión VPN caída! (Año 2026)"), "conexion vpn caida ano 2026");
/// assert_eq!(fold_text("PINGÜINO"), "pinguino");
/// ```
pub use mesa_fast_text::fold_text;

/// The folded words of a text.
fn words(text: &str) -> Vec<String> {
    fold_text(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// One knowledge base article.
///
/// ```json
/// { "id": "kb-vpn-01", "title": "Conexión VPN caída",
///   "body": "Verifique los parámetros IPsec…", "tags": ["vpn", "conectividad"],
///   "levels": [1, 2], "updated_at": "2026-10-01T12:00:00Z" }
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The functional levels the article is written for (empty = every level).
    #[serde(default)]
    pub levels: Vec<u8>,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub updated_at: DateTime<Utc>,
}

impl Article {
    /// An article with no tags, for every level, updated at the Unix epoch (set the fields
    /// afterwards as needed).
    ///
    /// ```
    /// use mesa::domain::kb::Article;
    /// let a = Article::new("kb-1", "Reinicio del conmutador", "Apague y encienda.");
    /// assert!(a.visible_at(3));
    /// ```
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            tags: Vec::new(),
            levels: Vec::new(),
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    /// True when the article is meant for the given functional level.
    pub fn visible_at(&self, level: u8) -> bool {
        self.levels.is_empty() || self.levels.contains(&level)
    }
}

/// The folded words of one article, prepared once per search.
struct Indexed {
    title: Vec<String>,
    tags: Vec<String>,
    body: Vec<String>,
}

impl Indexed {
    fn of(article: &Article) -> Self {
        Self {
            title: words(&article.title),
            tags: article.tags.iter().flat_map(|t| words(t)).collect(),
            body: words(&article.body),
        }
    }

    /// Points for one folded query word; 0 when it begins no word of the article.
    fn score(&self, q: &str) -> u32 {
        let best = |list: &[String], whole: u32, prefix: u32| {
            list.iter()
                .map(|w| {
                    if w == q {
                        whole
                    } else if w.starts_with(q) {
                        prefix
                    } else {
                        0
                    }
                })
                .max()
                .unwrap_or(0)
        };
        let body_hits = self.body.iter().filter(|w| w.starts_with(q)).count() as u32;
        best(&self.title, TITLE_WORD, TITLE_PREFIX)
            + best(&self.tags, TAG_WORD, TAG_PREFIX)
            + body_hits.min(BODY_MAX_HITS) * BODY_HIT
    }
}

/// The articles of a provider's knowledge base.
///
/// Serialized as a plain JSON array of [`Article`]s.
///
/// ```
/// use mesa::domain::kb::{Article, KnowledgeBase};
/// let mut kb = KnowledgeBase::default();
/// kb.upsert(Article::new("kb-1", "Sin tono de marcado", "Revise el adaptador ATA."));
/// assert!(kb.get("kb-1").is_some());
/// assert!(kb.search("tono").len() == 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KnowledgeBase {
    pub articles: Vec<Article>,
}

impl KnowledgeBase {
    pub fn new(articles: Vec<Article>) -> Self {
        Self { articles }
    }

    /// The article with this id.
    pub fn get(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// Adds the article, or replaces the one with the same id.
    pub fn upsert(&mut self, article: Article) {
        match self.articles.iter_mut().find(|a| a.id == article.id) {
            Some(existing) => *existing = article,
            None => self.articles.push(article),
        }
    }

    /// Articles where every word of `query` begins a word of the title, tags or body, best
    /// first, with their score (title hits weigh most, then tags, then the body; ties go to the
    /// most recently updated article, then by id). A query with no words finds nothing.
    ///
    /// ```
    /// use mesa::domain::kb::{Article, KnowledgeBase};
    /// let kb = KnowledgeBase::new(vec![
    ///     Article::new("a", "Configurar buzón de voz", "Marque *97 desde la extensión."),
    ///     Article::new("b", "Extensión sin tono", "Revise el cable de red."),
    /// ]);
    /// let ids: Vec<&str> = kb.search("EXTENSION").iter().map(|(a, _)| a.id.as_str()).collect();
    /// assert_eq!(ids, ["b", "a"]); // title hit before body hit
    /// ```
    pub fn search(&self, query: &str) -> Vec<(&Article, u32)> {
        let mut terms = words(query);
        terms.sort();
        terms.dedup();
        if terms.is_empty() {
            return Vec::new();
        }
        self.rank(self.articles.iter(), &terms, true)
    }

    /// Up to `limit` articles for a ticket, from the words of its description (common Spanish
    /// words and one-letter words left out): any matching word counts, articles already linked
    /// to the ticket and articles not meant for its level are left out.
    ///
    /// ```
    /// use mesa::domain::kb::{Article, KnowledgeBase};
    /// use mesa::domain::ticket::Ticket;
    /// let kb = KnowledgeBase::new(vec![Article::new("kb-1", "Conexión VPN caída", "…")]);
    /// let ticket = Ticket { description: "Se cayó la VPN de la sede".into(), level: 1,
    ///                       ..Ticket::default() };
    /// assert_eq!(kb.suggest_for(&ticket, 5)[0].0.id, "kb-1");
    /// ```
    pub fn suggest_for(&self, ticket: &Ticket, limit: usize) -> Vec<(&Article, u32)> {
        let mut terms: Vec<String> = words(&ticket.description)
            .into_iter()
            .filter(|w| w.chars().count() > 1 && !STOPWORDS.contains(&w.as_str()))
            .collect();
        terms.sort();
        terms.dedup();
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let candidates = self
            .articles
            .iter()
            .filter(|a| a.visible_at(ticket.level) && !ticket.articles.contains(&a.id));
        let mut hits = self.rank(candidates, &terms, false);
        hits.truncate(limit);
        hits
    }

    fn rank<'a>(
        &self,
        articles: impl Iterator<Item = &'a Article>,
        terms: &[String],
        all_terms: bool,
    ) -> Vec<(&'a Article, u32)> {
        let mut hits: Vec<(&Article, u32)> = articles
            .filter_map(|article| {
                let index = Indexed::of(article);
                let mut total = 0;
                for term in terms {
                    let points = index.score(term);
                    if points == 0 && all_terms {
                        return None;
                    }
                    total += points;
                }
                (total > 0).then_some((article, total))
            })
            .collect();
        hits.sort_by_key(|(a, score)| (Reverse(*score), Reverse(a.updated_at), a.id.clone()));
        hits
    }
}
