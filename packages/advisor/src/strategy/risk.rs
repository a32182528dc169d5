//! Risk: volatility targeting and drawdown-triggered de-risking into a stable asset.
//!
//! For each risky asset with enough price history:
//! - **volatility**: an EWMA of squared simple returns over the snapshot's
//!   history, `var = λ·var + (1-λ)·r²` (seeded with the first `r²`), gives a
//!   per-observation volatility `σ = √var`. Above `target_vol_bps`, the
//!   holding is cut to `target/σ` of itself;
//! - **drawdown**: when the last price is `max_drawdown_bps` or more below the
//!   history's peak, `drawdown_derisk_bps` of the holding is sold.
//!
//! The larger cut wins; the sale goes to `stable` through a configured
//! allow-listed pair, held to what the policy still lets the asset move and
//! skipped below `min_trade_value`. Arithmetic is fixed-point (`Decimal`), so
//! results are the same on every machine. This strategy only ever de-risks:
//! buying back is left to `rebalance`.

use super::{
    clip_rationale, find_pair, pct, swap, validate_pairs, validate_slippage, Advice, PairConfig,
    Strategy,
};
use crate::asset::AssetRef;
use crate::error::{AdvisorError, Result};
use crate::snapshot::{PricePoint, Snapshot};
use cosmwasm_std::{Decimal, Uint128};
use serde::{Deserialize, Serialize};
use steward_types::policy::{BPS, MAX_ACTIONS};
use steward_types::AssetInfo;

/// `kind = "risk"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskConfig {
    /// Where de-risked value goes.
    pub stable: AssetRef,
    /// Risky assets to watch; default every policy asset but `stable`.
    #[serde(default)]
    pub assets: Option<Vec<AssetRef>>,
    /// Pairs `X/stable` the sales use.
    pub pairs: Vec<PairConfig>,
    /// Slippage each swap accepts.
    pub max_slippage_bps: u16,
    /// Smallest sale, in quote units.
    pub min_trade_value: Uint128,
    /// EWMA decay λ in bps (e.g. 9400 for 0.94); within 1..10000.
    #[serde(default = "default_lambda")]
    pub ewma_lambda_bps: u16,
    /// Target volatility per observation interval, in bps.
    pub target_vol_bps: u32,
    /// Drawdown from the history's peak that triggers de-risking, in bps.
    pub max_drawdown_bps: u16,
    /// Share of the holding sold on a drawdown, in bps.
    pub drawdown_derisk_bps: u16,
    /// Fewest price points before an asset is judged (at least 2).
    #[serde(default = "default_min_history")]
    pub min_history: usize,
}

fn default_lambda() -> u16 {
    9_400
}
fn default_min_history() -> usize {
    5
}

impl RiskConfig {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        if self.ewma_lambda_bps == 0 || u64::from(self.ewma_lambda_bps) >= BPS {
            return Err(AdvisorError::config(
                "strategy.ewma_lambda_bps",
                format!("{} must be within 1..{BPS}", self.ewma_lambda_bps),
            ));
        }
        if self.target_vol_bps == 0 {
            return Err(AdvisorError::config(
                "strategy.target_vol_bps",
                "must be non-zero",
            ));
        }
        for (field, v) in [
            ("strategy.max_drawdown_bps", self.max_drawdown_bps),
            ("strategy.drawdown_derisk_bps", self.drawdown_derisk_bps),
        ] {
            if v == 0 || u64::from(v) > BPS {
                return Err(AdvisorError::config(
                    field,
                    format!("{v} must be within 1..={BPS}"),
                ));
            }
        }
        if self.min_history < 2 {
            return Err(AdvisorError::config(
                "strategy.min_history",
                "needs at least 2 points for one return",
            ));
        }
        if let Some(assets) = &self.assets {
            if assets.contains(&self.stable) {
                return Err(AdvisorError::config(
                    "strategy.assets",
                    format!("{} is the stable asset", self.stable),
                ));
            }
        }
        validate_slippage("strategy.max_slippage_bps", self.max_slippage_bps)?;
        validate_pairs("strategy.pairs", &self.pairs)
    }
}

/// The risk strategy.
pub struct RiskStrategy {
    config: RiskConfig,
    digest: String,
}

impl RiskStrategy {
    /// A strategy for a validated config; `digest` is the config's digest.
    pub fn new(config: RiskConfig, digest: String) -> Self {
        RiskStrategy { config, digest }
    }
}

/// Risk figures of one price series.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskFigures {
    /// EWMA volatility per observation.
    pub volatility: Decimal,
    /// Fall of the last price from the peak, as a fraction.
    pub drawdown: Decimal,
}

/// EWMA volatility and drawdown of a series of at least two points.
pub fn risk_figures(points: &[PricePoint], lambda: Decimal) -> Result<RiskFigures> {
    let overflow = || AdvisorError::overflow("price history statistics");
    let mut variance: Option<Decimal> = None;
    let mut peak = points[0].price;
    for w in points.windows(2) {
        let (prev, next) = (w[0].price, w[1].price);
        let change = if next >= prev {
            next - prev
        } else {
            prev - next
        };
        let r = change.checked_div(prev).map_err(|_| overflow())?;
        let r2 = r.checked_mul(r).map_err(|_| overflow())?;
        variance = Some(match variance {
            None => r2,
            Some(v) => v
                .checked_mul(lambda)
                .and_then(|a| Ok(a + r2.checked_mul(Decimal::one() - lambda)?))
                .map_err(|_| overflow())?,
        });
        peak = peak.max(next);
    }
    let last = points[points.len() - 1].price;
    Ok(RiskFigures {
        volatility: variance.unwrap_or_default().sqrt(),
        drawdown: (peak - last).checked_div(peak).map_err(|_| overflow())?,
    })
}

fn bps(d: Decimal) -> i128 {
    (d * Decimal::from_ratio(BPS, 1u64)).to_uint_floor().u128() as i128
}

impl Strategy for RiskStrategy {
    fn name(&self) -> &'static str {
        "risk"
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
        let stable = c.stable.info();
        snapshot.require_listed(stable, "strategy.stable")?;
        let assets: Vec<&AssetInfo> = match &c.assets {
            Some(list) => {
                for a in list {
                    snapshot.require_listed(a.info(), "strategy.assets")?;
                }
                list.iter().map(|a| a.info()).collect()
            }
            None => snapshot
                .context
                .policy
                .allowances
                .iter()
                .map(|a| &a.info)
                .filter(|a| *a != stable)
                .collect(),
        };
        let lambda = Decimal::from_ratio(c.ewma_lambda_bps, BPS);
        let target = Decimal::from_ratio(c.target_vol_bps, BPS);
        let max_dd = Decimal::from_ratio(c.max_drawdown_bps, BPS);
        let dd_cut = Decimal::from_ratio(c.drawdown_derisk_bps, BPS);

        let mut actions = vec![];
        let mut notes = vec![];
        let mut drawdown_hit = false;
        let mut short_history = 0usize;
        for asset in assets {
            let balance = snapshot.balance(asset);
            if balance.is_zero() {
                continue;
            }
            let Some(points) = snapshot.history(asset).filter(|p| p.len() >= c.min_history) else {
                short_history += 1;
                continue;
            };
            let f = risk_figures(points, lambda)?;
            let vol_cut = if f.volatility > target {
                Decimal::one() - target.checked_div(f.volatility).unwrap_or_default()
            } else {
                Decimal::zero()
            };
            let dd_triggered = f.drawdown >= max_dd;
            let cut = if dd_triggered {
                vol_cut.max(dd_cut)
            } else {
                vol_cut
            };
            if cut.is_zero() {
                continue;
            }
            let amount = balance.mul_floor(cut).min(snapshot.movable(asset));
            if amount.is_zero() || snapshot.value(asset, amount)? < c.min_trade_value {
                continue;
            }
            let Some(pair) = find_pair(snapshot, &c.pairs, asset, stable)? else {
                notes.push(format!("{asset}: no pair to {stable}"));
                continue;
            };
            drawdown_hit |= dd_triggered;
            actions.push(swap(pair, asset, amount, stable, c.max_slippage_bps));
            let mut why = vec![];
            if !vol_cut.is_zero() {
                why.push(format!(
                    "vol {} > target {}",
                    pct(bps(f.volatility)),
                    pct(i128::from(c.target_vol_bps))
                ));
            }
            if dd_triggered {
                why.push(format!("drawdown {}", pct(bps(f.drawdown))));
            }
            notes.push(format!(
                "{asset}: {}, sell {}",
                why.join(", "),
                pct(bps(cut))
            ));
            if actions.len() == MAX_ACTIONS {
                break;
            }
        }
        let mut text = if actions.is_empty() {
            format!(
                "Risk: every watched asset within volatility target {} and drawdown limit {}",
                pct(i128::from(c.target_vol_bps)),
                pct(i128::from(c.max_drawdown_bps))
            )
        } else {
            format!("Risk: de-risk into {stable}: {}", notes.join("; "))
        };
        if short_history > 0 {
            text.push_str(&format!(
                " ({short_history} asset(s) with under {} price points not judged)",
                c.min_history
            ));
        }
        Ok(Advice {
            actions,
            governance: vec![],
            rationale: clip_rationale(text),
            confidence_bps: if drawdown_hit { 8_500 } else { 8_000 },
            strategy: self.name().into(),
            strategy_version: self.version().into(),
            model_id: None,
            config_digest: self.digest.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use crate::snapshot::PriceSeries;
    use crate::strategy::StrategyConfig;
    use steward_types::TreasuryAction;

    fn risk(config: &mut StrategyConfig) -> &mut RiskConfig {
        match config {
            StrategyConfig::Risk(c) => c,
            _ => unreachable!(),
        }
    }

    fn series(prices: &[u64]) -> Vec<PricePoint> {
        prices
            .iter()
            .enumerate()
            .map(|(i, p)| PricePoint {
                time: 1_000 + i as u64 * 60,
                price: Decimal::from_ratio(*p, 100u64),
            })
            .collect()
    }

    fn set_history(snapshot: &mut Snapshot, asset: &AssetInfo, prices: &[u64]) {
        snapshot.price_history.retain(|s| &s.asset != asset);
        snapshot.price_history.push(PriceSeries {
            asset: asset.clone(),
            points: series(prices),
        });
    }

    #[test]
    fn flat_prices_have_no_volatility_or_drawdown() {
        let f = risk_figures(&series(&[100, 100, 100, 100]), Decimal::percent(94)).unwrap();
        assert_eq!(f.volatility, Decimal::zero());
        assert_eq!(f.drawdown, Decimal::zero());
    }

    #[test]
    fn ewma_matches_a_hand_computation() {
        // Returns +10 %, -10 % (of 110: 11/110 = 0.1): r² = 0.01 both times,
        // so the EWMA variance is 0.01 and the volatility 0.1.
        let f = risk_figures(&series(&[100, 110, 99]), Decimal::percent(94)).unwrap();
        assert_eq!(f.volatility, Decimal::percent(10));
        // Peak 1.10, last 0.99: drawdown 10 %.
        assert_eq!(f.drawdown, Decimal::percent(10));
    }

    #[test]
    fn calm_assets_give_nothing_to_do() {
        let mut snapshot = sample::snapshot(3);
        for p in snapshot.context.prices.clone() {
            set_history(&mut snapshot, &p.asset, &[100, 100, 101, 100, 100, 101]);
        }
        let advice = sample::risk_config(3)
            .build()
            .unwrap()
            .advise(&snapshot)
            .unwrap();
        assert!(advice.actions.is_empty(), "{:?}", advice.actions);
        assert!(advice.rationale.contains("within"), "{}", advice.rationale);
    }

    #[test]
    fn volatile_asset_is_cut_toward_the_target() {
        let mut snapshot = sample::snapshot(3);
        let asset = sample::asset(1);
        for p in snapshot.context.prices.clone() {
            set_history(&mut snapshot, &p.asset, &[100, 100, 100, 100, 100]);
        }
        // ±20 % swings, ending where it started (no drawdown past 20 %... peak 120, last 100: 16.7 %).
        set_history(&mut snapshot, &asset, &[100, 120, 100, 120, 100]);
        let config = sample::risk_config(3);
        let advice = config.build().unwrap().advise(&snapshot).unwrap();
        assert_eq!(advice.actions.len(), 1, "{}", advice.rationale);
        let TreasuryAction::Swap {
            offer_asset,
            ask_asset,
            offer_amount,
            ..
        } = &advice.actions[0]
        else {
            panic!()
        };
        assert_eq!(offer_asset, &asset);
        assert_eq!(ask_asset, &sample::stable());
        let balance = snapshot.balance(&asset);
        assert!(!offer_amount.is_zero() && *offer_amount < balance);
        assert!(advice.rationale.contains("vol"), "{}", advice.rationale);
        assert_eq!(advice.confidence_bps, 8_000);
        steward_types::check_actions(&snapshot.context, &advice.actions).unwrap();
    }

    #[test]
    fn drawdown_triggers_de_risking() {
        let mut snapshot = sample::snapshot(3);
        for p in snapshot.context.prices.clone() {
            set_history(&mut snapshot, &p.asset, &[100, 100, 100, 100, 100]);
        }
        let asset = sample::asset(2);
        // A slow slide: low volatility, 30 % drawdown.
        set_history(
            &mut snapshot,
            &asset,
            &[100, 97, 94, 91, 88, 85, 82, 79, 76, 73, 70],
        );
        let mut config = sample::risk_config(3);
        risk(&mut config).target_vol_bps = 5_000;
        let advice = config.build().unwrap().advise(&snapshot).unwrap();
        assert_eq!(advice.actions.len(), 1, "{}", advice.rationale);
        let TreasuryAction::Swap {
            offer_asset,
            offer_amount,
            ..
        } = &advice.actions[0]
        else {
            panic!()
        };
        assert_eq!(offer_asset, &asset);
        let balance = snapshot.balance(&asset);
        let expected = balance
            .mul_floor(Decimal::percent(50))
            .min(snapshot.movable(&asset));
        assert_eq!(*offer_amount, expected);
        assert!(
            advice.rationale.contains("drawdown"),
            "{}",
            advice.rationale
        );
        assert_eq!(advice.confidence_bps, 8_500);
    }

    #[test]
    fn short_history_is_not_judged() {
        let mut snapshot = sample::snapshot(3);
        snapshot.price_history.clear();
        let advice = sample::risk_config(3)
            .build()
            .unwrap()
            .advise(&snapshot)
            .unwrap();
        assert!(advice.actions.is_empty());
        assert!(
            advice.rationale.contains("not judged"),
            "{}",
            advice.rationale
        );
    }

    #[test]
    fn unknown_stable_is_an_error() {
        let snapshot = sample::snapshot(3);
        let mut config = sample::risk_config(3);
        risk(&mut config).stable = "native:ughost".parse().unwrap();
        let err = config.build().unwrap().advise(&snapshot).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::UnknownAsset { asset, .. } if asset == "native:ughost"),
            "{err}"
        );
    }

    #[test]
    fn same_snapshot_same_advice() {
        let snapshot = sample::snapshot(10);
        let s = sample::risk_config(10).build().unwrap();
        assert_eq!(s.advise(&snapshot).unwrap(), s.advise(&snapshot).unwrap());
    }

    #[test]
    fn invalid_configs_are_refused() {
        let mut c = sample::risk_config(3);
        risk(&mut c).ewma_lambda_bps = 10_000;
        assert!(
            matches!(c.validate(), Err(AdvisorError::InvalidConfig { field, .. }) if field == "strategy.ewma_lambda_bps")
        );
        let mut c = sample::risk_config(3);
        risk(&mut c).min_history = 1;
        assert!(c.validate().is_err());
        let mut c = sample::risk_config(3);
        risk(&mut c).drawdown_derisk_bps = 0;
        assert!(c.validate().is_err());
        let mut c = sample::risk_config(3);
        let stable = risk(&mut c).stable.clone();
        risk(&mut c).assets = Some(vec![stable]);
        assert!(
            matches!(c.validate(), Err(AdvisorError::InvalidConfig { field, .. }) if field == "strategy.assets")
        );
    }
}
