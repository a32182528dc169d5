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
//! A pair of the `rebalance` and `risk` strategies may leave out its address:
//! `{ assets = ["native:uatom", "native:uusd"] }` is the deployment file's
//! venue trading those two assets ([`Config::load_resolved`]).
//!
//! The strategy table's JSON form (pair addresses resolved) is hashed into the
//! payload's `provenance.config_digest`, so a payload names the exact config
//! it used.

use crate::deployment::Deployment;
use crate::error::{AdvisorError, Result};
use crate::strategy::{resolve_pairs, StrategyConfig};
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

    /// Reads, parses and validates a config file, then resolves each pair
    /// given by its assets alone against the deployment file (`deployment`,
    /// else `[node] deployment`), which is read only when a pair needs it.
    pub fn load_resolved(path: &Path, deployment: Option<&Path>) -> Result<Self> {
        let mut config = Self::load(path)?;
        if config.needs_deployment() {
            let file = deployment.or(config.node.deployment.as_deref());
            let deployment = file.map(Deployment::load).transpose()?;
            config.resolve_pairs(deployment.as_ref())?;
        }
        Ok(config)
    }

    /// Whether a pair leaves its address to the deployment file.
    pub fn needs_deployment(&self) -> bool {
        self.strategy
            .pairs()
            .is_some_and(|pairs| pairs.iter().any(|p| p.address.is_none()))
    }

    /// Gives each pair without an address the address of the deployment's
    /// venue trading its two assets ([`resolve_pairs`]); pairs with an
    /// address keep it.
    pub fn resolve_pairs(&mut self, deployment: Option<&Deployment>) -> Result<()> {
        match self.strategy.pairs_mut() {
            Some(pairs) => resolve_pairs("strategy.pairs", pairs, deployment),
            None => Ok(()),
        }
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

    /// A deployment file as `steward-deploy` writes it for the local chain,
    /// with one uatom/uusd venue.
    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/steward-local.json")
    }

    /// The addresses of the local chain's test accounts (localnet/test-accounts.txt).
    fn test_accounts() -> Vec<String> {
        include_str!("../../../localnet/test-accounts.txt")
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .map(|(_, phrase)| {
                let mnemonic = crate::Mnemonic::parse(phrase).unwrap();
                let key = crate::AdvisorKey::relayer(&mnemonic).unwrap();
                key.address("wasm").unwrap()
            })
            .collect()
    }

    #[test]
    fn example_configs_parse_and_resolve_against_the_deployment() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let deployment = Deployment::load(&fixture()).unwrap();
        let venues: Vec<&str> = deployment
            .venues
            .iter()
            .map(|v| v.address.as_str())
            .collect();
        let accounts = test_accounts();
        let mut kinds = vec![];
        let mut pairs_resolved = 0;
        for name in ["rebalance", "risk", "runway", "llm"] {
            let c = Config::load_resolved(&dir.join(format!("{name}.toml")), Some(&fixture()))
                .unwrap_or_else(|e| panic!("{name}.toml: {e}"));
            kinds.push(serde_json::to_value(&c.strategy).unwrap()["kind"].clone());
            // The contracts come from the deployment file steward-deploy writes.
            assert_eq!(
                c.node.deployment.as_deref(),
                Some(Path::new("deployments/steward-local.json")),
                "{name}.toml"
            );
            let n = &c.node;
            assert!(
                n.oracle.is_none() && n.treasury.is_none() && n.core.is_none() && n.rest.is_none(),
                "{name}.toml names a contract or node itself"
            );
            // Every pair's address is a venue of the deployment.
            for p in c.strategy.pairs().unwrap_or_default() {
                let address = p.address.as_deref().unwrap();
                assert!(venues.contains(&address), "{name}.toml: {address}");
                pairs_resolved += 1;
            }
            // The only other addresses: runway's spenders, the local test
            // accounts (the same on every local chain).
            if let StrategyConfig::Runway(r) = &c.strategy {
                for b in &r.budgets {
                    assert!(accounts.contains(&b.spender), "{name}.toml: {}", b.spender);
                }
            }
            c.strategy
                .build()
                .unwrap_or_else(|e| panic!("{name}.toml: {e}"));
        }
        assert_eq!(kinds, ["rebalance", "risk", "runway", "llm"]);
        assert_eq!(
            pairs_resolved, 2,
            "rebalance and risk trade through the pair"
        );
    }

    #[test]
    fn a_pair_left_unresolved_keeps_the_strategy_from_being_built() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/rebalance.toml");
        let c = Config::load(&path).unwrap();
        assert!(c.needs_deployment());
        let Err(err) = c.strategy.build() else {
            panic!("built with a pair that has no address")
        };
        assert!(
            matches!(&err, AdvisorError::InvalidConfig { field, .. } if field == "strategy.pairs[0].address"),
            "{err}"
        );
        // Loaded with a deployment file that lists no venue.
        let empty = std::env::temp_dir().join(format!(
            "steward-advisor-no-venues-{}.json",
            std::process::id()
        ));
        std::fs::write(&empty, br#"{"contracts":{"core":"wasm1core"}}"#).unwrap();
        let err = Config::load_resolved(&path, Some(&empty)).unwrap_err();
        std::fs::remove_file(&empty).unwrap();
        assert!(
            matches!(&err, AdvisorError::PairVenueUnresolved { field, matches, .. }
                if field == "strategy.pairs[0].address" && matches.is_empty()),
            "{err}"
        );
    }

    #[test]
    fn a_config_with_every_address_reads_no_deployment() {
        let c = Config::load_resolved(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("config/runway.toml"),
            Some(Path::new("/nonexistent/deployment.json")),
        )
        .unwrap();
        assert!(!c.needs_deployment());
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
