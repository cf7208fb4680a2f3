//! One ticket's line in the report: its clocks' outcomes and affected minutes.

use super::{AffectedSource, ClockResult, MilestoneResult, Outcome, StageResult, TicketLine};
use crate::domain::profile::{KindCategory, ProcessProfile};
use crate::domain::sla::{Clock, MilestoneClock, TicketClocks};
use crate::domain::ticket::{Status, Ticket};

pub(super) fn ticket_line(
    profile: &ProcessProfile,
    t: &Ticket,
    clocks: &TicketClocks,
    stage_clocks: &[Clock],
    milestone_clocks: &[(usize, MilestoneClock)],
) -> TicketLine {
    let rejected = t.status == Status::Rejected;
    let result = |c: &Clock| {
        let mut r = ClockResult::of(c);
        if rejected {
            r.outcome = Outcome::NotMeasured;
        }
        r
    };
    let results = [&clocks.response, &clocks.update, &clocks.restore].map(result);
    let stages: Vec<StageResult> = t
        .stage_history
        .iter()
        .zip(stage_clocks)
        .map(|(change, clock)| StageResult {
            stage: change.value.to_string(),
            result: result(clock),
        })
        .collect();
    let milestones: Vec<MilestoneResult> = milestone_clocks
        .iter()
        .filter_map(|(stay, m)| {
            Some(MilestoneResult {
                stage: t.stage_history.get(*stay)?.value.to_string(),
                milestone: m.milestone.clone(),
                result: result(&m.clock),
            })
        })
        .collect();
    let outcome = Outcome::combine(
        results
            .iter()
            .map(|r| r.outcome)
            .chain(stages.iter().map(|s| s.result.outcome))
            .chain(milestones.iter().map(|m| m.result.outcome)),
    );
    let incident_like = profile
        .kind(&t.request_kind)
        .is_none_or(|k| matches!(k.category, KindCategory::Incident | KindCategory::Technical));
    let recorded = t.resolution.as_ref().and_then(|r| r.affected_minutes);
    let (affected_minutes, affected_source) = match recorded {
        _ if rejected => (0, AffectedSource::None),
        Some(m) => (i64::from(m), AffectedSource::Recorded),
        None if incident_like => (
            clocks.restore.elapsed_minutes.max(0),
            AffectedSource::RestoreElapsed,
        ),
        None => (0, AffectedSource::None),
    };
    let late = |c: &Clock| match (c.met, c.target, rejected) {
        (Some(false), Some(target), false) => {
            (c.elapsed_minutes - i64::from(target.minutes)).max(0)
        }
        _ => 0,
    };
    let late_minutes = late(&clocks.response).max(late(&clocks.restore));
    let [response, update, restore] = results;
    TicketLine {
        id: t.id.0.clone(),
        number: String::from(&*t.number),
        customer: t.customer.to_string(),
        site: t.site.as_ref().map(|s| s.to_string()),
        request_kind: t.request_kind.to_string(),
        severity: t.severity.as_ref().map(|s| s.to_string()),
        starting_level: t.starting_level(),
        level: t.level,
        status: t.status,
        reported_at: t.reported_at,
        resolved_at: t.resolved_at,
        response,
        update,
        restore,
        stages,
        milestones,
        outcome,
        affected_minutes,
        affected_source,
        open_conflicts: t.open_conflicts().count(),
        profile_version: None,
        channel: t.channel.as_ref().map(|s| s.to_string()),
        outside_contract: t.outside_contract.as_deref().map(str::to_string),
        late_minutes,
        restored_with_workaround_at: t.workaround.as_ref().map(|w| w.at),
        closure_category: t
            .resolution
            .as_ref()
            .and_then(|r| r.category.as_ref().map(|c| c.to_string())),
    }
}
