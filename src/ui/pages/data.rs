//! Datos (`#/datos`): storage durability (persistent storage, usage and quota), backup export
//! and import, and the queue as CSV. The rules (backup format, merge by id, CSV quoting) live in
//! `domain::backup` and the store; this page only wires them to buttons.

use leptos::prelude::*;

use crate::app::backup_zip::{BackupImport, BackupProblem};
use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::shell_state::shell;
use crate::app::storage::{ask_persist, refresh};
use crate::domain::backup::BackupError;
use crate::domain::csv::BOM;
use crate::domain::queue_csv::{queue_csv, queue_csv_file_name, QueueCsvLabels, QUEUE_COLUMNS};
use crate::domain::ticket::Status;
use crate::store::StoreError;
use crate::ui::i18n::{use_i18n, Locale};
use crate::ui::shell::download::{download_blob, download_text, take_picked_file};
use crate::ui::shell::storage::human_bytes;
use crate::ui::StoreErrorMessage;

/// What the last action on this page did.
#[derive(Clone, Debug)]
enum Outcome {
    Working,
    /// An import under way: `done` of `total` events are in committed batches (durable).
    Importing {
        done: usize,
        total: usize,
    },
    Exported {
        events: usize,
        files: usize,
        not_included: usize,
    },
    CsvExported {
        tickets: usize,
    },
    Imported(BackupImport),
    BadFile {
        file: String,
        error: BackupError,
    },
    Store(StoreError),
    /// The backup would pass 4 GiB.
    TooLarge,
    Failed(String),
}

impl Outcome {
    fn bad_file(file: String, problem: BackupProblem) -> Self {
        match problem {
            BackupProblem::Bad(error) => Self::BadFile { file, error },
            problem => Self::from(problem),
        }
    }
}

impl From<BackupProblem> for Outcome {
    fn from(problem: BackupProblem) -> Self {
        match problem {
            BackupProblem::Bad(error) => Self::BadFile {
                file: String::new(),
                error,
            },
            BackupProblem::Store(e) => Self::Store(e),
            BackupProblem::TooLarge => Self::TooLarge,
            BackupProblem::Browser(detail) => Self::Failed(detail),
        }
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let s = shell().signals();
    let outcome = RwSignal::new(None::<Outcome>);
    let persist_answer = RwSignal::new(None::<Option<bool>>);
    leptos::task::spawn_local(refresh());

    let export = move |_| {
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            let result = match desk.get().export_backup_zip(crate::app::clock::now()).await {
                Ok(zip) => match download_blob(&zip.file_name, &zip.blob) {
                    Ok(()) => Outcome::Exported {
                        events: zip.events,
                        files: zip.files,
                        not_included: zip.not_included,
                    },
                    Err(e) => Outcome::Failed(format!("{e:?}")),
                },
                Err(problem) => Outcome::from(problem),
            };
            outcome.set(Some(result));
        });
    };

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

    let import = move |ev: leptos::ev::Event| {
        // The input is cleared, so the same file can be picked again (e.g. to show that a
        // second import adds nothing).
        let Some(file) = take_picked_file(&ev) else {
            return;
        };
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            let name = file.name();
            let result = match desk
                .get()
                .import_backup_file(&file, signals, |p| {
                    // try_: the page may have been left; the import goes on.
                    outcome.try_set(Some(Outcome::Importing {
                        done: p.done,
                        total: p.total,
                    }));
                })
                .await
            {
                Ok(imported) => Outcome::Imported(imported),
                Err(problem) => Outcome::bad_file(name, problem),
            };
            refresh().await;
            outcome.try_set(Some(result));
        });
    };

    let request_persist = move |_| {
        leptos::task::spawn_local(async move {
            persist_answer.set(Some(ask_persist().await));
        });
    };

    let persisted_text = move || match s.persisted.get() {
        Some(true) => i18n.t("data.persisted.yes"),
        Some(false) => i18n.t("data.persisted.no"),
        None => i18n.t("data.persisted.unknown"),
    };
    let estimate_text = move || match s.estimate.get() {
        Some(e) => {
            let locale = i18n.locale.get();
            i18n.t_with(
                "data.estimate",
                &[
                    ("used", &human_bytes(e.usage, locale)),
                    ("quota", &human_bytes(e.quota, locale)),
                    ("percent", &percent(e.percent(), locale)),
                ],
            )
        }
        None => i18n.t("data.estimate.unknown"),
    };

    view! {
        <section class="data-page">
            <h1>{move || i18n.t("data.title")}</h1>

            <section class="data-block" aria-labelledby="data-storage">
                <h2 id="data-storage">{move || i18n.t("data.storage")}</h2>
                <p
                    class="data-persisted"
                    data-persisted=move || match s.persisted.get() {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "unknown",
                    }
                >
                    {persisted_text}
                </p>
                <p class="data-estimate">{estimate_text}</p>
                <div class="data-actions">
                    <button type="button" id="persist" on:click=request_persist>
                        {move || i18n.t("data.persist")}
                    </button>
                    <button type="button" on:click=move |_| leptos::task::spawn_local(refresh())>
                        {move || i18n.t("data.estimate.refresh")}
                    </button>
                </div>
                {move || persist_answer.get().map(|answer| {
                    let key = match answer {
                        Some(true) => "data.persist.granted",
                        Some(false) => "data.persist.denied",
                        None => "data.persist.unsupported",
                    };
                    view! { <p class="data-note" role="status">{move || i18n.t(key)}</p> }
                })}
                <p class="data-note">{move || i18n.t("data.storage.help")}</p>
            </section>

            <section class="data-block" aria-labelledby="data-backup">
                <h2 id="data-backup">{move || i18n.t("data.backup")}</h2>
                <p>{move || i18n.t("data.backup.help")}</p>
                <div class="data-actions">
                    <button type="button" id="export-backup" class="primary" on:click=export>
                        {move || i18n.t("data.export")}
                    </button>
                    <label class="file-button">
                        <span>{move || i18n.t("data.import")}</span>
                        <input
                            type="file"
                            id="import-backup"
                            accept=".zip,.json,application/zip,application/json"
                            on:change=import
                        />
                    </label>
                </div>
            </section>

            <section class="data-block" aria-labelledby="data-csv">
                <h2 id="data-csv">{move || i18n.t("data.csv")}</h2>
                <p>{move || i18n.t("data.csv.help")}</p>
                <div class="data-actions">
                    <button type="button" id="export-csv" on:click=export_csv>
                        {move || i18n.t("data.csv.export")}
                    </button>
                </div>
            </section>

            <div class="data-outcome" aria-live="polite">
                {move || outcome.get().map(|o| view! { <OutcomeMessage outcome=o/> })}
            </div>
        </section>
    }
}

/// `12.34` → `12,3` (Spanish) / `12.3` (English).
fn percent(value: f64, locale: Locale) -> String {
    let text = format!("{value:.1}");
    if locale == Locale::Es {
        text.replace('.', ",")
    } else {
        text
    }
}

#[component]
fn OutcomeMessage(outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        Outcome::Working => {
            view! { <p class="data-working">{move || i18n.t("data.working")}</p> }.into_any()
        }
        Outcome::Importing { done, total } => view! {
            <p class="data-working" role="status" id="import-progress" data-done=done data-total=total>
                {move || i18n.t_with(
                    "data.import.progress",
                    &[("done", &done.to_string()), ("total", &total.to_string())],
                )}
            </p>
        }
        .into_any(),
        Outcome::Exported {
            events,
            files,
            not_included,
        } => view! {
            <div class="saved" role="status" id="export-result">
                <p>{move || i18n.t_count("data.exported", events, &[])}</p>
                <p class="data-note">
                    {move || i18n.t_with("data.exported.files", &[("n", &files.to_string())])}
                </p>
                {(not_included > 0).then(|| view! {
                    <p class="data-note" id="export-not-included">
                        {move || i18n.t_with(
                            "data.exported.not_included",
                            &[("n", &not_included.to_string())],
                        )}
                    </p>
                })}
            </div>
        }
        .into_any(),
        Outcome::CsvExported { tickets } => view! {
            <p class="saved" role="status">
                {move || i18n.t_count("data.csv.exported", tickets, &[])}
            </p>
        }
        .into_any(),
        Outcome::Imported(imported) => view! { <ImportedMessage imported=imported/> }.into_any(),
        Outcome::BadFile { file, error } => {
            let key = format!("backup_error.{}", error.code());
            let args = error.args();
            view! {
                <div class="error" role="alert" id="import-error">
                    <p>{move || i18n.t_with("data.import.refused", &[("file", &file)])}</p>
                    <p class="detail">
                        {move || {
                            let refs: Vec<(&str, &str)> =
                                args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                            i18n.t_with(&key, &refs)
                        }}
                    </p>
                    <p class="data-note">{move || i18n.t("data.import.nothing_changed")}</p>
                </div>
            }
            .into_any()
        }
        Outcome::Store(error) => view! { <StoreErrorMessage error=error/> }.into_any(),
        Outcome::TooLarge => view! {
            <p class="error" role="alert">{move || i18n.t("data.export.too_large")}</p>
        }
        .into_any(),
        Outcome::Failed(detail) => view! {
            <div class="error" role="alert">
                <p>{move || i18n.t("data.failed")}</p>
                <p class="detail">{move || i18n.t_with("error.details", &[("detail", &detail)])}</p>
            </div>
        }
        .into_any(),
    }
}

/// What an import did: events, files stored or already here, files refused by their hash.
#[component]
fn ImportedMessage(imported: BackupImport) -> impl IntoView {
    let i18n = use_i18n();
    let BackupImport {
        count,
        listed,
        files,
        not_included,
        refused,
    } = imported;
    let refused: Vec<_> = refused
        .into_iter()
        .map(|f| {
            let key = if f.ticket.is_some() {
                "data.imported.refused"
            } else {
                "data.imported.refused_no_ticket"
            };
            let ticket = f.ticket.unwrap_or_default();
            view! {
                <li>{move || i18n.t_with(key, &[("name", &f.name), ("ticket", &ticket)])}</li>
            }
        })
        .collect();
    view! {
        <div class="saved" role="status" id="import-result">
            <p>
                {move || i18n.t_with(
                    "data.imported",
                    &[("added", &count.added.to_string()), ("present", &count.present.to_string())],
                )}
            </p>
            {files.map(|(added, present)| view! {
                <p class="data-note" id="import-files">
                    {move || i18n.t_with(
                        "data.imported.files",
                        &[("added", &added.to_string()), ("present", &present.to_string())],
                    )}
                </p>
            })}
            {(files.is_some() && not_included > 0).then(|| view! {
                <p class="data-note">
                    {move || i18n.t_with("data.imported.not_included", &[("n", &not_included.to_string())])}
                </p>
            })}
            {(files.is_none() && listed > 0).then(|| view! {
                <p class="data-note">
                    {move || i18n.t_with("data.imported.attachments", &[("n", &listed.to_string())])}
                </p>
            })}
        </div>
        {(!refused.is_empty()).then(|| view! {
            <div class="error" role="alert" id="import-refused"><ul>{refused}</ul></div>
        })}
    }
}
