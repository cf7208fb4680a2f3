//! The knowledge base's articles as Conocimiento saves them: an article's next revision as a
//! desk event, based on the revisions the person saw (concurrent revisions are kept both, see
//! `domain::desk::articles`).
//!
//! ```ignore
//! desk.save_article(article, base, signals).await?;
//! ```

use crate::app::desk::{Desk, DeskSignals};
use crate::domain::desk::articles::article_change;
use crate::domain::event::EventId;
use crate::domain::kb::Article;
use crate::store::StoreError;

impl Desk {
    /// Stores `article` as its next revision, based on the revisions `base` (nothing when it
    /// is as the desk has it).
    pub async fn save_article(
        &self,
        article: &Article,
        base: &[EventId],
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        let shared = self.shared().await?;
        if let Some(change) = article_change(&shared.articles, article, base) {
            self.append_desk(vec![change], signals).await?;
        }
        Ok(())
    }
}
