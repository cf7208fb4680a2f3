//! RFC 4180 CSV writing shared by the exports (the queue, the monthly report): comma-separated
//! fields, CRLF line ends, a field with a comma, a quote, CR or LF enclosed in quotes with its
//! quotes doubled, and times in UTC RFC 3339.
//!
//! ```
//! use mesa::domain::csv::{field, row};
//! assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
//! let mut out = String::new();
//! row(&mut out, ["a,b".to_string(), "c".to_string()]);
//! assert_eq!(out, "\"a,b\",c\r\n");
//! ```

use chrono::{DateTime, SecondsFormat, Utc};

/// One CSV field, quoted when RFC 4180 requires it. A text a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a description typed as
/// `=HYPERLINK(…)`) is neutralised with a leading apostrophe, so it opens as the text it is.
///
/// ```
/// use mesa::domain::csv::field;
/// assert_eq!(field("=1+1"), "'=1+1");
/// assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(field("-5, y más"), "\"'-5, y más\"");
/// ```
pub fn field(value: &str) -> String {
    let inert = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if inert.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

/// The byte order mark a spreadsheet needs to read a CSV file's accents as UTF-8; every CSV the
/// app downloads starts with it.
pub const BOM: &str = "\u{feff}";

/// Appends one record ending in CRLF.
pub fn row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(&f));
    }
    out.push_str("\r\n");
}

/// A time as UTC RFC 3339 to the second; none is an empty field.
pub fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}
