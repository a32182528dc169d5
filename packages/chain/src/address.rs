//! Bech32 account addresses of one chain, checked without a node.
//!
//! [`Bech32Api`] is a `cosmwasm_std::Api` for the address methods only, so
//! off-chain code runs the shared validators (`validate_actions`, a type's
//! `validate(api)`) with the same address rule a chain applies: valid bech32,
//! this chain's prefix, and the normalised (lower-case) form. It verifies no
//! signatures: those go through `steward_types::crypto`.

use cosmrs::AccountId;
use cosmwasm_std::{
    Addr, Api, CanonicalAddr, RecoverPubkeyError, StdError, StdResult, VerificationError,
};
use std::str::FromStr;

/// Address checks for the chain whose accounts start with `prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bech32Api {
    prefix: String,
}

impl Bech32Api {
    /// Addresses of the chain with bech32 prefix `prefix` (e.g. `wasm`).
    pub fn new(prefix: impl Into<String>) -> Self {
        Bech32Api {
            prefix: prefix.into(),
        }
    }

    /// The prefix of the address `addr` (the part before its last `1`).
    pub fn prefix_of(addr: &str) -> &str {
        addr.rsplit_once('1').map_or(addr, |(hrp, _)| hrp)
    }

    /// The prefix this checks against.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

fn invalid(human: &str, why: impl std::fmt::Display) -> StdError {
    StdError::generic_err(format!("invalid address {human:?}: {why}"))
}

impl Api for Bech32Api {
    fn addr_validate(&self, human: &str) -> StdResult<Addr> {
        let canonical = self.addr_canonicalize(human)?;
        let normal = self.addr_humanize(&canonical)?;
        if normal.as_str() != human {
            return Err(invalid(
                human,
                format!("not normalised (expected {normal})"),
            ));
        }
        Ok(normal)
    }

    fn addr_canonicalize(&self, human: &str) -> StdResult<CanonicalAddr> {
        let id = AccountId::from_str(human).map_err(|e| invalid(human, e))?;
        if id.prefix() != self.prefix {
            return Err(invalid(
                human,
                format!("prefix {} is not {}", id.prefix(), self.prefix),
            ));
        }
        Ok(id.to_bytes().into())
    }

    fn addr_humanize(&self, canonical: &CanonicalAddr) -> StdResult<Addr> {
        AccountId::new(&self.prefix, canonical.as_slice())
            .map(|id| Addr::unchecked(id.to_string()))
            .map_err(|e| StdError::generic_err(format!("invalid canonical address: {e}")))
    }

    fn secp256k1_verify(&self, _: &[u8], _: &[u8], _: &[u8]) -> Result<bool, VerificationError> {
        Err(VerificationError::unknown_err(0))
    }

    fn secp256k1_recover_pubkey(
        &self,
        _: &[u8],
        _: &[u8],
        _: u8,
    ) -> Result<Vec<u8>, RecoverPubkeyError> {
        Err(RecoverPubkeyError::unknown_err(0))
    }

    fn ed25519_verify(&self, _: &[u8], _: &[u8], _: &[u8]) -> Result<bool, VerificationError> {
        Err(VerificationError::unknown_err(0))
    }

    fn ed25519_batch_verify(
        &self,
        _: &[&[u8]],
        _: &[&[u8]],
        _: &[&[u8]],
    ) -> Result<bool, VerificationError> {
        Err(VerificationError::unknown_err(0))
    }

    fn debug(&self, _: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    #[test]
    fn accepts_what_a_chain_accepts_and_refuses_the_rest() {
        let mock = MockApi::default().with_prefix("wasm");
        let api = Bech32Api::new("wasm");
        let good = mock.addr_make("treasury").to_string();
        assert_eq!(api.addr_validate(&good).unwrap().as_str(), good);
        let other_chain = MockApi::default().with_prefix("juno").addr_make("treasury");
        for bad in [
            good.to_uppercase(),
            other_chain.to_string(),
            format!("{good}x"),
            "wasm1".to_string(),
            String::new(),
            "not an address".to_string(),
        ] {
            assert!(api.addr_validate(&bad).is_err(), "{bad:?} was accepted");
            assert!(
                mock.addr_validate(&bad).is_err(),
                "the mock accepts {bad:?}"
            );
        }
        let canonical = api.addr_canonicalize(&good).unwrap();
        assert_eq!(canonical, mock.addr_canonicalize(&good).unwrap());
        assert_eq!(api.addr_humanize(&canonical).unwrap().as_str(), good);
        assert_eq!(Bech32Api::prefix_of(&good), "wasm");
    }
}
