//! Sync with a CouchDB-compatible JSON endpoint (`_bulk_docs` / `_changes`). Not built yet:
//! Mesa is complete without it; see the sync issue.
