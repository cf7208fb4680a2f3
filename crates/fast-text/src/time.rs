//! Reading a time in the one form Mesa writes (chrono's `Serialize` of a UTC time):
//! `2026-12-06T13:05:00Z`, with a fraction of one to nine digits or none. Anything else is
//! left to the general reader (`mesa::domain::time_text`), which reads every form chrono
//! reads; the engine tests check that both together read exactly what chrono reads.

/// The time `text` holds, as seconds since 1970 and nanoseconds, when it is exactly in the
/// form Mesa writes and a real date and time (no leap second); `None` otherwise.
///
/// ```
/// use mesa_fast_text::utc_as_written;
/// assert_eq!(utc_as_written("1970-01-02T00:00:01.5Z"), Some((86_401, 500_000_000)));
/// assert_eq!(utc_as_written("2026-02-29T00:00:00Z"), None);
/// assert_eq!(utc_as_written("2026-12-06T08:05:00-05:00"), None);
/// ```
pub fn utc_as_written(text: &str) -> Option<(i64, u32)> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || *b.last()? != b'Z' {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(20, b.len() - 1)? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let seconds = i64::from(hour * 3600 + minute * 60 + second);
    Some((days_since_1970(year, month, day) * 86_400 + seconds, nanos))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (years 0 to 9999):
/// the years counted from March, so the leap day is the last of its year.
fn days_since_1970(year: u32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let (era, of_era) = (year.div_euclid(400), year.rem_euclid(400));
    let of_year = i64::from((153 * ((month + 9) % 12) + 2) / 5 + day - 1);
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    era * 146_097 + of_era_days - 719_468
}
