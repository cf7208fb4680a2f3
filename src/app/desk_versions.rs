//! A ticket's clocks run on the process version it was opened under (issue #14): when the
//! loaded tickets keep a version other than the one this device runs, the desk's records are
//! folded to learn the versions ([`Desk::shared`] rebuilds the engines and moves
//! `Desk::engines_moved`, so the clocks shown are computed again).
//!
//! ```ignore
//! // after the tickets are loaded:
//! crate::app::desk_versions::learn_if_kept(&desk, &tickets);
//! ```

use std::rc::Rc;
use std::sync::Arc;

use crate::app::desk::Desk;
use crate::domain::desk::derived_id::version_id;
use crate::domain::ticket::Ticket;

/// Folds the desk's records in the background when some ticket keeps another version.
pub fn learn_if_kept(desk: &Rc<Desk>, tickets: &[Arc<Ticket>]) {
    let running = version_id(&desk.profile_json);
    let other = tickets
        .iter()
        .any(|t| t.profile_version.as_ref().is_some_and(|v| *v != running));
    if !other || !desk.engines().versions().versions.is_empty() {
        return;
    }
    let desk = desk.clone();
    leptos::task::spawn_local(async move {
        match learn(desk).await {
            Ok(learning) => learning.await,
            Err(e) => leptos::logging::warn!("process versions: module not loaded: {e:?}"),
        }
    });
}

/// The fold, under way.
type Learning = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

// The desk's fold is loaded on demand in the `split` build (src/app/split.rs), as for the pages
// that show the desk's records: a desk running one version never fetches it at start-up.
crate::split_fn!(
    desk_versions,
    fn learn(desk: Rc<Desk>) -> Learning {
        Box::pin(async move {
            if let Err(e) = desk.shared().await {
                leptos::logging::warn!("process versions: the desk's records: {e:?}");
            }
        })
    }
);
