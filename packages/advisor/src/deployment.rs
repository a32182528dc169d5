//! The deployment file: which contracts make up a DAO on a chain.
//!
//! ```json
//! {
//!   "chain_id": "steward-local",
//!   "rest": "http://127.0.0.1:1317",
//!   "contracts": { "core": "wasm1…", "proposal": "wasm1…", "treasury": "wasm1…", "oracle": "wasm1…" },
//!   "venues": [{ "address": "wasm1…", "assets": ["native:uatom", "native:uusd"] }]
//! }
//! ```
//!
//! Only `contracts` is required, and within it either `treasury` and `oracle`
//! or `core` (dao-core, which then names the other two). `dao_core` is
//! accepted for `core`. `venues` (the policy's swap venues and the two assets
//! each trades, as `steward-deploy` read them from the pairs) is where a
//! strategy's pair given by its assets alone finds its address; a file
//! without it has none. Other fields (code ids, tx hashes) are ignored.

use crate::asset::AssetRef;
use crate::error::{AdvisorError, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use steward_types::AssetInfo;

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
    /// The swap venues of the DAO's policy, with the assets each trades.
    #[serde(default)]
    pub venues: Vec<Venue>,
}

/// One swap venue: a pair contract and the assets it trades.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    /// The pair contract's address (as on the policy's venue allowlist).
    pub address: String,
    /// Its two assets; none when the pair did not say (it did not answer
    /// the pool query when the file was written).
    #[serde(default)]
    pub assets: Vec<AssetRef>,
}

impl Venue {
    /// Whether it trades `a` against `b` (in either order).
    pub fn trades(&self, a: &AssetInfo, b: &AssetInfo) -> bool {
        match &self.assets[..] {
            [x, y] => (x.info() == a && y.info() == b) || (x.info() == b && y.info() == a),
            _ => false,
        }
    }
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

    /// The venues trading `a` against `b` (in either order).
    pub fn venues_trading(&self, a: &AssetInfo, b: &AssetInfo) -> Vec<&Venue> {
        self.venues.iter().filter(|v| v.trades(a, b)).collect()
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
        assert!(d.venues.is_empty(), "a file from before venues has none");
    }

    #[test]
    fn venues_are_found_by_their_assets_in_either_order() {
        let d = Deployment::parse(
            br#"{"contracts":{"dao_core":"wasm1core"},"venues":[
                {"address":"wasm1atom","assets":["native:uatom","native:uusd"]},
                {"address":"wasm1silent","assets":[]},
                {"address":"wasm1bare"},
                {"address":"wasm1stew","assets":["cw20:wasm1token","native:uusd"]}]}"#,
        )
        .unwrap();
        let (atom, usd) = (AssetInfo::native("uatom"), AssetInfo::native("uusd"));
        let found = |a: &AssetInfo, b: &AssetInfo| {
            d.venues_trading(a, b)
                .iter()
                .map(|v| v.address.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&atom, &usd), ["wasm1atom"]);
        assert_eq!(found(&usd, &atom), ["wasm1atom"]);
        assert_eq!(found(&AssetInfo::cw20("wasm1token"), &usd), ["wasm1stew"]);
        assert!(found(&atom, &AssetInfo::cw20("wasm1token")).is_empty());
        assert!(d.venues[2].assets.is_empty());
    }

    #[test]
    fn incomplete_or_malformed_files_are_refused() {
        for bad in [
            &br#"{"contracts":{"oracle":"wasm1o"}}"#[..],
            b"{}",
            b"nope",
            br#"{"contracts":{"core":"wasm1c"},"venues":[{"address":"wasm1p","assets":["uatom"]}]}"#,
        ] {
            let err = Deployment::parse(bad).unwrap_err();
            assert!(
                matches!(err, AdvisorError::MalformedDeployment { .. }),
                "{err}"
            );
        }
    }
}
