//! What a functional level means in the desk's process (P2): its responsible area, criticality,
//! impact and responsibilities, shown where a ticket is escalated, for the level it is at and the
//! level chosen, and where a new ticket's level is chosen.

use leptos::prelude::*;

use crate::domain::profile::ProcessProfile;
use crate::ui::i18n::I18n;

use super::summary::level_name;

/// The level's meaning as a definition list, headed by `heading_key` (`{level}` filled); nothing
/// when the profile says nothing about the level beyond its name.
pub fn level_meaning(
    profile: &ProcessProfile,
    i18n: I18n,
    level: u8,
    heading_key: &'static str,
) -> Option<AnyView> {
    let l = profile.level(level)?;
    let facts: Vec<(&'static str, String)> = [
        (
            "ticket.level.area",
            Some(l.area.as_str()).filter(|a| !a.is_empty()),
        ),
        ("ticket.level.criticality", l.criticality.as_deref()),
        ("ticket.level.impact", l.impact.as_deref()),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.map(|v| (key, i18n.pt(v))))
    .collect();
    if facts.is_empty() && l.responsibilities.is_empty() {
        return None;
    }
    let heading = i18n.t_with(
        heading_key,
        &[("level", &level_name(profile, &i18n, level))],
    );
    let responsibilities = (!l.responsibilities.is_empty()).then(|| {
        view! {
            <dt>{i18n.t("ticket.level.responsibilities")}</dt>
            <dd>
                <ul>{l.responsibilities.iter().map(|r| view! { <li>{i18n.pt(r)}</li> }).collect_view()}</ul>
            </dd>
        }
    });
    Some(
        view! {
            <section class="level-meaning" data-level=level>
                <h4>{heading}</h4>
                <dl>
                    {facts.into_iter().map(|(key, value)| view! { <dt>{i18n.t(key)}</dt><dd>{value}</dd> }).collect_view()}
                    {responsibilities}
                </dl>
            </section>
        }
        .into_any(),
    )
}
