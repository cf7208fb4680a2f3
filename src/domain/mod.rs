//! The workflow engine as pure Rust. Nothing here touches the browser: every function that needs
//! the current time takes `now` as an argument, so it runs and is tested natively.

pub mod actions;
pub mod attachment_list;
pub mod backup;
pub mod calendar;
pub mod closure;
pub mod commands;
pub mod contract;
pub mod csv;
pub mod customer;
pub mod desk;
pub mod due;
pub mod due_events;
pub mod engine;
pub mod engines;
pub mod escalation;
pub mod event;
mod event_codes;
pub mod evidence;
pub mod explain;
pub mod fold;
pub mod hlc;
pub mod import_batches;
pub mod kb;
pub mod link;
pub mod notify;
pub mod profile;
pub mod queue;
pub mod queue_csv;
pub mod queue_search;
pub mod queue_summary;
pub mod registration;
pub mod report;
pub mod sla;
pub mod synthetic;
pub mod target;
pub mod ticket;
