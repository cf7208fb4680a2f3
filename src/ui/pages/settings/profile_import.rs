//! Import of a profile JSON file in Ajustes: validated, every problem listed with its JSON path
//! (and line and column for a parse error); applied only on request.

use leptos::prelude::*;

use crate::domain::profile::{ProcessProfile, ProfileError};
use crate::ui::i18n::use_i18n;
use crate::ui::shell::download::{read_text, take_picked_file};

/// A profile file that passed validation, waiting for the user to apply it.
#[derive(Clone)]
struct Pending {
    json: String,
    name: String,
}

/// Import of a profile JSON file: validated, every problem listed; applied only on request.
#[component]
pub(super) fn ProfileImport(publish: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = RwSignal::new(None::<(String, Vec<ProfileError>)>);
    let pending = RwSignal::new(None::<Pending>);
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = take_picked_file(&ev) else {
            return;
        };
        errors.set(None);
        pending.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            match read_text(&file).await {
                Err(e) => errors.set(Some((name, vec![ProfileError::new("", format!("{e:?}"))]))),
                Ok(text) => match ProcessProfile::from_json(&text) {
                    Err(list) => errors.set(Some((name, list))),
                    Ok(profile) => pending.set(Some(Pending {
                        json: profile.to_json(),
                        name: profile.name,
                    })),
                },
            }
        });
    };
    view! {
        <div class="profile-import">
            <label class="file-button">
                <span>{move || i18n.t("settings.process.import")}</span>
                <input type="file" id="import-profile" accept=".json,application/json" on:change=import/>
            </label>
            <p class="settings-note">{move || i18n.t("settings.process.import.help")}</p>
            {move || errors.get().map(|(file, list)| {
                let count = list.len().to_string();
                view! {
                    <div class="error profile-errors" role="alert">
                        <p>
                            {move || i18n.t_with("settings.import.invalid", &[("file", &file), ("n", &count)])}
                        </p>
                        <ul>
                            {list
                                .into_iter()
                                .map(|e| {
                                    let prefix = format!("line {}, column {}: ", e.line.unwrap_or(0), e.column.unwrap_or(0));
                                    let message = e.message.strip_prefix(&prefix).unwrap_or(&e.message).to_string();
                                    let place = match (e.line, e.column) {
                                        (Some(l), Some(c)) => i18n.t_with(
                                            "settings.import.at",
                                            &[("line", &l.to_string()), ("column", &c.to_string())],
                                        ),
                                        _ => String::new(),
                                    };
                                    view! {
                                        <li class="profile-error">
                                            <code class="path">{if e.path.is_empty() { "—".to_string() } else { e.path }}</code>
                                            " "
                                            <span class="place">{place}</span>
                                            " "
                                            <span class="message">{message}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
            {move || pending.get().map(|p| {
                let name = p.name.clone();
                view! {
                    <div class="profile-valid" role="status">
                        <p>{move || i18n.t_with("settings.import.valid", &[("name", &name)])}</p>
                        <button
                            type="button"
                            id="use-imported"
                            class="primary"
                            on:click=move |_| publish.run(p.json.clone())
                        >
                            {move || i18n.t("settings.import.use")}
                        </button>
                    </div>
                }
            })}
        </div>
    }
}
