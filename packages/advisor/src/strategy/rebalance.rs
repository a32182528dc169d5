//! Target-weight rebalancing with drift bands and a minimum trade size.
//!
//! Each target asset is valued at the snapshot's prices. An asset whose weight
//! is more than `drift_band_bps` away from its target is brought back to
//! target by swaps, through configured allow-listed pairs, against assets that
//! drifted the other way (those outside their own band first). Trades below
//! `min_trade_value` (quote units) are skipped. With a `hub` asset (usually
//! the stable one, when every pair is `X/stable`), a drifted asset with no
//! drifted counterpart trades against the hub, which absorbs the other side.
//! Each sale is held to what the
//! policy still lets that asset move this period, and `max_turnover_bps`
//! (optional) caps the value traded per recommendation as a share of the
//! targets' value. All arithmetic is integer, so the same snapshot gives the
//! same actions everywhere.

use super::{
    clip_rationale, find_pair, pct, swap, validate_pairs, validate_slippage, Advice, PairConfig,
    Strategy,
};
use crate::asset::AssetRef;
use crate::error::{AdvisorError, Result};
use crate::snapshot::Snapshot;
use cosmwasm_std::Uint128;
use serde::{Deserialize, Serialize};
use steward_types::policy::{BPS, MAX_ACTIONS};
use steward_types::AssetInfo;

/// `kind = "rebalance"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RebalanceConfig {
    /// Target weights; they sum to 10000 bps.
    pub targets: Vec<Target>,
    /// How far (bps of the targets' value) an asset may drift before it is traded.
    pub drift_band_bps: u16,
    /// Smallest trade, in quote units.
    pub min_trade_value: Uint128,
    /// Slippage each swap accepts (at most the policy's).
    pub max_slippage_bps: u16,
    /// Pairs the swaps may use.
    pub pairs: Vec<PairConfig>,
    /// Most value traded in one recommendation, in bps of the targets' value.
    #[serde(default)]
    pub max_turnover_bps: Option<u16>,
    /// A target asset that takes the other side of a trade when no drifted
    /// counterpart shares a pair with the drifted asset.
    #[serde(default)]
    pub hub: Option<AssetRef>,
}

/// One target weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The asset.
    pub asset: AssetRef,
    /// Its share of the targets' value, in bps.
    pub weight_bps: u16,
}

impl RebalanceConfig {
    /// Checks weights, band, slippage and pairs.
    pub fn validate(&self) -> Result<()> {
        if self.targets.len() < 2 {
            return Err(AdvisorError::config(
                "strategy.targets",
                "needs at least two assets",
            ));
        }
        let total: u64 = self.targets.iter().map(|t| u64::from(t.weight_bps)).sum();
        if total != BPS {
            return Err(AdvisorError::config(
                "strategy.targets",
                format!("weights sum to {total} bps, not {BPS}"),
            ));
        }
        for (i, t) in self.targets.iter().enumerate() {
            if self.targets[..i].iter().any(|u| u.asset == t.asset) {
                return Err(AdvisorError::config(
                    "strategy.targets",
                    format!("{} is listed twice", t.asset),
                ));
            }
        }
        if u64::from(self.drift_band_bps) >= BPS {
            return Err(AdvisorError::config(
                "strategy.drift_band_bps",
                format!("{} must be below {BPS}", self.drift_band_bps),
            ));
        }
        if let Some(t) = self.max_turnover_bps {
            if t == 0 || u64::from(t) > BPS {
                return Err(AdvisorError::config(
                    "strategy.max_turnover_bps",
                    format!("{t} must be within 1..={BPS}"),
                ));
            }
        }
        if let Some(hub) = &self.hub {
            if !self.targets.iter().any(|t| &t.asset == hub) {
                return Err(AdvisorError::config(
                    "strategy.hub",
                    format!("{hub} is not one of the targets"),
                ));
            }
        }
        validate_slippage("strategy.max_slippage_bps", self.max_slippage_bps)?;
        validate_pairs("strategy.pairs", &self.pairs)
    }
}

/// The rebalancing strategy.
pub struct RebalanceStrategy {
    config: RebalanceConfig,
    digest: String,
}

impl RebalanceStrategy {
    /// A strategy for a validated config; `digest` is the config's digest.
    pub fn new(config: RebalanceConfig, digest: String) -> Self {
        RebalanceStrategy { config, digest }
    }
}

struct Entry<'a> {
    asset: &'a AssetInfo,
    /// Positive: value to sell; negative: value to buy (quote units).
    residual: i128,
    drift_bps: i128,
    out_of_band: bool,
    /// Value this asset may still sell (policy allowance and reserve).
    sell_capacity: u128,
}

const BPS_I: i128 = BPS as i128;

fn to_i128(v: Uint128, what: &str) -> Result<i128> {
    i128::try_from(v.u128()).map_err(|_| AdvisorError::overflow(what))
}

impl Strategy for RebalanceStrategy {
    fn name(&self) -> &'static str {
        "rebalance"
    }

    fn version(&self) -> &'static str {
        "1.0.0"
    }

    fn is_deterministic(&self) -> bool {
        true
    }

    fn config_digest(&self, _snapshot: &Snapshot) -> Result<String> {
        Ok(self.digest.clone())
    }

    fn advise(&self, snapshot: &Snapshot) -> Result<Advice> {
        let c = &self.config;
        let mut values = Vec::with_capacity(c.targets.len());
        let mut nav = Uint128::zero();
        for t in &c.targets {
            let asset = t.asset.info();
            snapshot.require_listed(asset, "strategy.targets")?;
            let value = snapshot.value(asset, snapshot.balance(asset))?;
            nav = nav
                .checked_add(value)
                .map_err(|_| AdvisorError::overflow("the targets' value"))?;
            values.push(value);
        }
        let advice = |actions, rationale: String, confidence_bps| Advice {
            actions,
            governance: vec![],
            rationale: clip_rationale(rationale),
            confidence_bps,
            strategy: self.name().into(),
            strategy_version: self.version().into(),
            model_id: None,
            config_digest: self.digest.clone(),
        };
        if nav.is_zero() {
            return Ok(advice(
                vec![],
                "Rebalance: the target assets hold no value".into(),
                10_000,
            ));
        }
        let nav_i = to_i128(nav, "the targets' value")?;
        let band = i128::from(c.drift_band_bps);
        let mut entries = Vec::with_capacity(values.len());
        for (t, value) in c.targets.iter().zip(&values) {
            let target_value = nav.multiply_ratio(t.weight_bps, BPS);
            let residual = to_i128(*value, "a value")? - to_i128(target_value, "a target")?;
            let drift_bps = residual * BPS_I / nav_i;
            let asset = t.asset.info();
            let sell_capacity = snapshot.value(asset, snapshot.movable(asset))?.u128();
            entries.push(Entry {
                asset,
                residual,
                drift_bps,
                out_of_band: drift_bps.abs() > band,
                sell_capacity,
            });
        }
        let largest = entries
            .iter()
            .max_by_key(|e| e.drift_bps.abs())
            .map(|e| e.drift_bps.abs())
            .unwrap_or(0);
        let drifted: Vec<usize> = {
            let mut v: Vec<usize> = (0..entries.len())
                .filter(|&i| entries[i].out_of_band)
                .collect();
            v.sort_by(|&a, &b| {
                entries[b]
                    .residual
                    .abs()
                    .cmp(&entries[a].residual.abs())
                    .then_with(|| entries[a].asset.cmp(entries[b].asset))
            });
            v
        };
        if drifted.is_empty() {
            return Ok(advice(
                vec![],
                format!(
                    "Rebalance: all {} assets within ±{} of target (largest drift {})",
                    entries.len(),
                    pct(band),
                    pct(largest)
                ),
                10_000,
            ));
        }

        let mut turnover_left: u128 = match c.max_turnover_bps {
            Some(bps) => nav.multiply_ratio(bps, BPS).u128(),
            None => u128::MAX,
        };
        let min_trade = c.min_trade_value.u128();
        let hub_index = c
            .hub
            .as_ref()
            .and_then(|h| entries.iter().position(|e| e.asset == h.info()));
        let is_hub = |j: usize| hub_index == Some(j);
        let mut actions = vec![];
        let mut traded: u128 = 0;
        'outer: for &i in &drifted {
            if entries[i].residual == 0 {
                continue;
            }
            let selling = entries[i].residual > 0;
            let mut candidates: Vec<usize> = (0..entries.len())
                .filter(|&j| {
                    j != i
                        && (is_hub(j)
                            || (entries[j].residual != 0 && (entries[j].residual > 0) != selling))
                })
                .collect();
            // Drifted counterparts first, largest first; the hub last.
            candidates.sort_by(|&a, &b| {
                is_hub(a)
                    .cmp(&is_hub(b))
                    .then_with(|| entries[b].out_of_band.cmp(&entries[a].out_of_band))
                    .then_with(|| entries[b].residual.abs().cmp(&entries[a].residual.abs()))
                    .then_with(|| entries[a].asset.cmp(entries[b].asset))
            });
            for j in candidates {
                if entries[i].residual == 0 {
                    break;
                }
                let (seller, buyer) = if selling { (i, j) } else { (j, i) };
                let Some(pair) = find_pair(
                    snapshot,
                    &c.pairs,
                    entries[seller].asset,
                    entries[buyer].asset,
                )?
                else {
                    continue;
                };
                let mut trade = entries[i]
                    .residual
                    .unsigned_abs()
                    .min(entries[seller].sell_capacity)
                    .min(turnover_left);
                if !is_hub(j) {
                    trade = trade.min(entries[j].residual.unsigned_abs());
                }
                if trade == 0 || trade < min_trade {
                    continue;
                }
                let offer_amount =
                    snapshot.amount_for_value(entries[seller].asset, Uint128::new(trade))?;
                if offer_amount.is_zero() {
                    continue;
                }
                actions.push(swap(
                    pair,
                    entries[seller].asset,
                    offer_amount,
                    entries[buyer].asset,
                    c.max_slippage_bps,
                ));
                let trade_i = trade as i128;
                entries[seller].residual -= trade_i;
                entries[buyer].residual += trade_i;
                entries[seller].sell_capacity -= trade;
                turnover_left -= trade;
                traded += trade;
                if actions.len() == MAX_ACTIONS || turnover_left == 0 {
                    break 'outer;
                }
            }
        }

        let mut text = format!("Rebalance to targets (band ±{}):", pct(band));
        for (n, &i) in drifted.iter().enumerate() {
            if n == 6 {
                text.push_str(&format!(" and {} more", drifted.len() - n));
                break;
            }
            let e = &entries[i];
            let target = c
                .targets
                .iter()
                .find(|t| t.asset.info() == e.asset)
                .map(|t| i128::from(t.weight_bps))
                .unwrap_or(0);
            text.push_str(&format!(
                " {} at {} vs {};",
                e.asset,
                pct(target + e.drift_bps),
                pct(target)
            ));
        }
        if actions.is_empty() {
            text.push_str(" no trade possible (pairs, limits or minimum trade size)");
            return Ok(advice(vec![], text, 10_000));
        }
        let fixed = drifted.iter().all(|&i| {
            entries[i]
                .residual
                .unsigned_abs()
                .saturating_mul(BPS_I as u128)
                <= band.unsigned_abs().saturating_mul(nav.u128())
        });
        text.push_str(&format!(
            " {} swap(s) worth {traded} quote units{}",
            actions.len(),
            if fixed {
                ""
            } else {
                ", partial: limited by pairs, policy limits or turnover"
            }
        ));
        Ok(advice(actions, text, if fixed { 9_000 } else { 6_000 }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use crate::strategy::StrategyConfig;
    use cosmwasm_std::Decimal;
    use steward_types::TreasuryAction;

    fn strategy(config: &StrategyConfig) -> Box<dyn Strategy> {
        config.build().unwrap()
    }

    fn rebalance(config: &mut StrategyConfig) -> &mut RebalanceConfig {
        match config {
            StrategyConfig::Rebalance(c) => c,
            _ => unreachable!(),
        }
    }

    #[test]
    fn drifted_portfolio_gets_swaps_back_to_target() {
        let snapshot = sample::snapshot(4);
        let config = sample::rebalance_config(4);
        let advice = strategy(&config).advise(&snapshot).unwrap();
        assert!(!advice.actions.is_empty(), "{}", advice.rationale);
        assert_eq!(advice.strategy, "rebalance");
        assert_eq!(advice.config_digest, config.digest());
        for a in &advice.actions {
            let TreasuryAction::Swap {
                pair,
                max_slippage_bps,
                ..
            } = a
            else {
                panic!("only swaps: {a:?}")
            };
            assert!(snapshot.context.policy.venue_allowlist.contains(pair));
            assert_eq!(*max_slippage_bps, 100);
        }
        // It passes the shared policy check as it stands.
        steward_types::check_actions(&snapshot.context, &advice.actions).unwrap();
    }

    #[test]
    fn same_snapshot_same_advice() {
        let snapshot = sample::snapshot(8);
        let s = strategy(&sample::rebalance_config(8));
        assert_eq!(s.advise(&snapshot).unwrap(), s.advise(&snapshot).unwrap());
    }

    #[test]
    fn no_drift_means_no_actions() {
        let mut snapshot = sample::snapshot(4);
        let mut config = sample::rebalance_config(4);
        // Balances worth exactly the targets: equal weights, equal values.
        let weights = 10_000 / 4;
        let c = rebalance(&mut config);
        for t in &mut c.targets {
            t.weight_bps = weights;
        }
        let prices = snapshot.context.prices.clone();
        for b in &mut snapshot.context.balances {
            let price = prices.iter().find(|p| p.asset == b.info).unwrap().price;
            b.amount = Uint128::new(1_000_000_000)
                .checked_div_floor(price)
                .unwrap();
        }
        let advice = strategy(&config).advise(&snapshot).unwrap();
        assert!(advice.actions.is_empty());
        assert!(advice.rationale.contains("within"), "{}", advice.rationale);
    }

    #[test]
    fn drift_inside_the_band_is_left_alone() {
        let snapshot = sample::snapshot(4);
        let mut config = sample::rebalance_config(4);
        rebalance(&mut config).drift_band_bps = 9_999;
        let advice = strategy(&config).advise(&snapshot).unwrap();
        assert!(advice.actions.is_empty(), "{:?}", advice.actions);
    }

    #[test]
    fn trades_below_the_minimum_are_skipped() {
        let snapshot = sample::snapshot(4);
        let mut config = sample::rebalance_config(4);
        rebalance(&mut config).min_trade_value = Uint128::new(u128::MAX);
        let advice = strategy(&config).advise(&snapshot).unwrap();
        assert!(advice.actions.is_empty());
        assert!(
            advice.rationale.contains("no trade possible"),
            "{}",
            advice.rationale
        );
    }

    #[test]
    fn turnover_cap_limits_the_value_traded() {
        let snapshot = sample::snapshot(4);
        let mut config = sample::rebalance_config(4);
        rebalance(&mut config).max_turnover_bps = Some(1);
        let advice = strategy(&config).advise(&snapshot).unwrap();
        assert_eq!(advice.actions.len(), 1);
        assert_eq!(advice.confidence_bps, 6_000);
        assert!(advice.rationale.contains("partial"), "{}", advice.rationale);
    }

    #[test]
    fn unknown_target_asset_is_an_error() {
        let snapshot = sample::snapshot(3);
        let mut config = sample::rebalance_config(3);
        rebalance(&mut config).targets[1].asset = "native:ughost".parse().unwrap();
        let err = strategy(&config).advise(&snapshot).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::UnknownAsset { asset, .. } if asset == "native:ughost"),
            "{err}"
        );
    }

    #[test]
    fn missing_price_is_an_error() {
        let mut snapshot = sample::snapshot(3);
        let gone = snapshot.context.prices.remove(1).asset;
        let err = strategy(&sample::rebalance_config(3))
            .advise(&snapshot)
            .unwrap_err();
        assert!(
            matches!(&err, AdvisorError::MissingPrice { asset } if *asset == gone.key()),
            "{err}"
        );
    }

    #[test]
    fn pair_off_the_allowlist_is_a_config_error() {
        let mut snapshot = sample::snapshot(3);
        snapshot.context.policy.venue_allowlist.clear();
        let err = strategy(&sample::rebalance_config(3))
            .advise(&snapshot)
            .unwrap_err();
        assert!(
            matches!(&err, AdvisorError::InvalidConfig { reason, .. } if reason.contains("allowlist")),
            "{err}"
        );
    }

    #[test]
    fn price_moves_change_the_trades() {
        let snapshot = sample::snapshot(4);
        let s = strategy(&sample::rebalance_config(4));
        let before = s.advise(&snapshot).unwrap();
        let mut moved = snapshot.clone();
        moved.context.prices[1].price *= Decimal::percent(150);
        let after = s.advise(&moved).unwrap();
        assert_ne!(before.actions, after.actions);
    }

    #[test]
    fn invalid_configs_are_refused() {
        let base = sample::rebalance_config(3);
        let mut c = base.clone();
        rebalance(&mut c).targets[0].weight_bps += 1;
        assert!(
            matches!(c.validate(), Err(AdvisorError::InvalidConfig { field, .. }) if field == "strategy.targets")
        );
        let mut c = base.clone();
        let t = rebalance(&mut c).targets[0].clone();
        rebalance(&mut c).targets[1].asset = t.asset;
        assert!(c.validate().is_err());
        let mut c = base.clone();
        rebalance(&mut c).max_slippage_bps = 10_001;
        assert!(
            matches!(c.validate(), Err(AdvisorError::InvalidConfig { field, .. }) if field == "strategy.max_slippage_bps")
        );
        let mut c = base.clone();
        rebalance(&mut c).max_turnover_bps = Some(0);
        assert!(c.validate().is_err());
        let mut c = base;
        let p = &mut rebalance(&mut c).pairs[0];
        p.assets[1] = p.assets[0].clone();
        assert!(
            matches!(c.validate(), Err(AdvisorError::InvalidConfig { field, .. }) if field == "strategy.pairs[0].assets")
        );
    }
}
