//! The user-facing texts, per language, from `locales/<lang>/*.json` (flat key → text with
//! `{name}` placeholders). One file per area of the app; they are merged at start-up.
//! Compiled on every target so native tests can check that every language has every key. The
//! app embeds only the Spanish files; `ui::i18n` fetches the English ones (served from
//! `locales/en/`, kept offline by the service worker) when the user chooses English.
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
        /// The Spanish files, in [`AREAS`] order. The app embeds these alone (issue #5,
        /// first-load size): it fetches the English ones when the user chooses English.
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
