//! Fixed test keys that sign payloads the way an advisor or feeder does: a
//! signature over `sha256(bytes)`. Test keys only — never use them for value.

use cosmwasm_std::Binary;
use ed25519_dalek::Signer as _;
use k256::ecdsa::signature::hazmat::PrehashSigner;
use steward_types::crypto::{digest, KeyAlgorithm};
use steward_types::oracle::{AdvisorKeyMsg, AdvisorSignature, FeederMsg};

/// A test signing key.
pub enum TestKey {
    /// A secp256k1 key (what most advisors and feeders hold).
    Secp256k1(k256::ecdsa::SigningKey),
    /// An ed25519 key.
    Ed25519(ed25519_dalek::SigningKey),
}

impl TestKey {
    /// A secp256k1 key whose secret is 32 bytes of `seed` (non-zero).
    pub fn secp256k1(seed: u8) -> Self {
        TestKey::Secp256k1(
            k256::ecdsa::SigningKey::from_bytes(&[seed; 32].into()).expect("a non-zero seed"),
        )
    }

    /// An ed25519 key whose secret is 32 bytes of `seed`.
    pub fn ed25519(seed: u8) -> Self {
        TestKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
    }

    /// The algorithm, as registered in the oracle.
    pub fn algorithm(&self) -> KeyAlgorithm {
        match self {
            TestKey::Secp256k1(_) => KeyAlgorithm::Secp256k1,
            TestKey::Ed25519(_) => KeyAlgorithm::Ed25519,
        }
    }

    /// Compressed secp256k1 (33 bytes) or ed25519 (32 bytes) public key.
    pub fn public_key(&self) -> Binary {
        match self {
            TestKey::Secp256k1(k) => {
                Binary::from(k.verifying_key().to_encoded_point(true).as_bytes())
            }
            TestKey::Ed25519(k) => Binary::from(k.verifying_key().to_bytes()),
        }
    }

    /// The 65-byte uncompressed form of a secp256k1 key; `None` for ed25519,
    /// which has one form.
    pub fn uncompressed_public_key(&self) -> Option<Binary> {
        match self {
            TestKey::Secp256k1(k) => Some(Binary::from(
                k.verifying_key().to_encoded_point(false).as_bytes(),
            )),
            TestKey::Ed25519(_) => None,
        }
    }

    /// Signature over `sha256(bytes)`: r‖s for secp256k1, the ed25519
    /// signature of the digest.
    pub fn sign(&self, bytes: &[u8]) -> Binary {
        let digest = digest(bytes);
        match self {
            TestKey::Secp256k1(k) => {
                let sig: k256::ecdsa::Signature = k.sign_prehash(&digest).expect("signing works");
                Binary::from(sig.to_vec())
            }
            TestKey::Ed25519(k) => Binary::from(k.sign(&digest).to_bytes()),
        }
    }

    /// The signature entry for a recommendation submission.
    pub fn advisor_signature(&self, key_id: &str, bytes: &[u8]) -> AdvisorSignature {
        AdvisorSignature {
            key_id: key_id.to_string(),
            signature: self.sign(bytes),
        }
    }

    /// Registration message for this key as an advisor, active at once, no expiry.
    pub fn advisor_key(&self, id: &str) -> AdvisorKeyMsg {
        AdvisorKeyMsg {
            id: id.to_string(),
            algorithm: self.algorithm(),
            public_key: self.public_key(),
            active_from: None,
            expires_at: None,
        }
    }

    /// Registration message for this key as a price feeder.
    pub fn feeder(&self, id: &str) -> FeederMsg {
        FeederMsg {
            id: id.to_string(),
            algorithm: self.algorithm(),
            public_key: self.public_key(),
        }
    }
}
