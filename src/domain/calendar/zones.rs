//! The IANA time zones this build knows.
//!
//! To keep the app's first download small (issue #5), the build knows only the zones a
//! Latin-American or Spanish provider can choose: `.cargo/config.toml` sets
//! `CHRONO_TZ_TIMEZONE_FILTER` for every build (native, tests and wasm alike), so chrono-tz,
//! from which `build.rs` generates the app's zone table ([`super::Zone`]), knows only those. Links into those
//! zones (e.g. "US/Eastern", "Mexico/General") are kept. Any other zone, such as "Asia/Tokyo"
//! or "Europe/Paris", is refused with a message that says the build leaves it out, rather than
//! calling it unknown.

/// The zones this build includes, as told to users.
pub const INCLUDED_ZONES: &str = "America/…, Europe/Madrid, Europe/Lisbon, Africa/Ceuta, \
    Atlantic/Canary, Atlantic/Madeira, Atlantic/Azores, Atlantic/Stanley, \
    Atlantic/South_Georgia, Pacific/Galapagos, Pacific/Easter, Etc/… and UTC";

/// Whole areas included (the same as `CHRONO_TZ_TIMEZONE_FILTER`).
const INCLUDED_AREAS: &[&str] = &["America/", "Etc/"];

/// Single zones included from the other areas (the same as `CHRONO_TZ_TIMEZONE_FILTER`).
const INCLUDED_SINGLE: &[&str] = &[
    "Europe/Madrid",
    "Europe/Lisbon",
    "Africa/Ceuta",
    "Atlantic/Canary",
    "Atlantic/Madeira",
    "Atlantic/Azores",
    "Atlantic/Stanley",
    "Atlantic/South_Georgia",
    "Pacific/Galapagos",
    "Pacific/Easter",
];

/// The IANA areas of which the build includes nothing or only the zones above.
const OTHER_AREAS: &[&str] = &[
    "Africa/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
];

/// Whether `name` is in an IANA area of which this build leaves out (at least) that zone.
///
/// ```
/// use mesa::domain::calendar::zones;
///
/// assert!(zones::is_left_out("Asia/Tokyo"));
/// assert!(zones::is_left_out("Europe/Paris"));
/// assert!(!zones::is_left_out("Europe/Madrid"));
/// assert!(!zones::is_left_out("America/Bogota"));
/// ```
pub fn is_left_out(name: &str) -> bool {
    OTHER_AREAS.iter().any(|area| name.starts_with(area)) && !is_included(name)
}

/// Whether `name` matches the filter (it may still not be a zone, e.g. "America/Nowhere").
fn is_included(name: &str) -> bool {
    name == "UTC"
        || INCLUDED_AREAS.iter().any(|area| name.starts_with(area))
        || INCLUDED_SINGLE.contains(&name)
}

/// The complaint about a left-out zone, e.g. `"Asia/Tokyo" is an IANA time zone that Mesa does
/// not include (it includes America/…, Europe/Madrid, …)`.
pub fn left_out_message(name: &str) -> String {
    format!(
        "{name:?} is an IANA time zone that Mesa does not include (it includes {INCLUDED_ZONES})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Zone;
    use chrono_tz::Tz;

    #[test]
    fn the_included_zones_parse() {
        let samples = [
            "America/Mexico_City",
            "America/Argentina/Buenos_Aires",
            "America/New_York",
            "Etc/GMT+5",
            "UTC",
            "US/Eastern",
            "Mexico/General",
        ];
        for name in samples.iter().chain(INCLUDED_SINGLE) {
            assert!(name.parse::<Tz>().is_ok(), "{name}");
            assert!(name.parse::<Zone>().is_ok(), "{name}");
            assert!(!is_left_out(name), "{name}");
        }
        for area in INCLUDED_AREAS {
            assert!(INCLUDED_ZONES.contains(&format!("{area}…")), "{area}");
        }
        for name in INCLUDED_SINGLE {
            assert!(INCLUDED_ZONES.contains(name), "{name}");
        }
    }

    #[test]
    fn every_compiled_zone_is_in_the_included_list() {
        for name in Zone::all().map(Zone::name) {
            assert!(
                !is_left_out(name),
                "{name} is compiled in but zones.rs calls it left out"
            );
        }
    }

    #[test]
    fn the_left_out_zones_do_not_parse_and_say_why() {
        for name in [
            "Asia/Tokyo",
            "Africa/Cairo",
            "Australia/Sydney",
            "Antarctica/Troll",
            "Indian/Maldives",
            "Arctic/Longyearbyen",
            "Europe/Paris",
            "Europe/London",
            "Atlantic/Reykjavik",
            "Pacific/Auckland",
        ] {
            assert!(
                name.parse::<Tz>().is_err(),
                "{name} parses: is CHRONO_TZ_TIMEZONE_FILTER (.cargo/config.toml) in effect?"
            );
            assert!(name.parse::<Zone>().is_err(), "{name}");
            assert!(is_left_out(name), "{name}");
        }
        let spec: super::super::CalendarSpec =
            serde_json::from_str(r#"{"id": "x", "zone": "Asia/Tokyo", "always_open": true}"#)
                .unwrap();
        let err = super::super::Calendar::from_spec(&spec).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("zone: {}", left_out_message("Asia/Tokyo"))
        );
        assert!(left_out_message("Europe/Paris").starts_with(
            "\"Europe/Paris\" is an IANA time zone that Mesa does not include \
             (it includes America/…, Europe/Madrid, "
        ));
    }
}
