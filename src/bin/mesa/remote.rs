//! `replay` and `report` reading the desk straight from its sync endpoint (`--url/--db`):
//! the whole `_changes` feed, page by page, each row read as the browser reads it (design
//! documents and deletions ignored, documents that are not events counted and skipped).

use mesa::domain::event::Event;
use mesa::sync::effect::ErrorKind;
use mesa::sync::protocol::{changes_url, classify_owned, ChangesResponse, Pulled};
use serde_json::Value;

use crate::agent::http::{status_error, Auth, Endpoint};
use crate::Failure;

/// Where `replay` / `report` read the desk from.
pub struct Remote {
    pub url: String,
    pub db: String,
    pub auth: Auth,
}

const PAGE: u32 = 1_000;

fn failure(kind: ErrorKind) -> Failure {
    Failure::Data(format!("reading the endpoint: {kind}"))
}

/// Every event of the desk.
pub fn endpoint_events(remote: &Remote) -> Result<Vec<Event>, Failure> {
    let endpoint = Endpoint::new(&remote.url, &remote.db, &remote.auth);
    let mut since: Option<Value> = None;
    let mut events = Vec::new();
    let mut foreign = 0usize;
    loop {
        let url = changes_url(&endpoint.base, &endpoint.db, since.as_ref(), PAGE);
        let (status, body) = endpoint.send("GET", &url, None, 60_000).map_err(failure)?;
        if status != 200 {
            return Err(failure(status_error(status)));
        }
        let page: ChangesResponse =
            serde_json::from_str(&body).map_err(|e| failure(ErrorKind::Protocol(e.to_string())))?;
        let done = page.results.is_empty()
            || page.pending == Some(0)
            || since.as_ref() == Some(&page.last_seq);
        for row in page.results {
            match classify_owned(row) {
                Pulled::Event(event) => events.push(event),
                Pulled::Ignored => {}
                Pulled::Foreign(_) => foreign += 1,
            }
        }
        since = Some(page.last_seq);
        if done {
            break;
        }
    }
    if foreign > 0 {
        eprintln!("mesa: {foreign} document(s) of the endpoint are not Mesa events (skipped)");
    }
    // Changes may repeat a document: one copy of each event.
    let mut seen = std::collections::HashSet::new();
    events.retain(|e| seen.insert(e.id.clone()));
    Ok(events)
}
