//! The desk state as `mesa replay` prints it: customers, directory, articles and settings as
//! folded, and the profile versions without their (long) JSON text.

use std::collections::BTreeMap;

use serde::Serialize;

use mesa::domain::desk::{
    ArticleRecord, CustomerRecord, DeskSettings, DeskState, DirectoryEntry, ProfileVersion,
};
use mesa::domain::event::{EventId, Hlc};
use mesa::domain::profile::ProfileError;

/// One published profile version, without its text.
#[derive(Serialize)]
pub struct VersionLine<'a> {
    version: &'a str,
    profile_id: &'a str,
    published_at: &'a Hlc,
    published_by: &'a str,
    active: bool,
    problems: &'a [ProfileError],
}

/// The desk section of the replay output.
#[derive(Serialize)]
pub struct DeskReplay<'a> {
    events: usize,
    customers: &'a BTreeMap<String, CustomerRecord>,
    directory: &'a BTreeMap<String, DirectoryEntry>,
    active_profile_version: Option<&'a str>,
    profile_versions: Vec<VersionLine<'a>>,
    articles: &'a BTreeMap<String, ArticleRecord>,
    articles_in_conflict: Vec<&'a str>,
    settings: &'a DeskSettings,
    misaddressed: &'a [EventId],
}

impl<'a> DeskReplay<'a> {
    pub fn new(desk: &'a DeskState) -> Self {
        let active = desk.profiles.active().map(|v| v.version.as_str());
        let line = |v: &'a ProfileVersion| VersionLine {
            version: &v.version,
            profile_id: &v.profile_id,
            published_at: &v.published_at,
            published_by: &v.published_by,
            active: Some(v.version.as_str()) == active,
            problems: &v.problems,
        };
        Self {
            events: desk.events,
            customers: &desk.customers,
            directory: &desk.directory,
            active_profile_version: active,
            profile_versions: desk.profiles.versions.iter().map(line).collect(),
            articles: &desk.articles,
            articles_in_conflict: desk.articles_in_conflict().map(|a| a.id.as_str()).collect(),
            settings: &desk.settings,
            misaddressed: &desk.misaddressed,
        }
    }
}
