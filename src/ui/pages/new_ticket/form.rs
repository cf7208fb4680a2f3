//! The registration form's values, and the labelled field that shows a problem beside its
//! control (labelled as the process names it, where it does).

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use crate::app::desk::desk_zone;
use crate::domain::profile::ProcessProfile;
use crate::domain::registration::TicketDraft;
use crate::ui::i18n::use_i18n;

/// The values of the registration form, kept together so that a saved registration puts every
/// one back as it was when the page opened: nothing (severity, channel, kind…) carries over into
/// the next ticket, and an unset required choice is asked for again.
#[derive(Clone, Copy)]
pub(super) struct RegistrationForm {
    initial_kind: StoredValue<String>,
    pub(super) kind: RwSignal<String>,
    pub(super) severity: RwSignal<String>,
    /// The functional level the ticket starts at (a level's number; empty: none chosen).
    pub(super) level: RwSignal<String>,
    pub(super) channel: RwSignal<String>,
    pub(super) customer: RwSignal<String>,
    pub(super) site: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) fields: RwSignal<BTreeMap<String, String>>,
    pub(super) checklist: RwSignal<BTreeSet<String>>,
    pub(super) in_scope: RwSignal<Option<bool>>,
    pub(super) reported_at: RwSignal<String>,
    /// Why the ticket is registered although the customer's contract does not cover the day.
    pub(super) contract_reason: RwSignal<String>,
    /// Why the report is outside the scope (when the scope question is answered "no").
    pub(super) scope_reason: RwSignal<String>,
    /// The answers to the profile's impact questions (question id → answer id).
    pub(super) impact: RwSignal<BTreeMap<String, String>>,
}

impl RegistrationForm {
    pub(super) fn new(initial_kind: String) -> Self {
        Self {
            kind: RwSignal::new(initial_kind.clone()),
            initial_kind: StoredValue::new(initial_kind),
            severity: RwSignal::new(String::new()),
            level: RwSignal::new(String::new()),
            channel: RwSignal::new(String::new()),
            customer: RwSignal::new(String::new()),
            site: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            fields: RwSignal::new(BTreeMap::new()),
            checklist: RwSignal::new(BTreeSet::new()),
            in_scope: RwSignal::new(None),
            reported_at: RwSignal::new(local_now_input()),
            contract_reason: RwSignal::new(String::new()),
            scope_reason: RwSignal::new(String::new()),
            impact: RwSignal::new(BTreeMap::new()),
        }
    }

    /// Every field back to its value on a freshly opened form.
    pub(super) fn clear(&self) {
        self.kind.set(self.initial_kind.get_value());
        self.severity.set(String::new());
        self.level.set(String::new());
        self.channel.set(String::new());
        self.customer.set(String::new());
        self.site.set(String::new());
        self.description.set(String::new());
        self.fields.set(BTreeMap::new());
        self.checklist.set(BTreeSet::new());
        self.in_scope.set(None);
        self.reported_at.set(local_now_input());
        self.contract_reason.set(String::new());
        self.scope_reason.set(String::new());
        self.impact.set(BTreeMap::new());
    }

    /// The draft the domain validates (tracked: an effect that calls it re-runs on any change).
    pub(super) fn draft(&self) -> TicketDraft {
        TicketDraft {
            request_kind: self.kind.get(),
            severity: Some(self.severity.get()).filter(|s| !s.is_empty()),
            level: self.level.get().parse().ok(),
            channel: Some(self.channel.get()).filter(|s| !s.is_empty()),
            customer: self.customer.get(),
            site: Some(self.site.get()).filter(|s| !s.trim().is_empty()),
            description: self.description.get(),
            fields: self.fields.get(),
            checklist: self.checklist.get(),
            in_scope: self.in_scope.get(),
            reported_at: parse_local_input(&self.reported_at.get()),
            contract_reason: self.contract_reason.get(),
            scope_reason: self.scope_reason.get(),
        }
    }
}

/// The current time in the desk's zone (as every time on the pages is shown), in
/// `datetime-local` input form ("2026-11-21T09:30").
fn local_now_input() -> String {
    desk_zone()
        .local(crate::app::clock::now())
        .format(LOCAL_INPUT)
        .to_string()
}

/// A `datetime-local` value read in the desk's zone, as UTC. Empty or invalid → `None`.
fn parse_local_input(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(value.trim(), LOCAL_INPUT)
        .ok()
        .and_then(|local| desk_zone().earliest(local))
}

/// The format of `<input type="datetime-local">`.
const LOCAL_INPUT: &str = "%Y-%m-%dT%H:%M";

/// A labelled control with its problem message (linked for screen readers).
#[component]
pub(super) fn Field(
    #[prop(into)] id: String,
    label: Signal<String>,
    problem: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            {children()}
            <p class="problem" id=problem_id>{move || problem.get()}</p>
        </div>
    }
}

/// The label of the registration field `id` as the process names it (in the reader's language),
/// or the text of `fallback_key` where the process does not name it.
pub(super) fn process_label(
    profile: &ProcessProfile,
    id: &str,
    fallback_key: &'static str,
) -> Signal<String> {
    let i18n = use_i18n();
    let label = profile
        .registration
        .fields
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.label.clone());
    Signal::derive(move || {
        label
            .as_ref()
            .map_or_else(|| i18n.t(fallback_key), |l| i18n.pt(l))
    })
}
