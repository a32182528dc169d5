//! The deployment file: which contracts make up a DAO on a chain.
//!
//! ```json
//! {
//!   "chain_id": "steward-local",
//!   "rest": "http://127.0.0.1:1317",
//!   "contracts": { "core": "wasm1…", "proposal": "wasm1…", "treasury": "wasm1…", "oracle": "wasm1…" }
//! }
//! ```
//!
//! Only `contracts` is required, and within it either `treasury` and `oracle`
//! or `core` (dao-core, which then names the other two). `dao_core` is
//! accepted for `core`. Other fields (code ids, tx hashes) are ignored.

use crate::error::{AdvisorError, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A deployment file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// The chain it is deployed on.
    #[serde(default)]
    pub chain_id: Option<String>,
    /// A REST endpoint of that chain.
    #[serde(default)]
    pub rest: Option<String>,
    /// The contract addresses.
    pub contracts: Contracts,
}

/// Contract addresses of one DAO.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contracts {
    /// dao-core.
    #[serde(default, alias = "dao_core", alias = "dao-core")]
    pub core: Option<String>,
    /// The proposal module.
    #[serde(default)]
    pub proposal: Option<String>,
    /// The treasury.
    #[serde(default)]
    pub treasury: Option<String>,
    /// The oracle.
    #[serde(default)]
    pub oracle: Option<String>,
}

impl Deployment {
    /// Parses deployment JSON.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let d: Deployment =
            serde_json::from_slice(bytes).map_err(|e| AdvisorError::MalformedDeployment {
                reason: e.to_string(),
            })?;
        let c = &d.contracts;
        if c.core.is_none() && (c.treasury.is_none() || c.oracle.is_none()) {
            return Err(AdvisorError::MalformedDeployment {
                reason: "contracts needs core, or both treasury and oracle".into(),
            });
        }
        Ok(d)
    }

    /// Reads and parses a deployment file.
    pub fn load(path: &Path) -> Result<Self> {
        Self::parse(&crate::read_file(path)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_core_only_or_both_modules() {
        let d = Deployment::parse(br#"{"contracts":{"dao_core":"wasm1core"},"code_ids":{"x":1}}"#)
            .unwrap();
        assert_eq!(d.contracts.core.as_deref(), Some("wasm1core"));
        let d = Deployment::parse(
            br#"{"chain_id":"c-1","contracts":{"treasury":"wasm1t","oracle":"wasm1o"}}"#,
        )
        .unwrap();
        assert_eq!(d.chain_id.as_deref(), Some("c-1"));
        assert_eq!(d.contracts.oracle.as_deref(), Some("wasm1o"));
    }

    #[test]
    fn a_file_with_the_asset_display_still_reads() {
        // As steward-deploy writes it now, `assets` included (the web app's fixture).
        let d = Deployment::parse(include_bytes!(
            "../../../ui/fixtures/deployments/pion-1.json"
        ))
        .unwrap();
        assert_eq!(d.chain_id.as_deref(), Some("pion-1"));
        assert_eq!(d.contracts.oracle.as_deref(), Some("neutron1fixtureoracle"));
    }

    #[test]
    fn incomplete_or_malformed_files_are_refused() {
        for bad in [&br#"{"contracts":{"oracle":"wasm1o"}}"#[..], b"{}", b"nope"] {
            let err = Deployment::parse(bad).unwrap_err();
            assert!(
                matches!(err, AdvisorError::MalformedDeployment { .. }),
                "{err}"
            );
        }
    }
}
