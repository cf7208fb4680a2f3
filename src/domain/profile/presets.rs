//! The five presets of PROCESSES.md, embedded for the CLI and the tests. The browser app does
//! not embed them (issue #5, first-load size): it fetches `profiles/<id>.json`, the same files
//! served from `public/profiles/` (see `ui::presets`), and knows only their ids.

/// The presets' ids, in PROCESSES.md order; each one's file is `public/profiles/<id>.json`.
pub const PRESET_IDS: [&str; 5] = [
    "p1-sipo",
    "p2-seware",
    "p3-cirion",
    "p4-callmyway",
    "p5-megaport",
];

const PRESETS: [(&str, &str); 5] = [
    (
        "p1-sipo",
        include_str!("../../../public/profiles/p1-sipo.json"),
    ),
    (
        "p2-seware",
        include_str!("../../../public/profiles/p2-seware.json"),
    ),
    (
        "p3-cirion",
        include_str!("../../../public/profiles/p3-cirion.json"),
    ),
    (
        "p4-callmyway",
        include_str!("../../../public/profiles/p4-callmyway.json"),
    ),
    (
        "p5-megaport",
        include_str!("../../../public/profiles/p5-megaport.json"),
    ),
];

/// The preset profiles as `(id, json)`, in PROCESSES.md order.
///
/// ```
/// use mesa::domain::profile::{presets, ProcessProfile, PRESET_IDS};
///
/// for ((id, json), listed) in presets().into_iter().zip(PRESET_IDS) {
///     let profile = ProcessProfile::from_json(json).expect("presets are valid");
///     assert_eq!(profile.id, id);
///     assert_eq!(id, listed);
/// }
/// assert_eq!(presets().len(), PRESET_IDS.len());
/// ```
pub fn presets() -> Vec<(&'static str, &'static str)> {
    PRESETS.to_vec()
}

/// The JSON of one preset by id.
pub fn preset(id: &str) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|(p, _)| *p == id)
        .map(|(_, json)| *json)
}
