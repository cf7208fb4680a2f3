//! Knowledge base search: accent- and case-insensitive Spanish matching, prefixes, ranking.

use chrono::{TimeZone, Utc};
use mesa::domain::kb::{fold_text, Article, KnowledgeBase};
use mesa::domain::name::Name;
use mesa::domain::ticket::Ticket;

fn article(id: &str, title: &str, body: &str, tags: &[&str]) -> Article {
    Article {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Article::new(id, title, body)
    }
}

fn kb() -> KnowledgeBase {
    KnowledgeBase::new(vec![
        article(
            "kb-vpn",
            "Conexión VPN caída",
            "Verifique los parámetros IPsec y reinicie el túnel.",
            &["vpn", "conectividad"],
        ),
        article(
            "kb-tono",
            "Teléfono sin tono de marcado",
            "Revise el adaptador ATA y la conexión del cable de red.",
            &["telefonía"],
        ),
        article(
            "kb-buzon",
            "Configurar el buzón de voz",
            "Marque *97 desde la extensión y siga las instrucciones.",
            &["buzón", "extensión"],
        ),
        article(
            "kb-pinguino",
            "Registro del PINGÜINO de prueba",
            "Año de alta y señal de cumplimiento.",
            &[],
        ),
    ])
}

fn ids<'a>(hits: &[(&'a Article, u32)]) -> Vec<&'a str> {
    hits.iter().map(|(a, _)| a.id.as_str()).collect()
}

#[test]
fn unaccented_query_finds_accented_title() {
    let kb = kb();
    let hits = kb.search("conexion");
    assert_eq!(ids(&hits)[0], "kb-vpn");
    assert!(ids(&hits).contains(&"kb-tono"), "body hit also found");
}

#[test]
fn case_and_accents_do_not_matter_either_way() {
    let kb = kb();
    for q in [
        "CONEXIÓN VPN",
        "conexión vpn",
        "Conexion Vpn",
        "VPN CAIDA",
        "caída",
    ] {
        assert_eq!(ids(&kb.search(q)), ["kb-vpn"], "query {q:?}");
    }
    assert_eq!(ids(&kb.search("pinguino")), ["kb-pinguino"]);
    assert_eq!(ids(&kb.search("ANO senal")), ["kb-pinguino"]);
}

#[test]
fn punctuation_is_ignored() {
    let kb = kb();
    assert_eq!(ids(&kb.search("¿VPN, caída?")), ["kb-vpn"]);
    assert_eq!(fold_text("  ¡Teléfono—sin  tono!  "), "telefono sin tono");
}

#[test]
fn query_words_match_word_prefixes_only() {
    let kb = kb();
    assert_eq!(ids(&kb.search("conex")), ["kb-vpn", "kb-tono"]);
    assert_eq!(ids(&kb.search("telef")), ["kb-tono"]);
    // "nexion" is inside "conexión" but does not begin a word.
    assert!(kb.search("nexion").is_empty());
}

#[test]
fn every_query_word_must_match() {
    let kb = kb();
    assert_eq!(ids(&kb.search("conexion cable")), ["kb-tono"]);
    assert!(kb.search("conexion impresora").is_empty());
}

#[test]
fn title_hits_rank_above_tag_hits_above_body_hits() {
    let kb = KnowledgeBase::new(vec![
        article(
            "body",
            "Otro tema",
            "Problema con la extensión del cliente.",
            &[],
        ),
        article("tag", "Otro asunto", "Nada relevante.", &["extensión"]),
        article("title", "Extensión bloqueada", "Nada relevante.", &[]),
    ]);
    let hits = kb.search("extension");
    assert_eq!(ids(&hits), ["title", "tag", "body"]);
    assert!(hits[0].1 > hits[1].1 && hits[1].1 > hits[2].1);
}

#[test]
fn equal_scores_go_to_the_newest_then_by_id() {
    let mut a = article("a", "Sin tono", "", &[]);
    let mut b = article("b", "Sin tono", "", &[]);
    let c = article("c", "Sin tono", "", &[]);
    a.updated_at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    b.updated_at = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    let kb = KnowledgeBase::new(vec![c, a, b]);
    assert_eq!(ids(&kb.search("tono")), ["b", "a", "c"]);
}

#[test]
fn no_match_or_empty_query_gives_nothing() {
    let kb = kb();
    assert!(kb.search("impresora").is_empty());
    assert!(kb.search("").is_empty());
    assert!(kb.search(" ¡¿?! ").is_empty());
    assert!(KnowledgeBase::default().search("vpn").is_empty());
}

#[test]
fn suggestions_come_from_the_ticket_description() {
    let kb = kb();
    let ticket = Ticket {
        description: "El cliente reporta que la VPN de la sede norte no levanta".into(),
        level: 1,
        ..Ticket::default()
    };
    assert_eq!(ids(&kb.suggest_for(&ticket, 3)), ["kb-vpn"]);

    let linked = Ticket {
        articles: vec!["kb-vpn".into()].into(),
        ..ticket.clone()
    };
    assert!(
        kb.suggest_for(&linked, 3).is_empty(),
        "already linked articles are left out"
    );
    assert!(kb.suggest_for(&ticket, 0).is_empty());
}

#[test]
fn suggestions_respect_levels_and_limit() {
    let mut internal = article("kb-interno", "Túnel VPN: depuración avanzada", "", &["vpn"]);
    internal.levels = vec![3];
    let mut kb = kb();
    kb.upsert(internal);
    let ticket = Ticket {
        description: "VPN caída, sin conexión".into(),
        level: 1,
        ..Ticket::default()
    };
    let first_level = ids(&kb.suggest_for(&ticket, 10));
    assert!(!first_level.contains(&"kb-interno"));
    assert_eq!(first_level[0], "kb-vpn");
    let third = Ticket { level: 3, ..ticket };
    assert!(ids(&kb.suggest_for(&third, 10)).contains(&"kb-interno"));
    assert_eq!(kb.suggest_for(&third, 1).len(), 1);
}

#[test]
fn articles_round_trip_through_json() {
    let kb = kb();
    let json = serde_json::to_string(&kb).unwrap();
    assert!(json.starts_with('['));
    let back: KnowledgeBase = serde_json::from_str(&json).unwrap();
    assert_eq!(back, kb);
}

/// What folding means, one character at a time: lower-cased through Unicode's tables, the
/// accented Latin letters to their base letter, every other letter or digit kept, anything else
/// a word break (runs of breaks one space, none at the ends).
fn folded_by_definition(text: &str) -> String {
    let mut words = vec![String::new()];
    for c in text.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            'ç' => Some('c'),
            'ý' | 'ÿ' => Some('y'),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        };
        match base {
            Some(base) => words.last_mut().unwrap().push(base),
            None if !words.last().unwrap().is_empty() => words.push(String::new()),
            None => {}
        }
    }
    words.retain(|w| !w.is_empty());
    words.join(" ")
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// The queue folds every ticket's text when the list loads (#21), so plain ASCII takes a
    /// shorter way: the result is the same for any text, Spanish, punctuation, other scripts and
    /// letters whose lower case is two characters (`İ`) included.
    #[test]
    fn folding_is_the_definition(
        text in r"[a-zA-Z0-9 ,.;:¿?¡!()/_\-áéíóúüñÁÉÍÓÚÜÑçÇàÀ€ßİΣσЖж日本\u{301}\t\n]{0,60}",
    ) {
        proptest::prop_assert_eq!(fold_text(&text), folded_by_definition(&text));
    }

    /// The queue folds a ticket's parts one after another (`mesa_fast_text::Folded`, and the
    /// customer and site once per pair: `Name::folded_pair`): the same as folding them joined
    /// by spaces, empty parts and parts of punctuation only included.
    #[test]
    fn folding_in_parts_is_folding_the_parts_joined(
        parts in proptest::collection::vec(r"[a-zA-Z0-9 ,.¿?¡!\-áéíóúüñÁÉÍÓÚÜÑİΣж\u{301}]{0,12}", 0..5),
        pair in (r"[a-zA-Z áÉñ\-]{0,10}", proptest::option::of(r"[a-zA-Z ó.]{0,10}")),
    ) {
        let mut folded = mesa_fast_text::Folded::with_capacity(0);
        for part in &parts {
            folded.push(part);
        }
        proptest::prop_assert_eq!(folded.into_string(), fold_text(&parts.join(" ")));
        let (first, second) = (Name::new(&pair.0), pair.1.as_deref().map(Name::new));
        let place = Name::folded_pair(&first, second.as_ref());
        let joined = format!("{} {}", pair.0, pair.1.as_deref().unwrap_or(""));
        proptest::prop_assert_eq!(place.as_str(), fold_text(&joined));
        proptest::prop_assert!(Name::same_text(&place, &Name::folded_pair(&first, second.as_ref())));
    }
}
