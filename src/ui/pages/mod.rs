//! One file per page.

pub mod new_ticket;
pub mod queue;
