//! `mesa verify`: checks an event file's signatures and chains and, given a report, its anchor.

use mesa::domain::evidence::{MonthAnchor, Verification};
use serde_json::Value;

use super::args::Source;
use super::parallel::verify_parallel;
use super::profiles::read_file;
use super::{print, Failure, Outcome};

/// The flags of `verify`.
pub struct VerifyOptions {
    /// `--events FILE`, or the desk's endpoint (`--url URL --db DB` with its credentials).
    pub events: Source,
    pub report: Option<String>,
    pub strict: bool,
}

impl VerifyOptions {
    pub fn parse(args: &[String]) -> Result<VerifyOptions, Failure> {
        let (mut events, mut report, mut strict) = (None, None, false);
        let (mut url, mut db, mut user, mut password, mut token) = (None, None, None, None, None);
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
                "--events" => events = Some(value("--events")?),
                "--report" => report = Some(value("--report")?),
                "--strict" if inline.is_none() => strict = true,
                "--url" => url = Some(value("--url")?),
                "--db" => db = Some(value("--db")?),
                "--user" => user = Some(value("--user")?),
                "--password" => password = Some(value("--password")?),
                "--token" => token = Some(value("--token")?),
                f if f.starts_with('-') => {
                    return Err(Failure::Usage(format!("unknown flag {f:?}")))
                }
                other => return Err(Failure::Usage(format!("unexpected argument {other:?}"))),
            }
        }
        let events = Source::from_flags(events, url, db, user, password, token)?;
        Ok(VerifyOptions {
            events,
            report,
            strict,
        })
    }
}

/// Runs `mesa verify`.
pub fn verify(options: &VerifyOptions) -> Outcome {
    let anchor = options.report.as_deref().map(load_anchor).transpose()?;
    let events = crate::source_events(&options.events)?;
    let verdict = verify_parallel(&events, anchor.as_ref());
    print(&describe(&verdict, options.strict))?;
    if let Some(first) = verdict.first_broken() {
        let more = verdict.broken.len() - 1;
        let also = if more > 0 {
            format!(" ({more} more broken, listed above)")
        } else {
            String::new()
        };
        return Err(Failure::Problems(format!("broken history: {first}{also}")));
    }
    if let Some(check) = verdict.anchor.as_ref().filter(|c| !c.holds()) {
        return Err(Failure::Problems(format!(
            "the history does not match the report of {}: its {} events give root {}, the \
             report says {} events and root {}",
            check.month,
            check.found_events,
            check.found_root,
            check.expected_events,
            check.expected_root
        )));
    }
    if options.strict && !verdict.unsigned.is_empty() {
        return Err(Failure::Problems(format!(
            "{} unsigned events (sin firma), refused by --strict; the first: {}",
            verdict.unsigned.len(),
            verdict.unsigned[0].as_str()
        )));
    }
    Ok(())
}

/// The report's anchor: a report JSON (`mesa report` output, whose `evidence` it reads) or an
/// anchor on its own.
fn load_anchor(path: &str) -> Result<MonthAnchor, Failure> {
    let text = read_file(path)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Failure::Data(format!(
            "{path}: line {}, column {}: malformed JSON",
            e.line(),
            e.column()
        ))
    })?;
    let anchor = match value.get("evidence") {
        Some(evidence) => evidence.clone(),
        None if value.get("merkle_root").is_some() || value.get("root").is_some() => value,
        None => {
            return Err(Failure::Data(format!(
                "{path}: no \"evidence\" in this report (made before reports carried evidence, \
                 or not a `mesa report` JSON)"
            )))
        }
    };
    serde_json::from_value(anchor).map_err(|e| Failure::Data(format!("{path}: evidence: {e}")))
}

/// The human summary printed on stdout.
fn describe(v: &Verification, strict: bool) -> String {
    let mut out = format!(
        "{} events: {} signed and verified, {} unsigned (sin firma), {} devices with a key\n",
        v.events,
        v.signed,
        v.unsigned.len(),
        v.devices
    );
    if let Some(check) = &v.anchor {
        let verdict = if check.holds() {
            "matches"
        } else {
            "DOES NOT match"
        };
        out.push_str(&format!(
            "report {}: {} events, root {} {verdict} (report: {} events, root {})\n",
            check.month,
            check.found_events,
            check.found_root,
            check.expected_events,
            check.expected_root
        ));
    }
    for id in &v.unsigned {
        out.push_str(&format!("unsigned (sin firma): {}\n", id.as_str()));
    }
    for broken in &v.broken {
        out.push_str(&format!("BROKEN {broken}\n"));
    }
    if v.holds(strict) {
        out.push_str("ok: the history holds\n");
    }
    out
}
