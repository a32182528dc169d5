//! The advisor's keys, derived from a BIP-39 mnemonic.
//!
//! - secp256k1 (default): BIP-32 at the Cosmos path `m/44'/118'/0'/0/0`, the
//!   key wallets such as Keplr and `wasmd keys add` derive, so the advisor key
//!   and the account that relays its transactions are the same key.
//! - ed25519: SLIP-10 at `m/44'/118'/0'/0'/0'` (SLIP-10 ed25519 derivation
//!   has hardened steps only, so every step of the Cosmos path is hardened).
//!   Cosmos SDK accounts cannot sign transactions with ed25519, so the
//!   transaction signer (the relayer) is then the secp256k1 key of the same
//!   mnemonic.
//!
//! The mnemonic comes from `STEWARD_ADVISOR_MNEMONIC` or a file, and the BIP-39
//! passphrase is empty. Neither the mnemonic nor any private key is ever
//! printed: their `Debug` output is redacted and errors never quote them.

use crate::error::{AdvisorError, Result};
use hmac::{Hmac, Mac};
use k256::ecdsa::signature::hazmat::PrehashSigner;
use sha2::Sha512;
use std::fmt;
use std::path::Path;
use steward_chain::{AccountKey, ChainError};
use steward_types::crypto::KeyAlgorithm;
use steward_types::oracle::AdvisorKeyMsg;
use zeroize::Zeroizing;

pub use steward_chain::keys::SECP256K1_PATH;

/// Environment variable holding the mnemonic.
pub const MNEMONIC_ENV: &str = "STEWARD_ADVISOR_MNEMONIC";
/// SLIP-10 path of the ed25519 key: the Cosmos path, all steps hardened.
pub const ED25519_PATH: &str = "m/44'/118'/0'/0'/0'";
const ED25519_PATH_INDICES: [u32; 5] = [44, 118, 0, 0, 0];
const HARDENED: u32 = 0x8000_0000;

/// A BIP-39 mnemonic, checked (word list and checksum): `steward-chain`'s,
/// read from `STEWARD_ADVISOR_MNEMONIC`. Wiped on drop; its `Debug` is redacted.
pub struct Mnemonic(steward_chain::Mnemonic);

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Mnemonic(<redacted>)")
    }
}

impl Mnemonic {
    /// Checks an English BIP-39 phrase (12, 15, 18, 21 or 24 words; extra
    /// whitespace is ignored).
    pub fn parse(phrase: &str) -> Result<Self> {
        Ok(Mnemonic(steward_chain::Mnemonic::parse(phrase)?))
    }

    /// Reads the mnemonic from `file` when given, else from `STEWARD_ADVISOR_MNEMONIC`.
    pub fn load(file: Option<&Path>) -> Result<Self> {
        Ok(Mnemonic(steward_chain::Mnemonic::load(file, MNEMONIC_ENV)?))
    }

    /// The 64-byte BIP-39 seed (empty passphrase).
    fn seed(&self) -> Zeroizing<[u8; 64]> {
        self.0.seed()
    }
}

/// A signing key of the advisor. Its `Debug` shows the algorithm and public key only.
#[derive(Clone)]
pub struct AdvisorKey {
    inner: KeyInner,
}

#[derive(Clone)]
enum KeyInner {
    Secp256k1(k256::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

impl AdvisorKey {
    /// Derives the key of `algorithm` from a mnemonic (see the module docs for paths).
    pub fn from_mnemonic(mnemonic: &Mnemonic, algorithm: KeyAlgorithm) -> Result<Self> {
        Self::from_seed(&mnemonic.seed(), algorithm)
    }

    /// Derives the key of `algorithm` from a BIP-39 seed.
    pub fn from_seed(seed: &[u8; 64], algorithm: KeyAlgorithm) -> Result<Self> {
        let inner = match algorithm {
            KeyAlgorithm::Secp256k1 => {
                KeyInner::Secp256k1(AccountKey::from_seed(seed)?.signing_key().clone())
            }
            KeyAlgorithm::Ed25519 => {
                let secret = slip10_ed25519(seed, &ED25519_PATH_INDICES);
                KeyInner::Ed25519(ed25519_dalek::SigningKey::from_bytes(&secret))
            }
        };
        Ok(AdvisorKey { inner })
    }

    /// The secp256k1 key that signs this mnemonic's transactions.
    pub fn relayer(mnemonic: &Mnemonic) -> Result<Self> {
        Self::from_mnemonic(mnemonic, KeyAlgorithm::Secp256k1)
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> KeyAlgorithm {
        match self.inner {
            KeyInner::Secp256k1(_) => KeyAlgorithm::Secp256k1,
            KeyInner::Ed25519(_) => KeyAlgorithm::Ed25519,
        }
    }

    /// The derivation path of the key.
    pub fn path(&self) -> &'static str {
        match self.inner {
            KeyInner::Secp256k1(_) => SECP256K1_PATH,
            KeyInner::Ed25519(_) => ED25519_PATH,
        }
    }

    /// The public key the oracle registers: 33-byte compressed secp256k1 or
    /// 32-byte ed25519.
    pub fn public_key(&self) -> Vec<u8> {
        match &self.inner {
            KeyInner::Secp256k1(k) => k.verifying_key().to_encoded_point(true).as_bytes().to_vec(),
            KeyInner::Ed25519(k) => k.verifying_key().to_bytes().to_vec(),
        }
    }

    /// The key's Cosmos address with `prefix`: bech32 of
    /// `ripemd160(sha256(pubkey))` for secp256k1, of `sha256(pubkey)[..20]` for ed25519.
    pub fn address(&self, prefix: &str) -> Result<String> {
        let id = match &self.inner {
            KeyInner::Secp256k1(k) => {
                cosmrs::crypto::PublicKey::from(*k.verifying_key()).account_id(prefix)
            }
            KeyInner::Ed25519(k) => {
                let hash = steward_types::crypto::digest(&k.verifying_key().to_bytes());
                cosmrs::AccountId::new(prefix, &hash[..20])
            }
        };
        id.map(|id| id.to_string())
            .map_err(|e| AdvisorError::config("advisor.address_prefix", format!("{prefix:?}: {e}")))
    }

    /// The oracle's registration message for this key, active at once.
    pub fn register_msg(&self, key_id: &str) -> AdvisorKeyMsg {
        AdvisorKeyMsg {
            id: key_id.to_string(),
            algorithm: self.algorithm(),
            public_key: self.public_key().into(),
            active_from: None,
            expires_at: None,
        }
    }

    /// Signs a 32-byte digest: 64-byte low-S r‖s for secp256k1, the ed25519
    /// signature of the digest as the message. Payloads are signed through
    /// [`crate::recommend::sign`], which runs the policy check first.
    pub(crate) fn sign_digest(&self, digest: &[u8; 32]) -> Result<[u8; 64]> {
        match &self.inner {
            KeyInner::Secp256k1(k) => {
                let sig: k256::ecdsa::Signature =
                    k.sign_prehash(digest).map_err(|e| AdvisorError::Signing {
                        reason: format!("secp256k1: {e}"),
                    })?;
                let sig = sig.normalize_s().unwrap_or(sig);
                Ok(sig.to_bytes().into())
            }
            KeyInner::Ed25519(k) => {
                use ed25519_dalek::Signer;
                Ok(k.sign(digest).to_bytes())
            }
        }
    }

    /// The secp256k1 account key that signs transactions.
    pub(crate) fn tx_account_key(&self) -> Result<AccountKey> {
        match &self.inner {
            KeyInner::Secp256k1(k) => Ok(AccountKey::from_signing_key(k.clone())),
            KeyInner::Ed25519(_) => Err(ChainError::TxBuild {
                reason: "Cosmos accounts sign transactions with secp256k1; use the relayer key"
                    .into(),
            }
            .into()),
        }
    }
}

impl fmt::Debug for AdvisorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdvisorKey")
            .field("algorithm", &self.algorithm())
            .field("public_key", &hex::encode(self.public_key()))
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// SLIP-10 ed25519 derivation along hardened `indices` (hardening is applied
/// here); returns the 32-byte private key.
pub fn slip10_ed25519(seed: &[u8], indices: &[u32]) -> [u8; 32] {
    let hmac = |key: &[u8], data: &[&[u8]]| -> Zeroizing<[u8; 64]> {
        let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("HMAC takes any key length");
        for d in data {
            mac.update(d);
        }
        Zeroizing::new(mac.finalize().into_bytes().into())
    };
    let mut node = hmac(b"ed25519 seed", &[seed]);
    for index in indices {
        let (key, chain_code) = node.split_at(32);
        let hardened = (index | HARDENED).to_be_bytes();
        node = hmac(chain_code, &[&[0u8], key, &hardened]);
    }
    let mut secret = [0u8; 32];
    secret.copy_from_slice(&node[..32]);
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Public test mnemonics (cosmjs test fixtures). TEST ONLY.
    const ENLIST: &str =
        "enlist hip relief stomach skate base shallow young switch frequent cry park";
    const ECONOMY: &str = "economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone";

    #[test]
    fn cosmos_path_matches_the_documented_addresses() {
        let key =
            AdvisorKey::from_mnemonic(&Mnemonic::parse(ENLIST).unwrap(), KeyAlgorithm::Secp256k1)
                .unwrap();
        assert_eq!(
            key.address("cosmos").unwrap(),
            "cosmos14qemq0vw6y3gc3u3e0aty2e764u4gs5le3hada"
        );
        let key =
            AdvisorKey::from_mnemonic(&Mnemonic::parse(ECONOMY).unwrap(), KeyAlgorithm::Secp256k1)
                .unwrap();
        assert_eq!(
            key.address("cosmos").unwrap(),
            "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6"
        );
        assert_eq!(
            cosmwasm_std::Binary::from(key.public_key()).to_base64(),
            "A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ"
        );
        assert!(key.address("wasm").unwrap().starts_with("wasm1"));
    }

    #[test]
    fn slip10_matches_the_published_ed25519_vector() {
        // SLIP-0010 test vector 1 for ed25519.
        let seed = hex::decode("000102030405060708090a0b0c0d0e0f").unwrap();
        assert_eq!(
            hex::encode(slip10_ed25519(&seed, &[])),
            "2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7"
        );
        assert_eq!(
            hex::encode(slip10_ed25519(&seed, &[0])),
            "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3"
        );
        assert_eq!(
            hex::encode(slip10_ed25519(&seed, &[0, 1, 2])),
            "92a5b23c0b8a99e37d07df3fb9966917f5d06e02ddbd909c7e184371463e9fc9"
        );
    }

    #[test]
    fn ed25519_key_is_32_bytes_and_differs_from_secp() {
        let m = Mnemonic::parse(ENLIST).unwrap();
        let ed = AdvisorKey::from_mnemonic(&m, KeyAlgorithm::Ed25519).unwrap();
        assert_eq!(ed.public_key().len(), 32);
        assert_eq!(ed.path(), ED25519_PATH);
        let secp = AdvisorKey::relayer(&m).unwrap();
        assert_eq!(secp.public_key().len(), 33);
        assert_ne!(ed.address("wasm").unwrap(), secp.address("wasm").unwrap());
    }

    #[test]
    fn malformed_mnemonics_get_specific_errors_without_the_phrase() {
        let cases = [
            ("", "empty"),
            ("enlist hip relief", "3 words"),
            (
                "enlist hip relief stomach skate base shallow young switch frequent cry zzzzq",
                "word 12",
            ),
            (
                "enlist hip relief stomach skate base shallow young switch frequent cry cry",
                "checksum",
            ),
        ];
        for (phrase, expected) in cases {
            let err = Mnemonic::parse(phrase).unwrap_err();
            let text = err.to_string();
            assert!(
                matches!(
                    err,
                    AdvisorError::Chain(ChainError::MnemonicMalformed { .. })
                ),
                "{text}"
            );
            assert!(text.contains(expected), "{text}");
            assert!(
                !text.contains("zzzzq") && !text.contains("stomach"),
                "{text}"
            );
        }
    }

    #[test]
    fn whitespace_and_case_are_normalised() {
        let messy = format!("  {}\n", ENLIST.to_uppercase().replace(' ', "   "));
        let a = AdvisorKey::relayer(&Mnemonic::parse(&messy).unwrap()).unwrap();
        let b = AdvisorKey::relayer(&Mnemonic::parse(ENLIST).unwrap()).unwrap();
        assert_eq!(a.public_key(), b.public_key());
    }

    #[test]
    fn mnemonic_file_errors_are_specific() {
        let err = Mnemonic::load(Some(Path::new("/nonexistent/mnemonic"))).unwrap_err();
        assert!(
            matches!(err, AdvisorError::Chain(ChainError::MnemonicFile { .. })),
            "{err}"
        );
        let dir = std::env::temp_dir().join(format!("steward-advisor-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("m");
        std::fs::write(&file, format!("{ENLIST}\n")).unwrap();
        let m = Mnemonic::load(Some(&file)).unwrap();
        assert_eq!(
            AdvisorKey::relayer(&m).unwrap().address("cosmos").unwrap(),
            "cosmos14qemq0vw6y3gc3u3e0aty2e764u4gs5le3hada"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_output_is_redacted() {
        let m = Mnemonic::parse(ENLIST).unwrap();
        let key = AdvisorKey::relayer(&m).unwrap();
        let shown = format!("{m:?} {key:?}");
        assert!(!shown.contains("enlist"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
        assert!(shown.contains(&hex::encode(key.public_key())), "{shown}");
    }

    #[test]
    fn signatures_verify_and_are_low_s() {
        use cosmwasm_std::testing::MockApi;
        use steward_types::crypto::{digest, verify_signature};
        let m = Mnemonic::parse(ENLIST).unwrap();
        let api = MockApi::default();
        for algorithm in [KeyAlgorithm::Secp256k1, KeyAlgorithm::Ed25519] {
            let key = AdvisorKey::from_mnemonic(&m, algorithm).unwrap();
            for i in 0..16u8 {
                let d = digest(&[i; 7]);
                let sig = key.sign_digest(&d).unwrap();
                assert!(verify_signature(
                    &api,
                    algorithm,
                    &key.public_key(),
                    &d,
                    &sig
                ));
                if algorithm == KeyAlgorithm::Secp256k1 {
                    let s = k256::ecdsa::Signature::from_slice(&sig).unwrap();
                    assert!(s.normalize_s().is_none(), "already low-S");
                }
            }
        }
    }
}
