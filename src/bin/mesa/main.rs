//! `mesa`: the native command-line tool over the domain engine.
//!
//! ```text
//! mesa validate PROFILE.json
//! mesa replay --profile P --events EVENTS.json [--now 2026-10-20T12:00:00Z]
//! mesa report --profile P --events EVENTS.json --month 2026-10 [--csv] [--now ...]
//! mesa verify --events EVENTS.json [--report REPORT.json] [--strict]
//! ```
//!
//! Exit codes: 0 success, 1 bad data (missing file, malformed JSON, invalid profile),
//! 2 bad usage (unknown command or flag, missing or malformed argument). Errors are one line on
//! stderr; the tool never panics on bad input.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde::Serialize;

use mesa::domain::desk::fold_desk;
use mesa::domain::engine::Engine;
use mesa::domain::fold::fold_all;
use mesa::domain::report::{monthly_report, to_csv};
use mesa::domain::sla::TicketClocks;
use mesa::domain::ticket::{Conflict, Ticket};

const USAGE: &str = "\
mesa — the Mesa service desk engine on the command line

USAGE:
    mesa validate PROFILE
    mesa replay --profile PROFILE --events EVENTS.json [--now TIME]
    mesa report --profile PROFILE --events EVENTS.json --month YYYY-MM [--csv] [--now TIME]
    mesa verify --events EVENTS.json [--report REPORT.json] [--strict]
    mesa --help

COMMANDS:
    validate   Check a process profile; prints \"ok: <id> (<name>)\" or every problem as
               \"path: message (line L, column C)\".
    replay     Fold the events into tickets and print, as JSON, each ticket's state, its SLA
               clocks (with deadlines) and its open conflicts; and the desk state folded from
               the desk events (customers, directory, profile versions, articles, settings).
               A ticket's clocks use the profile version it keeps when the file publishes it.
    report     Print the monthly compliance, availability and penalty report as JSON
               (or CSV with --csv). It ends with the month's evidence: every device's chain
               head and the Merkle root of the month's events.
    verify     Check every event's signature and every device's hash chain and, with
               --report, that the month's events still give the report's root and heads.
               Names every broken event and why; exit 1 when any is broken. Unsigned events
               (sin firma) are listed, and refused only with --strict.

OPTIONS:
    --profile PROFILE   A profile JSON file, or a preset id: p1-sipo, p2-seware, p3-cirion,
                        p4-callmyway, p5-megaport (or just p1..p5).
    --events FILE       A JSON array of events, or a CouchDB export
                        ({\"docs\": [...]}, {\"rows\": [{\"doc\": ...}]}, {\"results\": [...]}).
    --month YYYY-MM     The month to report, in the zone of the profile's default calendar.
    --now TIME          The current time, RFC 3339 (default: the system clock).
    --csv               Report as CSV (one row per ticket, then a summary section).
    --report FILE       A `mesa report` JSON whose evidence to check (verify).
    --strict            Unsigned events make verify fail.

EXIT CODES:
    0 success, 1 bad data (missing file, malformed JSON, invalid profile) or a broken
    history (verify), 2 bad usage.
";

/// A failure, with the exit code it maps to.
enum Failure {
    /// Bad command line: exit 2.
    Usage(String),
    /// Bad input data: exit 1.
    Data(String),
    /// Several problems (already printed to stdout): exit 1 with this summary on stderr.
    Problems(String),
}

impl Failure {
    fn code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::Data(_) | Self::Problems(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(m) => write!(f, "{m} (see `mesa --help`)"),
            Self::Data(m) | Self::Problems(m) => write!(f, "{m}"),
        }
    }
}

type Outcome = Result<(), Failure>;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()));
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("mesa: internal error{}: {msg}", at.unwrap_or_default());
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("mesa: {failure}");
            ExitCode::from(failure.code())
        }
    }
}

fn run(args: &[String]) -> Outcome {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".into()));
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return print(USAGE);
    }
    match command.as_str() {
        "--help" | "-h" | "help" => print(USAGE),
        "validate" => validate(rest),
        "replay" => replay(&Options::parse(rest, false)?),
        "report" => report(&Options::parse(rest, true)?),
        "verify" => verify::verify(&verify::VerifyOptions::parse(rest)?),
        other if other.starts_with('-') => Err(Failure::Usage(format!("unknown flag {other:?}"))),
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    }
}

/// Writes to stdout; a closed pipe (`mesa replay | head`) is not an error worth a panic.
fn print(text: &str) -> Outcome {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    Ok(())
}

fn print_json(value: &impl Serialize) -> Outcome {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Data(format!("cannot write JSON: {e}")))?;
    print(&format!("{text}\n"))
}

mod args;
mod desk;
mod events;
mod parallel;
mod profiles;
mod verify;

use args::Options;
use events::load_events;
use profiles::{load_engine, validate};

// ---------------------------------------------------------------------------------------------
// Commands

/// One ticket in the replay output.
#[derive(Serialize)]
struct Replayed<'a> {
    ticket: &'a Ticket,
    /// The published profile version its clocks use (none: the `--profile` given).
    profile_version: Option<&'a str>,
    clocks: TicketClocks,
    open_conflicts: Vec<&'a Conflict>,
}

#[derive(Serialize)]
struct Replay<'a> {
    profile: &'a str,
    now: DateTime<Utc>,
    events: usize,
    /// Events of tickets whose opening event is not in the file (not folded).
    orphan_events: usize,
    tickets: Vec<Replayed<'a>>,
    desk: desk::DeskReplay<'a>,
}

fn replay(options: &Options) -> Outcome {
    let engine = load_engine(&options.profile)?;
    let events = load_events(&options.events)?;
    let tickets = fold_all(&events);
    let desk = fold_desk(&events);
    let folded: std::collections::BTreeSet<_> = tickets.iter().map(|t| &t.id).collect();
    let orphan_events = events
        .iter()
        .filter(|e| !e.kind.is_desk() && !folded.contains(&e.ticket_id))
        .count();
    // One engine per published version the tickets keep (versions are valid by construction).
    let mut engines: BTreeMap<&str, Engine> = BTreeMap::new();
    for version in tickets.iter().filter_map(|t| desk.profiles.for_ticket(t)) {
        if !engines.contains_key(version.version.as_str()) {
            if let Some(e) = version.profile().ok().and_then(|p| Engine::new(p).ok()) {
                engines.insert(&version.version, e);
            }
        }
    }
    let out = Replay {
        profile: &engine.profile().id,
        now: options.now,
        events: events.len(),
        orphan_events,
        tickets: tickets
            .iter()
            .map(|ticket| {
                let version = desk
                    .profiles
                    .for_ticket(ticket)
                    .map(|v| v.version.as_str())
                    .filter(|v| engines.contains_key(v));
                let clocks_engine = version.and_then(|v| engines.get(v)).unwrap_or(&engine);
                Replayed {
                    ticket,
                    profile_version: version,
                    clocks: clocks_engine.clocks(ticket, options.now),
                    open_conflicts: ticket.open_conflicts().collect(),
                }
            })
            .collect(),
        desk: desk::DeskReplay::new(&desk),
    };
    print_json(&out)
}

fn report(options: &Options) -> Outcome {
    let engine = load_engine(&options.profile)?;
    let events = load_events(&options.events)?;
    let month = options
        .month
        .ok_or_else(|| Failure::Usage("--month is required".into()))?;
    let report = monthly_report(&engine, &fold_all(&events), month, options.now)
        .with_evidence(&events)
        .map_err(|e| Failure::Data(e.to_string()))?;
    if options.csv {
        print(&to_csv(&report))
    } else {
        print_json(&report)
    }
}
