//! The user-facing texts, per language, from `locales/<lang>/*.json` (flat key → text with
//! `{name}` placeholders). One file per area of the app; they are merged at start-up.
//! Compiled on every target so native tests can check that every language has every key.
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

/// Adds one area's files for both languages.
macro_rules! area {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../locales/es/", $name, ".json")),
            include_str!(concat!("../locales/en/", $name, ".json")),
        )
    };
}

/// Every area's files: `(area, spanish, english)`.
pub const FILES: &[(&str, &str, &str)] = &[
    area!("app"),
    area!("ticket"),
    area!("storage"),
    area!("sync"),
    area!("settings"),
    area!("reports"),
    area!("attachments"),
    area!("notifications"),
    area!("knowledge"),
];

/// The merged table of one language. A malformed file is skipped (a native test rejects it
/// before it can ship).
pub fn texts(lang: Lang) -> HashMap<String, String> {
    let mut table = HashMap::new();
    for (_, es, en) in FILES {
        let text = if lang == Lang::Es { es } else { en };
        if let Ok(map) = serde_json::from_str::<HashMap<String, String>>(text) {
            table.extend(map);
        }
    }
    table
}
