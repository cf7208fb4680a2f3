//! The flags of `replay` and `report`.

use chrono::{DateTime, Utc};

use super::Failure;

/// The flags of `replay` and `report`.
pub struct Options {
    pub profile: String,
    pub events: String,
    pub now: DateTime<Utc>,
    pub month: Option<(i32, u32)>,
    pub csv: bool,
}

impl Options {
    pub fn parse(args: &[String], is_report: bool) -> Result<Options, Failure> {
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
