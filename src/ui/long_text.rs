//! Free text as the browser can lay it out. A run of characters with no space (a pasted log
//! line, a long URL, 100 KB of one word) is broken into lines character by character
//! (`overflow-wrap: anywhere`), and Chromium lays such a run out in time that grows with the
//! square of its length: a 100 KB word froze the ticket page for 25 s. [`FreeText`] shows the
//! text unchanged but offers a line break (`<wbr>`) every [`RUN`] characters of such a run, which
//! the browser lays out as it does ordinary words. Copying the text copies it as typed.
//!
//! ```ignore
//! view! { <p class="description"><FreeText text=ticket.description.clone()/></p> }
//! ```

use leptos::prelude::*;

/// The longest run without a space shown without a break opportunity (longer than any word).
pub const RUN: usize = 64;

/// `text` cut into pieces that join back to it; inside a piece no run of non-space characters
/// is longer than [`RUN`], and each piece after the first starts inside such a run.
pub fn pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut run = 0;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            run = 0;
            continue;
        }
        run += 1;
        if run > RUN {
            pieces.push(&text[start..at]);
            start = at;
            run = 1;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// `text` as typed, with a line break offered inside runs longer than [`RUN`] characters.
#[component]
pub fn FreeText(#[prop(into)] text: String) -> impl IntoView {
    let pieces = pieces(&text);
    if pieces.len() == 1 {
        return text.into_any();
    }
    pieces
        .into_iter()
        .enumerate()
        .map(|(n, piece)| {
            let piece = piece.to_string();
            view! { {(n > 0).then(|| view! { <wbr/> })}{piece} }
        })
        .collect_view()
        .into_any()
}
