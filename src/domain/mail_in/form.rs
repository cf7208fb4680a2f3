//! The registration data a message gives in `Label: value` lines (the form the answer listing
//! what is missing asks the customer to fill in), and the text of a message without what it
//! quotes.
//!
//! ```
//! use mesa::domain::mail_in::form::{is_yes, lines, own_text};
//!
//! let body = "Hola:\nTeléfono(s) de contacto: +52 55 0000 0000\n(I) La falla no está en sus \
//!             propios elementos de red: Sí\n\nEl lun, 1 dic, Mesa escribió:\n> Cliente: \n";
//! let found = lines(body);
//! assert_eq!(found[0], ("telefono s de contacto".to_string(), "+52 55 0000 0000".to_string()));
//! assert!(is_yes(&found[1].1));
//! assert_eq!(found.len(), 2, "the quoted form is not read");
//! assert_eq!(own_text(body, 1000), "Hola:\nTeléfono(s) de contacto: +52 55 0000 0000\n\
//!     (I) La falla no está en sus propios elementos de red: Sí");
//! ```

use crate::domain::kb::fold_text;

/// The longest label read (a checklist item's label can be a sentence).
const MAX_LABEL: usize = 200;

fn quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// The `Label: value` lines that are not quoted, as (folded label, trimmed value); lines with
/// an empty value are left out.
pub fn lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !quoted(l))
        .filter_map(|l| l.split_once(':'))
        .filter(|(label, _)| !label.trim().is_empty() && label.len() <= MAX_LABEL)
        .map(|(label, value)| (fold_text(label), value.trim().to_string()))
        .filter(|(label, value)| !label.is_empty() && !value.is_empty())
        .collect()
}

/// An answer that confirms a check: «sí», «si», «yes», «x», «ok»…
pub fn is_yes(value: &str) -> bool {
    matches!(
        fold_text(value).as_str(),
        "si" | "s" | "yes" | "y" | "x" | "ok" | "confirmado" | "verificado" | "hecho" | "done"
    )
}

/// The text the sender wrote: without quoted lines (`> …`) and the attribution line that
/// introduces them (`El … escribió:`), blank runs collapsed, trimmed, at most `max` characters
/// (a longer text ends with `[…]`).
pub fn own_text(text: &str, max: usize) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if quoted(line) {
            continue;
        }
        let introduces_quote = line.ends_with(':')
            && lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| quoted(l));
        if introduces_quote {
            continue;
        }
        if line.trim().is_empty() && kept.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        kept.push(line);
    }
    let text = kept.join("\n").trim().to_string();
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{} […]", text[..at].trim_end()),
        None => text,
    }
}
