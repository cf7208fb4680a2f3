//! Benchmark: computing every SLA clock of 100,000 tickets over the five preset profiles.
//!
//! ```text
//! cargo run --release --bin bench-clocks [tickets] [rounds]
//! ```
//!
//! Tickets are generated deterministically (xorshift): mixed profiles, calendars, request
//! kinds and severities; some paused (one ongoing), some with severity changes, updates,
//! promises, stages, dispatches, resolutions. Prints the median and minimum time of
//! `Engine::clocks` over all tickets, per-ticket microseconds, and a checksum of the results.

use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::engine::Engine;
use mesa::domain::profile::{presets, ProcessProfile};
use mesa::domain::sla::ClockState;
use mesa::domain::synthetic::Rng;
use mesa::domain::ticket::{Change, Pause, Status, Ticket};

fn minutes(n: u64) -> Duration {
    Duration::minutes(i64::try_from(n).unwrap_or(0))
}

fn ticket(rng: &mut Rng, profile: &ProcessProfile, now: DateTime<Utc>) -> Ticket {
    // Opened within the last 45 days.
    let opened = now - minutes(rng.below(45 * 24 * 60));
    let reported = opened - minutes(rng.below(90));
    let kind = rng
        .pick(&profile.request_kinds)
        .map(|k| k.id.clone())
        .unwrap_or_default();
    let severity = rng.pick(&profile.severities).map(|s| s.id.clone());
    let mut t = Ticket {
        request_kind: kind.into(),
        severity: severity.as_deref().map(Into::into),
        opened_at: opened,
        reported_at: reported,
        updated_at: opened,
        severity_history: vec![Change {
            at: opened,
            value: severity.as_deref().map(Into::into),
        }],
        level: 1,
        ..Ticket::default()
    };
    let mut at = opened;
    let step = |rng: &mut Rng, at: &mut DateTime<Utc>| {
        *at += minutes(1 + rng.below(600));
        (*at <= now).then_some(*at)
    };
    if rng.chance(70) {
        if let Some(a) = step(rng, &mut at) {
            t.first_response_at = Some(a);
            t.customer_updates.push(a);
        }
    }
    if rng.chance(30) {
        if let (Some(a), Some(s)) = (step(rng, &mut at), rng.pick(&profile.severities)) {
            t.severity = Some(s.id.as_str().into());
            t.severity_history.push(Change {
                at: a,
                value: Some(s.id.as_str().into()),
            });
        }
    }
    if rng.chance(35) {
        for _ in 0..=rng.below(3) {
            let Some(start) = step(rng, &mut at) else {
                break;
            };
            let end = step(rng, &mut at);
            t.pauses.push(Pause {
                start,
                end,
                reason: "info".into(),
            });
            if end.is_none() {
                t.status = Status::WaitingOnCustomer;
                break;
            }
        }
    }
    if rng.chance(40) {
        for _ in 0..=rng.below(4) {
            if let Some(a) = step(rng, &mut at) {
                t.customer_updates.push(a);
            }
        }
    }
    if rng.chance(10) {
        if let Some(a) = step(rng, &mut at) {
            t.promised_update = Some(Box::new(Change {
                at: a,
                value: a + minutes(rng.below(2000)),
            }));
        }
    }
    if let (true, Some(stage)) = (rng.chance(60), rng.pick(&profile.stages)) {
        if let Some(a) = step(rng, &mut at) {
            t.stage = Some(stage.id.as_str().into());
            t.stage_history.push(Change {
                at: a,
                value: stage.id.as_str().into(),
            });
        }
        if let Some(class) = rng.pick(&profile.city_classes) {
            t.dispatch = Some(Box::new(("sede".into(), class.id.clone())));
        }
    }
    if t.status == Status::Open && rng.chance(40) {
        if let Some(a) = step(rng, &mut at) {
            t.resolved_at = Some(a);
            t.status = Status::Resolved;
            t.customer_updates.push(a);
            if rng.chance(50) {
                if let Some(c) = step(rng, &mut at) {
                    t.closed_at = Some(c);
                    t.status = Status::Closed;
                }
            }
        }
    }
    t.updated_at = at.min(now);
    t
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7).max(1);

    let engines: Vec<Engine> = presets()
        .into_iter()
        .filter_map(|(_, json)| ProcessProfile::from_json(json).ok())
        .filter_map(|p| Engine::new(p).ok())
        .collect();
    if engines.is_empty() {
        eprintln!("no preset profile loaded");
        std::process::exit(1);
    }
    let now = Utc
        .with_ymd_and_hms(2026, 12, 1, 15, 0, 0)
        .single()
        .unwrap_or_default();
    let mut rng = Rng::new(1); // state 0x9E37_79B9_7F4A_7C15, as before
    let tickets: Vec<(usize, Ticket)> = (0..count)
        .map(|i| {
            let e = i % engines.len();
            (e, ticket(&mut rng, engines[e].profile(), now))
        })
        .collect();

    let mut times = Vec::with_capacity(rounds);
    let mut checksum = 0u64;
    let mut breached = 0usize;
    for round in 0..=rounds {
        let started = Instant::now();
        let mut sum = 0u64;
        let mut late = 0usize;
        for (e, t) in &tickets {
            let clocks = engines[*e].clocks(t, now);
            for c in clocks.all() {
                let deadline = c.deadline.map_or(0, |d| d.timestamp() as u64);
                sum = sum
                    .wrapping_mul(31)
                    .wrapping_add(deadline ^ c.elapsed_minutes as u64 ^ c.state as u64);
                late += usize::from(c.state == ClockState::Breached);
            }
        }
        let elapsed = started.elapsed();
        // Round 0 fills the calendar caches: reported separately, not in the statistics.
        if round == 0 {
            println!(
                "first round (cold caches): {:.1} ms",
                elapsed.as_secs_f64() * 1e3
            );
        } else {
            times.push(elapsed.as_secs_f64() * 1e3);
        }
        checksum = sum;
        breached = late;
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let min = times[0];
    println!("tickets: {count}, rounds: {rounds}");
    println!(
        "median: {median:.1} ms, min: {min:.1} ms, per ticket: {:.3} µs (median)",
        median * 1e3 / count.max(1) as f64
    );
    println!("breached clocks: {breached}, checksum: {checksum:016x}");
}
