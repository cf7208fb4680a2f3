//! Reading the times and dates the desk's JSON holds (events, tickets, processes, customers)
//! without chrono's general parser. chrono reads a `DateTime` or a `NaiveDate` through the
//! machinery behind `parse_from_str` (every format item, RFC 2822 included): about 12 KB of the
//! wasm every start loads (#5, first-load size), for the two forms Mesa writes and reads. Here:
//! - a time: RFC 3339, `2026-12-06T13:05:00Z`, with an optional fraction of a second and any
//!   offset (`-05:00`, `+0530`, `Z`, `UTC`), read exactly as chrono's own `FromStr` reads it (it
//!   allows blanks between the parts, a date-time separator `T`, `t` or a blank, unpadded
//!   numbers);
//! - a date: `2026-12-06` (blanks between the parts and unpadded numbers allowed, as chrono).
//!
//! The form Mesa writes (`2026-12-06T13:05:00.123Z`) is read first by
//! `mesa_fast_text::utc_as_written`, compiled for speed (a desk of 100k tickets holds about a
//! million times, read when its list loads: #21); anything else goes through the reader below.
//!
//! The engine tests (tests/engine/time_text_props.rs) check both against chrono's reading.
//!
//! Writing is unchanged (chrono's `Serialize`). A field is read with
//! `#[serde(deserialize_with = "time_text::read")]` (with `default` when it may be missing), in
//! any of the shapes [`TimeText`] knows: the value itself, an `Option`, a `Vec`, a `Box`, a pair.
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use mesa::domain::time_text::{date_from_text, utc_from_text};
//! assert_eq!(
//!     utc_from_text("2026-12-06T08:05:00-05:00"),
//!     Some(Utc.with_ymd_and_hms(2026, 12, 6, 13, 5, 0).unwrap())
//! );
//! assert_eq!(date_from_text("2026-12-06"), NaiveDate::from_ymd_opt(2026, 12, 6));
//! assert_eq!(utc_from_text("6 Dec 2026 13:05"), None);
//!
//! #[derive(serde::Deserialize)]
//! struct Visit {
//!     #[serde(deserialize_with = "mesa::domain::time_text::read")]
//!     at: chrono::DateTime<Utc>,
//!     #[serde(default, deserialize_with = "mesa::domain::time_text::read")]
//!     next: Option<chrono::DateTime<Utc>>,
//! }
//! let visit: Visit = serde_json::from_str(r#"{"at":"2026-12-06T13:05:00Z"}"#).unwrap();
//! assert!(visit.next.is_none());
//! ```

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::de::{DeserializeOwned, Error, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

/// A time in RFC 3339 (see the module's text), in UTC.
pub fn utc_from_text(text: &str) -> Option<DateTime<Utc>> {
    // The form Mesa writes, read by code compiled for speed (a large desk's list reads about
    // ten a ticket, #21); any other form, or anything it refuses, read as chrono reads it.
    if let Some((seconds, nanos)) = mesa_fast_text::utc_as_written(text) {
        return DateTime::from_timestamp(seconds, nanos);
    }
    let mut text = Cursor(text);
    let date = text.date()?;
    // One separator, then the time (chrono's relaxed RFC 3339, item for item).
    if !text.take_one(|c| matches!(c, b'T' | b't' | b' ')) {
        return None;
    }
    let hour = text.number(2)?;
    let minute = text.after(b':')?;
    let second = text.after(b':')?;
    let nanos = text.fraction()?;
    text.blanks();
    let offset = text.offset()?;
    if !text.0.trim_start().is_empty() {
        return None;
    }
    // A leap second (`:60`) is chrono's 59th second with a nanosecond count past a billion.
    let time = match second {
        60 => NaiveTime::from_hms_nano_opt(hour, minute, 59, nanos.checked_add(1_000_000_000)?),
        _ => NaiveTime::from_hms_nano_opt(hour, minute, second, nanos),
    }?;
    let local = NaiveDateTime::new(date, time);
    let at = offset.from_local_datetime(&local).single()?;
    Some(at.with_timezone(&Utc))
}

/// A date, `YYYY-MM-DD` (see the module's text).
pub fn date_from_text(text: &str) -> Option<NaiveDate> {
    let mut text = Cursor(text);
    let date = text.date()?;
    text.0.trim_start().is_empty().then_some(date)
}

/// The text of a time or a date, read as chrono's items read it: a number skips the blanks
/// before it, a literal does not.
struct Cursor<'a>(&'a str);

impl Cursor<'_> {
    fn blanks(&mut self) {
        self.0 = self.0.trim_start();
    }

    fn take_one(&mut self, wanted: impl Fn(u8) -> bool) -> bool {
        match self.0.as_bytes().first() {
            Some(&c) if wanted(c) => {
                self.0 = &self.0[1..];
                true
            }
            _ => false,
        }
    }

    fn literal(&mut self, c: u8) -> Option<()> {
        self.take_one(|b| b == c).then_some(())
    }

    /// Blanks, the separator `c`, and a number of one or two digits (the next part of a date
    /// or a time).
    fn after(&mut self, c: u8) -> Option<u32> {
        self.blanks();
        self.literal(c)?;
        self.number(2)
    }

    /// After any blanks, one to `max` digits (no more are taken).
    fn number(&mut self, max: usize) -> Option<u32> {
        self.blanks();
        self.digits(max)?.parse().ok()
    }

    fn digits(&mut self, max: usize) -> Option<&str> {
        let count = self
            .0
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if count == 0 {
            return None;
        }
        let (digits, rest) = self.0.split_at(count);
        self.0 = rest;
        Some(digits)
    }

    /// Up to four digits, or a sign and any number of them.
    fn year(&mut self) -> Option<i32> {
        self.blanks();
        if self.take_one(|c| c == b'-') {
            self.digits(usize::MAX)?.parse::<i32>().ok().map(|y| -y)
        } else if self.take_one(|c| c == b'+') {
            self.digits(usize::MAX)?.parse().ok()
        } else {
            self.digits(4)?.parse().ok()
        }
    }

    fn date(&mut self) -> Option<NaiveDate> {
        let year = self.year()?;
        let month = self.after(b'-')?;
        let day = self.after(b'-')?;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// `.123…` in nanoseconds (the first nine digits count, as chrono); none is 0.
    fn fraction(&mut self) -> Option<u32> {
        if !self.take_one(|c| c == b'.') {
            return Some(0);
        }
        let digits = self.digits(usize::MAX)?;
        let mut nanos = 0u32;
        for (i, d) in digits.bytes().take(9).enumerate() {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - i as u32);
        }
        Some(nanos)
    }

    /// `Z`, `z`, `UTC` (any case), or a sign (`+`, `-`, `−`), two digits of hours and two of
    /// minutes, with colons or blanks between them or not.
    fn offset(&mut self) -> Option<FixedOffset> {
        let utc = self
            .0
            .get(..3)
            .is_some_and(|t| t.eq_ignore_ascii_case("UTC"));
        if utc {
            self.0 = &self.0[3..];
            return FixedOffset::east_opt(0);
        }
        if self.take_one(|c| c == b'Z' || c == b'z') {
            return FixedOffset::east_opt(0);
        }
        let sign = if self.take_one(|c| c == b'+') {
            1
        } else if self.take_one(|c| c == b'-') {
            -1
        } else if let Some(rest) = self.0.strip_prefix('\u{2212}') {
            self.0 = rest;
            -1
        } else {
            return None;
        };
        let hours = self.two_digits()?;
        self.0 = self
            .0
            .trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        let minutes = self.two_digits()?;
        if minutes >= 60 {
            return None;
        }
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) as i32)
    }

    fn two_digits(&mut self) -> Option<u32> {
        let digits = self.0.get(..2)?;
        if !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        self.0 = &self.0[2..];
        digits.parse().ok()
    }
}

/// A time as the desk's JSON holds it (RFC 3339), read without chrono's general parser.
pub struct Rfc3339(pub DateTime<Utc>);

/// A date as the desk's JSON holds it (`YYYY-MM-DD`).
pub struct IsoDate(pub NaiveDate);

struct TextVisitor<T>(fn(&str) -> Option<T>, &'static str);

impl<T> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<T, E> {
        (self.0)(text).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor(utc_from_text, "a date and time (RFC 3339)"))
            .map(Rfc3339)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor(date_from_text, "a date (YYYY-MM-DD)"))
            .map(IsoDate)
    }
}

/// A value holding times or dates, read through its [`TimeText::Text`] (the same JSON).
pub trait TimeText: Sized {
    /// The same shape, its times and dates read by this module.
    type Text: DeserializeOwned;
    fn from_text(text: Self::Text) -> Self;
}

impl TimeText for DateTime<Utc> {
    type Text = Rfc3339;
    fn from_text(text: Rfc3339) -> Self {
        text.0
    }
}

impl TimeText for NaiveDate {
    type Text = IsoDate;
    fn from_text(text: IsoDate) -> Self {
        text.0
    }
}

impl<T: TimeText> TimeText for Option<T> {
    type Text = Option<T::Text>;
    fn from_text(text: Self::Text) -> Self {
        text.map(T::from_text)
    }
}

impl<T: TimeText> TimeText for Box<T> {
    type Text = T::Text;
    fn from_text(text: Self::Text) -> Self {
        Box::new(T::from_text(text))
    }
}

/// Read at its exact length (a ticket's lists are held by the hundred thousand, #21).
impl<T: TimeText> TimeText for Vec<T> {
    type Text = Vec<T::Text>;
    fn from_text(text: Self::Text) -> Self {
        let mut list: Vec<T> = text.into_iter().map(T::from_text).collect();
        list.shrink_to_fit();
        list
    }
}

impl<A: DeserializeOwned, T: TimeText> TimeText for (A, T) {
    type Text = (A, T::Text);
    fn from_text((a, text): Self::Text) -> Self {
        (a, T::from_text(text))
    }
}

/// `deserialize_with` for a field holding times or dates (see the module's text).
pub fn read<'de, D: Deserializer<'de>, T: TimeText>(d: D) -> Result<T, D::Error> {
    T::Text::deserialize(d).map(T::from_text)
}

/// `deserialize_with` for a patch's field, where present (even `null`) means changed:
/// `Some(value)`; absent (with `default`) is `None`.
pub fn read_present<'de, D: Deserializer<'de>, T: TimeText>(d: D) -> Result<Option<T>, D::Error> {
    read(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_time_in_json_says_what_was_expected() {
        #[derive(Debug, Deserialize)]
        struct Visit {
            #[serde(deserialize_with = "crate::domain::time_text::read")]
            #[allow(dead_code)]
            at: DateTime<Utc>,
        }
        let e = serde_json::from_str::<Visit>(r#"{"at":"mañana"}"#).unwrap_err();
        assert!(e.to_string().contains("a date and time (RFC 3339)"), "{e}");
    }
}
