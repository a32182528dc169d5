//! Signature verification shared by the oracle (advisor recommendations and
//! price feeds). Both sides sign `sha256(bytes)` of the exact bytes submitted.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Api;
use sha2::{Digest, Sha256};

/// A signing key's algorithm.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum KeyAlgorithm {
    /// secp256k1 ECDSA over the 32-byte digest; 33-byte compressed or 65-byte
    /// uncompressed public key, 64-byte r‖s signature.
    Secp256k1,
    /// Ed25519 over the 32-byte digest as the message; 32-byte public key,
    /// 64-byte signature.
    Ed25519,
}

/// `sha256(bytes)`: what advisors and feeders sign.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lower-case hex of `sha256(bytes)`: the id of a payload.
pub fn digest_hex(bytes: &[u8]) -> String {
    hex::encode(digest(bytes))
}

/// A public key its algorithm does not accept: the wrong length or prefix,
/// or (Ed25519) a small-order point.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("{algorithm:?} public key of {len} bytes is malformed")]
pub struct MalformedPublicKey {
    /// The key's algorithm.
    pub algorithm: KeyAlgorithm,
    /// Its length in bytes.
    pub len: usize,
}

/// Checks that a public key has a length and form its algorithm accepts.
pub fn validate_public_key(
    algorithm: KeyAlgorithm,
    public_key: &[u8],
) -> Result<(), MalformedPublicKey> {
    let ok = match algorithm {
        KeyAlgorithm::Secp256k1 => {
            (public_key.len() == 33 && matches!(public_key[0], 2 | 3))
                || (public_key.len() == 65 && public_key[0] == 4)
        }
        KeyAlgorithm::Ed25519 => public_key.len() == 32 && !is_small_order_ed25519(public_key),
    };
    if ok {
        Ok(())
    } else {
        Err(MalformedPublicKey {
            algorithm,
            len: public_key.len(),
        })
    }
}

/// The bytes that identify a public key's point, whatever its encoding: the
/// algorithm, then the key, with an uncompressed secp256k1 key folded to its
/// compressed form so both encodings of one point collide. The oracle keys
/// its key-owner index by it; a list of keys is checked for repeats by it.
pub fn key_fingerprint(algorithm: KeyAlgorithm, public_key: &[u8]) -> Vec<u8> {
    match algorithm {
        KeyAlgorithm::Secp256k1 => {
            let mut out = vec![b's'];
            match public_key.get(1..33).zip(public_key.get(64)) {
                // 0x04 ‖ x ‖ y → (0x02 | parity of y) ‖ x
                Some((x, y_last)) if public_key.len() == 65 => {
                    out.push(0x02 | (y_last & 1));
                    out.extend_from_slice(x);
                }
                _ => out.extend_from_slice(public_key),
            }
            out
        }
        KeyAlgorithm::Ed25519 => {
            let mut out = vec![b'e'];
            out.extend_from_slice(public_key);
            out
        }
    }
}

/// Encodings of the small-order points of edwards25519 (the y coordinate,
/// little-endian, sign bit cleared), canonical and not. A verifier that follows
/// ZIP 215, as the chain's does, accepts a "signature" of any message under such
/// a key, so they are refused at registration.
const ED25519_SMALL_ORDER_Y: [[u8; 32]; 7] = {
    let mut ys = [[0u8; 32]; 7];
    // y = 0 (order 4): all zero.
    // y = 1 (identity)
    ys[1][0] = 1;
    // y = p - 1, p, p + 1 (order 2, and non-canonical 0 and 1)
    let mut i = 0;
    while i < 3 {
        let mut y = [0xffu8; 32];
        y[0] = 0xec + i as u8;
        y[31] = 0x7f;
        ys[2 + i] = y;
        i += 1;
    }
    // y = ±c (order 8)
    ys[5] = [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ];
    ys[6] = [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ];
    ys
};

fn is_small_order_ed25519(public_key: &[u8]) -> bool {
    let mut y = [0u8; 32];
    y.copy_from_slice(public_key);
    y[31] &= 0x7f;
    ED25519_SMALL_ORDER_Y.contains(&y)
}

/// Verifies `signature` over `digest` with the chain's own crypto.
/// Returns `false` for a signature that does not verify or cannot be parsed.
pub fn verify_signature(
    api: &dyn Api,
    algorithm: KeyAlgorithm,
    public_key: &[u8],
    digest: &[u8; 32],
    signature: &[u8],
) -> bool {
    if signature.len() != 64 {
        return false;
    }
    let verified = match algorithm {
        // Accepts high-S signatures too: replay protection is on the payload
        // hash and nonce, never on signature bytes.
        KeyAlgorithm::Secp256k1 => api.secp256k1_verify(digest, signature, public_key),
        KeyAlgorithm::Ed25519 => api.ed25519_verify(digest, signature, public_key),
    };
    verified.unwrap_or(false)
}
