//! `deployments/<chain-id>.json`: what was deployed where. Its `chain_id`,
//! `rest`, `contracts` and `venues` fields are the ones the advisor's
//! `--deployment` reads (`venues`: each swap venue of the policy and the two
//! assets it trades, where a strategy's pair given by its assets finds its
//! address); `assets` (how amounts of each asset are shown) is what the web
//! app formats amounts with. A file written before `assets` or `venues`
//! existed still reads (as none), and readers ignore fields they do not know.

use crate::error::DeployError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use steward_types::display::AssetDisplay;

/// One stored code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCode {
    /// Code id.
    pub code_id: u64,
    /// Lower-case hex sha256 of the wasm.
    pub checksum: String,
    /// The upload transaction; `None` when the code was already on chain.
    pub tx_hash: Option<String>,
    /// Gas the upload used.
    pub gas_used: Option<u64>,
}

/// The instantiation of the DAO.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instantiation {
    /// The transaction.
    pub tx_hash: String,
    /// Gas it used.
    pub gas_used: u64,
    /// The transaction making dao-core its own admin.
    pub admin_tx_hash: String,
    /// Gas it used.
    pub admin_gas_used: u64,
    /// Hex sha256 of dao-core's instantiate message (code ids included).
    pub msg_digest: String,
}

/// The four addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contracts {
    /// dao-core.
    pub core: String,
    /// proposal.
    pub proposal: String,
    /// treasury.
    pub treasury: String,
    /// oracle.
    pub oracle: String,
}

/// How amounts of one asset are shown:
/// `{"asset": "native:uatom", "symbol": "ATOM", "decimals": 6, "name": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetEntry {
    /// `native:<denom>` or `cw20:<address>`.
    pub asset: String,
    /// Symbol, decimals and name.
    #[serde(flatten)]
    pub display: AssetDisplay,
}

/// One swap venue of the policy:
/// `{"address": "wasm1…", "assets": ["native:uatom", "native:uusd"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueEntry {
    /// The pair contract, as on the policy's venue allowlist.
    pub address: String,
    /// The assets it trades (`native:<denom>` or `cw20:<address>`), from its
    /// `Pool {}` answer; empty when it gave none.
    pub assets: Vec<String>,
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    /// Chain id.
    pub chain_id: String,
    /// Network name.
    pub network: String,
    /// REST endpoint used.
    pub rest: String,
    /// The deploying account.
    pub deployer: String,
    /// Stored code by artifact name (`steward_core`, …).
    pub code: BTreeMap<String, StoredCode>,
    /// The instantiation, once done.
    pub instantiate: Option<Instantiation>,
    /// Addresses, once instantiated.
    pub contracts: Option<Contracts>,
    /// How amounts of each asset are shown: the config's native denoms and
    /// every cw20 token it names, from the token's own `TokenInfo`.
    #[serde(default)]
    pub assets: Vec<AssetEntry>,
    /// The policy's swap venues and the assets each trades, from each pair's
    /// own `Pool {}` answer.
    #[serde(default)]
    pub venues: Vec<VenueEntry>,
}

fn file_error(action: &'static str, path: &Path, e: std::io::Error) -> DeployError {
    DeployError::File {
        action,
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

impl Deployment {
    /// Reads a deployment file; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Self>, DeployError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                DeployError::MalformedDeployment {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                }
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(file_error("read", path, e)),
        }
    }

    /// Writes it (through a temporary file and a rename).
    pub fn save(&self, path: &Path) -> Result<(), DeployError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| file_error("create", dir, e))?;
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let json = serde_json::to_string_pretty(self).expect("json") + "\n";
        std::fs::write(&tmp, json)
            .and_then(|_| std::fs::rename(&tmp, path))
            .map_err(|e| file_error("write", path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_from_before_assets_reads_and_assets_round_trip() {
        let old = br#"{"chain_id":"c-1","network":"local","rest":"http://x","deployer":"wasm1d",
            "code":{},"instantiate":null,"contracts":null}"#;
        let d: Deployment = serde_json::from_slice(old).unwrap();
        assert!(d.assets.is_empty());
        assert!(d.venues.is_empty());
        let d = Deployment {
            assets: vec![AssetEntry {
                asset: "native:uatom".into(),
                display: AssetDisplay {
                    symbol: "ATOM".into(),
                    decimals: 6,
                    name: None,
                },
            }],
            venues: vec![VenueEntry {
                address: "wasm1pair".into(),
                assets: vec!["native:uatom".into(), "native:uusd".into()],
            }],
            ..d
        };
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json["assets"],
            serde_json::json!([{"asset": "native:uatom", "symbol": "ATOM", "decimals": 6}])
        );
        assert_eq!(
            json["venues"],
            serde_json::json!([{"address": "wasm1pair", "assets": ["native:uatom", "native:uusd"]}])
        );
        assert_eq!(serde_json::from_value::<Deployment>(json).unwrap(), d);
    }
}
