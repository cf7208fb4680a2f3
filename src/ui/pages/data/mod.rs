//! Datos (`#/datos`): storage durability (persistent storage, usage and quota), backup export
//! and import, and the queue as CSV, one section per file ([`storage`], [`backup`],
//! [`queue_csv`]); what the last action did is said under them ([`outcome`]). The rules (backup
//! format, merge by id, CSV quoting) live in `domain::backup` and the store; this page only wires
//! them to buttons.

mod backup;
mod imported;
mod outcome;
mod queue_csv;
mod storage;

use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

use backup::BackupSection;
use outcome::{Outcome, OutcomeMessage};
use queue_csv::QueueCsvSection;
use storage::StorageSection;

#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    // One message for the page: the backup and CSV sections both say what they did here.
    let outcome = RwSignal::new(None::<Outcome>);
    view! {
        <section class="data-page">
            <h1>{move || i18n.t("data.title")}</h1>
            <StorageSection/>
            <BackupSection outcome/>
            <QueueCsvSection outcome/>
            <div class="data-outcome" aria-live="polite">
                {move || outcome.get().map(|o| view! { <OutcomeMessage outcome=o/> })}
            </div>
        </section>
    }
}
