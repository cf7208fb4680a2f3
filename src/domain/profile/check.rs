//! The validation pass: a [`Report`] that collects every problem with its path, the sets of ids
//! that references are checked against, and small format checks shared with registration.

use std::collections::{BTreeMap, BTreeSet};

use super::{ProcessProfile, ProfileError, BUILTIN_FIELDS};
use crate::domain::target::Target;

/// Collects problems; never stops at the first.
#[derive(Default)]
pub(super) struct Report {
    pub errors: Vec<ProfileError>,
}

impl Report {
    pub fn push(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(ProfileError::new(path, message));
    }

    /// A display name or label: must not be blank.
    pub fn name(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        }
    }

    /// An identifier: letters, digits, '-', '_' or '.', not empty.
    pub fn id(&mut self, path: &str, value: &str) {
        if value.is_empty() {
            self.push(path, "must not be empty");
        } else if !is_identifier(value) {
            self.push(
                path,
                format!("{value:?} is not a valid id (use letters, digits, '-', '_' or '.')"),
            );
        }
    }

    /// A reference to an id defined elsewhere in the profile.
    pub fn reference(&mut self, path: &str, value: &str, known: &BTreeSet<String>, what: &str) {
        if !known.contains(value) {
            self.push(path, format!("{value:?} is not {what} of this profile"));
        }
    }

    pub fn target(&mut self, path: &str, target: Option<&Target>) {
        if let Some(t) = target {
            if t.minutes == 0 {
                self.push(path, "minutes must be greater than 0");
            }
        }
    }

    /// Checks ids for format and duplicates; `items` are (path of the id field, id).
    pub fn unique_ids<'a>(&mut self, items: impl IntoIterator<Item = (String, &'a str)>) {
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        for (path, id) in items {
            self.id(&path, id);
            if id.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(id) {
                self.push(
                    &path,
                    format!("duplicate id {id:?} (already used at {first})"),
                );
            } else {
                seen.insert(id, path);
            }
        }
    }

    pub fn email(&mut self, path: &str, value: &str) {
        if !is_valid_email(value) {
            self.push(path, format!("{value:?} is not a valid e-mail address"));
        }
    }

    pub fn phone(&mut self, path: &str, value: &str) {
        if !is_valid_phone(value) {
            self.push(path, format!("{value:?} is not a valid phone number"));
        }
    }

    /// (The message does not repeat the value: formatting an `f64` would bring the float
    /// formatter into the first load, which checks the desk's profile.)
    pub fn percent(&mut self, path: &str, value: f64) {
        if !(value > 0.0 && value <= 100.0) {
            self.push(path, "must be a percentage greater than 0 and at most 100");
        }
    }
}

/// The ids defined by a profile, for checking references.
#[derive(Default)]
pub(super) struct Ids {
    pub calendars: BTreeSet<String>,
    pub kinds: BTreeSet<String>,
    pub severities: BTreeSet<String>,
    pub stages: BTreeSet<String>,
    pub city_classes: BTreeSet<String>,
    pub levels: BTreeSet<u8>,
    pub directory_levels: BTreeSet<u8>,
    pub contacts: BTreeSet<String>,
    /// Ticket field ids: built-in, registration fields and closure fields.
    pub fields: BTreeSet<String>,
}

impl Ids {
    fn of(p: &ProcessProfile) -> Ids {
        let set = |it: &mut dyn Iterator<Item = &String>| it.cloned().collect::<BTreeSet<_>>();
        let esc = &p.escalation;
        let after = esc.after_hours.iter().flat_map(|a| a.contacts.iter());
        let all_contacts = || esc.directory.iter().chain(after.clone());
        let mut fields: BTreeSet<String> = BUILTIN_FIELDS.iter().map(|s| s.to_string()).collect();
        fields.extend(p.registration.fields.iter().map(|f| f.id.clone()));
        fields.extend(super::ClosureField::ALL.iter().map(|f| f.id().to_string()));
        Ids {
            calendars: set(&mut p.calendars.iter().map(|c| &c.id)),
            kinds: set(&mut p.request_kinds.iter().map(|k| &k.id)),
            severities: set(&mut p.severities.iter().map(|s| &s.id)),
            stages: set(&mut p.stages.iter().map(|s| &s.id)),
            city_classes: set(&mut p.city_classes.iter().map(|c| &c.id)),
            levels: p.levels.iter().map(|l| l.number).collect(),
            directory_levels: all_contacts().map(|c| c.level).collect(),
            contacts: set(&mut all_contacts().map(|c| &c.id)),
            fields,
        }
    }
}

pub(super) fn validate(p: &ProcessProfile) -> Vec<ProfileError> {
    let ids = Ids::of(p);
    let mut r = Report::default();
    r.id("id", &p.id);
    r.name("name", &p.name);
    if p.version == 0 {
        r.push("version", "must be 1 or more");
    }
    r.name("locale", &p.locale);
    p.unit.check(&mut r);

    r.unique_ids(
        p.calendars
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("calendars[{i}].id"), c.id.as_str())),
    );
    for (i, cal) in p.calendars.iter().enumerate() {
        super::calendars::check(&format!("calendars[{i}]"), cal, &mut r);
    }
    if p.calendars.is_empty() {
        r.push("calendars", "the profile needs at least one calendar");
    } else if p.default_calendar.is_empty() {
        r.push(
            "default_calendar",
            "is required (the id of one of the calendars)",
        );
    } else {
        r.reference(
            "default_calendar",
            &p.default_calendar,
            &ids.calendars,
            "a calendar",
        );
    }

    if p.request_kinds.is_empty() {
        r.push(
            "request_kinds",
            "the profile needs at least one request kind",
        );
    }
    r.unique_ids(
        p.request_kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (format!("request_kinds[{i}].id"), k.id.as_str())),
    );
    for (i, kind) in p.request_kinds.iter().enumerate() {
        kind.check(&format!("request_kinds[{i}]"), &ids, &mut r);
    }
    let defaults: Vec<usize> = (p.request_kinds.iter().enumerate())
        .filter(|(_, k)| k.default)
        .map(|(i, _)| i)
        .collect();
    if let [_, second, ..] = defaults[..] {
        r.push(
            &format!("request_kinds[{second}].default"),
            "only one request kind can be the default",
        );
    }

    r.unique_ids(
        p.severities
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("severities[{i}].id"), s.id.as_str())),
    );
    let mut ranks = BTreeMap::new();
    for (i, sev) in p.severities.iter().enumerate() {
        let path = format!("severities[{i}]");
        sev.check(&path, &ids, &mut r);
        if let Some(first) = ranks.insert(sev.rank, i) {
            r.push(
                &format!("{path}.rank"),
                format!("rank {} is also used by severities[{first}]", sev.rank),
            );
        }
    }

    p.clock_options.check("clock_options", &mut r);

    r.unique_ids(
        p.city_classes
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("city_classes[{i}].id"), c.id.as_str())),
    );
    for (i, c) in p.city_classes.iter().enumerate() {
        r.name(&format!("city_classes[{i}].name"), &c.name);
    }
    r.unique_ids(
        p.stages
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("stages[{i}].id"), s.id.as_str())),
    );
    for (i, stage) in p.stages.iter().enumerate() {
        stage.check(&format!("stages[{i}]"), &ids, &mut r);
    }

    let mut numbers = BTreeMap::new();
    for (i, level) in p.levels.iter().enumerate() {
        let path = format!("levels[{i}]");
        level.check(&path, &mut r);
        if let Some(first) = numbers.insert(level.number, i) {
            r.push(
                &format!("{path}.number"),
                format!("level {} is also defined at levels[{first}]", level.number),
            );
        }
    }

    p.escalation.check("escalation", &ids, &mut r);
    p.registration.check("registration", &ids, &mut r);
    p.closure.check("closure", &mut r);

    r.unique_ids(
        p.notifications
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("notifications[{i}].id"), n.id.as_str())),
    );
    for (i, rule) in p.notifications.iter().enumerate() {
        rule.check(&format!("notifications[{i}]"), &ids, &mut r);
    }
    let stage_rule = p
        .notifications
        .iter()
        .any(|n| n.on == super::NotifyOn::StageChange);
    for (i, stage) in p.stages.iter().enumerate() {
        if stage.notify && !stage_rule {
            r.push(
                &format!("stages[{i}].notify"),
                "the stage notifies, but no notification rule has \"on\": \"stage_change\"",
            );
        }
    }

    if let Some(penalties) = &p.penalties {
        penalties.check("penalties", &mut r);
    }
    p.check_translations(&mut r);
    r.errors
}

pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A plain e-mail check: one '@', a non-empty local part without spaces, and a domain of at least
/// two dot-separated labels of letters, digits and '-'.
pub fn is_valid_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(
                    c,
                    '@' | ',' | ';' | '<' | '>' | '(' | ')' | '[' | ']' | '"' | '\\'
                )
        })
        && !local.starts_with('.')
        && !local.ends_with('.');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// A phone number: digits with optional '+' at the start, spaces, '-', '.', parentheses, and an
/// optional extension ("ext. 123" or "x123"); 6 to 20 digits in all.
pub fn is_valid_phone(s: &str) -> bool {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let (main, ext) = match lower.find("ext").or_else(|| lower.find('x')) {
        Some(at) => (
            &lower[..at],
            lower[at..].trim_start_matches(['e', 'x', 't', '.', ' ']),
        ),
        None => (lower.as_str(), ""),
    };
    let main_ok = main.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
    });
    let ext_ok = ext.chars().all(|c| c.is_ascii_digit()) && (ext.len() <= 8);
    let digits = main.chars().filter(char::is_ascii_digit).count();
    main_ok && ext_ok && (6..=20).contains(&digits)
}
