//! Editing a calendar's holidays from a form (Ajustes): one row per holiday, a date and whether
//! it repeats every year; rows imported from an iCalendar file join the same list
//! ([`crate::domain::calendar::ics`]). Saving gives a new version of the profile.
//!
//! ```
//! use mesa::domain::profile::{preset, HolidayDraft, HolidayProblem, ProcessProfile};
//!
//! let p1 = ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap();
//! let mut rows = p1.holiday_rows("atencion", 2026);
//! rows.push(HolidayDraft { date: "2026-12-12".into(), yearly: true });
//! let edited = p1.with_holidays("atencion", &rows).expect("valid rows");
//! let calendar = edited.calendar("atencion").unwrap();
//! assert!(calendar.yearly_holidays.contains(&"12-12".to_string()));
//! assert_eq!(edited.version, p1.version + 1);
//!
//! rows.push(HolidayDraft { date: "31/12/2026".into(), yearly: false });
//! let problems = p1.with_holidays("atencion", &rows).unwrap_err();
//! assert_eq!(problems, vec![HolidayProblem::Date { row: rows.len() - 1 }]);
//! ```

use chrono::{Datelike, NaiveDate};

use super::ProcessProfile;
use crate::domain::calendar::parse_month_day;

/// One holiday as typed: a date (`YYYY-MM-DD`, as a date field gives it) and whether it repeats
/// every year (then only its month and day count).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolidayDraft {
    pub date: String,
    pub yearly: bool,
}

/// What keeps edited holidays from being saved. `row` counts from 0 in the form's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HolidayProblem {
    /// The date is not a date `YYYY-MM-DD`.
    Date { row: usize },
    /// The profile has no calendar with that id that keeps business hours (24×7 calendars
    /// have no holidays).
    Calendar,
}

impl ProcessProfile {
    /// The calendars whose holidays can be edited: those that keep business hours.
    pub fn calendars_with_hours(
        &self,
    ) -> impl Iterator<Item = &crate::domain::calendar::CalendarSpec> {
        self.calendars.iter().filter(|c| !c.always_open)
    }

    /// The holidays of `calendar` as form rows: its dates, then its yearly days shown in `year`
    /// (the 29th of February in a leap year).
    pub fn holiday_rows(&self, calendar: &str, year: i32) -> Vec<HolidayDraft> {
        let Some(spec) = self.calendar(calendar) else {
            return Vec::new();
        };
        let dates = spec.holidays.iter().map(|d| HolidayDraft {
            date: d.to_string(),
            yearly: false,
        });
        let yearly = spec.yearly_holidays.iter().filter_map(move |text| {
            let (month, day) = parse_month_day(text)?;
            let shown = NaiveDate::from_ymd_opt(year, month, day)
                .or_else(|| NaiveDate::from_ymd_opt(2028, month, day))?;
            Some(HolidayDraft {
                date: shown.to_string(),
                yearly: true,
            })
        });
        dates.chain(yearly).collect()
    }

    /// This profile with the holidays of `calendar` replaced by `rows` (sorted, each day once)
    /// and its version raised by one, or every problem found.
    pub fn with_holidays(
        &self,
        calendar: &str,
        rows: &[HolidayDraft],
    ) -> Result<ProcessProfile, Vec<HolidayProblem>> {
        let Some(at) = self
            .calendars
            .iter()
            .position(|c| c.id == calendar && !c.always_open)
        else {
            return Err(vec![HolidayProblem::Calendar]);
        };
        let mut problems = Vec::new();
        let mut dates = Vec::new();
        let mut yearly = Vec::new();
        for (row, draft) in rows.iter().enumerate() {
            match NaiveDate::parse_from_str(draft.date.trim(), "%Y-%m-%d") {
                Err(_) => problems.push(HolidayProblem::Date { row }),
                Ok(date) if draft.yearly => {
                    yearly.push(format!("{:02}-{:02}", date.month(), date.day()))
                }
                Ok(date) => dates.push(date),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        dates.sort_unstable();
        dates.dedup();
        yearly.sort_unstable();
        yearly.dedup();
        let mut edited = self.clone();
        edited.calendars[at].holidays = dates;
        edited.calendars[at].yearly_holidays = yearly;
        edited.version += 1;
        Ok(edited)
    }
}
