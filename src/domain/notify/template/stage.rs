//! The lines about a stage entered: its goal, its milestones' goals and what comes next.

use super::*;

/// A goal in words: «meta 3 h», «meta según la clase de ciudad de la sede» (`by_class`: the
/// target depends on a city class not known yet) or «sin meta de tiempo fija».
fn goal_text(engine: &Engine, ticket: &Ticket, target: Option<Target>, by_class: bool) -> String {
    let en = english(engine);
    match target {
        Some(target) => format!(
            "{} {}",
            pick(en, "meta", "target"),
            duration(engine, ticket, target)
        ),
        None if by_class => pick(
            en,
            "meta según la clase de ciudad de la sede",
            "target according to the city class of the site",
        )
        .to_string(),
        None => pick(en, "sin meta de tiempo fija", "no fixed time target").to_string(),
    }
}

/// The goal of each milestone of `stage` for the city class: «Traslado a la sede»: meta 3 h.
fn milestone_goals(
    engine: &Engine,
    ticket: &Ticket,
    stage: &Stage,
    city_class: Option<&str>,
) -> Vec<String> {
    let en = english(engine);
    stage
        .milestones
        .iter()
        .map(|m| {
            let name = text(engine, &m.name);
            let by_class = !m.target_by_city_class.is_empty();
            let goal = goal_text(engine, ticket, m.target_for(city_class), by_class);
            if en {
                format!("“{name}”: {goal}")
            } else {
                format!("«{name}»: {goal}")
            }
        })
        .collect()
}

/// The stage after `current` in the profile's order, among those of the ticket's kind.
fn next_stage<'a>(engine: &'a Engine, ticket: &Ticket, current: &str) -> Option<&'a Stage> {
    let stages = &engine.profile().stages;
    let at = stages.iter().position(|s| s.id == current)?;
    stages[at + 1..]
        .iter()
        .find(|s| s.kinds.is_empty() || s.kinds.iter().any(|k| *k == ticket.request_kind))
}

/// The lines about the stage entered: its goal and what comes next. `site_class` is the city
/// class of the ticket's site in the customers list, used until a dispatch records one.
pub(super) fn stage_lines(
    engine: &Engine,
    ticket: &Ticket,
    stage: &str,
    site_class: Option<&str>,
    now: DateTime<Utc>,
) -> Vec<String> {
    let en = english(engine);
    let unit = unit_of(engine);
    let (name, when) = (stage_name(engine, stage), local(engine, now));
    let mut lines = vec![if en {
        format!(
            "Your {} {} moved to the stage “{name}” on {when}.",
            unit.one, ticket.number
        )
    } else {
        format!(
            "Su {} {} pasó a la etapa «{name}» el {when}.",
            unit.one, ticket.number
        )
    }];
    if let Some(description) = engine
        .profile()
        .stage(stage)
        .map(|s| s.description.trim())
        .filter(|d| !d.is_empty())
    {
        lines.push(text(engine, description).to_string());
    }
    let clock = engine.clocks(ticket, now).stage;
    match clock.as_ref().and_then(|c| c.target.zip(c.deadline)) {
        Some((target, deadline)) => {
            let (d, by) = (duration(engine, ticket, target), local(engine, deadline));
            lines.push(if en {
                format!("Target for this stage: {d} (by {by} at the latest).")
            } else {
                format!("Meta de esta etapa: {d} (a más tardar {by}).")
            })
        }
        None if engine
            .profile()
            .stage(stage)
            .is_some_and(|s| !s.target_by_city_class.is_empty()) =>
        {
            lines.push(pick(
                en,
                "La meta de esta etapa depende de la clase de ciudad de la sede; se fija al registrar el despacho.",
                "This stage's target depends on the city class of the site; it is set when the dispatch is recorded.",
            ).to_string())
        }
        None if engine
            .profile()
            .stage(stage)
            .is_some_and(|s| !s.milestones.is_empty()) => {}
        None => lines.push(
            pick(
                en,
                "Esta etapa no tiene una meta de tiempo fija.",
                "This stage has no fixed time target.",
            )
            .to_string(),
        ),
    }
    let city_class = ticket
        .dispatch
        .as_deref()
        .map(|(_, class)| class.as_str())
        .or(site_class);
    if let Some(entered) = engine.profile().stage(stage) {
        let goals = milestone_goals(engine, ticket, entered, city_class);
        lines.extend(goals.into_iter().map(|g| format!("{g}.")));
    }
    match next_stage(engine, ticket, stage) {
        Some(next) => {
            let target = engine.profile().stage_target(&next.id, city_class);
            let by_class = !next.target_by_city_class.is_empty();
            // A stage whose times are its milestones' says theirs.
            let goal = if target.is_none() && !by_class && !next.milestones.is_empty() {
                milestone_goals(engine, ticket, next, city_class).join("; ")
            } else {
                goal_text(engine, ticket, target, by_class)
            };
            let optional = match next.optional {
                true => pick(en, ", si aplica", ", if applicable"),
                false => "",
            };
            let next = text(engine, &next.name);
            lines.push(if en {
                format!("Next stage: “{next}” ({goal}{optional}).")
            } else {
                format!("Siguiente etapa: «{next}» ({goal}{optional}).")
            });
        }
        None => lines.push(if en {
            format!("This is the last stage of the {}.", unit.one)
        } else {
            format!(
                "Es la última etapa {} {}.",
                unit.agree("de la", "del"),
                unit.one
            )
        }),
    }
    lines
}
