//! Verifying on every core: the per-event checks (hash and signature, nearly all the cost) run
//! on one thread per core over chunks of the history, and a JSON array of events is parsed in
//! parts on as many threads. Native only (the domain stays single-threaded and runs in the
//! browser too). Shared by `mesa verify` and `bench-verify`.

use mesa::domain::event::Event;
use mesa::domain::evidence::{
    check_events, verify_checked, EventCheck, KeyBook, MonthAnchor, Verification,
};

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// [`verify_checked`] with the per-event checks (hash and signature, the costly part) spread over
/// the machine's cores.
pub fn verify_parallel(events: &[Event], anchor: Option<&MonthAnchor>) -> Verification {
    let book = KeyBook::from_events(events);
    let chunk = events.len().div_ceil(threads()).max(1);
    let checks: Vec<EventCheck> = std::thread::scope(|scope| {
        let handles: Vec<_> = events
            .chunks(chunk)
            .map(|part| (part, scope.spawn(|| check_events(&book, part))))
            .collect();
        handles
            .into_iter()
            // A thread that failed: its part is checked again here (never skipped).
            .flat_map(|(part, h)| h.join().unwrap_or_else(|_| check_events(&book, part)))
            .collect()
    });
    verify_checked(events, &book, &checks, anchor)
}

/// The events of a JSON array (`[event, …]`), parsed on every core: the array is cut at commas
/// near equal shares of the text and each part is parsed on its own thread as an array. A cut
/// that is not between two elements (inside a string or a nested value) leaves its part
/// unbalanced, so that part fails to parse and the whole text is parsed again on one thread:
/// the result is always the one `serde_json::from_str` gives. `None` when it does not parse.
pub fn parse_events(text: &str) -> Option<Vec<Event>> {
    parse_in_parts(text, threads())
}

fn parse_in_parts(text: &str, threads: usize) -> Option<Vec<Event>> {
    let whole = || serde_json::from_str::<Vec<Event>>(text).ok();
    let body = text.trim();
    let Some(inner) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) else {
        return whole();
    };
    let parts = cut(inner, threads);
    if parts.len() < 2 {
        return whole();
    }
    let parsed: Vec<Option<Vec<Event>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                scope.spawn(move || {
                    let mut array = String::with_capacity(part.len() + 2);
                    array.push('[');
                    array.push_str(part);
                    array.push(']');
                    serde_json::from_str::<Vec<Event>>(&array).ok()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let Some(mut parsed) = parsed.into_iter().collect::<Option<Vec<Vec<Event>>>>() else {
        return whole();
    };
    // Into the first part's vector, grown once.
    let mut events = std::mem::take(&mut parsed[0]);
    events.reserve(parsed[1..].iter().map(Vec::len).sum());
    for part in &mut parsed[1..] {
        events.append(part);
    }
    Some(events)
}

/// `inner` (an array's text between its brackets) cut at the first `},{` after each of `n - 1`
/// equal shares (the comma dropped), or whole when the shares are too small to be worth it.
fn cut(inner: &str, n: usize) -> Vec<&str> {
    const MIN_PART: usize = 1 << 20;
    let n = n.min(inner.len() / MIN_PART).max(1);
    let mut parts = Vec::with_capacity(n);
    let mut from = 0;
    for k in 1..n {
        let target = (inner.len() * k / n).max(from);
        let Some(at) = inner[target..].find("},{").map(|i| target + i + 1) else {
            break;
        };
        parts.push(&inner[from..at]);
        from = at + 1;
    }
    parts.push(&inner[from..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use mesa::domain::event::{EventId, EventKind, Hlc, TicketId};

    /// `count` notes whose texts hold what a cut looks for (`},{`) and nested values.
    fn notes(count: usize) -> String {
        let mut clock = Hlc::first(1_790_812_800_000, "tableta-1");
        let events: Vec<Event> = (0..count)
            .map(|n| {
                clock = clock.tick(1_790_812_800_000 + n as i64 * 1_000);
                let kind = EventKind::Commented {
                    text: format!("nota {n}: \"}},{{\" y [{{}}],{{ sin cerrar"),
                    customer_visible: n % 2 == 0,
                };
                let id = EventId::from_parts(clock.wall_ms, n as u128);
                Event::new(
                    id,
                    TicketId(format!("T{}", n / 7)),
                    clock.clone(),
                    "ana",
                    kind,
                )
            })
            .collect();
        serde_json::to_string(&events).unwrap_or_default()
    }

    #[test]
    fn parsed_in_parts_the_events_are_those_of_one_parse() {
        let text = notes(24_000);
        assert!(text.len() > 3 << 20, "big enough to be cut");
        let one: Vec<Event> = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(one.len(), 24_000);
        for threads in [1, 2, 3, 7] {
            assert_eq!(
                parse_in_parts(&text, threads),
                Some(one.clone()),
                "{threads} threads"
            );
        }
        assert_eq!(parse_in_parts(&format!(" \n{text}\n"), 2), Some(one));
    }

    #[test]
    fn a_bad_element_fails_as_in_one_parse() {
        let text = notes(12_000).replacen("\"actor\":\"ana\"", "\"actor\":7", 1);
        assert_eq!(parse_in_parts(&text, 2), None);
        assert_eq!(parse_in_parts("{\"docs\":[]}", 2), None);
    }

    #[test]
    fn cuts_fall_after_a_closing_brace_and_drop_the_comma() {
        let small = "{\"a\":1},{\"b\":[{\"c\":2},{\"d\":3}]}";
        assert_eq!(cut(small, 4), vec![small], "small: one part");
        let big = vec!["{\"x\":[{},{}]}"; 300_000].join(",");
        let parts = cut(&big, 2);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts.concat().len() + 1, big.len());
        assert!(parts[0].ends_with('}') && parts[1].starts_with('{'));
    }
}
