//! The native tests (domain, CLI, `mesa agent`): one test crate with a module per area, so the
//! library and its dependencies are linked into one test binary instead of one per file (#19).
//! One area's tests: `cargo test --test engine calendar::` (a filter matches anywhere in
//! `module::test`, so `fold::` also runs `desk_fold::`). Shared helpers are `common` and
//! `agent_support`; data files stay in `tests/data`. The browser tests (`tests/browser_*.rs`) are
//! crates of their own, run in headless Chromium (`scripts/test.sh`).
//!
//! Property tests keep the failing cases they found in `tests/proptest-regressions/<module>.txt`:
//! proptest's default place for a crate whose root is a `main.rs` (it is read before new cases
//! are generated; a `.proptest-regressions` file beside a module would not be).
#![cfg(not(target_arch = "wasm32"))]

mod agent_support;
mod common;

mod actions;
mod agent;
mod agent_faults;
mod agent_imap;
mod agent_kill;
mod agent_lease;
mod attachment_list;
mod attachment_pruning;
mod backup;
mod backup_zip;
mod blob_sync;
mod calendar;
mod calendar_props;
mod cli;
mod cli_remote;
mod cli_replay_due;
mod cli_verify;
mod cli_verify_browser;
mod clock_marks;
mod closure_category;
mod contract_channel;
mod customers;
mod default_kind;
mod desk_fold;
mod desk_people;
mod desk_profiles;
mod desk_upgrade;
mod directory_edit;
mod due;
mod due_ids;
mod evidence;
mod evidence_batch;
mod evidence_props;
mod fold;
mod import_batches;
mod kb;
mod kb_solution;
mod level_guide;
mod locales;
mod mail_in;
mod milestones;
mod notifications;
mod profile_language;
mod profiles;
mod queue;
mod queue_summary;
mod registration_scope;
mod report;
mod sla_props;
mod sla_scenarios;
mod stage_follow;
mod stage_rules;
mod sync_machine;
mod sync_protocol;
mod sync_sim;
mod synthetic;
mod ticket_links;
mod time_text_props;
