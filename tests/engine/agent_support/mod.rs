//! Helpers of the tests that run the built `mesa` against real servers on loopback
//! (`crate::agent_support`): the servers themselves (pouchdb-server, aiosmtpd, Dovecot, the
//! journeys' fault proxy), a desk seeded as a browser writes it, and the desk's mailbox. The
//! scripts they start (`*.py`, `fault_proxy.mjs`) live beside them.

pub mod certs;
pub mod desk;
pub mod imap;
pub mod mailbox;
pub mod servers;
