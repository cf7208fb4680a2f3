//! What a backup import did, said under the Datos sections.

use leptos::prelude::*;

use crate::app::backup_zip::BackupImport;
use crate::ui::i18n::use_i18n;

/// What an import did: events, files stored or already here, files refused by their hash.
#[component]
pub(super) fn ImportedMessage(imported: BackupImport) -> impl IntoView {
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
