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

    /// The strategy this config describes.
    pub fn build(&self) -> Result<Box<dyn Strategy>> {
        self.validate()?;
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairConfig {
    /// The pair contract (must be on the policy's venue allowlist).
    pub address: String,
    /// Its two assets.
    pub assets: [AssetRef; 2],
}

/// Checks a pair list: addresses present, assets distinct.
pub(crate) fn validate_pairs(field: &str, pairs: &[PairConfig]) -> Result<()> {
    for (i, p) in pairs.iter().enumerate() {
        if p.address.is_empty() {
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
    if !snapshot
        .context
        .policy
        .venue_allowlist
        .contains(&pair.address)
    {
        return Err(AdvisorError::config(
            format!("strategy.pairs[{i}].address"),
            format!("{} is not on the policy's venue allowlist", pair.address),
        ));
    }
    Ok(Some(&pair.address))
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
