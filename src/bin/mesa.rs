//! `mesa`: the native command-line tool over the domain engine.
//!
//! ```text
//! mesa validate PROFILE.json
//! mesa replay --profile P --events EVENTS.json [--now 2026-10-20T12:00:00Z]
//! mesa report --profile P --events EVENTS.json --month 2026-10 [--csv] [--now ...]
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
use serde_json::Value;

use mesa::domain::engine::Engine;
use mesa::domain::event::Event;
use mesa::domain::fold::fold_all;
use mesa::domain::profile::{preset, presets, ProcessProfile, ProfileError};
use mesa::domain::report::{monthly_report, to_csv};
use mesa::domain::sla::TicketClocks;
use mesa::domain::ticket::{Conflict, Ticket};

const USAGE: &str = "\
mesa — the Mesa service desk engine on the command line

USAGE:
    mesa validate PROFILE
    mesa replay --profile PROFILE --events EVENTS.json [--now TIME]
    mesa report --profile PROFILE --events EVENTS.json --month YYYY-MM [--csv] [--now TIME]
    mesa --help

COMMANDS:
    validate   Check a process profile; prints \"ok: <id> (<name>)\" or every problem as
               \"path: message (line L, column C)\".
    replay     Fold the events into tickets and print, as JSON, each ticket's state, its SLA
               clocks (with deadlines) and its open conflicts.
    report     Print the monthly compliance, availability and penalty report as JSON
               (or CSV with --csv).

OPTIONS:
    --profile PROFILE   A profile JSON file, or a preset id: p1-sipo, p2-seware, p3-cirion,
                        p4-callmyway, p5-megaport (or just p1..p5).
    --events FILE       A JSON array of events, or a CouchDB export
                        ({\"docs\": [...]}, {\"rows\": [{\"doc\": ...}]}, {\"results\": [...]}).
    --month YYYY-MM     The month to report, in the zone of the profile's default calendar.
    --now TIME          The current time, RFC 3339 (default: the system clock).
    --csv               Report as CSV (one row per ticket, then a summary section).

EXIT CODES:
    0 success, 1 bad data (missing file, malformed JSON, invalid profile), 2 bad usage.
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

// ---------------------------------------------------------------------------------------------
// Arguments

/// The flags of `replay` and `report`.
struct Options {
    profile: String,
    events: String,
    now: DateTime<Utc>,
    month: Option<(i32, u32)>,
    csv: bool,
}

impl Options {
    fn parse(args: &[String], is_report: bool) -> Result<Options, Failure> {
        let (mut profile, mut events, mut now, mut month, mut csv) =
            (None, None, None, None, false);
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String, Failure> {
                inline
                    .clone()
                    .or_else(|| it.next().cloned())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
            };
            match flag {
                "--profile" => profile = Some(value("--profile")?),
                "--events" => events = Some(value("--events")?),
                "--now" => now = Some(parse_now(&value("--now")?)?),
                "--month" if is_report => month = Some(parse_month(&value("--month")?)?),
                "--csv" if is_report && inline.is_none() => csv = true,
                f if f.starts_with('-') => {
                    return Err(Failure::Usage(format!("unknown flag {f:?}")))
                }
                other => return Err(Failure::Usage(format!("unexpected argument {other:?}"))),
            }
        }
        let profile = profile.ok_or_else(|| Failure::Usage("--profile is required".into()))?;
        let events = events.ok_or_else(|| Failure::Usage("--events is required".into()))?;
        if is_report && month.is_none() {
            return Err(Failure::Usage("--month YYYY-MM is required".into()));
        }
        Ok(Options {
            profile,
            events,
            now: now.unwrap_or_else(Utc::now),
            month,
            csv,
        })
    }
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, Failure> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            Failure::Usage(format!(
                "--now {text:?} is not an RFC 3339 time like 2026-10-20T12:00:00Z ({e})"
            ))
        })
}

fn parse_month(text: &str) -> Result<(i32, u32), Failure> {
    let bad = || Failure::Usage(format!("--month {text:?} is not a month like 2026-10"));
    let (y, m) = text.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) || !(1900..=2199).contains(&year) {
        return Err(bad());
    }
    Ok((year, month))
}

// ---------------------------------------------------------------------------------------------
// Profiles

/// Where a profile came from and its text.
struct ProfileSource {
    name: String,
    text: String,
}

/// A preset id (`p4-callmyway`, or just `p4`) or a file path.
fn profile_source(arg: &str) -> Result<ProfileSource, Failure> {
    let by_id = preset(arg).map(|json| (arg.to_string(), json)).or_else(|| {
        let short: Vec<_> = presets()
            .into_iter()
            .filter(|(id, _)| id.split('-').next() == Some(arg))
            .collect();
        (short.len() == 1).then(|| (short[0].0.to_string(), short[0].1))
    });
    if let Some((id, json)) = by_id {
        if !std::path::Path::new(arg).exists() {
            return Ok(ProfileSource {
                name: format!("preset {id}"),
                text: json.to_string(),
            });
        }
    }
    Ok(ProfileSource {
        name: arg.to_string(),
        text: read_file(arg)?,
    })
}

fn read_file(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Data(format!("cannot read {path}: {e}")))
}

/// `path: message (line L, column C)`, without repeating a location already in the message.
fn describe(error: &ProfileError) -> String {
    let mut message = error.message.clone();
    if let (Some(line), Some(column)) = (error.line, error.column) {
        let prefix = format!("line {line}, column {column}: ");
        if let Some(rest) = message.strip_prefix(&prefix) {
            message = rest.to_string();
        }
        message = format!("{message} (line {line}, column {column})");
    }
    if error.path.is_empty() {
        message
    } else {
        format!("{}: {message}", error.path)
    }
}

fn load_engine(arg: &str) -> Result<Engine, Failure> {
    let source = profile_source(arg)?;
    let invalid = |errors: Vec<ProfileError>| {
        let first = errors.first().map(describe).unwrap_or_default();
        let more = match errors.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more; run `mesa validate {arg}`)", n - 1),
        };
        Failure::Data(format!("{}: invalid profile: {first}{more}", source.name))
    };
    let profile = ProcessProfile::from_json(&source.text).map_err(invalid)?;
    Engine::new(profile).map_err(invalid)
}

fn validate(args: &[String]) -> Outcome {
    let path = match args {
        [path] if !path.starts_with('-') => path,
        [flag, ..] if flag.starts_with('-') => {
            return Err(Failure::Usage(format!("unknown flag {flag:?}")))
        }
        [] => return Err(Failure::Usage("validate needs a PROFILE file".into())),
        _ => {
            return Err(Failure::Usage(
                "validate takes exactly one PROFILE file".into(),
            ))
        }
    };
    let source = profile_source(path)?;
    match ProcessProfile::from_json(&source.text) {
        Ok(profile) => print(&format!("ok: {} ({})\n", profile.id, profile.name)),
        Err(errors) => {
            let lines: String = errors.iter().map(|e| describe(e) + "\n").collect();
            print(&lines)?;
            let n = errors.len();
            let plural = if n == 1 { "problem" } else { "problems" };
            Err(Failure::Problems(format!("{}: {n} {plural}", source.name)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Events

/// Reads events from a JSON array, or from a CouchDB-style export: `{"docs": [...]}`
/// (`_bulk_docs`), `{"rows": [{"doc": ...}]}` (`_all_docs?include_docs=true`) or
/// `{"results": [{"doc": ...}]}` (`_changes?include_docs=true`). A document with `_id` and no
/// `id` takes `_id` as its id; design documents (`_design/...`) and deleted rows are skipped.
fn load_events(path: &str) -> Result<Vec<Event>, Failure> {
    let text = read_file(path)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "malformed JSON: "
        } else {
            ""
        };
        let reason = strip_location(&e);
        Failure::Data(format!(
            "{path}: line {}, column {}: {what}{reason}",
            e.line(),
            e.column()
        ))
    })?;
    let (docs, wrapper) = match value {
        Value::Array(items) => (items, None),
        Value::Object(mut map) => {
            let found = ["docs", "rows", "results"]
                .into_iter()
                .find_map(|k| match map.remove(k) {
                    Some(Value::Array(items)) => Some((items, k)),
                    _ => None,
                });
            let Some((items, key)) = found else {
                return Err(Failure::Data(format!(
                    "{path}: expected a JSON array of events, or an object with \"docs\", \
                     \"rows\" or \"results\""
                )));
            };
            (items, Some(key))
        }
        _ => {
            return Err(Failure::Data(format!(
                "{path}: expected a JSON array of events"
            )))
        }
    };
    let mut events = Vec::with_capacity(docs.len());
    for (index, item) in docs.into_iter().enumerate() {
        let doc = match (wrapper, item) {
            (Some("rows" | "results"), Value::Object(mut row)) => {
                if row.get("deleted") == Some(&Value::Bool(true)) {
                    continue;
                }
                match row.remove("doc") {
                    Some(Value::Null) | None => continue,
                    Some(doc) => doc,
                }
            }
            (_, item) => item,
        };
        let Some(doc) = normalise(doc) else { continue };
        let id = doc.get("id").and_then(Value::as_str).map(str::to_string);
        let event: Event = serde_json::from_value(doc).map_err(|e| {
            let at = match wrapper {
                None => element_position(&text, index)
                    .map(|(l, c)| format!("line {l}, column {c}: "))
                    .unwrap_or_default(),
                Some(_) => String::new(),
            };
            let container = wrapper.unwrap_or("event");
            let which = match id {
                Some(id) => format!("{container}[{index}] (id {id:?})"),
                None => format!("{container}[{index}]"),
            };
            Failure::Data(format!("{path}: {at}{which}: {}", strip_location(&e)))
        })?;
        events.push(event);
    }
    Ok(events)
}

/// A CouchDB document as an event: `_id` → `id`, CouchDB's own fields dropped; `None` for
/// design documents.
fn normalise(doc: Value) -> Option<Value> {
    let Value::Object(mut map) = doc else {
        return Some(doc);
    };
    let couch_id = map.remove("_id");
    if let Some(Value::String(id)) = &couch_id {
        if id.starts_with("_design/") {
            return None;
        }
    }
    if !map.contains_key("id") {
        if let Some(id) = couch_id {
            map.insert("id".into(), id);
        }
    }
    map.retain(|k, _| !k.starts_with('_'));
    Some(Value::Object(map))
}

/// serde_json's message without its trailing " at line L column C".
fn strip_location(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// Line and column (1-based, in characters) where element `index` of the top-level array starts.
fn element_position(text: &str, index: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut seen = 0usize;
    let mut expecting = false;
    let (mut line, mut column) = (1usize, 0usize);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if expecting && depth == 1 && !c.is_whitespace() {
            if seen == index {
                return Some((line, column));
            }
            seen += 1;
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Commands

/// One ticket in the replay output.
#[derive(Serialize)]
struct Replayed<'a> {
    ticket: &'a Ticket,
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
}

fn replay(options: &Options) -> Outcome {
    let engine = load_engine(&options.profile)?;
    let events = load_events(&options.events)?;
    let tickets = fold_all(&events);
    let folded: std::collections::BTreeSet<_> = tickets.iter().map(|t| &t.id).collect();
    let orphan_events = events
        .iter()
        .filter(|e| !folded.contains(&e.ticket_id))
        .count();
    let out = Replay {
        profile: &engine.profile().id,
        now: options.now,
        events: events.len(),
        orphan_events,
        tickets: tickets
            .iter()
            .map(|ticket| Replayed {
                ticket,
                clocks: engine.clocks(ticket, options.now),
                open_conflicts: ticket.open_conflicts().collect(),
            })
            .collect(),
    };
    print_json(&out)
}

fn report(options: &Options) -> Outcome {
    let engine = load_engine(&options.profile)?;
    let events = load_events(&options.events)?;
    let month = options
        .month
        .ok_or_else(|| Failure::Usage("--month is required".into()))?;
    let report = monthly_report(&engine, &fold_all(&events), month, options.now);
    if options.csv {
        print(&to_csv(&report))
    } else {
        print_json(&report)
    }
}
