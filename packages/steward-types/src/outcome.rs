//! Scoring an executed recommendation by its outcome: the realised value of
//! what the treasury did against holding, at the prices a horizon later.
//!
//! The rule, in one place for the oracle (which records it) and for anyone
//! who shows it: for every asset whose balance the executed actions changed,
//! the value of the balance after minus the value of the balance before, both
//! at the same (later) price, each value floored to whole quote units; summed
//! over those assets. Holding means keeping the balances from before, so the
//! sum is what the actions added (positive) or lost (negative) against doing
//! nothing. A transfer out is value given away and counts as lost; a swap's
//! figure is exactly its realised profit or loss. Budget changes move no
//! balance and count as zero.

use crate::asset::{AssetAmount, AssetInfo};
use crate::duration::{ensure_bounded_seconds, DurationError};
use crate::policy::{PriceInfo, TreasuryAction};
use cosmwasm_std::{Int256, Uint128};
use thiserror::Error;

/// Why an outcome cannot be valued now. A price problem passes with the next
/// fresh feed: it never makes the outcome unrecordable for good.
#[derive(Error, Debug, Clone, PartialEq)]
pub enum ValuationError {
    #[error("no price for {asset}")]
    PriceMissing { asset: String },

    #[error("price of {asset} is zero")]
    ZeroPrice { asset: String },

    #[error("price of {asset} published at {publish_time} is older than {max_age}s (now {now})")]
    PriceStale {
        asset: String,
        publish_time: u64,
        now: u64,
        max_age: u64,
    },

    #[error("value of {asset} does not fit")]
    Overflow { asset: String },
}

/// Why an outcome horizon is refused.
#[derive(Error, Debug, Clone, PartialEq)]
pub enum HorizonError {
    #[error("outcome_horizon_seconds must be non-zero (leave it unset to record no outcomes)")]
    Zero,

    #[error("{0}")]
    TooLong(#[from] DurationError),
}

/// A horizon is unset (no outcomes recorded) or 1 second to ten years.
pub fn validate_horizon(seconds: Option<u64>) -> Result<(), HorizonError> {
    match seconds {
        None => Ok(()),
        Some(0) => Err(HorizonError::Zero),
        Some(s) => Ok(ensure_bounded_seconds("outcome_horizon_seconds", s)?),
    }
}

/// The assets whose balances `actions` can change, each once, in order of
/// first mention: a swap's two assets and a transfer's asset. Budget changes
/// move nothing.
pub fn moved_assets(actions: &[TreasuryAction]) -> Vec<AssetInfo> {
    let mut assets: Vec<AssetInfo> = vec![];
    let mut add = |asset: &AssetInfo| {
        if !assets.contains(asset) {
            assets.push(asset.clone());
        }
    };
    for action in actions {
        match action {
            TreasuryAction::Transfer { asset, .. } => add(asset),
            TreasuryAction::Swap {
                offer_asset,
                ask_asset,
                ..
            } => {
                add(offer_asset);
                add(ask_asset);
            }
            TreasuryAction::SetBudget { .. } | TreasuryAction::RemoveBudget { .. } => {}
        }
    }
    assets
}

fn amount_of(balances: &[AssetAmount], asset: &AssetInfo) -> Uint128 {
    balances
        .iter()
        .find(|b| &b.info == asset)
        .map(|b| b.amount)
        .unwrap_or_default()
}

/// The fresh, non-zero price of `asset` in `prices` at `now`.
fn fresh_price(
    prices: &[PriceInfo],
    asset: &AssetInfo,
    now: u64,
    max_age: u64,
) -> Result<cosmwasm_std::Decimal, ValuationError> {
    let info = prices
        .iter()
        .find(|p| &p.asset == asset)
        .ok_or_else(|| ValuationError::PriceMissing { asset: asset.key() })?;
    if info.price.is_zero() {
        return Err(ValuationError::ZeroPrice { asset: asset.key() });
    }
    if now.saturating_sub(info.publish_time) > max_age {
        return Err(ValuationError::PriceStale {
            asset: asset.key(),
            publish_time: info.publish_time,
            now,
            max_age,
        });
    }
    Ok(info.price)
}

/// Realised value added against holding: for every asset whose balance
/// differs between `before` and `after` (an asset missing from one counts as
/// zero there), `floor(after × price) − floor(before × price)`, summed. Every
/// such asset needs a price in `prices` published at most `max_age` seconds
/// before `now`; an unchanged asset adds nothing and needs none.
pub fn value_added(
    before: &[AssetAmount],
    after: &[AssetAmount],
    prices: &[PriceInfo],
    now: u64,
    max_age: u64,
) -> Result<Int256, ValuationError> {
    let mut assets: Vec<&AssetInfo> = vec![];
    for b in before.iter().chain(after) {
        if !assets.contains(&&b.info) {
            assets.push(&b.info);
        }
    }
    let mut total = Int256::zero();
    for asset in assets {
        let (was, is) = (amount_of(before, asset), amount_of(after, asset));
        if was == is {
            continue;
        }
        let price = fresh_price(prices, asset, now, max_age)?;
        let overflow = || ValuationError::Overflow { asset: asset.key() };
        let value_was = was.checked_mul_floor(price).map_err(|_| overflow())?;
        let value_is = is.checked_mul_floor(price).map_err(|_| overflow())?;
        total = total
            .checked_add(Int256::from(value_is))
            .and_then(|t| t.checked_sub(Int256::from(value_was)))
            .map_err(|_| overflow())?;
    }
    Ok(total)
}

/// The value of `balances` at whichever of `prices` exist (an unpriced or
/// zero-priced asset counts as zero), floored per asset; saturates rather
/// than fail, as it is shown, never acted on.
pub fn value_at(balances: &[AssetAmount], prices: &[PriceInfo]) -> Uint128 {
    balances.iter().fold(Uint128::zero(), |sum, b| {
        let value = prices
            .iter()
            .find(|p| p.asset == b.info)
            .map(|p| b.amount.checked_mul_floor(p.price).unwrap_or(Uint128::MAX))
            .unwrap_or_default();
        sum.saturating_add(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Decimal;
    use std::str::FromStr;

    fn amount(denom: &str, n: u128) -> AssetAmount {
        AssetAmount::new(AssetInfo::native(denom), n)
    }

    fn price(denom: &str, p: &str, at: u64) -> PriceInfo {
        PriceInfo {
            asset: AssetInfo::native(denom),
            price: Decimal::from_str(p).unwrap(),
            publish_time: at,
        }
    }

    #[test]
    fn a_swap_is_valued_at_the_later_prices() {
        // Sold 1_000 ustake for 1_950 uusdc. A horizon later ustake is at 1.5
        // and uusdc at 1.0: holding would have kept 1_000 × 1.5 = 1_500; the
        // swap holds 1_950 × 1.0 = 1_950 more uusdc. Value added:
        // (9_000 − 10_000) × 1.5 + (6_950 − 5_000) × 1.0 = −1_500 + 1_950 = 450.
        let before = [amount("ustake", 10_000), amount("uusdc", 5_000)];
        let after = [amount("ustake", 9_000), amount("uusdc", 6_950)];
        let prices = [price("ustake", "1.5", 100), price("uusdc", "1", 100)];
        assert_eq!(
            value_added(&before, &after, &prices, 110, 60),
            Ok(Int256::from(450i128))
        );
        // If ustake rose to 2.5 instead: −1_000 × 2.5 + 1_950 = −550.
        let prices = [price("ustake", "2.5", 100), price("uusdc", "1", 100)];
        assert_eq!(
            value_added(&before, &after, &prices, 110, 60),
            Ok(Int256::from(-550i128))
        );
    }

    #[test]
    fn values_are_floored_per_asset_and_balance() {
        // floor(3 × 0.5) − floor(2 × 0.5) = 1 − 1 = 0, not 0.5.
        let before = [amount("a", 2)];
        let after = [amount("a", 3)];
        let prices = [price("a", "0.5", 0)];
        assert_eq!(
            value_added(&before, &after, &prices, 0, 60),
            Ok(Int256::zero())
        );
        // floor(4 × 0.5) − floor(3 × 0.5) = 2 − 1 = 1.
        let before = [amount("a", 3)];
        let after = [amount("a", 4)];
        assert_eq!(
            value_added(&before, &after, &prices, 0, 60),
            Ok(Int256::one())
        );
    }

    #[test]
    fn a_transfer_out_is_value_given_away() {
        // 400 uusdc sent away at 1.25: −400 × 1.25 = −500.
        let before = [amount("uusdc", 1_000)];
        let after = [amount("uusdc", 600)];
        let prices = [price("uusdc", "1.25", 50)];
        assert_eq!(
            value_added(&before, &after, &prices, 50, 60),
            Ok(Int256::from(-500i128))
        );
    }

    #[test]
    fn unchanged_assets_need_no_price() {
        let before = [amount("a", 7), amount("b", 10)];
        let after = [amount("a", 7), amount("b", 4)];
        // `a` has no price at all; `b` fell by 6 at 2: −12.
        let prices = [price("b", "2", 0)];
        assert_eq!(
            value_added(&before, &after, &prices, 0, 60),
            Ok(Int256::from(-12i128))
        );
        // An asset only in `after` counts as zero before: +5 × 2 = 10.
        let after = [amount("a", 7), amount("b", 10), amount("c", 5)];
        let prices = [price("c", "2", 0)];
        assert_eq!(
            value_added(&before, &after, &prices, 0, 60),
            Ok(Int256::from(10i128))
        );
    }

    #[test]
    fn a_changed_asset_needs_a_fresh_non_zero_price() {
        let before = [amount("a", 1)];
        let after = [amount("a", 2)];
        assert_eq!(
            value_added(&before, &after, &[], 100, 60),
            Err(ValuationError::PriceMissing {
                asset: "native:a".into()
            })
        );
        // 100 − 39 = 61 > 60
        assert_eq!(
            value_added(&before, &after, &[price("a", "1", 39)], 100, 60),
            Err(ValuationError::PriceStale {
                asset: "native:a".into(),
                publish_time: 39,
                now: 100,
                max_age: 60
            })
        );
        // 100 − 40 = 60: still fresh, 2 − 1 = 1
        assert_eq!(
            value_added(&before, &after, &[price("a", "1", 40)], 100, 60),
            Ok(Int256::one())
        );
        assert_eq!(
            value_added(&before, &after, &[price("a", "0", 100)], 100, 60),
            Err(ValuationError::ZeroPrice {
                asset: "native:a".into()
            })
        );
    }

    #[test]
    fn extreme_amounts_do_not_panic() {
        let before = [amount("a", 0)];
        let after = [amount("a", u128::MAX)];
        assert_eq!(
            value_added(&before, &after, &[price("a", "2", 0)], 0, 60),
            Err(ValuationError::Overflow {
                asset: "native:a".into()
            })
        );
        // u128::MAX at 1, gained and lost: the sum fits in 256 bits.
        let before = [amount("a", 0), amount("b", u128::MAX)];
        let after = [amount("a", u128::MAX), amount("b", 0)];
        let prices = [price("a", "1", 0), price("b", "1", 0)];
        assert_eq!(
            value_added(&before, &after, &prices, 0, 60),
            Ok(Int256::zero())
        );
        assert_eq!(
            value_at(&after, &[price("a", "2", 0)]),
            Uint128::MAX,
            "saturates"
        );
    }

    #[test]
    fn value_at_skips_unpriced_assets() {
        // 10 × 1.5 + (b unpriced) = 15
        let balances = [amount("a", 10), amount("b", 99)];
        assert_eq!(
            value_at(&balances, &[price("a", "1.5", 0)]),
            Uint128::new(15)
        );
    }

    #[test]
    fn horizons_are_bounded() {
        assert_eq!(validate_horizon(None), Ok(()));
        assert_eq!(validate_horizon(Some(20)), Ok(()));
        assert_eq!(validate_horizon(Some(0)), Err(HorizonError::Zero));
        assert!(matches!(
            validate_horizon(Some(crate::duration::MAX_DURATION_SECONDS + 1)),
            Err(HorizonError::TooLong(_))
        ));
    }

    #[test]
    fn moved_assets_are_listed_once() {
        let a = AssetInfo::native("a");
        let b = AssetInfo::native("b");
        let actions = vec![
            TreasuryAction::Swap {
                pair: "pair".into(),
                offer_asset: a.clone(),
                ask_asset: b.clone(),
                offer_amount: Uint128::new(1),
                max_slippage_bps: 100,
            },
            TreasuryAction::Transfer {
                asset: a.clone(),
                amount: Uint128::new(1),
                recipient: "r".into(),
            },
        ];
        assert_eq!(moved_assets(&actions), vec![a, b]);
    }
}
