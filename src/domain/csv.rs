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

/// One CSV field, quoted when RFC 4180 requires it.
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

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
