//! The flags of `replay` and `report`, and where `replay`, `report` and `verify` read events.

use chrono::{DateTime, Utc};

use super::Failure;

/// Where the events come from.
// The wasm build of the tool cannot reach an endpoint (see `source_events`).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub enum Source {
    /// `--events FILE`.
    File(String),
    /// `--url URL --db DB [--user U --password P | --token T]`: the desk's sync endpoint.
    Endpoint {
        url: String,
        db: String,
        user: Option<String>,
        password: Option<String>,
        token: Option<String>,
    },
}

impl Source {
    /// The source the flags name: `--events FILE`, or `--url/--db` with the credentials given
    /// (the password and token also from `MESA_PASSWORD` / `MESA_TOKEN`).
    pub fn from_flags(
        events: Option<String>,
        url: Option<String>,
        db: Option<String>,
        user: Option<String>,
        password: Option<String>,
        token: Option<String>,
    ) -> Result<Source, Failure> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(match (events, url, db) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(Failure::Usage(
                    "give --events FILE or --url/--db, not both".into(),
                ))
            }
            (Some(file), None, None) => Source::File(file),
            (None, Some(url), Some(db)) => Source::Endpoint {
                url,
                db,
                user,
                password: password.or_else(|| env("MESA_PASSWORD")),
                token: token.or_else(|| env("MESA_TOKEN")),
            },
            (None, Some(_), None) => return Err(Failure::Usage("--url needs --db".into())),
            (None, None, Some(_)) => return Err(Failure::Usage("--db needs --url".into())),
            (None, None, None) => {
                return Err(Failure::Usage(
                    "--events FILE (or --url URL --db DB) is required".into(),
                ))
            }
        })
    }
}

/// The flags of `replay` and `report`.
pub struct Options {
    pub profile: String,
    pub events: Source,
    pub now: DateTime<Utc>,
    pub month: Option<(i32, u32)>,
    pub csv: bool,
}

impl Options {
    pub fn parse(args: &[String], is_report: bool) -> Result<Options, Failure> {
        let (mut profile, mut events, mut now, mut month, mut csv) =
            (None, None, None, None, false);
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
                "--profile" => profile = Some(value("--profile")?),
                "--events" => events = Some(value("--events")?),
                "--url" => url = Some(value("--url")?),
                "--db" => db = Some(value("--db")?),
                "--user" => user = Some(value("--user")?),
                "--password" => password = Some(value("--password")?),
                "--token" => token = Some(value("--token")?),
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
        let events = Source::from_flags(events, url, db, user, password, token)?;
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
