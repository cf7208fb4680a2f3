//! The ticket number a customer quotes: made offline from the opening event's id.
//!
//! ```
//! use chrono::NaiveDate;
//! use mesa::domain::event::{ticket_number, EventId};
//!
//! let id = EventId::from_parts(0, 0x1F);
//! let day = NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
//! assert_eq!(ticket_number(day, &id), "261015-0000Z");
//! ```

use crate::domain::event::EventId;

/// A short ticket number that a customer can read on the phone: `YYMMDD-XXXXX`, the local
/// registration date plus five Crockford base32 characters taken from the random part of the
/// opening event id (about 33 million numbers per day, made offline without coordination).
pub fn ticket_number(local_date: chrono::NaiveDate, id: &EventId) -> String {
    let tail: String =
        id.0.chars()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
    format!("{}-{}", local_date.format("%y%m%d"), tail)
}
