//! The advisor's only input from the chain: a snapshot of what the policy check
//! needs (a [`PolicyContext`]), plus where it was read (chain id, oracle,
//! height), the advisor's last nonce, the treasury's budgets and a recent price
//! history for the risk strategy.
//!
//! A snapshot is plain JSON, written by `steward-advisor snapshot` or by hand.
//! Its digest (sha256 of its re-serialised JSON, so file formatting does not
//! matter) goes into the payload's `state.digest`, which is how `replay` proves
//! a payload was computed from it.

use crate::error::{AdvisorError, Result};
use cosmwasm_std::{Decimal, Uint128};
use serde::{Deserialize, Serialize};
use std::path::Path;
use steward_types::asset::amount_of;
use steward_types::governance::GovernanceState;
use steward_types::policy::PriceInfo;
use steward_types::proposal::{self, ProposalResponse};
use steward_types::treasury::Budget;
use steward_types::{AssetInfo, PolicyContext};

/// Format version written into every snapshot.
pub const SNAPSHOT_VERSION: u32 = 2;

/// Everything a strategy and the pre-signing check read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Format version, [`SNAPSHOT_VERSION`].
    pub version: u32,
    /// The chain the state was read from.
    pub chain_id: String,
    /// The oracle contract recommendations go to.
    pub oracle: String,
    /// The treasury contract the state belongs to.
    pub treasury: String,
    /// Block height of the read.
    pub height: u64,
    /// Key id of the advisor whose nonce is recorded in `last_nonce`.
    pub advisor: String,
    /// The last nonce the oracle accepted from `advisor`; `None` when none yet.
    pub last_nonce: Option<u64>,
    /// Policy, version, balances, prices, usage and the block time (`now`).
    pub context: PolicyContext,
    /// The treasury's budgets.
    #[serde(default)]
    pub budgets: Vec<Budget>,
    /// Recent prices per asset, oldest first.
    #[serde(default)]
    pub price_history: Vec<PriceSeries>,
    /// The proposal module's config, governance policy and recent proposals:
    /// what the governance strategy reads and its pre-check bounds. Left out
    /// when not read, so snapshots without it keep their digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<GovernanceSnapshot>,
}

/// The proposal module's side of a snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernanceSnapshot {
    /// The proposal config in force.
    pub config: proposal::Config,
    /// The governance policy and the last executed advisor change.
    pub state: GovernanceState,
    /// Recent proposals, newest first, with their effective status.
    pub proposals: Vec<ProposalResponse>,
}

/// Recent prices of one asset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceSeries {
    /// The asset.
    pub asset: AssetInfo,
    /// Observations, strictly increasing in time.
    pub points: Vec<PricePoint>,
}

/// One observed price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricePoint {
    /// Publish time (Unix seconds).
    pub time: u64,
    /// Quote units per smallest unit.
    pub price: Decimal,
}

impl Snapshot {
    /// Parses and validates snapshot JSON.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let snapshot: Snapshot =
            serde_json::from_slice(bytes).map_err(|e| AdvisorError::MalformedSnapshot {
                reason: e.to_string(),
            })?;
        snapshot.validate()?;
        Ok(snapshot)
    }

    /// Reads, parses and validates a snapshot file.
    pub fn load(path: &Path) -> Result<Self> {
        Self::parse(&crate::read_file(path)?)
    }

    /// The JSON this snapshot is stored as (pretty, deterministic).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a snapshot always serialises")
    }

    /// Checks consistency: version, domain, non-zero prices, ordered history.
    pub fn validate(&self) -> Result<()> {
        let malformed = |reason: String| Err(AdvisorError::MalformedSnapshot { reason });
        if self.version != SNAPSHOT_VERSION {
            return malformed(format!(
                "version {} is not the supported {SNAPSHOT_VERSION}",
                self.version
            ));
        }
        for (field, value) in [
            ("chain_id", &self.chain_id),
            ("oracle", &self.oracle),
            ("treasury", &self.treasury),
            ("advisor", &self.advisor),
        ] {
            if value.is_empty() {
                return malformed(format!("{field} is empty"));
            }
        }
        if self.context.policy.period_seconds == 0 {
            return malformed("policy.period_seconds is zero".into());
        }
        for (i, p) in self.context.prices.iter().enumerate() {
            if p.price.is_zero() {
                return Err(AdvisorError::ZeroPrice {
                    asset: p.asset.key(),
                });
            }
            if self.context.prices[..i].iter().any(|q| q.asset == p.asset) {
                return malformed(format!("two prices for {}", p.asset));
            }
        }
        for (i, series) in self.price_history.iter().enumerate() {
            let asset = series.asset.key();
            if self.price_history[..i]
                .iter()
                .any(|s| s.asset == series.asset)
            {
                return malformed(format!("two price series for {asset}"));
            }
            let mut last_time = None;
            for point in &series.points {
                if point.price.is_zero() {
                    return Err(AdvisorError::ZeroPrice { asset });
                }
                if last_time.is_some_and(|t| point.time <= t) {
                    return Err(AdvisorError::BadPriceHistory {
                        asset,
                        reason: format!(
                            "time {} does not follow {}",
                            point.time,
                            last_time.unwrap()
                        ),
                    });
                }
                last_time = Some(point.time);
            }
        }
        Ok(())
    }

    /// Hex sha256 of the snapshot's JSON: the payload's `state.digest`.
    pub fn digest(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("a snapshot always serialises");
        steward_types::crypto::digest_hex(&bytes)
    }

    /// The block time of the snapshot (Unix seconds).
    pub fn now(&self) -> u64 {
        self.context.now
    }

    /// Whether the treasury's policy lists `asset` (only listed assets can move).
    pub fn is_listed(&self, asset: &AssetInfo) -> bool {
        self.context
            .policy
            .allowances
            .iter()
            .any(|a| &a.info == asset)
    }

    /// `UnknownAsset` unless the policy lists `asset`.
    pub fn require_listed(&self, asset: &AssetInfo, context: &str) -> Result<()> {
        if self.is_listed(asset) {
            Ok(())
        } else {
            Err(AdvisorError::UnknownAsset {
                asset: asset.key(),
                context: format!("{context}: the treasury policy does not list it"),
            })
        }
    }

    /// The treasury's balance of `asset` (zero when absent).
    pub fn balance(&self, asset: &AssetInfo) -> Uint128 {
        amount_of(&self.context.balances, asset)
    }

    /// The snapshot's non-zero price of `asset`.
    pub fn price(&self, asset: &AssetInfo) -> Result<Decimal> {
        let info: &PriceInfo = self
            .context
            .prices
            .iter()
            .find(|p| &p.asset == asset)
            .ok_or_else(|| AdvisorError::MissingPrice { asset: asset.key() })?;
        if info.price.is_zero() {
            return Err(AdvisorError::ZeroPrice { asset: asset.key() });
        }
        Ok(info.price)
    }

    /// `amount` of `asset` in quote units at the snapshot's price (rounded down).
    pub fn value(&self, asset: &AssetInfo, amount: Uint128) -> Result<Uint128> {
        amount
            .checked_mul_floor(self.price(asset)?)
            .map_err(|_| AdvisorError::overflow(format!("the value of {amount} {asset}")))
    }

    /// How much of `asset` buys `value` quote units (rounded down).
    pub fn amount_for_value(&self, asset: &AssetInfo, value: Uint128) -> Result<Uint128> {
        value
            .checked_div_floor(self.price(asset)?)
            .map_err(|_| AdvisorError::overflow(format!("the amount of {asset} worth {value}")))
    }

    /// The price series of `asset`, if the snapshot has one.
    pub fn history(&self, asset: &AssetInfo) -> Option<&[PricePoint]> {
        self.price_history
            .iter()
            .find(|s| &s.asset == asset)
            .map(|s| s.points.as_slice())
    }

    /// How much of `asset` may leave the treasury now: the least of what its
    /// allowance holds, and the balance above the reserve.
    ///
    /// A sizing aid for strategies so their trades usually fit; it is not the
    /// gate. Every recommendation still goes through
    /// [`steward_types::check_actions`] before it is signed.
    pub fn movable(&self, asset: &AssetInfo) -> Uint128 {
        let ctx = &self.context;
        let policy = &ctx.policy;
        let allowance_left = ctx.limits.at(policy, ctx.now).available(asset);
        let above_reserve = self
            .balance(asset)
            .saturating_sub(amount_of(&policy.min_reserves, asset));
        allowance_left.min(above_reserve)
    }

    /// Merges `points` of `asset` (in any order) into its series: a point at
    /// a time the series already holds is skipped, the series stays in time
    /// order, and only its last `keep` points are kept.
    pub fn merge_history(
        &mut self,
        asset: &AssetInfo,
        points: impl IntoIterator<Item = PricePoint>,
        keep: usize,
    ) {
        let index = match self.price_history.iter().position(|s| &s.asset == asset) {
            Some(i) => i,
            None => {
                self.price_history.push(PriceSeries {
                    asset: asset.clone(),
                    points: vec![],
                });
                self.price_history.len() - 1
            }
        };
        let series = &mut self.price_history[index].points;
        for point in points {
            if let Err(at) = series.binary_search_by_key(&point.time, |p| p.time) {
                series.insert(at, point);
            }
        }
        if series.len() > keep {
            series.drain(..series.len() - keep);
        }
        if series.is_empty() {
            self.price_history.remove(index);
        }
        self.price_history.sort_by(|a, b| a.asset.cmp(&b.asset));
    }

    /// Appends the current prices to the history, skipping points already
    /// there, and keeps the last `keep` points of each series.
    pub fn record_current_prices(&mut self, keep: usize) {
        for p in &self.context.prices {
            let index = match self.price_history.iter().position(|s| s.asset == p.asset) {
                Some(i) => i,
                None => {
                    self.price_history.push(PriceSeries {
                        asset: p.asset.clone(),
                        points: vec![],
                    });
                    self.price_history.len() - 1
                }
            };
            let series = &mut self.price_history[index].points;
            if series.last().is_none_or(|last| p.publish_time > last.time) {
                series.push(PricePoint {
                    time: p.publish_time,
                    price: p.price,
                });
            }
            if series.len() > keep {
                series.drain(..series.len() - keep);
            }
        }
        self.price_history.sort_by(|a, b| a.asset.cmp(&b.asset));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn parse_round_trips_and_digest_ignores_formatting() {
        let s = sample::snapshot(4);
        let pretty = s.to_json();
        let compact = serde_json::to_string(&s).unwrap();
        let a = Snapshot::parse(pretty.as_bytes()).unwrap();
        let b = Snapshot::parse(compact.as_bytes()).unwrap();
        assert_eq!(a, s);
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.digest().len(), 64);
    }

    #[test]
    fn digest_changes_with_any_balance() {
        let s = sample::snapshot(4);
        let mut t = s.clone();
        t.context.balances[0].amount += Uint128::one();
        assert_ne!(s.digest(), t.digest());
    }

    #[test]
    fn zero_price_is_refused() {
        let mut s = sample::snapshot(3);
        s.context.prices[1].price = Decimal::zero();
        let key = s.context.prices[1].asset.key();
        let err = Snapshot::parse(s.to_json().as_bytes()).unwrap_err();
        assert!(matches!(err, AdvisorError::ZeroPrice { asset } if asset == key));
    }

    #[test]
    fn zero_price_in_history_is_refused() {
        let mut s = sample::snapshot(3);
        s.price_history[0].points[2].price = Decimal::zero();
        let err = Snapshot::parse(s.to_json().as_bytes()).unwrap_err();
        assert!(matches!(err, AdvisorError::ZeroPrice { .. }), "{err}");
    }

    #[test]
    fn unordered_history_is_refused() {
        let mut s = sample::snapshot(3);
        s.price_history[0].points.swap(0, 1);
        let err = Snapshot::parse(s.to_json().as_bytes()).unwrap_err();
        assert!(matches!(err, AdvisorError::BadPriceHistory { .. }), "{err}");
    }

    #[test]
    fn malformed_json_and_wrong_version_are_refused() {
        let err = Snapshot::parse(b"{\"version\":1}").unwrap_err();
        assert!(
            matches!(err, AdvisorError::MalformedSnapshot { .. }),
            "{err}"
        );
        let mut s = sample::snapshot(2);
        s.version = 9;
        let err = Snapshot::parse(s.to_json().as_bytes()).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::MalformedSnapshot { reason } if reason.contains("version 9")),
            "{err}"
        );
        let mut s = sample::snapshot(2);
        s.oracle.clear();
        let err = Snapshot::parse(s.to_json().as_bytes()).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::MalformedSnapshot { reason } if reason.contains("oracle")),
            "{err}"
        );
    }

    #[test]
    fn missing_price_and_unknown_asset_are_specific() {
        let s = sample::snapshot(2);
        let ghost = AssetInfo::native("ughost");
        assert!(matches!(
            s.price(&ghost),
            Err(AdvisorError::MissingPrice { asset }) if asset == "native:ughost"
        ));
        assert!(matches!(
            s.require_listed(&ghost, "targets"),
            Err(AdvisorError::UnknownAsset { asset, .. }) if asset == "native:ughost"
        ));
    }

    #[test]
    fn record_current_prices_appends_once_and_trims() {
        let mut s = sample::snapshot(2);
        let asset = s.context.prices[0].asset.clone();
        let before = s.history(&asset).unwrap().len();
        s.context.prices[0].publish_time = s.now() + 1;
        s.record_current_prices(1_000);
        assert_eq!(s.history(&asset).unwrap().len(), before + 1);
        s.record_current_prices(1_000);
        assert_eq!(
            s.history(&asset).unwrap().len(),
            before + 1,
            "same point twice"
        );
        s.record_current_prices(3);
        assert_eq!(s.history(&asset).unwrap().len(), 3);
        s.validate().unwrap();
    }

    #[test]
    fn merge_history_interleaves_skips_known_times_and_trims() {
        let mut s = sample::snapshot(2);
        let asset = s.context.prices[0].asset.clone();
        let known = s.history(&asset).unwrap().to_vec();
        let first = known[0].time;
        let last = known.last().unwrap().time;
        let point = |time: u64| PricePoint {
            time,
            price: Decimal::percent(time % 1_000 + 1),
        };
        // Newest first, as the oracle answers: one between two known points,
        // one known (skipped, the stored one kept), one after the last.
        let between = (known[0].time + known[1].time) / 2;
        assert!(between > known[0].time && between < known[1].time);
        s.merge_history(
            &asset,
            [point(last + 5), point(first), point(between)],
            1_000,
        );
        let merged = s.history(&asset).unwrap();
        assert_eq!(merged.len(), known.len() + 2);
        assert_eq!(merged[0], known[0]);
        assert_eq!(merged[1], point(between));
        assert_eq!(merged.last(), Some(&point(last + 5)));
        s.validate().unwrap();

        // Trimmed to the newest `keep`; a new asset gets its own series.
        s.merge_history(&asset, [], 4);
        assert_eq!(s.history(&asset).unwrap().len(), 4);
        assert_eq!(s.history(&asset).unwrap().last(), Some(&point(last + 5)));
        let ghost = AssetInfo::native("ughost");
        s.merge_history(&ghost, [point(7), point(3)], 10);
        assert_eq!(s.history(&ghost).unwrap(), [point(3), point(7)]);
        s.merge_history(&AssetInfo::native("uempty"), [], 10);
        assert!(s.history(&AssetInfo::native("uempty")).is_none());
        s.validate().unwrap();
    }

    #[test]
    fn movable_is_the_least_of_allowance_left_and_balance_above_reserve() {
        let s = sample::snapshot(3);
        let stable = sample::stable();
        let reserve = amount_of(&s.context.policy.min_reserves, &stable);
        let allowance = amount_of(&s.context.policy.allowances, &stable);
        let expected = allowance.min(s.balance(&stable) - reserve);
        assert_eq!(s.movable(&stable), expected);
    }
}
