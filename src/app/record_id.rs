//! Ids of the desk's new records (customers, people): the name as a slug plus random characters,
//! so two devices adding the same name while apart make two records (a person merges them)
//! instead of overwriting one.

use crate::app::random::random_u128;
use crate::domain::kb::fold_text;

/// A new record's id from its `name`; `fallback` stands for a name with nothing to slug
/// (for example `new_record_id("Café Ñandú", "cliente")` is `cafe-nandu-` plus 8 hex digits).
pub fn new_record_id(name: &str, fallback: &str) -> String {
    let slug: String = fold_text(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(24)
        .collect();
    let tail = format!("{:08x}", random_u128() as u32);
    if slug.is_empty() {
        format!("{fallback}-{tail}")
    } else {
        format!("{slug}-{tail}")
    }
}
