//! The Merkle root over a month's events: the leaves are the events' hashes
//! ([`event_hash`](super::event_hash)) in the order of their ids; a leaf is
//! `SHA-256(0x00 ‖ event hash)`, a node `SHA-256(0x01 ‖ left ‖ right)`, and the last node of an
//! odd level moves up unchanged (RFC 6962's domain separation, so no leaf can pass for a node).
//! The root of no events is `SHA-256("")`.
//!
//! ```
//! use mesa::domain::evidence::merkle_root;
//! let one = merkle_root(&[[1; 32]]);
//! let two = merkle_root(&[[1; 32], [2; 32]]);
//! assert_ne!(one, two);
//! assert_ne!(two, merkle_root(&[[2; 32], [1; 32]]));
//! assert_eq!(merkle_root(&[]), merkle_root(&[]));
//! ```

use sha2::{Digest, Sha256};

/// The root over `leaves` (event hashes, already in id order).
pub fn merkle_root(leaves: &[[u8; 32]]) -> [u8; 32] {
    if leaves.is_empty() {
        return Sha256::digest(b"").into();
    }
    let mut level: Vec<[u8; 32]> = leaves
        .iter()
        .map(|leaf| {
            let mut h = Sha256::new();
            h.update([0u8]);
            h.update(leaf);
            h.finalize().into()
        })
        .collect();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => {
                    let mut h = Sha256::new();
                    h.update([1u8]);
                    h.update(left);
                    h.update(right);
                    h.finalize().into()
                }
                [single] => *single,
                _ => [0; 32],
            })
            .collect();
    }
    level[0]
}
