//! One file per page.

pub mod data;
pub mod new_ticket;
pub mod queue;
pub mod sync_settings;
pub mod ticket;
