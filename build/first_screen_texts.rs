//! The Spanish texts the first screen needs (`$OUT_DIR/es_first_screen.json`), so the app embeds
//! those alone and fetches the rest with the pages (issue #21, first-load size; src/ui/i18n.rs).
//!
//! "The first screen" is every source file but the pages loaded on demand ([`PAGES`], the
//! `split_page!` points of src/ui/mod.rs; a native test keeps the two lists equal). A Spanish
//! text is kept when that code names its key as a string literal (`"queue.title"`), names the
//! base of a counted key (`"queue.count"` for `queue.count.one`), or builds keys under its
//! prefix (`format!("ticket.status.{}", …)`). The scan errs towards keeping a text: a text kept
//! needlessly costs a few bytes, one missed would show its key until the pages' texts arrive
//! (src/ui/i18n.rs fetches them once the queue has loaded, so it would not last).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The page code loaded on demand, as paths under the crate root.
pub const PAGES: &[&str] = &[
    "src/ui/pages/new_ticket",
    "src/ui/pages/ticket",
    "src/ui/pages/data",
    "src/ui/pages/sync_settings",
    "src/ui/pages/settings",
    "src/ui/pages/reports",
    "src/ui/pages/kb",
    "src/ui/pages/directory.rs",
];

fn sources(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .to_string();
        if PAGES.iter().any(|page| relative == *page) {
            continue;
        }
        if path.is_dir() {
            sources(&path, root, out);
        } else if relative.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The prefixes `p` of `format!("p.{…}")` in `code`.
fn built_prefixes(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("format!(\"") {
        let rest = &code[at + "format!(\"".len()..];
        let Some(brace) = rest.find(".{") else {
            continue;
        };
        let prefix = &rest[..brace];
        if !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            out.push(prefix.to_string());
        }
    }
    out
}

/// Writes `es_first_screen.json` into `out_dir`.
pub fn write(root: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=locales/es");
    let mut files = Vec::new();
    sources(&root.join("src"), root, &mut files);
    let mut code = String::new();
    for file in &files {
        code.push_str(&std::fs::read_to_string(file).expect("read a source file"));
    }
    let prefixes = built_prefixes(&code);

    let mut spanish: BTreeMap<String, String> = BTreeMap::new();
    let mut area_files: Vec<PathBuf> = std::fs::read_dir(root.join("locales/es"))
        .expect("locales/es")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    area_files.sort();
    for file in area_files {
        let text = std::fs::read_to_string(&file).expect("read a locale file");
        // A malformed file is reported by the native tests (tests/engine/locales.rs).
        if let Ok(map) = serde_json::from_str::<BTreeMap<String, String>>(&text) {
            spanish.extend(map);
        }
    }
    let named = |key: &str| code.contains(&format!("\"{key}\""));
    let first_screen: BTreeMap<&String, &String> = spanish
        .iter()
        .filter(|(key, _)| {
            // A text's masculine form (`key@m`, src/ui/i18n.rs) goes where the text goes.
            let key = key.strip_suffix("@m").unwrap_or(key.as_str());
            named(key)
                || key
                    .strip_suffix(".one")
                    .or_else(|| key.strip_suffix(".other"))
                    .is_some_and(named)
                || prefixes.iter().any(|p| {
                    key.strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
                })
        })
        .collect();
    let json = serde_json::to_string(&first_screen).expect("texts serialise");
    std::fs::write(out_dir.join("es_first_screen.json"), json).expect("write es_first_screen.json");
}
