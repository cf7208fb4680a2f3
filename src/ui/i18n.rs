//! The user's language. Texts live in `locales/<lang>/*.json` (see [`crate::locales`]);
//! Spanish is the default, English can be chosen and is remembered on the device.
//!
//! Only the Spanish texts of the first screen are in the app (issues #5 and #21, first-load
//! size; [`crate::locales::SPANISH_FIRST_SCREEN`]). The whole Spanish files are fetched once the
//! queue has loaded, and a page loaded on demand waits for them ([`I18n::all_spanish`]).
//! Choosing English fetches the English files and switches once they are in; until then, and if
//! they cannot be fetched, the app stays in Spanish. The service worker keeps both
//! (`locales/<lang>/*.json`), so this works offline after the first visit.
//!
//! ```ignore
//! let i18n = use_i18n();
//! view! { <h1>{move || i18n.t("queue.title")}</h1> }
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;

use crate::app::fetch;
use crate::domain::profile::{ProcessProfile, Translations, UnitNames, UnitWord};
use crate::locales::{merge, AREAS, SPANISH, SPANISH_FIRST_SCREEN};

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

    /// The locale's texts: Spanish's whole files once fetched, else the first screen's;
    /// `None` for English until its files were fetched.
    fn table(self) -> Option<&'static HashMap<String, String>> {
        static FIRST_SCREEN: OnceLock<HashMap<String, String>> = OnceLock::new();
        match self {
            Self::Es => SPANISH_TABLE.get().or_else(|| {
                Some(FIRST_SCREEN.get_or_init(|| {
                    // Builds without page modules (dev, browser tests) embed every text.
                    if cfg!(feature = "split") {
                        merge([SPANISH_FIRST_SCREEN]).unwrap_or_default()
                    } else {
                        merge(SPANISH.iter().copied()).unwrap_or_default()
                    }
                }))
            }),
            Self::En => ENGLISH_TABLE.get(),
        }
    }

    fn cell(self) -> &'static OnceLock<HashMap<String, String>> {
        match self {
            Self::Es => &SPANISH_TABLE,
            Self::En => &ENGLISH_TABLE,
        }
    }
}

/// Each language's whole files, once fetched.
static SPANISH_TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
static ENGLISH_TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();

/// Fetches and merges one language's files, once: later calls wait for or reuse the first.
async fn fetch_all(locale: Locale) -> Result<(), String> {
    if locale.cell().get().is_some() {
        return Ok(());
    }
    let mut files = Vec::with_capacity(AREAS.len());
    for area in AREAS {
        files.push(fetch::text(&format!("locales/{}/{area}.json", locale.code())).await?);
    }
    let table = merge(files.iter().map(String::as_str)).map_err(|e| e.to_string())?;
    let _ = locale.cell().set(table);
    Ok(())
}

/// The reactive translator, provided once by the app.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
    /// Whether the whole Spanish files are in (texts re-read when they arrive).
    spanish_complete: RwSignal<bool>,
    /// What the desk's process calls a ticket (the app's words until the desk opens).
    unit: RwSignal<UnitNames>,
    /// The desk's process's texts in other languages (its `translations`).
    process_texts: RwSignal<Translations>,
}

impl I18n {
    /// The text for `key` in the current locale (falls back to Spanish, then to the key), with
    /// the desk's word for a ticket in `{unit}`, `{units}`, `{Unit}` and `{Units}`. Where that
    /// word is masculine, a Spanish text's masculine form (`key@m`: «Nuevo requerimiento»)
    /// replaces the text written for the app's feminine «incidencia».
    pub fn t(&self, key: &str) -> String {
        self.spanish_complete.track();
        let locale = self.locale.get();
        let lookup = |key: &str| {
            locale
                .table()
                .and_then(|table| table.get(key))
                .or_else(|| Locale::Es.table().and_then(|table| table.get(key)))
        };
        self.unit.with(|names| {
            let masculine = (locale == Locale::Es && names.is_masculine("es"))
                .then(|| lookup(&format!("{key}@m")))
                .flatten();
            match masculine.or_else(|| lookup(key)) {
                Some(text) if UnitWord::placeholders_in(text) => names.fill(locale.code(), text),
                Some(text) => text.clone(),
                None => key.to_string(),
            }
        })
    }

    /// Speaks the open desk's process from now on: its word for a ticket and its texts'
    /// translations.
    pub fn set_process(&self, profile: &ProcessProfile) {
        if self.unit.with_untracked(|current| *current != profile.unit) {
            self.unit.set(profile.unit.clone());
        }
        if self
            .process_texts
            .with_untracked(|current| *current != profile.translations)
        {
            self.process_texts.set(profile.translations.clone());
        }
    }

    /// A text of the desk's process (a request kind, a stage, a field's label…, as the profile
    /// writes it in Spanish) in the reader's language: its translation in the profile
    /// ([`Translations::text`]), else as written.
    ///
    /// ```ignore
    /// view! { <option value=k.id.clone()>{move || i18n.pt(&k.name)}</option> }
    /// ```
    pub fn pt(&self, spanish: &str) -> String {
        let language = self.locale.get().code();
        self.process_texts
            .with(|t| t.text(spanish, language).to_string())
    }

    /// The reader's language code (`"es"`, `"en"`), for what the domain writes in it (CSV).
    pub fn language(&self) -> &'static str {
        self.locale.get().code()
    }

    /// [`Self::pt`] for a text of another profile (a preset offered in Ajustes).
    pub fn profile_text(&self, profile: &ProcessProfile, spanish: &str) -> String {
        profile.text(spanish, self.locale.get().code()).to_string()
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
            match fetch_all(locale).await {
                Ok(()) => this.apply(locale),
                Err(e) => {
                    leptos::logging::warn!("the English texts could not be fetched: {e}");
                    // Spanish stays; setting it again puts the language menu back on it.
                    this.locale.set(Locale::Es);
                }
            }
        });
    }

    /// Fetches the whole Spanish files (once; the first screen has its own texts embedded):
    /// called once the queue has loaded, and awaited before a page loaded on demand shows.
    pub async fn all_spanish(&self) -> Result<(), String> {
        let result = fetch_all(Locale::Es).await;
        if result.is_ok() && !self.spanish_complete.get_untracked() {
            self.spanish_complete.set(true);
        }
        result
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
        spanish_complete: RwSignal::new(false),
        unit: RwSignal::new(UnitNames::default()),
        process_texts: RwSignal::new(Translations::default()),
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
