//! The user-facing texts, per language, from `locales/<lang>/*.json` (flat key → text with
//! `{name}` placeholders). One file per area of the app; they are merged at start-up.
//! Compiled on every target so native tests can check that every language has every key. The
//! app embeds only the Spanish texts of the first screen ([`SPANISH_FIRST_SCREEN`]); `ui::i18n`
//! fetches the rest of the Spanish files once the queue has loaded (and before a page shows),
//! and the English ones when the user chooses English (served from `locales/<lang>/`, kept
//! offline by the service worker).
//!
//! ```
//! let es = mesa::locales::texts(mesa::locales::Lang::Es);
//! assert_eq!(es.get("nav.queue").map(String::as_str), Some("Bandeja"));
//! ```

use std::collections::HashMap;

/// A language the UI is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Self::Es => "es",
            Self::En => "en",
        }
    }
}

/// Declares every area's files: the names, then the Spanish and the English texts, in order.
macro_rules! areas {
    ($($name:literal),* $(,)?) => {
        /// The areas, one file per language each: `locales/<lang>/<area>.json`.
        pub const AREAS: &[&str] = &[$($name),*];
        /// The Spanish files, in [`AREAS`] order (for the tests and the command line tools; the
        /// app embeds [`SPANISH_FIRST_SCREEN`] and fetches these).
        pub const SPANISH: &[&str] = &[$(include_str!(concat!("../locales/es/", $name, ".json"))),*];
        /// The English files, in [`AREAS`] order (for the tests and the command line tools).
        pub const ENGLISH: &[&str] = &[$(include_str!(concat!("../locales/en/", $name, ".json"))),*];
    };
}

areas!(
    "app",
    "ticket",
    "storage",
    "sync",
    "settings",
    "reports",
    "attachments",
    "notifications",
    "knowledge",
);

/// The Spanish texts that code outside the pages loaded on demand asks for: a flat JSON map,
/// chosen by the build script (build/first_screen_texts.rs). The app embeds these alone
/// (issues #5 and #21, first-load size).
pub const SPANISH_FIRST_SCREEN: &str =
    include_str!(concat!(env!("OUT_DIR"), "/es_first_screen.json"));

/// A span of time in words, the one way the pages say how long (the queue's countdowns, the
/// ticket's clocks, targets and explanations): days and hours from a day up, hours and minutes
/// from an hour, minutes from a minute, seconds below; whole units, rounded down. The sign is
/// dropped: the caller's text says "due in" or "overdue". `text` gives a key's text in the
/// reader's language with its `{name}` placeholders filled (`I18n::t_with` in the app).
///
/// ```
/// use mesa::locales::{span_text, texts, Lang};
///
/// let say = |lang: Lang, seconds: i64| {
///     let table = texts(lang);
///     span_text(seconds, |key, args| {
///         let text = table[key].clone();
///         args.iter().fold(text, |t, (name, value)| t.replace(&format!("{{{name}}}"), value))
///     })
/// };
/// for lang in Lang::ALL {
///     assert_eq!(say(lang, 2 * 86_400 + 3 * 3_600 + 59), "2 d 3 h");
///     assert_eq!(say(lang, 2 * 3_600 + 5 * 60 + 30), "2 h 5 min");
///     assert_eq!(say(lang, -45 * 60), "45 min");
///     assert_eq!(say(lang, 42), "42 s");
/// }
/// ```
pub fn span_text(seconds: i64, text: impl Fn(&str, &[(&str, &str)]) -> String) -> String {
    let seconds = seconds.unsigned_abs();
    let minutes = seconds / 60;
    if minutes >= 24 * 60 {
        text(
            "time.days_hours",
            &[
                ("d", &(minutes / 1440).to_string()),
                ("h", &((minutes % 1440) / 60).to_string()),
            ],
        )
    } else if minutes >= 60 {
        text(
            "time.hours_minutes",
            &[
                ("h", &(minutes / 60).to_string()),
                ("m", &(minutes % 60).to_string()),
            ],
        )
    } else if minutes >= 1 {
        text("time.minutes", &[("m", &minutes.to_string())])
    } else {
        text("time.seconds", &[("s", &seconds.to_string())])
    }
}

/// The embedded files of one language, in [`AREAS`] order.
pub fn files(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Es => SPANISH,
        Lang::En => ENGLISH,
    }
}

/// The merged table of one language. A malformed file is skipped (a native test rejects it
/// before it can ship).
pub fn texts(lang: Lang) -> HashMap<String, String> {
    merge(files(lang).iter().copied()).unwrap_or_default()
}

/// One table from the files of one language (in any order); the error names the first file
/// that is not a flat map of texts.
pub fn merge<'a>(
    files: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, String>, serde_json::Error> {
    let mut table = HashMap::new();
    for text in files {
        table.extend(serde_json::from_str::<HashMap<String, String>>(text)?);
    }
    Ok(table)
}
