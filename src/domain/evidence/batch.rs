//! Ed25519 batch verification for [`check_events`](super::check_events), natively: the
//! equation of `ed25519_dalek::verify_batch` (the same acceptance), with the terms of each
//! device's key gathered into one. A history has a few keys and many signatures: instead of one
//! point per signature for the keys, the multiscalar multiplication gets one per key, about half
//! the points of a batch (#20, `mesa verify` of 1,000,000 events).
//!
//! For signatures `(R_i, s_i)` by keys `A_i` over messages `M_i`, with `k_i = H(R_i ‖ A_i ‖ M_i)`
//! and 128-bit weights `z_i`, the batch holds when
//! `−(Σ z_i s_i) B + Σ z_i R_i + Σ_A (Σ_{i: A_i = A} z_i k_i) A = 0`. The weights come from a
//! SHA-512 of every `k_i` and `s_i` of the batch (as ed25519-dalek derives them from a
//! transcript of the same values): whoever makes the signatures cannot choose them. A batch
//! that does not hold says nothing about which signature is bad: the caller checks each one then.

use std::collections::HashMap;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha512};

/// Whether every `(message, signature, key)` holds (see the module documentation). `false`
/// for a signature that is not even well formed (`s` not reduced, `R` not a point).
pub fn all_hold<'a>(
    items: impl ExactSizeIterator<Item = (&'a [u8], &'a Signature, &'a VerifyingKey)>,
) -> bool {
    let n = items.len();
    let mut seed = Sha512::new();
    seed.update(b"mesa evidence batch verification");
    let mut parsed = Vec::with_capacity(n);
    for (message, signature, key) in items {
        let hram: [u8; 64] = Sha512::new()
            .chain_update(signature.r_bytes())
            .chain_update(key.as_bytes())
            .chain_update(message)
            .finalize()
            .into();
        seed.update(hram);
        seed.update(signature.s_bytes());
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(*signature.s_bytes()))
        else {
            return false;
        };
        parsed.push((Scalar::from_bytes_mod_order_wide(&hram), s, signature, key));
    }
    let seed: [u8; 64] = seed.finalize().into();
    let weights = weights(&seed, n);

    let mut scalars = Vec::with_capacity(n + 9);
    let mut points = Vec::with_capacity(n + 9);
    let mut base = Scalar::ZERO;
    // Each key's point and coefficient, in the order first met.
    let mut keys: Vec<(EdwardsPoint, Scalar)> = Vec::new();
    let mut key_index: HashMap<[u8; 32], usize> = HashMap::new();
    for ((hram, s, signature, key), z) in parsed.into_iter().zip(weights) {
        let Some(r) = CompressedEdwardsY(*signature.r_bytes()).decompress() else {
            return false;
        };
        base += z * s;
        scalars.push(z);
        points.push(r);
        let coefficient = z * hram;
        match key_index.get(key.as_bytes()) {
            Some(&k) => keys[k].1 += coefficient,
            None => {
                key_index.insert(*key.as_bytes(), keys.len());
                keys.push((key.to_edwards(), coefficient));
            }
        }
    }
    for (point, coefficient) in keys {
        scalars.push(coefficient);
        points.push(point);
    }
    scalars.push(-base);
    points.push(ED25519_BASEPOINT_POINT);
    EdwardsPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

/// `n` 128-bit weights from `seed`: four from each SHA-512 of the seed and a block number.
fn weights(seed: &[u8; 64], n: usize) -> Vec<Scalar> {
    let mut out = Vec::with_capacity(n);
    let mut block = 0u64;
    while out.len() < n {
        let bytes: [u8; 64] = Sha512::new()
            .chain_update(seed)
            .chain_update(block.to_le_bytes())
            .finalize()
            .into();
        for chunk in bytes.chunks_exact(16) {
            let mut z = [0u8; 16];
            z.copy_from_slice(chunk);
            out.push(Scalar::from(u128::from_le_bytes(z)));
        }
        block += 1;
    }
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn signed(count: usize, keys: u8) -> Vec<(Vec<u8>, Signature, VerifyingKey)> {
        (0..count)
            .map(|i| {
                let key = SigningKey::from_bytes(&[(i % keys as usize) as u8 + 1; 32]);
                let message = format!("evento {i}").into_bytes();
                let signature = key.sign(&message);
                (message, signature, key.verifying_key())
            })
            .collect()
    }

    fn holds(items: &[(Vec<u8>, Signature, VerifyingKey)]) -> bool {
        all_hold(items.iter().map(|(m, s, k)| (m.as_slice(), s, k)))
    }

    #[test]
    fn a_batch_of_good_signatures_by_a_few_keys_holds() {
        assert!(holds(&signed(70, 3)));
        assert!(holds(&signed(1, 1)));
        assert!(holds(&[]));
    }

    #[test]
    fn one_changed_message_signature_or_key_breaks_the_batch() {
        let good = signed(40, 3);
        let mut message = good.clone();
        message[17].0[0] ^= 1;
        assert!(!holds(&message));
        let mut signature = good.clone();
        let mut bytes = signature[5].1.to_bytes();
        bytes[3] ^= 1; // R
        signature[5].1 = Signature::from_bytes(&bytes);
        assert!(!holds(&signature));
        let mut key = good.clone();
        key[9].2 = key[10].2; // signed by another of the batch's keys
        assert!(!holds(&key));
        // Two signatures swapped between messages of the same key.
        let mut swapped = good;
        let (a, b) = (swapped[0].1, swapped[3].1);
        swapped[0].1 = b;
        swapped[3].1 = a;
        assert!(!holds(&swapped));
    }

    #[test]
    fn an_unreduced_s_is_refused() {
        let mut items = signed(4, 1);
        let mut bytes = items[2].1.to_bytes();
        bytes[63] |= 0xf0; // s ≥ 2^252: not reduced
        items[2].1 = Signature::from_bytes(&bytes);
        assert!(!holds(&items));
    }
}
