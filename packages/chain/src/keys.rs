//! BIP-39 mnemonics and the secp256k1 account key at the Cosmos path
//! `m/44'/118'/0'/0/0` (the key `wasmd keys add` and Keplr derive).
//!
//! The BIP-39 passphrase is empty. Neither the mnemonic nor any private key is
//! ever printed: their `Debug` output is redacted and errors never quote them.

use crate::error::{ChainError, Result};
use cosmrs::bip32::{DerivationPath, XPrv};
use std::fmt;
use std::path::Path;
use zeroize::Zeroizing;

/// BIP-32 path of the secp256k1 account key (Cosmos coin type 118, first account).
pub const SECP256K1_PATH: &str = "m/44'/118'/0'/0/0";

/// A BIP-39 mnemonic, checked (word list and checksum). Wiped on drop; its
/// `Debug` is redacted.
pub struct Mnemonic(bip39::Mnemonic);

impl Mnemonic {
    /// Checks an English BIP-39 phrase (12, 15, 18, 21 or 24 words; extra
    /// whitespace and case are ignored).
    pub fn parse(phrase: &str) -> Result<Self> {
        let normalized = Zeroizing::new(phrase.split_whitespace().collect::<Vec<_>>().join(" "));
        if normalized.is_empty() {
            return Err(ChainError::MnemonicMalformed {
                reason: "it is empty".into(),
            });
        }
        if !normalized.is_ascii() {
            return Err(ChainError::MnemonicMalformed {
                reason: "only the English word list is supported".into(),
            });
        }
        let normalized = Zeroizing::new(normalized.to_ascii_lowercase());
        bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            .map(Mnemonic)
            .map_err(|e| ChainError::MnemonicMalformed {
                reason: match e {
                    bip39::Error::BadWordCount(n) => {
                        format!("{n} words; expected 12, 15, 18, 21 or 24")
                    }
                    // The position, never the word: a typo can be most of a secret word.
                    bip39::Error::UnknownWord(i) => {
                        format!("word {} is not in the BIP-39 English list", i + 1)
                    }
                    bip39::Error::InvalidChecksum => "the checksum does not match".into(),
                    other => format!("{other:?}"),
                },
            })
    }

    /// Reads the mnemonic from `file` when given, else from the environment
    /// variable `env`.
    pub fn load(file: Option<&Path>, env: &'static str) -> Result<Self> {
        match file {
            Some(path) => {
                let bytes =
                    Zeroizing::new(std::fs::read(path).map_err(|e| ChainError::MnemonicFile {
                        path: path.display().to_string(),
                        reason: e.kind().to_string(),
                    })?);
                let text =
                    std::str::from_utf8(&bytes).map_err(|_| ChainError::MnemonicMalformed {
                        reason: format!("{} is not UTF-8", path.display()),
                    })?;
                Self::parse(text)
            }
            None => match std::env::var(env) {
                Ok(phrase) => {
                    let phrase = Zeroizing::new(phrase);
                    if phrase.trim().is_empty() {
                        return Err(ChainError::MnemonicMissing { env });
                    }
                    Self::parse(&phrase)
                }
                Err(std::env::VarError::NotPresent) => Err(ChainError::MnemonicMissing { env }),
                Err(std::env::VarError::NotUnicode(_)) => Err(ChainError::MnemonicMalformed {
                    reason: format!("{env} is not UTF-8"),
                }),
            },
        }
    }

    /// The 64-byte BIP-39 seed (empty passphrase).
    pub fn seed(&self) -> Zeroizing<[u8; 64]> {
        Zeroizing::new(self.0.to_seed_normalized(""))
    }

    /// Whether this is the same phrase as `phrase` (normalised the same way).
    /// For refusing known test mnemonics; neither phrase is revealed.
    pub fn is_phrase(&self, phrase: &str) -> bool {
        Mnemonic::parse(phrase).is_ok_and(|other| other.0 == self.0)
    }
}

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Mnemonic(<redacted>)")
    }
}

/// A secp256k1 account key: signs transactions, has an address. Its `Debug`
/// shows the public key only.
#[derive(Clone)]
pub struct AccountKey(k256::ecdsa::SigningKey);

impl AccountKey {
    /// The key at the Cosmos path of a mnemonic.
    pub fn from_mnemonic(mnemonic: &Mnemonic) -> Result<Self> {
        Self::from_seed(&mnemonic.seed())
    }

    /// The key at the Cosmos path of a BIP-39 seed.
    pub fn from_seed(seed: &[u8; 64]) -> Result<Self> {
        let path: DerivationPath = SECP256K1_PATH.parse().expect("the Cosmos path is valid");
        let xprv = XPrv::derive_from_path(seed, &path).map_err(|e| ChainError::KeyDerivation {
            path: SECP256K1_PATH.into(),
            reason: e.to_string(),
        })?;
        Ok(AccountKey(xprv.private_key().clone()))
    }

    /// An account key from a secp256k1 signing key derived elsewhere.
    pub fn from_signing_key(key: k256::ecdsa::SigningKey) -> Self {
        AccountKey(key)
    }

    /// The k256 signing key.
    pub fn signing_key(&self) -> &k256::ecdsa::SigningKey {
        &self.0
    }

    /// 33-byte compressed public key.
    pub fn public_key(&self) -> Vec<u8> {
        self.0
            .verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec()
    }

    /// Bech32 address with `prefix`: `ripemd160(sha256(pubkey))`.
    pub fn address(&self, prefix: &str) -> Result<String> {
        cosmrs::crypto::PublicKey::from(*self.0.verifying_key())
            .account_id(prefix)
            .map(|id| id.to_string())
            .map_err(|e| ChainError::TxBuild {
                reason: format!("address prefix {prefix:?}: {e}"),
            })
    }

    /// The key as cosmrs signs transactions with it.
    pub fn tx_signing_key(&self) -> cosmrs::crypto::secp256k1::SigningKey {
        cosmrs::crypto::secp256k1::SigningKey::new(Box::new(self.0.clone()))
    }
}

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountKey")
            .field("public_key", &hex::encode(self.public_key()))
            .field("secret", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Public test mnemonic (cosmjs test fixture). TEST ONLY.
    const ENLIST: &str =
        "enlist hip relief stomach skate base shallow young switch frequent cry park";

    #[test]
    fn cosmos_path_matches_the_documented_address() {
        let key = AccountKey::from_mnemonic(&Mnemonic::parse(ENLIST).unwrap()).unwrap();
        assert_eq!(
            key.address("cosmos").unwrap(),
            "cosmos14qemq0vw6y3gc3u3e0aty2e764u4gs5le3hada"
        );
        assert_eq!(key.public_key().len(), 33);
        assert!(!format!("{key:?}").contains("stomach"));
    }

    #[test]
    fn malformed_mnemonics_are_refused_without_quoting_them() {
        let err = Mnemonic::parse(
            "enlist hip relief stomach skate base shallow young switch frequent cry cry",
        )
        .unwrap_err();
        assert!(err.to_string().contains("checksum"), "{err}");
        assert!(!err.to_string().contains("stomach"));
        assert!(matches!(
            Mnemonic::parse("  ").unwrap_err(),
            ChainError::MnemonicMalformed { .. }
        ));
    }

    #[test]
    fn same_phrase_is_recognised_whatever_the_spacing() {
        let m = Mnemonic::parse(ENLIST).unwrap();
        assert!(m.is_phrase(&format!("  {}\n", ENLIST.to_uppercase())));
        assert!(!m.is_phrase("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"));
        assert_eq!(format!("{m:?}"), "Mnemonic(<redacted>)");
    }

    #[test]
    fn missing_env_and_file_are_specific_errors() {
        let err = Mnemonic::load(None, "STEWARD_CHAIN_TEST_UNSET_VARIABLE").unwrap_err();
        assert!(matches!(err, ChainError::MnemonicMissing { .. }), "{err}");
        let err =
            Mnemonic::load(Some(Path::new("/nonexistent/steward/mnemonic")), "UNUSED").unwrap_err();
        assert!(matches!(err, ChainError::MnemonicFile { .. }), "{err}");
    }
}
