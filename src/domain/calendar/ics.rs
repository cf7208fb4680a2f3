//! Holidays from an iCalendar file (`.ics`, RFC 5545), as a government or a calendar app
//! publishes them: each all-day event is a holiday (an event over several days closes each
//! of them), and an event that repeats every year (`RRULE:FREQ=YEARLY`) is a yearly holiday.
//! Times of day are ignored: a holiday closes the whole local day.
//!
//! ```
//! use mesa::domain::calendar::ics::holidays_from_ics;
//! let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Viernes Santo\r\nDTSTART;VALUE=DATE:20260403\r\nEND:VEVENT\r\n\
//!            BEGIN:VEVENT\r\nSUMMARY:Navidad\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
//! let found = holidays_from_ics(ics).unwrap();
//! assert_eq!(found.dates[0].to_string(), "2026-04-03");
//! assert_eq!(found.yearly, vec!["12-25".to_string()]);
//! ```

use chrono::{Datelike, NaiveDate};

/// The longest event read as consecutive holidays (a longer one is not a holiday list).
const MAX_EVENT_DAYS: i64 = 31;

/// The holidays an iCalendar file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IcsHolidays {
    /// Dates closed once, sorted, without duplicates.
    pub dates: Vec<NaiveDate>,
    /// Days closed every year ("MM-DD"), sorted, without duplicates.
    pub yearly: Vec<String>,
    /// Events left out: they repeat other than yearly, or last longer than a month.
    pub skipped: usize,
}

/// Why a file gave no holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IcsProblem {
    /// The text is not an iCalendar file (no `BEGIN:VCALENDAR`).
    NotCalendar,
    /// An event's start (`DTSTART`) is not a date, at this line (counting from 1).
    BadDate { line: usize },
    /// The file holds no event.
    NoEvents,
}

impl IcsProblem {
    /// The locale key of the message (`settings.holidays.ics.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            IcsProblem::NotCalendar => "not_calendar",
            IcsProblem::BadDate { .. } => "bad_date",
            IcsProblem::NoEvents => "no_events",
        }
    }
}

/// One event as read so far.
#[derive(Default)]
struct Event {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    /// `Some(true)` yearly, `Some(false)` another repetition.
    yearly: Option<bool>,
}

/// The holidays in `text` (see the module's documentation).
pub fn holidays_from_ics(text: &str) -> Result<IcsHolidays, IcsProblem> {
    let lines = unfold(text);
    if !lines
        .iter()
        .any(|(_, l)| l.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Err(IcsProblem::NotCalendar);
    }
    let mut found = IcsHolidays::default();
    let mut events = 0;
    let mut event: Option<Event> = None;
    for (number, line) in &lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (property, params) = name.split_once(';').unwrap_or((name, ""));
        match (property.to_ascii_uppercase().as_str(), &mut event) {
            ("BEGIN", None) if value.eq_ignore_ascii_case("VEVENT") => {
                event = Some(Event::default())
            }
            ("END", Some(_)) if value.eq_ignore_ascii_case("VEVENT") => {
                events += 1;
                if let Some(done) = event.take() {
                    add(&mut found, done);
                }
            }
            ("DTSTART", Some(e)) => {
                e.start = Some(date(value).ok_or(IcsProblem::BadDate { line: *number })?)
            }
            ("DTEND", Some(e)) if params.to_ascii_uppercase().contains("VALUE=DATE") => {
                e.end = date(value)
            }
            ("RRULE", Some(e)) => {
                let rule = value.to_ascii_uppercase();
                let plain = rule.split(';').all(|part| {
                    part == "FREQ=YEARLY" || part.starts_with("INTERVAL=1") || part.is_empty()
                });
                e.yearly = Some(rule.contains("FREQ=YEARLY") && plain);
            }
            _ => {}
        }
    }
    if events == 0 {
        return Err(IcsProblem::NoEvents);
    }
    found.dates.sort_unstable();
    found.dates.dedup();
    found.yearly.sort_unstable();
    found.yearly.dedup();
    Ok(found)
}

fn add(found: &mut IcsHolidays, event: Event) {
    let Some(start) = event.start else {
        found.skipped += 1;
        return;
    };
    // An all-day event's end is the day after its last (exclusive).
    let days = event.end.map_or(1, |end| (end - start).num_days()).max(1);
    match event.yearly {
        Some(false) => found.skipped += 1,
        _ if days > MAX_EVENT_DAYS => found.skipped += 1,
        Some(true) => found.yearly.extend(
            (0..days)
                .filter_map(|d| start.checked_add_signed(chrono::Duration::days(d)))
                .map(|d| format!("{:02}-{:02}", d.month(), d.day())),
        ),
        None => found
            .dates
            .extend((0..days).filter_map(|d| start.checked_add_signed(chrono::Duration::days(d)))),
    }
}

/// The date of a `DATE` (`20261225`) or `DATE-TIME` (`20261225T000000Z`) value.
fn date(value: &str) -> Option<NaiveDate> {
    let digits = value.trim().get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// The content lines, unfolded (a line starting with a space or a tab continues the one
/// before), each with the number of its first physical line.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((i + 1, raw.trim().to_string())),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    }

    #[test]
    fn a_multi_day_event_closes_each_day_and_folded_lines_are_read() {
        let ics = calendar(
            "BEGIN:VEVENT\r\nSUMMARY:Carnaval\r\n DE 2026\r\nDTSTART;VALUE=DATE:2026021\r\n 6\r\nDTEND;VALUE=DATE:20260218\r\nEND:VEVENT\r\n",
        );
        let found = holidays_from_ics(&ics).unwrap();
        let dates: Vec<String> = found.dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(dates, ["2026-02-16", "2026-02-17"]);
    }

    #[test]
    fn other_repetitions_and_month_long_events_are_skipped_and_counted() {
        let ics = calendar(
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260105\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260701\r\nDTEND;VALUE=DATE:20260901\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART:20261102T050000Z\r\nEND:VEVENT\r\n",
        );
        let found = holidays_from_ics(&ics).unwrap();
        assert_eq!(found.skipped, 2);
        assert_eq!(found.dates, [NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()]);
    }

    #[test]
    fn problems_are_named() {
        assert_eq!(holidays_from_ics("hola"), Err(IcsProblem::NotCalendar));
        assert_eq!(holidays_from_ics(&calendar("")), Err(IcsProblem::NoEvents));
        let bad = calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-12-25\r\nEND:VEVENT\r\n");
        assert_eq!(
            holidays_from_ics(&bad),
            Err(IcsProblem::BadDate { line: 4 })
        );
    }
}
