//! Inputs the fuzz targets (fuzz/) crashed on, kept as regression tests.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::Decimal;
use steward_tests::suite::{default_policy, transfer, ATOM, USD};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::policy::{check_actions, PolicyContext, PriceInfo};

// check_actions: a policy with period_seconds = 0 (which Policy::validate
// refuses, but the check takes any context) divided by zero when the check
// computed the period's start. The check must refuse or pass, not panic.
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
        std::panic::catch_unwind(|| check_actions(&ctx, &[transfer(USD, 1_000, &recipient)]));
    let outcome = outcome.expect("check_actions panicked on a zero period");
    eprintln!("zero period: {outcome:?}");
    // With no refill, the allowance's bucket holds what it started with and
    // no more: a second full allowance never passes.
    if let Ok(first) = &outcome {
        let mut later = ctx.clone();
        later.limits = first.limits.clone();
        later.now += 10 * 86_400;
        let again = check_actions(&later, &[transfer(USD, 10_000_000, &recipient)]);
        assert!(again.is_err(), "{again:?}");
    }
}
