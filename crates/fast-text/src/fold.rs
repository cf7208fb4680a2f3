//! Folding text for search: lower case, no accents, words separated by one space.

/// Lower-cases, removes accents (á→a, é→e, í→i, ó→o, ú/ü→u, ñ→n, and other Latin diacritics),
/// turns every character that is not a letter or digit into a space, and collapses spaces.
///
/// The same normalisation is used by the knowledge base and by the ticket queue search, so
/// "Conexión—VPN" and "conexion vpn" compare equal.
///
/// ```
/// use mesa_fast_text::fold_text;
/// assert_eq!(fold_text("¡Conexión VPN caída! (Año 2026)"), "conexion vpn caida ano 2026");
/// assert_eq!(fold_text("PINGÜINO"), "pinguino");
/// ```
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut add = |folded: Option<char>| match folded {
        Some(base) => {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(base);
        }
        None => pending_space = true,
    };
    for c in text.chars() {
        // Most of a desk's text is ASCII: folded here without the Unicode case tables (the
        // queue folds every ticket's text when the list loads, #21).
        if c.is_ascii() {
            add(c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase()));
        } else {
            c.to_lowercase().for_each(|lower| add(fold_char(lower)));
        }
    }
    out
}

/// The folded form of one lower-case character; `None` for punctuation and spaces.
fn fold_char(c: char) -> Option<char> {
    let base = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        c if c.is_alphanumeric() => c,
        _ => return None,
    };
    Some(base)
}
