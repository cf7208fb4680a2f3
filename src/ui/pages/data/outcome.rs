//! What the last action of Datos did (working, importing n of m, exported, imported, refused),
//! and its message.

use leptos::prelude::*;

use crate::app::backup_zip::{BackupImport, BackupProblem, BackupProgress, FilesStep};
use crate::domain::backup::BackupError;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::StoreErrorMessage;

use super::imported::ImportedMessage;

/// What the last action on this page did.
#[derive(Clone, Debug)]
pub(super) enum Outcome {
    Working,
    /// An import under way: `done` of `total` events are in committed batches (durable).
    Importing {
        done: usize,
        total: usize,
    },
    /// A backup's files under way: `done` of `total` went through `step`.
    Files {
        step: FilesStep,
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
    /// What a backup export or import has done so far.
    pub(super) fn from_progress(progress: BackupProgress) -> Self {
        match progress {
            BackupProgress::Events(p) => Self::Importing {
                done: p.done,
                total: p.total,
            },
            BackupProgress::Files { step, done, total } => Self::Files { step, done, total },
        }
    }

    pub(super) fn bad_file(file: String, problem: BackupProblem) -> Self {
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

/// The message for an outcome, under the sections.
#[component]
pub(super) fn OutcomeMessage(outcome: Outcome) -> impl IntoView {
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
        Outcome::Files { step, done, total } => {
            let (key, code) = match step {
                FilesStep::Packing => ("data.files.packing", "packing"),
                FilesStep::Checking => ("data.files.checking", "checking"),
                FilesStep::Storing => ("data.files.storing", "storing"),
            };
            view! {
                <p class="data-working" role="status" id="files-progress"
                    data-step=code data-done=done data-total=total>
                    {move || i18n.t_with(
                        key,
                        &[("done", &done.to_string()), ("total", &total.to_string())],
                    )}
                </p>
            }
            .into_any()
        }
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
