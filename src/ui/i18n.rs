//! The user's language. Texts live in `locales/<lang>/*.json` (see [`crate::locales`]);
//! Spanish is the default, English can be chosen and is remembered on the device.
//!
//! Only the Spanish texts are in the app (issue #5, first-load size). Choosing English fetches
//! the English files (`locales/en/*.json`; the service worker keeps them, so this works offline
//! after the first visit) and switches once they are in; until then, and if they cannot be
//! fetched, the app stays in Spanish.
//!
//! ```ignore
//! let i18n = use_i18n();
//! view! { <h1>{move || i18n.t("queue.title")}</h1> }
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;

use crate::locales::{merge, AREAS, SPANISH};
use crate::ui::fetch;

const STORAGE_KEY: &str = "mesa.locale";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    Es,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Self::Es => "es",
            Self::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Self {
        if code.starts_with("en") {
            Self::En
        } else {
            Self::Es
        }
    }

    /// The locale's texts; `None` for English until they were fetched.
    fn table(self) -> Option<&'static HashMap<String, String>> {
        static SPANISH_TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
        match self {
            Self::Es => Some(
                SPANISH_TABLE.get_or_init(|| merge(SPANISH.iter().copied()).unwrap_or_default()),
            ),
            Self::En => ENGLISH_TABLE.get(),
        }
    }
}

/// The English texts, once fetched.
static ENGLISH_TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();

/// Fetches and merges the English files.
async fn fetch_english() -> Result<HashMap<String, String>, String> {
    let mut files = Vec::with_capacity(AREAS.len());
    for area in AREAS {
        files.push(fetch::text(&format!("locales/en/{area}.json")).await?);
    }
    merge(files.iter().map(String::as_str)).map_err(|e| e.to_string())
}

/// The reactive translator, provided once by the app.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The text for `key` in the current locale (falls back to Spanish, then to the key).
    pub fn t(&self, key: &str) -> String {
        let locale = self.locale.get();
        locale
            .table()
            .and_then(|table| table.get(key))
            .or_else(|| Locale::Es.table().and_then(|table| table.get(key)))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// [`Self::t`] with `{name}` placeholders filled.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key);
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A count in words that agree with it: `{key}.one` for exactly one, `{key}.other`
    /// otherwise ("1 incidencia", "3 incidencias"), with `{n}` and the other placeholders
    /// filled.
    pub fn t_count(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let form = if n == 1 { "one" } else { "other" };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        self.t_with(&format!("{key}.{form}"), &all)
    }

    /// Switches to `locale` (English once its texts are fetched) and remembers it.
    pub fn set(&self, locale: Locale) {
        if locale.table().is_some() {
            self.apply(locale);
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            match fetch_english().await {
                Ok(table) => {
                    let _ = ENGLISH_TABLE.set(table);
                    this.apply(locale);
                }
                Err(e) => {
                    leptos::logging::warn!("the English texts could not be fetched: {e}");
                    // Spanish stays; setting it again puts the language menu back on it.
                    this.locale.set(Locale::Es);
                }
            }
        });
    }

    fn apply(&self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, locale.code());
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", locale.code());
        }
    }
}

/// Creates the translator with the remembered locale (Spanish if none) and provides it.
pub fn provide_i18n() -> I18n {
    let saved = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let i18n = I18n {
        locale: RwSignal::new(Locale::Es),
    };
    i18n.set(
        saved
            .as_deref()
            .map(Locale::from_code)
            .unwrap_or(Locale::Es),
    );
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
