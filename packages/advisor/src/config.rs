//! The advisor's TOML config: who it signs as, where the node is, how it pays
//! for transactions, and which strategy it runs.
//!
//! ```toml
//! [advisor]
//! key_id = "advisor-1"          # the oracle's id of this key
//! algorithm = "secp256k1"       # or "ed25519"
//! address_prefix = "wasm"
//! validity_seconds = 86400      # expires_at = issued_at + this
//!
//! [node]                        # for snapshot, submit and run
//! rest = "http://127.0.0.1:1317"    # optional: else the deployment file's
//! deployment = "deployments/steward-local.json"   # what steward-deploy writes for the local chain
//!
//! [tx]
//! gas_limit = 600000
//! fee_amount = "15000"
//! fee_denom = "ustake"
//!
//! [strategy]
//! kind = "rebalance"            # rebalance | risk | runway | llm
//! # ... the strategy's own fields
//! ```
//!
//! The strategy table's JSON form is hashed into the payload's
//! `provenance.config_digest`, so a payload names the exact config it used.

use crate::error::{AdvisorError, Result};
use crate::strategy::StrategyConfig;
use cosmwasm_std::Uint128;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use steward_types::crypto::KeyAlgorithm;
use steward_types::payload::MAX_ID_LEN;

/// The whole config file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The advisor's identity.
    pub advisor: AdvisorConfig,
    /// Where the node is.
    #[serde(default)]
    pub node: NodeConfig,
    /// Transaction settings for `submit` and `run`.
    #[serde(default)]
    pub tx: TxConfig,
    /// The strategy and its parameters.
    pub strategy: StrategyConfig,
}

/// `[advisor]`: the key the advisor signs with.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorConfig {
    /// The oracle's id of this advisor key (the payload's `advisor`).
    pub key_id: String,
    /// Signature algorithm of the advisor key.
    #[serde(default = "default_algorithm")]
    pub algorithm: KeyAlgorithm,
    /// Bech32 prefix of addresses (`wasm` for wasmd).
    #[serde(default = "default_prefix")]
    pub address_prefix: String,
    /// How long a recommendation stays valid, in seconds.
    #[serde(default = "default_validity")]
    pub validity_seconds: u64,
}

/// `[node]`: a wasmd node's REST (LCD) API and the contracts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    /// REST base URL, e.g. `http://127.0.0.1:1317`.
    pub rest: Option<String>,
    /// A deployment file naming the contracts (see [`crate::deployment`]).
    pub deployment: Option<PathBuf>,
    /// The oracle's address (overrides the deployment file).
    pub oracle: Option<String>,
    /// The treasury's address (overrides the deployment file).
    pub treasury: Option<String>,
    /// dao-core's address, used to find oracle and treasury when not given.
    pub core: Option<String>,
    /// HTTP timeout in seconds (default 10).
    pub timeout_seconds: Option<u64>,
    /// Price points kept per asset in the snapshot's history (default 64).
    pub history_len: Option<usize>,
}

/// `[tx]`: how `submit` pays for the `SubmitRecommendation` transaction.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxConfig {
    /// Gas limit.
    #[serde(default = "default_gas")]
    pub gas_limit: u64,
    /// Fee amount, in `fee_denom`.
    #[serde(default)]
    pub fee_amount: Uint128,
    /// Fee denom.
    #[serde(default = "default_fee_denom")]
    pub fee_denom: String,
    /// Transaction memo.
    #[serde(default)]
    pub memo: String,
}

impl Default for TxConfig {
    fn default() -> Self {
        TxConfig {
            gas_limit: default_gas(),
            fee_amount: Uint128::zero(),
            fee_denom: default_fee_denom(),
            memo: String::new(),
        }
    }
}

fn default_algorithm() -> KeyAlgorithm {
    KeyAlgorithm::Secp256k1
}
fn default_prefix() -> String {
    "wasm".into()
}
fn default_validity() -> u64 {
    86_400
}
fn default_gas() -> u64 {
    600_000
}
fn default_fee_denom() -> String {
    "ustake".into()
}

/// Default HTTP timeout for node queries.
pub const DEFAULT_NODE_TIMEOUT_SECONDS: u64 = 10;
/// Default length of each price series kept in a snapshot.
pub const DEFAULT_HISTORY_LEN: usize = 64;

impl Config {
    /// Parses and validates TOML.
    pub fn parse(text: &str) -> Result<Self> {
        let config: Config = toml::from_str(text).map_err(|e| AdvisorError::MalformedConfig {
            reason: e.to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads, parses and validates a config file.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = crate::read_file(path)?;
        let text = String::from_utf8(bytes).map_err(|_| AdvisorError::MalformedConfig {
            reason: format!("{} is not UTF-8", path.display()),
        })?;
        Self::parse(&text)
    }

    /// Checks values the types cannot.
    pub fn validate(&self) -> Result<()> {
        let a = &self.advisor;
        if a.key_id.is_empty() || a.key_id.len() > MAX_ID_LEN {
            return Err(AdvisorError::config(
                "advisor.key_id",
                format!("must be 1..={MAX_ID_LEN} bytes"),
            ));
        }
        if a.address_prefix.is_empty()
            || !a
                .address_prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Err(AdvisorError::config(
                "advisor.address_prefix",
                "must be lower-case letters and digits",
            ));
        }
        if a.validity_seconds == 0 {
            return Err(AdvisorError::config(
                "advisor.validity_seconds",
                "must be non-zero",
            ));
        }
        if self.tx.gas_limit == 0 {
            return Err(AdvisorError::config("tx.gas_limit", "must be non-zero"));
        }
        self.strategy.validate()
    }

    /// HTTP timeout for node queries.
    pub fn node_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(
            self.node
                .timeout_seconds
                .unwrap_or(DEFAULT_NODE_TIMEOUT_SECONDS),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [advisor]
        key_id = "advisor-1"

        [strategy]
        kind = "runway"
        asset = "native:uusd"
        monthly_burn = "1000000"
        months = 12
        budgets = [{ spender = "wasm1spender", share_bps = 10000 }]
    "#;

    #[test]
    fn example_configs_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let mut kinds = vec![];
        for name in ["rebalance", "risk", "runway", "llm"] {
            let c = Config::load(&dir.join(format!("{name}.toml"))).unwrap();
            kinds.push(serde_json::to_value(&c.strategy).unwrap()["kind"].clone());
        }
        assert_eq!(kinds, ["rebalance", "risk", "runway", "llm"]);
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.advisor.algorithm, KeyAlgorithm::Secp256k1);
        assert_eq!(c.advisor.address_prefix, "wasm");
        assert_eq!(c.advisor.validity_seconds, 86_400);
        assert_eq!(c.tx.gas_limit, 600_000);
        assert!(c.node.rest.is_none());
    }

    #[test]
    fn unknown_fields_and_kinds_are_refused() {
        let err =
            Config::parse(&MINIMAL.replace("months = 12", "months = 12\nmonthz = 3")).unwrap_err();
        assert!(matches!(err, AdvisorError::MalformedConfig { .. }), "{err}");
        let err = Config::parse(&MINIMAL.replace("\"runway\"", "\"yolo\"")).unwrap_err();
        assert!(matches!(err, AdvisorError::MalformedConfig { .. }), "{err}");
    }

    #[test]
    fn invalid_values_name_their_field() {
        let err =
            Config::parse(&MINIMAL.replace("key_id = \"advisor-1\"", "key_id = \"\"")).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::InvalidConfig { field, .. } if field == "advisor.key_id"),
            "{err}"
        );
        let err = Config::parse(&MINIMAL.replace(
            "key_id = \"advisor-1\"",
            "key_id = \"a\"\naddress_prefix = \"Wasm\"",
        ))
        .unwrap_err();
        assert!(
            matches!(&err, AdvisorError::InvalidConfig { field, .. } if field == "advisor.address_prefix"),
            "{err}"
        );
        let err = Config::parse(&MINIMAL.replace("native:uusd", "uusd")).unwrap_err();
        assert!(matches!(err, AdvisorError::MalformedConfig { .. }), "{err}");
    }
}
