//! Storage durability shown to the user: whether the browser granted persistent storage, and
//! how much of the quota is used (read by [`crate::app::storage`]).

use leptos::prelude::*;

use crate::app::shell_state::shell;
use crate::ui::i18n::{use_i18n, Locale};

/// `1536` → `1,5 KB` (Spanish) / `1.5 KB` (English): powers of 1024, one decimal from KB on.
/// Integer arithmetic only: formatting an `f64` would bring the float formatter into the first
/// load (about 1 KB gzip).
pub fn human_bytes(bytes: f64, locale: Locale) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let bytes = if bytes.is_finite() && bytes > 0.0 {
        bytes.round() as u64
    } else {
        0
    };
    let (mut unit, mut scale) = (0, 1u64);
    while unit < UNITS.len() - 1 && bytes / scale >= 1024 {
        scale *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    // Rounded to tenths of `scale`, in u64 without overflow (a u128 division would bring its
    // formatting into the first load, #5).
    let tenths = bytes / scale * 10 + (bytes % scale * 10 + scale / 2) / scale;
    let point = if locale == Locale::Es { ',' } else { '.' };
    format!("{}{point}{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// The compact storage state for the header: persistent or not, used of quota.
#[component]
pub fn StorageBadge() -> impl IntoView {
    let i18n = use_i18n();
    let s = shell().signals();
    let label = move || match s.persisted.get() {
        Some(true) => i18n.t("storage.persistent"),
        Some(false) => i18n.t("storage.best_effort"),
        None => i18n.t("storage.unknown"),
    };
    let usage = move || {
        s.estimate.get().map(|e| {
            let locale = i18n.locale.get();
            i18n.t_with(
                "storage.used_of",
                &[
                    ("used", &human_bytes(e.usage, locale)),
                    ("quota", &human_bytes(e.quota, locale)),
                ],
            )
        })
    };
    let state = move || match s.persisted.get() {
        Some(true) => "persistent",
        Some(false) => "best-effort",
        None => "unknown",
    };
    view! {
        <a class="storage-badge" href="#/datos" data-storage=state title=move || i18n.t("storage.title")>
            {label}
            // On a phone the header leaves the figures to the Datos page (style/main.css).
            <span class="storage-usage">{move || usage().map(|u| format!(" · {u}"))}</span>
        </a>
    }
}
