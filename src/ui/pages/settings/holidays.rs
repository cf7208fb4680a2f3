//! The holidays of the process's business calendars in Ajustes: one row per holiday (a date, and
//! whether it repeats every year), added, removed, or imported from an iCalendar file (`.ics`,
//! as governments and calendar apps publish them); saved as a new version of the active process,
//! like the directory. The rules are the domain's ([`ProcessProfile::with_holidays`],
//! [`holidays_from_ics`]); this component only wires them to the form.
//!
//! ```ignore
//! view! { <HolidaysEditor/> }
//! ```

use chrono::Datelike;
use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::calendar::ics::holidays_from_ics;
use crate::domain::profile::{HolidayDraft, HolidayProblem, ProcessProfile};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::use_save;
use crate::ui::shell::download::{read_text, take_picked_file};
use crate::ui::StoreErrorMessage;

/// The holidays editor: nothing when the process has only 24×7 calendars.
#[component]
pub fn HolidaysEditor() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let profile: ProcessProfile = desk.get().profile.clone();
    let calendars: Vec<(String, String)> = profile
        .calendars_with_hours()
        .map(|c| {
            let name = if c.name.is_empty() {
                c.id.clone()
            } else {
                i18n.pt(&c.name)
            };
            (c.id.clone(), name)
        })
        .collect();
    let Some((first, _)) = calendars.first().cloned() else {
        return view! {
            <section class="settings-block holidays-editor" aria-labelledby="settings-holidays">
                <h2 id="settings-holidays">{move || i18n.t("settings.holidays")}</h2>
                <p class="settings-note" id="holidays-none">{move || i18n.t("settings.holidays.none")}</p>
            </section>
        }
        .into_any();
    };
    let year = crate::app::clock::now().year();
    let calendar = RwSignal::new(first.clone());
    let rows = RwSignal::new(profile.holiday_rows(&first, year));
    let problems = RwSignal::new(Vec::<HolidayProblem>::new());
    let imported = RwSignal::new(None::<Result<(usize, usize), String>>);
    // Publishing the edited process (the page reloads once it is saved).
    let publish = use_save::<(), StoreError>();

    let choose = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        rows.set(desk.get().profile.holiday_rows(&id, year));
        calendar.set(id);
        problems.set(Vec::new());
        imported.set(None);
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = take_picked_file(&ev) else {
            return;
        };
        problems.set(Vec::new());
        leptos::task::spawn_local(async move {
            let text = match read_text(&file).await {
                Ok(text) => text,
                Err(_) => {
                    imported.set(Some(Err("settings.holidays.ics.unreadable".into())));
                    return;
                }
            };
            match holidays_from_ics(&text) {
                Err(problem) => imported.set(Some(Err(format!(
                    "settings.holidays.ics.{}",
                    problem.code()
                )))),
                Ok(found) => {
                    let added = found.dates.len() + found.yearly.len();
                    rows.update(|r| {
                        r.extend(found.dates.iter().map(|d| HolidayDraft {
                            date: d.to_string(),
                            yearly: false,
                        }));
                        r.extend(found.yearly.iter().map(|md| HolidayDraft {
                            date: format!("{year}-{md}"),
                            yearly: true,
                        }));
                    });
                    imported.set(Some(Ok((added, found.skipped))));
                }
            }
        });
    };
    let save = move |_| {
        publish.reset();
        let edited = rows.with_untracked(|r| {
            desk.get()
                .profile
                .with_holidays(&calendar.get_untracked(), r)
        });
        match edited {
            Err(list) => problems.set(list),
            Ok(edited) => {
                problems.set(Vec::new());
                super::publish_edited(desk, edited, signals, publish);
            }
        }
    };
    let row_view = move |i: usize, draft: HolidayDraft| {
        let n = (i + 1).to_string();
        let date_id = format!("holiday-{i}-date");
        let problem_id = format!("{date_id}-problem");
        let bad = move || problems.with(|ps| ps.contains(&HolidayProblem::Date { row: i }));
        view! {
            <fieldset class="holiday" data-row=i>
                <legend>{move || i18n.t_with("settings.holidays.row", &[("n", &n)])}</legend>
                <label class="field holiday-date">
                    <span>{move || i18n.t("settings.holidays.date")}</span>
                    <input
                        id=date_id
                        type="date"
                        prop:value=draft.date.clone()
                        aria-invalid=move || bad().to_string()
                        aria-describedby=problem_id.clone()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            rows.update_untracked(|r| if let Some(d) = r.get_mut(i) { d.date = v });
                        }
                    />
                    <p class="problem" id=problem_id aria-live="polite">
                        {move || bad().then(|| i18n.t("settings.holidays.problem.date"))}
                    </p>
                </label>
                <label class="check holiday-yearly">
                    <input
                        type="checkbox"
                        prop:checked=draft.yearly
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            rows.update_untracked(|r| if let Some(d) = r.get_mut(i) { d.yearly = on });
                        }
                    />
                    <span>{move || i18n.t("settings.holidays.yearly")}</span>
                </label>
                <button
                    type="button"
                    class="remove remove-holiday"
                    on:click=move |_| {
                        problems.set(Vec::new());
                        rows.update(|r| { r.remove(i); });
                    }
                >
                    {move || i18n.t("settings.remove")}
                </button>
            </fieldset>
        }
    };
    let several = calendars.len() > 1;
    view! {
        <section class="settings-block holidays-editor" aria-labelledby="settings-holidays">
            <h2 id="settings-holidays">{move || i18n.t("settings.holidays")}</h2>
            <p class="settings-note">{move || i18n.t("settings.holidays.help")}</p>
            {several.then(|| view! {
                <label class="field">
                    <span>{move || i18n.t("settings.holidays.calendar")}</span>
                    <select id="holidays-calendar" on:change=choose>
                        {calendars
                            .iter()
                            .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
            })}
            <div class="holiday-list">
                {move || rows.get().into_iter().enumerate().map(|(i, d)| row_view(i, d)).collect_view()}
            </div>
            {move || imported.get().map(|outcome| match outcome {
                Ok((added, skipped)) => {
                    let (added, skipped) = (added.to_string(), skipped.to_string());
                    view! {
                        <p class="saved" role="status" id="holidays-imported">
                            {move || i18n.t_with("settings.holidays.ics.added", &[("n", &added), ("skipped", &skipped)])}
                        </p>
                    }
                    .into_any()
                }
                Err(key) => view! {
                    <p class="error" role="alert" id="holidays-import-problem">{move || i18n.t(&key)}</p>
                }
                .into_any(),
            })}
            {move || (!problems.get().is_empty()).then(|| view! {
                <p class="error" role="alert" id="holidays-problems">{move || i18n.t("settings.holidays.invalid")}</p>
            })}
            {move || publish.failed().map(|e| view! { <StoreErrorMessage error=e/> })}
            <div class="settings-actions">
                <button
                    type="button"
                    id="add-holiday"
                    on:click=move |_| {
                        problems.set(Vec::new());
                        rows.update(|r| r.push(HolidayDraft::default()));
                    }
                >
                    {move || i18n.t("settings.holidays.add")}
                </button>
                <label class="file-button">
                    <span>{move || i18n.t("settings.holidays.ics")}</span>
                    <input type="file" id="import-holidays" accept=".ics,text/calendar" on:change=import/>
                </label>
                <button type="button" id="save-holidays" class="primary" on:click=save>
                    {move || i18n.t("settings.holidays.save")}
                </button>
            </div>
        </section>
    }
    .into_any()
}
