//! Test doubles for sync, pure and in memory: a CouchDB-like endpoint that misbehaves on demand
//! ([`MemoryEndpoint`]) and a device whose storage has the IndexedDB semantics sync relies on
//! ([`MemoryDevice`]). The property test `tests/engine/sync_sim.rs` runs several devices against
//! one endpoint; the browser transport's tests can use them too.

mod device;
mod endpoint;

pub use device::MemoryDevice;
pub use endpoint::{Fault, MemoryEndpoint};
