//! The queue matches a ticket's customer and site apart from its own text (they are shared
//! among the tickets of a place, #21): a search must find exactly what it found over the
//! whole text folded at once.

use super::*;
use mesa::domain::kb::fold_text;
use proptest::prelude::*;

const CUSTOMERS: &[&str] = &[
    "Clínica San Rafael",
    "Hotel Brisa-Azul",
    "ÁGUILA S.A.",
    "Ñandú",
];
const SITES: &[&str] = &["León", "Santiago Centro", "Mérida (norte)", "Sur"];
const TEXTS: &[&str] = &[
    "Sin señal",
    "Caída en Mérida",
    "rafael pide informe",
    "azul; sur",
];

fn whole_text(t: &mesa::domain::ticket::Ticket) -> String {
    let site = t.site.as_deref().unwrap_or("");
    let fields: Vec<&str> = t.fields.values().collect();
    let text = format!(
        "{} {} {} {} {}",
        t.number,
        t.customer,
        site,
        t.description,
        fields.join(" ")
    );
    fold_text(&text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn a_search_finds_what_the_whole_folded_text_holds(
        picks in proptest::collection::vec((0..4usize, 0..4usize, 0..4usize), 1..8),
        query in "[a-zñáé .;-]{0,12}",
    ) {
        let p = p4();
        let events: Vec<Event> = picks
            .iter()
            .enumerate()
            .map(|(i, &(c, s, d))| open(&p, i as u128 + 1, at(9, i as u32), CUSTOMERS[c], SITES[s], "s2", TEXTS[d]))
            .collect();
        let all = entries(&events, at(12, 0));
        let filter = QueueFilter { text: query.clone(), status: Some(Status::Open), ..QueueFilter::default() };
        let words: Vec<String> = fold_text(&query).split_whitespace().map(str::to_string).collect();
        let mut found = filter.apply(&all, Sort::Newest);
        found.sort();
        let expected: Vec<usize> = (0..all.len())
            .filter(|&i| {
                let text = whole_text(&all[i].ticket);
                words.iter().all(|w| text.contains(w.as_str()))
                    || filter.number_query().is_some_and(|n| all[i].ticket.number.eq_ignore_ascii_case(n))
            })
            .collect();
        prop_assert_eq!(found, expected, "query {:?}", query);
    }
}
