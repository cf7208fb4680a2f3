//! Every user-facing text exists in Spanish and in English, and every locale file is valid.

use std::collections::{BTreeSet, HashMap};

use mesa::locales::{texts, Lang, AREAS, ENGLISH, SPANISH};

#[test]
fn every_locale_file_is_a_flat_map_of_texts() {
    assert_eq!(SPANISH.len(), AREAS.len());
    assert_eq!(ENGLISH.len(), AREAS.len());
    for (i, area) in AREAS.iter().enumerate() {
        for (lang, text) in [("es", SPANISH[i]), ("en", ENGLISH[i])] {
            let parsed: Result<HashMap<String, String>, _> = serde_json::from_str(text);
            assert!(
                parsed.is_ok(),
                "locales/{lang}/{area}.json: {:?}",
                parsed.err()
            );
        }
    }
}

/// A Spanish text's masculine form, for a desk whose word for a ticket is masculine
/// («Nuevo requerimiento»; src/ui/i18n.rs).
const MASCULINE: &str = "@m";

/// The placeholders the app fills with the desk's word for a ticket, not with arguments.
const UNIT_PLACEHOLDERS: [&str; 4] = ["unit", "units", "Unit", "Units"];

fn placeholder_names(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
        .filter(|n| !UNIT_PLACEHOLDERS.contains(&n.as_str()))
        .collect()
}

#[test]
fn spanish_and_english_have_the_same_keys() {
    let es: BTreeSet<_> = texts(Lang::Es)
        .into_keys()
        .filter(|k| !k.ends_with(MASCULINE))
        .collect();
    let en: BTreeSet<_> = texts(Lang::En).into_keys().collect();
    let only_es: Vec<_> = es.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&es).collect();
    assert!(only_es.is_empty(), "missing in English: {only_es:?}");
    assert!(only_en.is_empty(), "missing in Spanish: {only_en:?}");
}

#[test]
fn placeholders_match_between_languages() {
    let es = texts(Lang::Es);
    let en = texts(Lang::En);
    for (key, text) in &es {
        let base = key.strip_suffix(MASCULINE).unwrap_or(key);
        if let Some(other) = en.get(base) {
            assert_eq!(
                placeholder_names(text),
                placeholder_names(other),
                "placeholders differ in {key}"
            );
        }
    }
}

/// Where a Spanish text's words agree with the desk's word for a ticket («la», «una», «esta»,
/// «nueva» right before it), the text has a masculine form, and a masculine form belongs to a
/// text and names the ticket the same way.
#[test]
fn texts_that_agree_with_the_unit_have_a_masculine_form() {
    let es = texts(Lang::Es);
    let feminine = [
        "la", "La", "las", "Las", "una", "Una", "esta", "Esta", "nueva", "Nueva", "misma", "otra",
        "ninguna", "Ninguna",
    ];
    for (key, text) in &es {
        if let Some(base) = key.strip_suffix(MASCULINE) {
            let Some(base_text) = es.get(base) else {
                panic!("{key} is the masculine form of no text");
            };
            let units = |t: &str| -> BTreeSet<String> {
                UNIT_PLACEHOLDERS
                    .iter()
                    .filter(|p| t.contains(&format!("{{{p}}}")))
                    .map(|p| p.to_string())
                    .collect()
            };
            assert_eq!(
                units(text),
                units(base_text),
                "{key} names the unit differently"
            );
            continue;
        }
        let agrees = feminine.iter().any(|w| {
            text.contains(&format!("{w} {{unit}}")) || text.contains(&format!("{w} {{units}}"))
        });
        if agrees {
            assert!(
                es.contains_key(&format!("{key}{MASCULINE}")),
                "{key} ({text:?}) agrees with a feminine word for a ticket: it needs {key}{MASCULINE}"
            );
        }
    }
    // No text names the app's own word where the desk's belongs.
    for (key, text) in &es {
        assert!(
            !text.contains("incidencia") && !text.contains("Incidencia"),
            "{key} names «incidencia»: use {{unit}} / {{units}} / {{Unit}} / {{Units}}"
        );
    }
}

/// The app fetches the English files and the Spanish ones beyond the first screen: Trunk must
/// copy them into the site and the service worker must precache each one, or the pages would
/// not work offline.
#[test]
fn the_fetched_texts_are_shipped_and_kept_offline() {
    let root = env!("CARGO_MANIFEST_DIR");
    let index = std::fs::read_to_string(format!("{root}/index.html")).unwrap();
    let sw = std::fs::read_to_string(format!("{root}/public/sw.js")).unwrap();
    for lang in ["es", "en"] {
        let copy =
            format!(r#"rel="copy-dir" href="locales/{lang}" data-target-path="locales/{lang}""#);
        assert!(
            index.contains(&copy),
            "index.html must copy locales/{lang} into the site"
        );
        for area in AREAS {
            let file = format!("'locales/{lang}/{area}.json'");
            assert!(sw.contains(&file), "public/sw.js must precache {file}");
        }
    }
}

/// The first screen's Spanish texts (embedded by the app) are the Spanish files' own, and the
/// build script's list of pages loaded on demand is the one `split_page!` declares: a page
/// missing from the list would only cost size, but a list naming code that is not a page would
/// leave the first screen without its texts.
#[test]
fn the_first_screen_texts_are_spanish_and_the_pages_are_the_split_ones() {
    let all = texts(Lang::Es);
    let first: std::collections::HashMap<String, String> =
        serde_json::from_str(mesa::locales::SPANISH_FIRST_SCREEN).unwrap();
    assert!(
        first.len() > 50 && first.len() < all.len(),
        "{} of {}",
        first.len(),
        all.len()
    );
    for (key, text) in &first {
        assert_eq!(all.get(key), Some(text), "{key}");
    }
    for key in [
        "nav.queue",
        "queue.title",
        "status.loading",
        "split.load_failed",
    ] {
        assert!(first.contains_key(key), "the first screen needs {key}");
    }

    let root = env!("CARGO_MANIFEST_DIR");
    let build = std::fs::read_to_string(format!("{root}/build/first_screen_texts.rs")).unwrap();
    let ui = std::fs::read_to_string(format!("{root}/src/ui/mod.rs")).unwrap();
    let mut declared = Vec::new();
    for (at, _) in ui.match_indices("crate::split_page!(") {
        let body = &ui[at..];
        let body = &body[..body.find("\n);").unwrap()];
        let module = body
            .split("pages::")
            .nth(1)
            .unwrap()
            .split("::")
            .next()
            .unwrap();
        declared.push(module.to_string());
    }
    assert!(declared.len() >= 8, "{declared:?}");
    for module in &declared {
        let file = format!("\"src/ui/pages/{module}.rs\"");
        let dir = format!("\"src/ui/pages/{module}\"");
        assert!(
            build.contains(&file) || build.contains(&dir),
            "build/first_screen_texts.rs PAGES must list the page {module}"
        );
    }
    for path in build.split('"').filter(|p| p.starts_with("src/ui/pages/")) {
        assert!(
            std::path::Path::new(&format!("{root}/{path}")).exists(),
            "build/first_screen_texts.rs PAGES names {path}, which does not exist"
        );
    }
    let listed = build.matches("\"src/ui/pages/").count();
    assert_eq!(
        listed,
        declared.len(),
        "PAGES lists exactly the split pages: {declared:?}"
    );
}

/// Every key the code names literally (`t("…")`, `t_with("…", …)`) has a text: a missing one
/// would show the key itself to the user.
#[test]
fn every_key_the_code_asks_for_exists() {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let es = texts(Lang::Es);
    let mut asked = 0;
    let mut missing = Vec::new();
    for file in files {
        let code = std::fs::read_to_string(&file).unwrap();
        // A count's key names two texts: `.one` and `.other`.
        for (at, _) in code.match_indices(".t_count(\"") {
            let rest = &code[at + ".t_count(\"".len()..];
            let Some(end) = rest.find('"') else { continue };
            for form in ["one", "other"] {
                let key = format!("{}.{form}", &rest[..end]);
                asked += 1;
                if !es.contains_key(key.as_str()) {
                    missing.push(format!("{}: {key}", file.display()));
                }
            }
        }
        for call in [".t(\"", ".t_with(\""] {
            for (at, _) in code.match_indices(call) {
                let rest = &code[at + call.len()..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                // Only whole keys (a format string with `{…}` is checked where it is built).
                if key.is_empty() || key.contains(['{', ' ', '\\']) || !key.contains('.') {
                    continue;
                }
                asked += 1;
                if !es.contains_key(key) {
                    missing.push(format!("{}: {key}", file.display()));
                }
            }
        }
    }
    assert!(asked > 200, "the scan found only {asked} keys");
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "keys with no text: {missing:#?}");
}

/// The boot shell in index.html (a new device's first screen, painted before the code arrives)
/// names its texts as `{{es:key}}`; the build fills them from the Spanish files, and fails on a
/// key they lack: this says so before a build.
#[test]
fn the_boot_shell_names_existing_spanish_texts() {
    let index =
        std::fs::read_to_string(format!("{}/index.html", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let es = texts(Lang::Es);
    let keys: Vec<&str> = index
        .split("{{es:")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(key, _)| key))
        .collect();
    assert!(keys.len() >= 8, "the boot shell's first steps: {keys:?}");
    for key in keys {
        assert!(
            es.contains_key(key),
            "index.html names {key}, which locales/es lacks"
        );
    }
}

/// The ticket page names why a history is broken (#20) with one text per reason's code.
#[test]
fn every_broken_history_reason_has_a_text() {
    use mesa::domain::event::EventId;
    use mesa::domain::evidence::Reason;
    let id = || EventId("01J0000000000000000000000A".into());
    let reasons = [
        Reason::Altered { next: None },
        Reason::ResignedWithOtherKey { key: "ab".into() },
        Reason::NoPublishedKey,
        Reason::KeyPublicationBroken { publication: id() },
        Reason::Duplicate { of: id(), seq: 2 },
        Reason::Gap { from: 1, to: 2 },
        Reason::ChainMismatch { prev: id() },
        Reason::Reordered { prev: id() },
        Reason::RevokedKey {
            at: chrono::DateTime::UNIX_EPOCH,
        },
        Reason::SecondKey { first: id() },
        Reason::ChainedUnsigned,
        Reason::UnsignedAfterKey { since: id() },
        Reason::SameIdDifferentContent,
        Reason::HeadMissing { seq: 3 },
        Reason::HeadAltered { seq: 3 },
    ];
    for lang in [Lang::Es, Lang::En] {
        let all = texts(lang);
        for reason in &reasons {
            let key = format!("ticket.evidence.reason.{}", reason.code());
            assert!(all.contains_key(key.as_str()), "{lang:?}: {key}");
        }
    }
}
