//! Inputs the fuzz targets (fuzz/) crashed on, kept as regression tests.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::Decimal;
use steward_tests::suite::{default_policy, transfer, ATOM, USD};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::policy::{check_actions, PolicyContext, PolicyViolation, PriceInfo};

// check_actions: a policy with period_seconds = 0 (which Policy::validate
// refuses, but the check takes any context) divided by zero when the check
// computed the period's start (found before the continuous limits replaced
// fixed windows). The check must refuse, not panic.
#[test]
fn check_actions_with_a_zero_period_does_not_panic() {
    let api = MockApi::default();
    let (pair, token, recipient) = (
        api.addr_make("pair"),
        api.addr_make("token"),
        api.addr_make("recipient"),
    );
    let mut policy = default_policy(&pair, &token);
    policy.period_seconds = 0;
    assert!(policy.validate(&api).is_err());
    let now = 1_700_000_000;
    let ctx = PolicyContext {
        policy,
        policy_version: 1,
        now,
        balances: vec![
            AssetAmount::new(AssetInfo::native(USD), 50_000_000u128),
            AssetAmount::new(AssetInfo::native(ATOM), 10_000_000u128),
        ],
        prices: [(USD, 1u128), (ATOM, 10u128)]
            .into_iter()
            .map(|(denom, price)| PriceInfo {
                asset: AssetInfo::native(denom),
                price: Decimal::from_ratio(price, 1u128),
                publish_time: now,
            })
            .collect(),
        limits: Default::default(),
    };
    let outcome =
        std::panic::catch_unwind(|| check_actions(&ctx, &[transfer(USD, 1_000, &recipient)]))
            .expect("check_actions panicked on a zero period");
    // A bucket that never refills holds nothing to move.
    assert!(
        matches!(
            outcome,
            Err(PolicyViolation::AllowanceExceeded { available, .. }) if available.is_zero()
        ),
        "{outcome:?}"
    );
}
