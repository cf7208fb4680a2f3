//! Loading an event file, with positions for bad elements.

use serde::Deserialize;
use serde_json::Value;

use mesa::domain::event::Event;

use super::profiles::read_file;
use super::Failure;

/// Reads events from a JSON array, or from a CouchDB-style export: `{"docs": [...]}`
/// (`_bulk_docs`), `{"rows": [{"doc": ...}]}` (`_all_docs?include_docs=true`) or
/// `{"results": [{"doc": ...}]}` (`_changes?include_docs=true`). A document with `_id` and no
/// `id` takes `_id` as its id; design documents (`_design/...`) and deleted rows are skipped.
pub fn load_events(path: &str) -> Result<Vec<Event>, Failure> {
    let text = read_file(path)?;
    if let Some(events) = typed(&text) {
        return Ok(events);
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "malformed JSON: "
        } else {
            ""
        };
        let reason = strip_location(&e);
        Failure::Data(format!(
            "{path}: line {}, column {}: {what}{reason}",
            e.line(),
            e.column()
        ))
    })?;
    let (docs, wrapper) = match value {
        Value::Array(items) => (items, None),
        Value::Object(mut map) => {
            let found = ["docs", "rows", "results"]
                .into_iter()
                .find_map(|k| match map.remove(k) {
                    Some(Value::Array(items)) => Some((items, k)),
                    _ => None,
                });
            let Some((items, key)) = found else {
                return Err(Failure::Data(format!(
                    "{path}: expected a JSON array of events, or an object with \"docs\", \
                     \"rows\" or \"results\""
                )));
            };
            (items, Some(key))
        }
        _ => {
            return Err(Failure::Data(format!(
                "{path}: expected a JSON array of events"
            )))
        }
    };
    let mut events = Vec::with_capacity(docs.len());
    for (index, item) in docs.into_iter().enumerate() {
        let doc = match (wrapper, item) {
            (Some("rows" | "results"), Value::Object(mut row)) => {
                if row.get("deleted") == Some(&Value::Bool(true)) {
                    continue;
                }
                match row.remove("doc") {
                    Some(Value::Null) | None => continue,
                    Some(doc) => doc,
                }
            }
            (_, item) => item,
        };
        let Some(doc) = normalise(doc) else { continue };
        let id = doc.get("id").and_then(Value::as_str).map(str::to_string);
        let event: Event = serde_json::from_value(doc).map_err(|e| {
            let at = match wrapper {
                None => element_position(&text, index)
                    .map(|(l, c)| format!("line {l}, column {c}: "))
                    .unwrap_or_default(),
                Some(_) => String::new(),
            };
            let container = wrapper.unwrap_or("event");
            let which = match id {
                Some(id) => format!("{container}[{index}] (id {id:?})"),
                None => format!("{container}[{index}]"),
            };
            Failure::Data(format!("{path}: {at}{which}: {}", strip_location(&e)))
        })?;
        events.push(event);
    }
    Ok(events)
}

/// The usual file read in one typed pass (several times faster than through `Value`, which a
/// million events make plain): an array of events, or an export whose documents are all events
/// (rows of deleted documents skipped). `None` for anything else — `_id`-only or design
/// documents, bad data — which the general path reads or explains with positions.
fn typed(text: &str) -> Option<Vec<Event>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(default)]
        doc: Option<Event>,
        #[serde(default)]
        deleted: bool,
    }
    #[derive(Deserialize)]
    struct Export {
        docs: Option<Vec<Event>>,
        rows: Option<Vec<Row>>,
        results: Option<Vec<Row>>,
    }
    let rows = |rows: Vec<Row>| {
        rows.into_iter()
            .filter(|r| !r.deleted)
            .filter_map(|r| r.doc)
            .collect()
    };
    match text.trim_start().as_bytes().first()? {
        b'[' => super::parallel::parse_events(text),
        b'{' => match serde_json::from_str::<Export>(text).ok()? {
            Export {
                docs: Some(docs), ..
            } => Some(docs),
            Export { rows: Some(r), .. }
            | Export {
                results: Some(r), ..
            } => Some(rows(r)),
            _ => None,
        },
        _ => None,
    }
}

/// A CouchDB document as an event: `_id` → `id`, CouchDB's own fields dropped; `None` for
/// design documents.
fn normalise(doc: Value) -> Option<Value> {
    let Value::Object(mut map) = doc else {
        return Some(doc);
    };
    let couch_id = map.remove("_id");
    if let Some(Value::String(id)) = &couch_id {
        if id.starts_with("_design/") {
            return None;
        }
    }
    if !map.contains_key("id") {
        if let Some(id) = couch_id {
            map.insert("id".into(), id);
        }
    }
    map.retain(|k, _| !k.starts_with('_'));
    Some(Value::Object(map))
}

/// serde_json's message without its trailing " at line L column C".
fn strip_location(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// Line and column (1-based, in characters) where element `index` of the top-level array starts.
fn element_position(text: &str, index: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut seen = 0usize;
    let mut expecting = false;
    let (mut line, mut column) = (1usize, 0usize);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if expecting && depth == 1 && !c.is_whitespace() {
            if seen == index {
                return Some((line, column));
            }
            seen += 1;
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    None
}
