//! One file per page.

pub mod data;
pub mod directory;
pub mod kb;
pub mod new_ticket;
pub mod queue;
pub mod reports;
pub mod settings;
pub mod sync_settings;
pub mod ticket;
