//! The user's language. Texts live in `locales/<lang>/*.json` (see [`crate::locales`]);
//! Spanish is the default, English can be chosen and is remembered on the device.
//!
//! ```ignore
//! let i18n = use_i18n();
//! view! { <h1>{move || i18n.t("queue.title")}</h1> }
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;

use crate::locales::{texts, Lang};

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

    fn table(self) -> &'static HashMap<String, String> {
        static TABLES: OnceLock<[HashMap<String, String>; 2]> = OnceLock::new();
        let tables = TABLES.get_or_init(|| [texts(Lang::Es), texts(Lang::En)]);
        &tables[self as usize]
    }
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
            .get(key)
            .or_else(|| Locale::Es.table().get(key))
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

    pub fn set(&self, locale: Locale) {
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
        locale: RwSignal::new(
            saved
                .as_deref()
                .map(Locale::from_code)
                .unwrap_or(Locale::Es),
        ),
    };
    i18n.set(i18n.locale.get_untracked());
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
