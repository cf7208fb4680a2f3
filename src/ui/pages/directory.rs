//! "Directorio" (`#/directorio`): the escalation directory of the active process, level by level,
//! every number a `tel:` link and every address a `mailto:` link. When the process has a line for
//! nights, weekends and holidays and the office is closed now, that line comes first, marked as
//! the one to call now; while the office is open it is listed after, marked as not in use now.
//! Whether the office is open is the engine's answer ([`crate::domain::engine::Engine::is_in_hours`]).

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::domain::profile::Contact;
use crate::ui::contact::ContactCard;
use crate::ui::i18n::use_i18n;

/// How often "now" is checked again (the office may open or close while the page is shown).
const TICK: Duration = Duration::from_secs(60);

fn contact_list(contacts: Vec<Contact>) -> impl IntoView {
    view! {
        <ul class="contacts">
            {contacts.into_iter().map(|c| view! { <ContactCard contact=c/> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_desk();
    let now = RwSignal::new(crate::app::clock::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(crate::app::clock::now()), TICK) {
        on_cleanup(move || handle.clear());
    }
    let desk = open.get();
    let escalation = desk.profile.escalation.clone();
    let levels: BTreeSet<u8> = escalation.directory.iter().map(|c| c.level).collect();
    let by_level = levels
        .into_iter()
        .map(|level| {
            let contacts: Vec<Contact> = escalation
                .directory
                .iter()
                .filter(|c| c.level == level)
                .cloned()
                .collect();
            let heading_id = format!("directory-level-{level}");
            let labelled_by = heading_id.clone();
            view! {
                <section class="directory-level" aria-labelledby=labelled_by data-level=level>
                    <h2 id=heading_id>{i18n.t_with("directory.level", &[("n", &level.to_string())])}</h2>
                    {contact_list(contacts)}
                </section>
            }
        })
        .collect_view();
    let after_hours = escalation.after_hours.clone().map(|line| {
        let calendar = desk
            .profile
            .calendar(&line.in_hours_calendar)
            .map(|c| i18n.pt(&c.name))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| line.in_hours_calendar.clone());
        move || {
            let applies = !open.get().engines().active().is_in_hours(now.get());
            let (state, note) = if applies {
                (
                    "now",
                    i18n.t_with("directory.after_hours.now", &[("calendar", &calendar)]),
                )
            } else {
                (
                    "later",
                    i18n.t_with("directory.after_hours.later", &[("calendar", &calendar)]),
                )
            };
            view! {
                <section class="after-hours" data-applies=applies.to_string()
                    aria-labelledby="after-hours-title">
                    <h2 id="after-hours-title">
                        {applies.then_some("⚠ ")}
                        {i18n.t("directory.after_hours.title")}
                    </h2>
                    <p class="after-hours-state" data-state=state role="status">{note}</p>
                    {contact_list(line.contacts.clone())}
                </section>
            }
        }
    });
    let empty = escalation.directory.is_empty() && escalation.after_hours.is_none();
    view! {
        <section class="directory-page">
            <h1>{move || i18n.t("directory.title")}</h1>
            <p class="hint">{move || i18n.t("directory.hint")}</p>
            {empty.then(|| view! { <p class="empty">{i18n.t("directory.empty")}</p> })}
            <div class="directory-levels">
                {after_hours}
                {by_level}
            </div>
        </section>
    }
}
