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
    let mut folded = Folded::with_capacity(text.len());
    folded.push(text);
    folded.into_string()
}

/// A folded text made of parts: the same as [`fold_text`] of the parts joined by spaces,
/// without the joined text.
///
/// ```
/// use mesa_fast_text::{fold_text, Folded};
/// let mut folded = Folded::with_capacity(32);
/// folded.push("INC-0042");
/// folded.push("Sin señal");
/// folded.push("");
/// assert_eq!(folded.into_string(), fold_text("INC-0042 Sin señal "));
/// ```
pub struct Folded {
    out: String,
    pending_space: bool,
}

impl Folded {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: String::with_capacity(bytes),
            pending_space: false,
        }
    }

    /// Folds `text` after the parts already there, as if a space came between.
    pub fn push(&mut self, text: &str) {
        self.pending_space = true;
        for c in text.chars() {
            // Most of a desk's text is ASCII: folded here without the Unicode case tables (the
            // queue folds every ticket's text when the list loads, #21).
            if c.is_ascii() {
                self.add(c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase()));
            } else {
                c.to_lowercase()
                    .for_each(|lower| self.add(fold_char(lower)));
            }
        }
    }

    fn add(&mut self, folded: Option<char>) {
        match folded {
            Some(base) => {
                if self.pending_space && !self.out.is_empty() {
                    self.out.push(' ');
                }
                self.pending_space = false;
                self.out.push(base);
            }
            None => self.pending_space = true,
        }
    }

    pub fn into_string(self) -> String {
        self.out
    }
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
