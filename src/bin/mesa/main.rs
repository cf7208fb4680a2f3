//! `mesa`: the native command-line tool over the domain engine.
//!
//! ```text
//! mesa validate PROFILE.json
//! mesa replay --profile P --events EVENTS.json [--now 2026-10-20T12:00:00Z]
//! mesa report --profile P --events EVENTS.json --month 2026-10 [--csv] [--now ...]
//! mesa agent --url URL --db DB [--user U --password P | --token T] [--profile P] [--data DIR]
//!            [--smtp smtp://HOST:PORT --smtp-from ADDR [--smtp-user U --smtp-password P]
//!            [--starttls [--smtp-ca FILE]]] [--imap imap[s]://HOST:PORT --imap-user U
//!            --imap-password P [--imap-folder INBOX] [--imap-ca FILE]]
//!            [--lease-seconds N] [--timeout-seconds N] [--once]
//! mesa verify (--events EVENTS.json | --url URL --db DB) [--report REPORT.json] [--strict]
//! ```
//!
//! Exit codes: 0 success, 1 bad data (missing file, malformed JSON, invalid profile),
//! 2 bad usage (unknown command or flag, missing or malformed argument). Errors are one line on
//! stderr; the tool never panics on bad input.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde::Serialize;

use mesa::domain::desk::customers::customers_in_force;
use mesa::domain::desk::fold_desk;
use mesa::domain::due_events::due_events;
use mesa::domain::engines::Engines;
use mesa::domain::event::Event;
use mesa::domain::fold::fold_all;
use mesa::domain::report::{monthly_report, to_csv};
use mesa::domain::sla::TicketClocks;
use mesa::domain::ticket::{Conflict, Ticket};

const USAGE: &str = "\
mesa — the Mesa service desk engine on the command line

USAGE:
    mesa validate PROFILE
    mesa replay --profile PROFILE (--events EVENTS.json | --url URL --db DB) [--now TIME]
    mesa report --profile PROFILE (--events EVENTS.json | --url URL --db DB) --month YYYY-MM
                [--csv] [--now TIME]
    mesa agent --url URL --db DB [--user U --password P | --token T] [--profile PROFILE]
               [--data DIR] [--smtp smtp://HOST:PORT --smtp-from ADDR
               [--smtp-user U --smtp-password P] [--starttls [--smtp-ca FILE]]]
               [--imap imap[s]://HOST:PORT --imap-user U --imap-password P
               [--imap-folder INBOX] [--imap-ca FILE]] [--lease-seconds N]
               [--timeout-seconds N] [--once]
    mesa verify (--events EVENTS.json | --url URL --db DB) [--report REPORT.json] [--strict]
    mesa --help

COMMANDS:
    validate   Check a process profile; prints \"ok: <id> (<name>)\" or every problem as
               \"path: message (line L, column C)\".
    replay     Fold the events that had happened by --now into tickets, apply what is due at
               --now (warnings, breaches, escalation actions, auto-close: listed under \"due\"
               as the engine's events), and print, as JSON, each ticket's state, its SLA
               clocks (with deadlines) and its open conflicts; and the desk state folded from
               the desk events (customers, directory, profile versions, articles, settings).
               A ticket's clocks use the profile version it keeps when the file publishes it.
               A ticket whose opening misses a mandatory field or an unchecked pre-report
               check of its process is listed under \"registration_problems\", naming the
               field, and the exit status is 1.
    report     Print the monthly compliance, availability and penalty report as JSON
               (or CSV with --csv). It ends with the month's evidence: every device's chain
               head and the Merkle root of the month's events.
    agent      Follow the desk through its sync endpoint (CouchDB API) into a SQLite database
               under --data (default ~/.local/share/mesa-agent), append what is due (warnings,
               breaches, escalations, auto-close) with the desk's published process (--profile
               only when the desk has published none), read the IMAP folder (--imap: a
               message on a ticket's thread or naming its number updates it; any other opens a
               ticket through the process's e-mail channel and is answered with its number,
               or with the mandatory data it lacks; marked \\Seen once pushed), mail queued
               notifications over SMTP (--smtp), and push. --once: one pass, then exit. One
               agent works per desk (a lease in the endpoint, --lease-seconds, default 180);
               each request gives up after --timeout-seconds (default 30). One JSON line per
               action on stderr. Secrets may come from MESA_PASSWORD, MESA_TOKEN,
               MESA_SMTP_PASSWORD, MESA_IMAP_PASSWORD.
    verify     Check every event's signature and every device's hash chain and, with
               --report, that the month's events still give the report's root and heads.
               Names every broken event and why; exit 1 when any is broken. Unsigned events
               (sin firma) are listed, and refused only with --strict.

OPTIONS:
    --profile PROFILE   A profile JSON file, or a preset id: p1-sipo, p2-seware, p3-cirion,
                        p4-callmyway, p5-megaport (or just p1..p5).
    --events FILE       A JSON array of events, or a CouchDB export
                        ({\"docs\": [...]}, {\"rows\": [{\"doc\": ...}]}, {\"results\": [...]}).
    --url URL --db DB   Read the events from the desk's sync endpoint instead (its _changes
                        feed), with --user U --password P (or MESA_PASSWORD) or --token T.
    --month YYYY-MM     The month to report, in the zone of the profile's default calendar.
    --now TIME          The current time, RFC 3339 (default: the system clock).
    --csv               Report as CSV (one row per ticket, then a summary section).
    --report FILE       A `mesa report` JSON whose evidence to check (verify).
    --strict            Unsigned events make verify fail.

EXIT CODES:
    0 success, 1 bad data (missing file, malformed JSON, invalid profile), a broken history
    (verify) or, for agent, a failure it could not retry, 2 bad usage.
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
        #[cfg(not(target_arch = "wasm32"))]
        "agent" => agent::run(rest),
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

// The agent's IO (HTTP, SQLite, SMTP) is native only.
#[cfg(not(target_arch = "wasm32"))]
mod agent;
mod args;
mod desk;
mod events;
mod parallel;
mod profiles;
mod registration;
#[cfg(not(target_arch = "wasm32"))]
mod remote;
mod verify;

use args::Options;
use events::load_events;

/// The events of `replay` / `report`: a file, or the desk's endpoint.
fn source_events(source: &args::Source) -> Result<Vec<Event>, Failure> {
    match source {
        args::Source::File(path) => load_events(path),
        #[cfg(not(target_arch = "wasm32"))]
        args::Source::Endpoint {
            url,
            db,
            user,
            password,
            token,
        } => {
            use agent::http::Auth;
            let auth = match (user, password, token) {
                (Some(user), Some(password), None) => Auth::Basic {
                    user: user.clone(),
                    password: password.clone(),
                },
                (None, _, Some(token)) => Auth::Bearer(token.clone()),
                (None, _, None) => Auth::None,
                (Some(_), None, None) => {
                    return Err(Failure::Usage(
                        "--user needs --password (or MESA_PASSWORD)".into(),
                    ))
                }
                (Some(_), _, Some(_)) => {
                    return Err(Failure::Usage(
                        "give --user/--password or --token, not both".into(),
                    ))
                }
            };
            remote::endpoint_events(&remote::Remote {
                url: url.clone(),
                db: db.clone(),
                auth,
            })
        }
        #[cfg(target_arch = "wasm32")]
        args::Source::Endpoint { .. } => {
            Err(Failure::Usage("--url/--db needs the native build".into()))
        }
    }
}
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
    /// Events considered: those that had happened by `now`.
    events: usize,
    /// Events of the file dated after `now` (left out).
    events_after_now: usize,
    /// Events of tickets whose opening event is not in the file (not folded).
    orphan_events: usize,
    /// What was due at `now` (warnings, breaches, escalation actions, auto-close, and their
    /// stage moves and messages), as the engine appends it; already applied to `tickets`.
    due: &'a [Event],
    tickets: Vec<Replayed<'a>>,
    /// Tickets whose opening misses a mandatory field or a pre-report check of the process it
    /// was opened under (replay then exits 1).
    registration_problems: &'a [registration::Broken<'a>],
    desk: desk::DeskReplay<'a>,
}

fn replay(options: &Options) -> Outcome {
    let engine = load_engine(&options.profile)?;
    let mut events = source_events(&options.events)?;
    // Only what had happened by `now`.
    let loaded = events.len();
    events.retain(|e| e.at() <= options.now);
    let events_after_now = loaded - events.len();
    let considered = events.len();
    let desk = fold_desk(&events);
    // One engine per published version: a ticket's clocks use the one it keeps.
    let engines = Engines::with_versions(&Engines::new(engine), &desk.profiles);
    let before = fold_all(&events);
    // What is due at `now`, applied: the events every device (and the agent) would append.
    let customers = customers_in_force(&desk.customers);
    let due: Vec<Event> = before
        .iter()
        .filter(|t| t.status.is_active())
        .flat_map(|t| due_events(engines.for_ticket(t), &customers, t, options.now))
        .collect();
    events.extend(due.iter().cloned());
    let tickets = if due.is_empty() {
        before
    } else {
        fold_all(&events)
    };
    let folded: std::collections::BTreeSet<_> = tickets.iter().map(|t| &t.id).collect();
    let orphan_events = events
        .iter()
        .filter(|e| !e.kind.is_desk() && !folded.contains(&e.ticket_id))
        .count();
    let broken = registration::broken(&events, &tickets, |t| engines.for_ticket(t).profile());
    let out = Replay {
        profile: &engines.active().profile().id,
        now: options.now,
        events: considered,
        events_after_now,
        orphan_events,
        due: &due,
        tickets: tickets
            .iter()
            .map(|ticket| Replayed {
                ticket,
                profile_version: engines.version_of(ticket),
                clocks: engines.for_ticket(ticket).clocks(ticket, options.now),
                open_conflicts: ticket.open_conflicts().collect(),
            })
            .collect(),
        registration_problems: &broken,
        desk: desk::DeskReplay::new(&desk),
    };
    print_json(&out)?;
    if broken.is_empty() {
        return Ok(());
    }
    Err(Failure::Problems(format!(
        "{} ticket(s) opened against their process's registration rules: {}",
        broken.len(),
        registration::describe(&broken)
    )))
}

fn report(options: &Options) -> Outcome {
    let engine = load_engine(&options.profile)?;
    let events = source_events(&options.events)?;
    let month = options
        .month
        .ok_or_else(|| Failure::Usage("--month is required".into()))?;
    let versions = fold_desk(&events).profiles;
    let engines = Engines::with_versions(&Engines::new(engine), &versions);
    let report = monthly_report(&engines, &fold_all(&events), month, options.now)
        .with_evidence(&events)
        .map_err(|e| Failure::Data(e.to_string()))?;
    if options.csv {
        print(&to_csv(&report))
    } else {
        print_json(&report)
    }
}
