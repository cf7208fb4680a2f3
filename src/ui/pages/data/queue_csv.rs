//! The CSV section of Datos: the queue's tickets as a spreadsheet file, with the columns and
//! statuses named in the reader's language (the format is `domain::queue_csv`'s).

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::csv::BOM;
use crate::domain::queue_csv::{queue_csv, queue_csv_file_name, QueueCsvLabels, QUEUE_COLUMNS};
use crate::domain::ticket::Status;
use crate::ui::i18n::use_i18n;
use crate::ui::shell::download::download_text;

use super::outcome::Outcome;

/// The "export CSV" button; what it did goes to `outcome`.
#[component]
pub(super) fn QueueCsvSection(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();

    let export_csv = move |_| {
        let tickets = signals.tickets.get_untracked();
        let labels = QueueCsvLabels::named(
            &desk.get().profile,
            i18n.language(),
            QUEUE_COLUMNS
                .iter()
                .map(|c| i18n.t(&format!("data.csv.col.{c}")))
                .collect(),
            Status::ALL
                .into_iter()
                .map(|s| (s, i18n.t(&format!("ticket.status.{}", s.code()))))
                .collect(),
        );
        // The BOM lets spreadsheet programs read the accents as UTF-8.
        let text = format!("{BOM}{}", queue_csv(&tickets, &labels));
        outcome.set(Some(
            match download_text(
                &queue_csv_file_name(crate::app::clock::now()),
                "text/csv;charset=utf-8",
                &text,
            ) {
                Ok(()) => Outcome::CsvExported {
                    tickets: tickets.len(),
                },
                Err(e) => Outcome::Failed(format!("{e:?}")),
            },
        ));
    };

    view! {
        <section class="data-block" aria-labelledby="data-csv">
            <h2 id="data-csv">{move || i18n.t("data.csv")}</h2>
            <p>{move || i18n.t("data.csv.help")}</p>
            <div class="data-actions">
                <button type="button" id="export-csv" on:click=export_csv>
                    {move || i18n.t("data.csv.export")}
                </button>
            </div>
        </section>
    }
}
