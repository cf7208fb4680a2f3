//! Turning a serde_json error into a [`ProfileError`] that names the JSON path, line and column.
//!
//! serde_json gives the line and column where parsing stopped; walking the text up to that point
//! tells which object keys and array indexes enclose it.

use super::ProfileError;

pub(super) fn parse_error(text: &str, err: &serde_json::Error) -> ProfileError {
    let (line, column) = (err.line(), err.column());
    let full = err.to_string();
    let suffix = format!(" at line {line} column {column}");
    let reason = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let path = if err.is_data() {
        let offset = byte_offset(text, line, column);
        path_at(text, offset, reason.starts_with("missing field"))
    } else {
        String::new()
    };
    let what = if err.is_syntax() || err.is_eof() {
        "invalid JSON: "
    } else {
        ""
    };
    ProfileError {
        path,
        message: format!("line {line}, column {column}: {what}{reason}"),
        line: (line > 0).then_some(line),
        column: (line > 0).then_some(column),
    }
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(nl) => start += nl + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The JSON path (`severities[2].targets.restore`) enclosing byte `offset` of `text`. When
/// `object_itself` is set (a missing field), the path stops at the innermost object rather than
/// at its last key.
fn path_at(text: &str, offset: usize, object_itself: bool) -> String {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let (s, end) = read_string(text, i + 1);
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = Some(s);
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    if object_itself {
        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// Reads a JSON string whose content starts at byte `start`; returns it (escapes kept as written
/// except `\"` and `\\`) and the byte index of the closing quote (or the end of the text).
fn read_string(text: &str, start: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' if i + 1 < bytes.len() => {
                out.push(bytes[i + 1]);
                i += 2;
                continue;
            }
            b => out.push(b),
        }
        i += 1;
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_of_nested_key() {
        let text = r#"{"a": [ {"b": 1}, {"c": {"d": 2}} ]}"#;
        let at = text.find("2").unwrap();
        assert_eq!(path_at(text, at, false), "a[1].c.d");
    }

    #[test]
    fn missing_field_names_the_object() {
        let text = r#"{"a": [ {"b": 1} ]}"#;
        let at = text.find('}').unwrap();
        assert_eq!(path_at(text, at, true), "a[0]");
    }

    #[test]
    fn escaped_quotes_in_strings() {
        let text = r#"{"x\"y": {"z": "]}\"", "w": 3}}"#;
        let at = text.find('3').unwrap();
        assert_eq!(path_at(text, at, false), "x\"y.w");
    }
}
