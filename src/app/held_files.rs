//! The bytes of a ticket's attachments as this device holds them: read from the store by
//! attachment, or by content hash for a file another device attached (#16), and the files not
//! here yet (to fetch, [`crate::app::sync::blobs::fetch_files`]).
//!
//! ```ignore
//! let held = desk.held_files(&ticket_id, &listed_attachments(&events)).await;
//! // held.blobs: attachment id → bytes; held.missing: (hash, type) to fetch
//! ```

use std::collections::HashMap;

use crate::app::desk::Desk;
use crate::domain::attachment_list::ListedAttachment;
use crate::domain::content_hash::ContentHash;
use crate::domain::event::TicketId;

/// What [`Desk::held_files`] found.
#[derive(Default)]
pub struct HeldFiles {
    /// The bytes of each attachment held here, by attachment id.
    pub blobs: HashMap<String, web_sys::Blob>,
    /// The files listed but not held: their content hash and type.
    pub missing: Vec<(ContentHash, String)>,
}

impl Desk {
    /// The bytes this device holds of `listed` (a ticket's attachments), and the files it lacks.
    /// A store failure reads as "not held" (the list still shows each file, to fetch again).
    pub async fn held_files(&self, ticket: &TicketId, listed: &[ListedAttachment]) -> HeldFiles {
        let mut held = HeldFiles::default();
        if let Ok(records) = self.store.ticket_attachments(ticket).await {
            for record in records {
                if let Some(blob) = record.blob {
                    held.blobs.insert(record.meta.id, blob);
                }
            }
        }
        // The files another device attached, by their content hash, in one read.
        let by_hash: Vec<(&ListedAttachment, ContentHash)> = listed
            .iter()
            .filter(|a| !held.blobs.contains_key(&a.meta.id))
            .filter_map(|a| a.meta.content_hash().map(|hash| (a, hash)))
            .collect();
        let hashes: Vec<ContentHash> = by_hash.iter().map(|(_, hash)| hash.clone()).collect();
        let found = self.store.blobs(&hashes).await.unwrap_or_default();
        for (i, (a, hash)) in by_hash.into_iter().enumerate() {
            match found.get(i).cloned().flatten() {
                Some(blob) => {
                    held.blobs.insert(a.meta.id.clone(), blob);
                }
                None => held.missing.push((hash, a.meta.mime.clone())),
            }
        }
        held
    }
}
