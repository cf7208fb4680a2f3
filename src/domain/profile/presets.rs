//! The five presets of PROCESSES.md, embedded so the browser app and the CLI load them without a
//! network. The same files are served from `public/profiles/`.

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
/// use mesa::domain::profile::{presets, ProcessProfile};
///
/// for (id, json) in presets() {
///     let profile = ProcessProfile::from_json(json).expect("presets are valid");
///     assert_eq!(profile.id, id);
/// }
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
