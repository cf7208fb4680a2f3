//! Numbers and percentages as the user's locale writes them.

use crate::ui::i18n::Locale;

/// A number with at most `decimals` decimals (trailing zeros dropped), decimal comma and
/// thousands grouped by a no-break space in Spanish; decimal point and comma grouping in English.
pub(super) fn num(value: f64, decimals: usize, locale: Locale) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (text.clone(), String::new()),
    };
    let (group, point) = match locale {
        Locale::Es => ('\u{a0}', ','),
        Locale::En => (',', '.'),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
            grouped.push(group);
        }
        grouped.push(*c);
    }
    let negative = value < 0.0 && (grouped.chars().any(|c| c != '0' && c.is_ascii_digit()));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(point);
        out.push_str(&frac);
    }
    out
}

/// `98.5` → `98,5 %` (Spanish) / `98.5%` (English).
pub(super) fn pct(value: f64, decimals: usize, locale: Locale) -> String {
    match locale {
        Locale::Es => format!("{}\u{a0}%", num(value, decimals, locale)),
        Locale::En => format!("{}%", num(value, decimals, locale)),
    }
}

pub(super) fn opt_pct(value: Option<f64>, decimals: usize, locale: Locale) -> String {
    value
        .map(|v| pct(v, decimals, locale))
        .unwrap_or_else(|| "—".to_string())
}
