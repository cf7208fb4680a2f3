//! Times and dates read without chrono's general parser (src/domain/time_text.rs, #5's first
//! load) read exactly what chrono reads: every time and date Mesa writes, the other forms
//! chrono accepts that a person may write in a process, and nothing chrono refuses.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use mesa::domain::time_text::{date_from_text, utc_from_text};
use proptest::prelude::*;

/// chrono's own reading, the reference.
fn chrono_utc(text: &str) -> Option<DateTime<Utc>> {
    text.parse::<DateTime<FixedOffset>>()
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

proptest! {
    #[test]
    fn reads_every_time_as_chrono_does(
        secs in -2_000_000_000i64..8_000_000_000,
        nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000, (0u32..1000).prop_map(|m| m * 1_000_000)],
        offset_min in -(23 * 60i32)..(23 * 60),
        form in 0usize..6,
    ) {
        let at = DateTime::from_timestamp(secs, nanos).unwrap();
        let zone = FixedOffset::east_opt(offset_min * 60).unwrap();
        let local = at.with_timezone(&zone);
        let text = match form {
            0 => serde_json::to_value(at).unwrap().as_str().unwrap().to_string(),
            1 => at.to_rfc3339(),
            2 => local.to_rfc3339(),
            3 => local.to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
            4 => local.format("%Y-%m-%d %H:%M:%S%.f%z").to_string(),
            _ => at.format("%Y-%m-%dt%H:%M:%S%.fz").to_string(),
        };
        prop_assert_eq!(utc_from_text(&text), chrono_utc(&text), "{}", text);
        if form != 3 {
            // (milliseconds drop the rest of the fraction)
            prop_assert_eq!(utc_from_text(&text), Some(at), "{}", text);
        }
    }

    /// Any text of the characters times are written with reads as chrono reads it.
    #[test]
    fn reads_any_text_as_chrono_does(text in "[0-9TtZzUC:+ .−-]{0,30}") {
        prop_assert_eq!(utc_from_text(&text), chrono_utc(&text), "{}", text);
        prop_assert_eq!(date_from_text(&text), text.parse::<NaiveDate>().ok(), "{}", text);
    }

    /// One character of a written time changed, dropped or added: read as chrono reads it
    /// (the same time, or refused).
    #[test]
    fn a_mistyped_time_is_read_as_chrono_reads_it(
        secs in 0i64..4_000_000_000,
        nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000, (0u32..1000).prop_map(|m| m * 1_000_000)],
        as_written in any::<bool>(),
        at in 0usize..32,
        edit in 0usize..3,
        c in prop::sample::select(vec!['0', '5', '9', '-', ':', 'T', 'Z', ' ', '+', '.', 'x']),
    ) {
        let time = DateTime::from_timestamp(secs, nanos).unwrap();
        // As Mesa writes it (`…Z`, read digit by digit), or with an offset.
        let text = if as_written {
            serde_json::to_value(time).unwrap().as_str().unwrap().to_string()
        } else {
            time.to_rfc3339()
        };
        let mut chars: Vec<char> = text.chars().collect();
        let at = at % (chars.len() + 1);
        match edit {
            0 if at < chars.len() => chars[at] = c,
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ => chars.insert(at, c),
        }
        let text: String = chars.into_iter().collect();
        prop_assert_eq!(utc_from_text(&text), chrono_utc(&text), "{}", text);
        let date = &text[..text.find(['T', ' ']).unwrap_or(text.len())];
        prop_assert_eq!(date_from_text(date), date.parse::<NaiveDate>().ok(), "{}", date);
    }

    /// Mesa's own form, read by the reader compiled for speed (crates/fast-text), for any year
    /// of four digits and any day number up to 31 (the 29th of February and the 31st of
    /// April included): as chrono reads it, a date that does not exist refused.
    #[test]
    fn reads_the_form_mesa_writes_as_chrono_does(
        year in 0u32..10_000,
        month in 1u32..=12,
        day in 1u32..=31,
        hms in (0u32..24, 0u32..60, 0u32..60),
        fraction in prop_oneof![Just(String::new()), "\\.[0-9]{1,9}"],
    ) {
        let text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{fraction}Z",
            hms.0, hms.1, hms.2
        );
        prop_assert_eq!(utc_from_text(&text), chrono_utc(&text), "{}", text);
    }

    #[test]
    fn reads_every_date_as_chrono_does(days in -100_000i32..3_000_000, padded in any::<bool>()) {
        let date = NaiveDate::from_num_days_from_ce_opt(days.rem_euclid(3_000_000) + 1).unwrap();
        prop_assume!(chrono::Datelike::year(&date) <= 9999);
        let text = if padded {
            date.format("%Y-%m-%d").to_string()
        } else {
            date.format("%Y-%-m-%-d").to_string()
        };
        prop_assert_eq!(date_from_text(&text), text.parse::<NaiveDate>().ok(), "{}", text);
        prop_assert_eq!(date_from_text(&text), Some(date));
    }
}

#[test]
fn reads_the_forms_people_write_in_a_process() {
    for text in [
        "2026-12-06T13:05:00Z",
        "2026-12-06T13:05:00.5Z",
        "2026-12-06 13:05:00 UTC",
        "2026-12-06T08:05:00-05:00",
        "2026-12-06T08:05:00-0500",
        " 2026-12-06T13:05:00+00:00 ",
        "2026-12-6T13:5:0Z",
        "2016-12-31T23:59:60Z",
        "2016-12-31T23:59:60.25Z",
        "0000-01-01T00:00:00.123456789Z",
        "2026-12-06T13:05:00.0000000001Z",
    ] {
        assert_eq!(utc_from_text(text), chrono_utc(text), "{text}");
        assert!(utc_from_text(text).is_some(), "{text}");
    }
    for text in ["2026-12-06", "2026-1-5", " 2026 - 01 - 05 "] {
        assert_eq!(
            date_from_text(text),
            text.parse::<NaiveDate>().ok(),
            "{text}"
        );
        assert!(date_from_text(text).is_some(), "{text}");
    }
    for text in [
        "",
        "2026-13-01",
        "2026-02-30",
        "06/12/2026",
        "2026-12-06T25:00:00Z",
    ] {
        assert_eq!(utc_from_text(text), None, "{text}");
        assert_eq!(date_from_text(text), None, "{text}");
    }
}

/// Every time or date a derived `Deserialize` reads goes through `time_text::read`: one field
/// read by chrono's `FromStr` brings its general parser back into the first load (+6 KB gzip,
/// #5). Reads the sources, as a lint would.
#[test]
fn every_time_a_record_holds_is_read_by_time_text() {
    let mut missing = Vec::new();
    let mut files = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut deserialized = false; // inside the body of a type deriving `Deserialize`
        let mut depth = 0i32;
        for (i, line) in lines.iter().enumerate() {
            let code = line.trim();
            if code.starts_with("#[derive(") && code.contains("Deserialize") {
                deserialized = true;
                depth = 0;
                continue;
            }
            if !deserialized || code.starts_with("//") {
                continue;
            }
            let opens = line.matches(['{', '(']).count() as i32;
            let closes = line.matches(['}', ')']).count() as i32;
            let field_type = code.split_once(": ").map(|(_, t)| t).unwrap_or("");
            let holds_time = depth > 0
                && ["DateTime<Utc>", "NaiveDate"]
                    .iter()
                    .any(|t| field_type.contains(t));
            if holds_time {
                let attributes = lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| {
                        let l = l.trim();
                        l.starts_with("#[")
                            || l.starts_with("//")
                            || !l.contains(": ")
                            || l.starts_with("skip")
                    })
                    .any(|l| l.contains("time_text::read"));
                if !attributes {
                    missing.push(format!("{}:{}: {code}", path.display(), i + 1));
                }
            }
            depth += opens - closes;
            if depth <= 0
                && (opens > 0 || closes > 0)
                && (code.ends_with('}') || code.ends_with(");"))
            {
                deserialized = false;
            }
        }
    }
    assert!(
        missing.is_empty(),
        "read these with `time_text::read`:\n{}",
        missing.join("\n")
    );
}
