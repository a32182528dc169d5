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

/// Checks that a public key has a length its algorithm accepts.
pub fn validate_public_key(algorithm: KeyAlgorithm, public_key: &[u8]) -> Result<(), String> {
    let ok = match algorithm {
        KeyAlgorithm::Secp256k1 => {
            (public_key.len() == 33 && matches!(public_key[0], 2 | 3))
                || (public_key.len() == 65 && public_key[0] == 4)
        }
        KeyAlgorithm::Ed25519 => public_key.len() == 32,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{algorithm:?} public key of {} bytes is malformed",
            public_key.len()
        ))
    }
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
