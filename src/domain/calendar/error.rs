//! Why a [`CalendarSpec`](super::CalendarSpec) was rejected.

use std::fmt;

/// A problem in a [`CalendarSpec`](super::CalendarSpec). The `Display` text names the field
/// (as a path into the JSON) and the problem, e.g.
/// `windows[0].days[2]: "lun" is not a weekday (mon..sun)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// `zone` is not an IANA zone name known to the tz database, or is in an area this build
    /// leaves out (see [`zones`](super::zones)).
    UnknownZone { zone: String },
    /// `windows[window].start` is not a local time `HH:MM`.
    BadStart { window: usize, value: String },
    /// `windows[window].end` is not a local time `HH:MM` (or `24:00`).
    BadEnd { window: usize, value: String },
    /// `windows[window].days[day]` is not one of `mon`..`sun`.
    BadWeekday {
        window: usize,
        day: usize,
        value: String,
    },
    /// `windows[window].days` lists no weekday.
    NoDays { window: usize },
    /// `yearly_holidays[index]` is not a month and day `MM-DD` that some year has.
    BadYearlyHoliday { index: usize, value: String },
    /// `windows[window].end` is not later than its start (a window cannot cross midnight:
    /// write `22:00`–`24:00` and `00:00`–`06:00`).
    EndNotAfterStart {
        window: usize,
        start: String,
        end: String,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::UnknownZone { zone } if super::zones::is_left_out(zone) => {
                write!(f, "zone: {}", super::zones::left_out_message(zone))
            }
            CalendarError::UnknownZone { zone } => {
                write!(f, "zone: {zone:?} is not a known IANA zone")
            }
            CalendarError::BadYearlyHoliday { index, value } => {
                write!(
                    f,
                    "yearly_holidays[{index}]: {value:?} is not a month and day MM-DD"
                )
            }
            CalendarError::BadStart { window, value } => {
                write!(f, "windows[{window}].start: {value:?} is not a time HH:MM")
            }
            CalendarError::BadEnd { window, value } => {
                write!(f, "windows[{window}].end: {value:?} is not a time HH:MM")
            }
            CalendarError::BadWeekday { window, day, value } => {
                write!(
                    f,
                    "windows[{window}].days[{day}]: {value:?} is not a weekday (mon..sun)"
                )
            }
            CalendarError::NoDays { window } => {
                write!(
                    f,
                    "windows[{window}].days: is empty; a window needs at least one weekday"
                )
            }
            CalendarError::EndNotAfterStart { window, start, end } => write!(
                f,
                "windows[{window}].end: {end:?} is not after start {start:?} \
                 (a window cannot cross midnight; split it at 24:00)"
            ),
        }
    }
}

impl std::error::Error for CalendarError {}
