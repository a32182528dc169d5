//! Strategies: one trait, four implementations, chosen by `[strategy] kind` in
//! the config.
//!
//! | kind | what it does | deterministic |
//! |---|---|---|
//! | `rebalance` | swaps back to target weights when an asset drifts outside its band | yes |
//! | `risk` | sells volatile or drawn-down assets into a stable asset | yes |
//! | `runway` | sizes budgets (`SetBudget`) to keep N months of runway | yes |
//! | `llm` | asks an OpenAI-compatible model for typed actions | no |
//! | `governance` | one bounded step of the proposal config, from the DAO's proposal history | yes |
//!
//! A strategy only proposes. Whatever it returns is built into a payload and
//! run through the shared policy check ([`crate::recommend`]) and, for config
//! changes, the governance policy's bound before anything is signed; advice
//! with neither actions nor changes is the "nothing to do" outcome, never an
//! empty signed payload.

pub mod governance;
pub mod llm;
pub mod rebalance;
pub mod risk;
pub mod runway;

use crate::asset::AssetRef;
use crate::deployment::Deployment;
use crate::error::{AdvisorError, Result};
use crate::snapshot::Snapshot;
use cosmwasm_std::Uint128;
use serde::{Deserialize, Serialize};
use steward_types::governance::GovernanceChange;
use steward_types::payload::MAX_RATIONALE_LEN;
use steward_types::policy::BPS;
use steward_types::{AssetInfo, TreasuryAction};

pub use governance::{GovernanceConfig, GovernanceStrategy};
pub use llm::{LlmConfig, LlmStrategy};
pub use rebalance::{RebalanceConfig, RebalanceStrategy};
pub use risk::{RiskConfig, RiskStrategy};
pub use runway::{RunwayConfig, RunwayStrategy};

/// What a strategy proposes, with the provenance the payload records.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    /// The proposed treasury actions.
    pub actions: Vec<TreasuryAction>,
    /// The proposed proposal-config changes (the `governance` strategy's);
    /// with no actions either, there is nothing to do.
    pub governance: Vec<GovernanceChange>,
    /// A short explanation for voters (at most 1024 bytes).
    pub rationale: String,
    /// Confidence in basis points (0..=10000).
    pub confidence_bps: u16,
    /// Strategy name.
    pub strategy: String,
    /// Strategy version.
    pub strategy_version: String,
    /// The language model, when one took part.
    pub model_id: Option<String>,
    /// Hex sha256 of the strategy config (and, for a model, its prompt).
    pub config_digest: String,
}

/// A way of turning a snapshot into proposed treasury actions.
pub trait Strategy {
    /// Name recorded in the payload's provenance.
    fn name(&self) -> &'static str;
    /// Version recorded in the payload's provenance.
    fn version(&self) -> &'static str;
    /// Whether the same snapshot always gives the same advice (so `replay`
    /// can re-derive its payloads).
    fn is_deterministic(&self) -> bool;
    /// The language model id, if the strategy consults one.
    fn model_id(&self) -> Option<String> {
        None
    }
    /// The `config_digest` this strategy records for `snapshot`: the config's
    /// digest, and for a model also the prompt built from the snapshot.
    fn config_digest(&self, snapshot: &Snapshot) -> Result<String>;
    /// Proposes actions for `snapshot`.
    fn advise(&self, snapshot: &Snapshot) -> Result<Advice>;
}

/// `[strategy]` of the config: which strategy, with its parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StrategyConfig {
    /// Target-weight rebalancing.
    Rebalance(RebalanceConfig),
    /// Volatility targeting and drawdown de-risking.
    Risk(RiskConfig),
    /// Runway budgeting.
    Runway(RunwayConfig),
    /// A language model behind an OpenAI-compatible endpoint.
    Llm(LlmConfig),
    /// Bounded tuning of the proposal config.
    Governance(GovernanceConfig),
}

impl StrategyConfig {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        match self {
            StrategyConfig::Rebalance(c) => c.validate(),
            StrategyConfig::Risk(c) => c.validate(),
            StrategyConfig::Runway(c) => c.validate(),
            StrategyConfig::Llm(c) => c.validate(),
            StrategyConfig::Governance(c) => c.validate(),
        }
    }

    /// Hex sha256 of this table's JSON form.
    pub fn digest(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("a strategy config always serialises");
        steward_types::crypto::digest_hex(&bytes)
    }

    /// The pairs it trades through, for the strategies that swap.
    pub fn pairs(&self) -> Option<&[PairConfig]> {
        match self {
            StrategyConfig::Rebalance(c) => Some(&c.pairs),
            StrategyConfig::Risk(c) => Some(&c.pairs),
            StrategyConfig::Runway(_) | StrategyConfig::Llm(_) | StrategyConfig::Governance(_) => {
                None
            }
        }
    }

    /// [`Self::pairs`], to fill in their addresses.
    pub fn pairs_mut(&mut self) -> Option<&mut Vec<PairConfig>> {
        match self {
            StrategyConfig::Rebalance(c) => Some(&mut c.pairs),
            StrategyConfig::Risk(c) => Some(&mut c.pairs),
            StrategyConfig::Runway(_) | StrategyConfig::Llm(_) | StrategyConfig::Governance(_) => {
                None
            }
        }
    }

    /// The strategy this config describes; every pair must have its address.
    pub fn build(&self) -> Result<Box<dyn Strategy>> {
        self.validate()?;
        if let Some(pairs) = self.pairs() {
            require_pair_addresses("strategy.pairs", pairs)?;
        }
        let digest = self.digest();
        Ok(match self {
            StrategyConfig::Rebalance(c) => Box::new(RebalanceStrategy::new(c.clone(), digest)),
            StrategyConfig::Risk(c) => Box::new(RiskStrategy::new(c.clone(), digest)),
            StrategyConfig::Runway(c) => Box::new(RunwayStrategy::new(c.clone(), digest)),
            StrategyConfig::Llm(c) => Box::new(LlmStrategy::new(c.clone(), digest)?),
            StrategyConfig::Governance(c) => Box::new(GovernanceStrategy::new(c.clone(), digest)),
        })
    }
}

/// An allow-listed pair and the two assets it trades.
///
/// Without `address`, the pair is the deployment file's venue trading these
/// two assets ([`resolve_pairs`]), filled in when the config is loaded with
/// its deployment ([`crate::Config::resolve_pairs`]); a strategy is built only
/// from pairs with addresses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairConfig {
    /// The pair contract (must be on the policy's venue allowlist); `None`
    /// until resolved from the deployment's venues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Its two assets.
    pub assets: [AssetRef; 2],
}

/// Checks a pair list: addresses, when given, not empty; assets distinct.
pub(crate) fn validate_pairs(field: &str, pairs: &[PairConfig]) -> Result<()> {
    for (i, p) in pairs.iter().enumerate() {
        if p.address.as_deref() == Some("") {
            return Err(AdvisorError::config(
                format!("{field}[{i}].address"),
                "is empty",
            ));
        }
        if p.assets[0] == p.assets[1] {
            return Err(AdvisorError::config(
                format!("{field}[{i}].assets"),
                "a pair trades two different assets",
            ));
        }
    }
    Ok(())
}

/// Checks that every pair has its address (given, or resolved from the
/// deployment), before a strategy is built from them.
pub(crate) fn require_pair_addresses(field: &str, pairs: &[PairConfig]) -> Result<()> {
    match pairs.iter().position(|p| p.address.is_none()) {
        None => Ok(()),
        Some(i) => Err(AdvisorError::config(
            format!("{field}[{i}].address"),
            format!(
                "not given, and not resolved from a deployment file: give the address, or load the config with a deployment whose venues trade {} and {}",
                pairs[i].assets[0], pairs[i].assets[1]
            ),
        )),
    }
}

/// Gives each pair without an address the address of the deployment's one
/// venue trading its two assets (in either order); a pair with an address
/// keeps it. No venue, or more than one, is an error naming the field.
pub fn resolve_pairs(
    field: &str,
    pairs: &mut [PairConfig],
    deployment: Option<&Deployment>,
) -> Result<()> {
    for (i, p) in pairs.iter_mut().enumerate() {
        if p.address.is_some() {
            continue;
        }
        let field = format!("{field}[{i}].address");
        let [a, b] = &p.assets;
        let Some(deployment) = deployment else {
            return Err(AdvisorError::config(
                field,
                format!(
                    "not given, and no deployment file to find the venue trading {a} and {b} in: set [node] deployment (or pass --deployment), or give the address"
                ),
            ));
        };
        match &deployment.venues_trading(a.info(), b.info())[..] {
            [venue] => p.address = Some(venue.address.clone()),
            matches => {
                return Err(AdvisorError::PairVenueUnresolved {
                    field,
                    assets: [a.to_string(), b.to_string()],
                    matches: matches.iter().map(|v| v.address.clone()).collect(),
                })
            }
        }
    }
    Ok(())
}

/// Checks a slippage setting.
pub(crate) fn validate_slippage(field: &str, bps: u16) -> Result<()> {
    if u64::from(bps) > BPS {
        return Err(AdvisorError::config(field, format!("{bps} is over {BPS}")));
    }
    Ok(())
}

/// The configured pair trading `a` against `b`, checked against the snapshot's
/// venue allowlist.
pub(crate) fn find_pair<'a>(
    snapshot: &Snapshot,
    pairs: &'a [PairConfig],
    a: &AssetInfo,
    b: &AssetInfo,
) -> Result<Option<&'a str>> {
    let Some((i, pair)) = pairs.iter().enumerate().find(|(_, p)| {
        (p.assets[0].info() == a && p.assets[1].info() == b)
            || (p.assets[0].info() == b && p.assets[1].info() == a)
    }) else {
        return Ok(None);
    };
    let field = format!("strategy.pairs[{i}].address");
    let address = pair
        .address
        .as_deref()
        .ok_or_else(|| AdvisorError::config(&field, "not resolved from the deployment"))?;
    if !snapshot
        .context
        .policy
        .venue_allowlist
        .iter()
        .any(|v| v == address)
    {
        return Err(AdvisorError::config(
            field,
            format!("{address} is not on the policy's venue allowlist"),
        ));
    }
    Ok(Some(address))
}

/// A swap action.
pub(crate) fn swap(
    pair: &str,
    offer: &AssetInfo,
    offer_amount: Uint128,
    ask: &AssetInfo,
    max_slippage_bps: u16,
) -> TreasuryAction {
    TreasuryAction::Swap {
        pair: pair.to_string(),
        offer_asset: offer.clone(),
        offer_amount,
        ask_asset: ask.clone(),
        max_slippage_bps,
    }
}

/// `bps` as a percentage with two decimals, e.g. `-12.34%`.
pub(crate) fn pct(bps: i128) -> String {
    let sign = if bps < 0 { "-" } else { "" };
    let bps = bps.unsigned_abs();
    format!("{sign}{}.{:02}%", bps / 100, bps % 100)
}

/// Cuts text to the payload's rationale limit on a character boundary.
pub(crate) fn clip_rationale(mut text: String) -> String {
    if text.len() > MAX_RATIONALE_LEN {
        let mut end = MAX_RATIONALE_LEN - 3;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pct_formats_signed_basis_points() {
        assert_eq!(pct(1234), "12.34%");
        assert_eq!(pct(-5), "-0.05%");
        assert_eq!(pct(0), "0.00%");
    }

    #[test]
    fn rationale_is_clipped_on_a_char_boundary() {
        let long = "é".repeat(MAX_RATIONALE_LEN);
        let clipped = clip_rationale(long);
        assert!(clipped.len() <= MAX_RATIONALE_LEN);
        assert!(clipped.ends_with("..."));
        assert_eq!(clip_rationale("short".into()), "short");
    }

    fn deployment(venues: &[(&str, &str, &str)]) -> Deployment {
        let venues: Vec<_> = venues
            .iter()
            .map(|(address, a, b)| serde_json::json!({"address": address, "assets": [a, b]}))
            .collect();
        let json = serde_json::json!({"contracts": {"core": "wasm1core"}, "venues": venues});
        Deployment::parse(json.to_string().as_bytes()).unwrap()
    }

    fn pair(address: Option<&str>, a: &str, b: &str) -> PairConfig {
        PairConfig {
            address: address.map(str::to_string),
            assets: [a.parse().unwrap(), b.parse().unwrap()],
        }
    }

    #[test]
    fn pairs_given_by_assets_take_the_one_venue_trading_them() {
        let d = deployment(&[
            ("wasm1atomusd", "native:uatom", "native:uusd"),
            ("wasm1stewusd", "cw20:wasm1stew", "native:uusd"),
        ]);
        let mut pairs = vec![
            pair(None, "native:uatom", "native:uusd"),
            // either order
            pair(None, "native:uusd", "cw20:wasm1stew"),
            // an explicit address is kept, even one the deployment does not list
            pair(Some("wasm1mine"), "native:uatom", "native:uusd"),
        ];
        resolve_pairs("strategy.pairs", &mut pairs, Some(&d)).unwrap();
        let addresses: Vec<_> = pairs.iter().map(|p| p.address.as_deref()).collect();
        assert_eq!(
            addresses,
            [
                Some("wasm1atomusd"),
                Some("wasm1stewusd"),
                Some("wasm1mine")
            ]
        );
        // With explicit addresses only, no deployment is needed.
        let mut explicit = vec![pair(Some("wasm1mine"), "native:uatom", "native:uusd")];
        resolve_pairs("strategy.pairs", &mut explicit, None).unwrap();
        assert_eq!(explicit[0].address.as_deref(), Some("wasm1mine"));
    }

    #[test]
    fn no_venue_or_two_venues_name_the_field_and_what_was_looked_for() {
        let d = deployment(&[
            ("wasm1first", "native:uatom", "native:uusd"),
            ("wasm1second", "native:uusd", "native:uatom"),
            ("wasm1stewusd", "cw20:wasm1stew", "native:uusd"),
        ]);
        let mut pairs = vec![
            pair(None, "cw20:wasm1stew", "native:uusd"),
            pair(None, "native:uatom", "cw20:wasm1stew"),
        ];
        let err = resolve_pairs("strategy.pairs", &mut pairs, Some(&d)).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::PairVenueUnresolved { field, assets, matches }
                if field == "strategy.pairs[1].address"
                    && *assets == ["native:uatom", "cw20:wasm1stew"]
                    && matches.is_empty()),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("lists no venue trading native:uatom and cw20:wasm1stew"),
            "{err}"
        );
        let mut pairs = vec![pair(None, "native:uatom", "native:uusd")];
        let err = resolve_pairs("strategy.pairs", &mut pairs, Some(&d)).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::PairVenueUnresolved { field, matches, .. }
                if field == "strategy.pairs[0].address" && *matches == ["wasm1first", "wasm1second"]),
            "{err}"
        );
        assert!(err.to_string().contains("2 venues"), "{err}");
        let err = resolve_pairs("strategy.pairs", &mut pairs, None).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::InvalidConfig { field, reason }
                if field == "strategy.pairs[0].address" && reason.contains("no deployment file")),
            "{err}"
        );
    }

    #[test]
    fn a_venue_that_named_no_assets_matches_nothing() {
        let d = Deployment::parse(
            br#"{"contracts":{"core":"wasm1core"},"venues":[{"address":"wasm1silent","assets":[]}]}"#,
        )
        .unwrap();
        let mut pairs = vec![pair(None, "native:uatom", "native:uusd")];
        let err = resolve_pairs("strategy.pairs", &mut pairs, Some(&d)).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::PairVenueUnresolved { matches, .. } if matches.is_empty()),
            "{err}"
        );
    }

    #[test]
    fn digest_depends_on_every_parameter() {
        let a = crate::sample::rebalance_config(4);
        let mut b = a.clone();
        if let StrategyConfig::Rebalance(c) = &mut b {
            c.drift_band_bps += 1;
        }
        assert_ne!(a.digest(), b.digest());
        assert_eq!(a.digest(), a.clone().digest());
    }
}
