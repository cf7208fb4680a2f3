//! The backup section of Datos: export the desk as a zip (events and attachment files) and
//! import one (or an older `.json` backup), merged by event id. The app layer does both
//! (`export_backup_zip`, `import_backup_file`); this section reports progress and outcome.

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::storage::refresh;
use crate::ui::i18n::use_i18n;
use crate::ui::shell::download::{download_blob, take_picked_file};

use super::outcome::Outcome;

/// The export button and the import file picker; what they did goes to `outcome`.
#[component]
pub(super) fn BackupSection(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();

    let export = move |_| {
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            let progress = |p| {
                // try_: the page may have been left; the export goes on.
                outcome.try_set(Some(Outcome::from_progress(p)));
            };
            let result = match desk
                .get()
                .export_backup_zip(crate::app::clock::now(), progress)
                .await
            {
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
                    outcome.try_set(Some(Outcome::from_progress(p)));
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

    view! {
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
    }
}
