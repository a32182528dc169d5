//! Runway: budget allocations that keep N months of runway at the current burn.
//!
//! The usable balance of `asset` is the treasury's balance above the policy's
//! reserve. Spending `monthly_burn` a month, it lasts `usable / burn` months.
//! The monthly budget is the burn when that is at least `months`, and
//! `usable / months` otherwise (the most that still leaves `months` of
//! runway). It is split between spenders by `share_bps` into `SetBudget`
//! actions of `period_seconds` (a 30-day month by default, amounts scaled to
//! the period). A budget within `min_change_bps` of the one the treasury
//! already has is left alone; a spender whose share comes to zero loses its
//! budget (`RemoveBudget`).

use super::{clip_rationale, Advice, Strategy};
use crate::asset::AssetRef;
use crate::error::{AdvisorError, Result};
use crate::snapshot::Snapshot;
use cosmwasm_std::Uint128;
use serde::{Deserialize, Serialize};
use steward_types::asset::amount_of;
use steward_types::policy::{BPS, MAX_ACTIONS};
use steward_types::TreasuryAction;

/// Seconds in the 30-day month budgets are expressed in.
pub const MONTH_SECONDS: u64 = 30 * 86_400;

/// `kind = "runway"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunwayConfig {
    /// The asset spending is paid in.
    pub asset: AssetRef,
    /// Current spending per 30-day month.
    pub monthly_burn: Uint128,
    /// Months of runway to keep.
    pub months: u32,
    /// Who draws budgets, and their shares of the monthly budget.
    pub budgets: Vec<BudgetShare>,
    /// The budgets' period in seconds.
    #[serde(default = "default_period")]
    pub period_seconds: u64,
    /// Changes smaller than this, in bps of the current budget, are not proposed.
    #[serde(default = "default_min_change")]
    pub min_change_bps: u16,
}

/// One spender's share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetShare {
    /// The spender's address.
    pub spender: String,
    /// Its share of the monthly budget, in bps.
    pub share_bps: u16,
}

fn default_period() -> u64 {
    MONTH_SECONDS
}
fn default_min_change() -> u16 {
    500
}

impl RunwayConfig {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        if self.monthly_burn.is_zero() {
            return Err(AdvisorError::config(
                "strategy.monthly_burn",
                "must be non-zero",
            ));
        }
        if self.months == 0 {
            return Err(AdvisorError::config("strategy.months", "must be non-zero"));
        }
        if self.period_seconds == 0 {
            return Err(AdvisorError::config(
                "strategy.period_seconds",
                "must be non-zero",
            ));
        }
        if self.budgets.is_empty() || self.budgets.len() > MAX_ACTIONS {
            return Err(AdvisorError::config(
                "strategy.budgets",
                format!("needs 1..={MAX_ACTIONS} spenders"),
            ));
        }
        let total: u64 = self.budgets.iter().map(|b| u64::from(b.share_bps)).sum();
        if total > BPS {
            return Err(AdvisorError::config(
                "strategy.budgets",
                format!("shares sum to {total} bps, over {BPS}"),
            ));
        }
        for (i, b) in self.budgets.iter().enumerate() {
            if b.spender.is_empty() {
                return Err(AdvisorError::config(
                    format!("strategy.budgets[{i}].spender"),
                    "is empty",
                ));
            }
            if self.budgets[..i].iter().any(|c| c.spender == b.spender) {
                return Err(AdvisorError::config(
                    "strategy.budgets",
                    format!("{} is listed twice", b.spender),
                ));
            }
        }
        Ok(())
    }
}

/// The runway strategy.
pub struct RunwayStrategy {
    config: RunwayConfig,
    digest: String,
}

impl RunwayStrategy {
    /// A strategy for a validated config; `digest` is the config's digest.
    pub fn new(config: RunwayConfig, digest: String) -> Self {
        RunwayStrategy { config, digest }
    }
}

impl Strategy for RunwayStrategy {
    fn name(&self) -> &'static str {
        "runway"
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
        let asset = c.asset.info();
        snapshot.require_listed(asset, "strategy.asset")?;
        let reserve = amount_of(&snapshot.context.policy.min_reserves, asset);
        let usable = snapshot.balance(asset).saturating_sub(reserve);
        let affordable = usable.multiply_ratio(1u64, c.months);
        let monthly = c.monthly_burn.min(affordable);
        let per_period = monthly
            .checked_multiply_ratio(c.period_seconds, MONTH_SECONDS)
            .map_err(|_| AdvisorError::overflow("the budget per period"))?;
        // Months of runway in tenths, for the rationale.
        let tenths = usable
            .checked_multiply_ratio(10u64, c.monthly_burn)
            .map_err(|_| AdvisorError::overflow("the runway"))?;

        let mut actions = vec![];
        let mut changes = vec![];
        for share in &c.budgets {
            let amount = per_period.multiply_ratio(share.share_bps, BPS);
            let current = snapshot
                .budgets
                .iter()
                .find(|b| b.spender.as_str() == share.spender && &b.asset == asset);
            match current {
                _ if amount.is_zero() => {
                    if current.is_some() {
                        actions.push(TreasuryAction::RemoveBudget {
                            spender: share.spender.clone(),
                            asset: asset.clone(),
                        });
                        changes.push(format!("{}: remove", share.spender));
                    }
                }
                Some(b)
                    if b.period_seconds == c.period_seconds
                        && b.amount_per_period.abs_diff(amount).full_mul(BPS)
                            <= b.amount_per_period.full_mul(c.min_change_bps) => {}
                _ => {
                    actions.push(TreasuryAction::SetBudget {
                        spender: share.spender.clone(),
                        asset: asset.clone(),
                        amount_per_period: amount,
                        period_seconds: c.period_seconds,
                    });
                    changes.push(match current {
                        Some(b) => {
                            format!("{}: {} -> {amount}", share.spender, b.amount_per_period)
                        }
                        None => format!("{}: {amount}", share.spender),
                    });
                }
            }
        }
        let runway_text = format!("{}.{}", tenths.u128() / 10, tenths.u128() % 10);
        let sizing = if monthly == c.monthly_burn {
            format!("budgets cover the full burn of {} a month", c.monthly_burn)
        } else {
            format!(
                "budgets cut to {monthly} a month (from a burn of {}) to keep {} months",
                c.monthly_burn, c.months
            )
        };
        let text = if actions.is_empty() {
            format!(
                "Runway: {usable} {asset} usable, {runway_text} months at the current burn; {sizing}; current budgets already match"
            )
        } else {
            format!(
                "Runway: {usable} {asset} usable, {runway_text} months at the current burn; {sizing}; per {}s: {}",
                c.period_seconds,
                changes.join(", ")
            )
        };
        Ok(Advice {
            actions,
            governance: vec![],
            rationale: clip_rationale(text),
            confidence_bps: if monthly == c.monthly_burn {
                9_000
            } else {
                7_500
            },
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
    use crate::strategy::StrategyConfig;
    use cosmwasm_std::Addr;
    use steward_types::bucket::Bucket;
    use steward_types::treasury::Budget;

    fn runway(config: &mut StrategyConfig) -> &mut RunwayConfig {
        match config {
            StrategyConfig::Runway(c) => c,
            _ => unreachable!(),
        }
    }

    fn usable(snapshot: &Snapshot) -> Uint128 {
        let stable = sample::stable();
        snapshot.balance(&stable) - amount_of(&snapshot.context.policy.min_reserves, &stable)
    }

    #[test]
    fn long_runway_funds_the_full_burn() {
        let snapshot = sample::snapshot(3);
        let mut config = sample::runway_config();
        let burn = usable(&snapshot).multiply_ratio(1u64, 24u64);
        runway(&mut config).monthly_burn = burn;
        let advice = config.build().unwrap().advise(&snapshot).unwrap();
        assert_eq!(advice.actions.len(), 2);
        let TreasuryAction::SetBudget {
            amount_per_period,
            period_seconds,
            ..
        } = &advice.actions[0]
        else {
            panic!()
        };
        assert_eq!(*amount_per_period, burn.multiply_ratio(6_000u64, BPS));
        assert_eq!(*period_seconds, MONTH_SECONDS);
        assert!(
            advice.rationale.contains("full burn"),
            "{}",
            advice.rationale
        );
        assert_eq!(advice.confidence_bps, 9_000);
        steward_types::check_actions(&snapshot.context, &advice.actions).unwrap();
    }

    #[test]
    fn short_runway_cuts_budgets_to_keep_n_months() {
        let snapshot = sample::snapshot(3);
        let mut config = sample::runway_config();
        let usable = usable(&snapshot);
        runway(&mut config).monthly_burn = usable.multiply_ratio(1u64, 6u64);
        runway(&mut config).months = 12;
        let advice = config.build().unwrap().advise(&snapshot).unwrap();
        let total: Uint128 = advice
            .actions
            .iter()
            .map(|a| match a {
                TreasuryAction::SetBudget {
                    amount_per_period, ..
                } => *amount_per_period,
                _ => panic!(),
            })
            .sum();
        // 12 months of the cut budget fit in the usable balance.
        assert!(total * Uint128::new(12) <= usable);
        assert!(total > usable.multiply_ratio(99u64, 1200u64));
        assert!(advice.rationale.contains("cut"), "{}", advice.rationale);
        assert_eq!(advice.confidence_bps, 7_500);
    }

    #[test]
    fn matching_budgets_mean_nothing_to_do() {
        let mut snapshot = sample::snapshot(3);
        let config = sample::runway_config();
        let advice = config.build().unwrap().advise(&snapshot).unwrap();
        for a in &advice.actions {
            let TreasuryAction::SetBudget {
                spender,
                asset,
                amount_per_period,
                period_seconds,
            } = a
            else {
                panic!()
            };
            snapshot.budgets.push(Budget {
                spender: Addr::unchecked(spender),
                asset: asset.clone(),
                // Within the 5 % change band.
                amount_per_period: amount_per_period.multiply_ratio(102u64, 100u64),
                period_seconds: *period_seconds,
                bucket: Bucket::full(*amount_per_period, 0),
            });
        }
        let again = config.build().unwrap().advise(&snapshot).unwrap();
        assert!(again.actions.is_empty(), "{:?}", again.actions);
        assert!(
            again.rationale.contains("already match"),
            "{}",
            again.rationale
        );
    }

    #[test]
    fn zero_share_removes_an_existing_budget() {
        let mut snapshot = sample::snapshot(3);
        let mut config = sample::runway_config();
        runway(&mut config).budgets[1].share_bps = 0;
        let spender = runway(&mut config).budgets[1].spender.clone();
        snapshot.budgets.push(Budget {
            spender: Addr::unchecked(&spender),
            asset: sample::stable(),
            amount_per_period: Uint128::new(5),
            period_seconds: MONTH_SECONDS,
            bucket: Bucket::full(Uint128::new(5), 0),
        });
        let advice = config.build().unwrap().advise(&snapshot).unwrap();
        assert!(advice.actions.contains(&TreasuryAction::RemoveBudget {
            spender,
            asset: sample::stable()
        }));
    }

    #[test]
    fn unknown_asset_and_bad_shares_are_refused() {
        let snapshot = sample::snapshot(3);
        let mut config = sample::runway_config();
        runway(&mut config).asset = "cw20:wasm1ghost".parse().unwrap();
        let err = config.build().unwrap().advise(&snapshot).unwrap_err();
        assert!(matches!(err, AdvisorError::UnknownAsset { .. }), "{err}");
        let mut config = sample::runway_config();
        runway(&mut config).budgets[0].share_bps = 9_000;
        assert!(
            matches!(config.validate(), Err(AdvisorError::InvalidConfig { field, .. }) if field == "strategy.budgets")
        );
        let mut config = sample::runway_config();
        runway(&mut config).months = 0;
        assert!(config.validate().is_err());
    }
}
