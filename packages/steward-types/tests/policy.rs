//! The policy rule every party runs: `check_actions` over a `PolicyContext`.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Decimal, Uint128};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::bucket::Bucket;
use steward_types::policy::{
    check_actions, net_asset_value, AssetBucket, Limits, Policy, PolicyContext, PolicyError,
    PolicyViolation, PriceInfo, TreasuryAction,
};

const NOW: u64 = 1_700_000_000;
const DAY: u64 = 86_400;

fn usd() -> AssetInfo {
    AssetInfo::native("uusd")
}
fn atom() -> AssetInfo {
    AssetInfo::native("uatom")
}

fn policy() -> Policy {
    Policy {
        period_seconds: DAY,
        allowances: vec![
            AssetAmount::new(usd(), 1_000u128),
            AssetAmount::new(atom(), 100u128),
        ],
        max_nav_share_bps: None,
        recipient_allowlist: None,
        venue_allowlist: vec!["pair".into()],
        min_reserves: vec![AssetAmount::new(usd(), 500u128)],
        max_slippage_bps: 300,
        max_price_age_seconds: 600,
    }
}

fn ctx(policy: Policy) -> PolicyContext {
    PolicyContext {
        policy,
        policy_version: 1,
        now: NOW,
        balances: vec![
            AssetAmount::new(usd(), 10_000u128),
            AssetAmount::new(atom(), 1_000u128),
        ],
        prices: vec![
            PriceInfo {
                asset: usd(),
                price: Decimal::one(),
                publish_time: NOW - 10,
            },
            PriceInfo {
                asset: atom(),
                price: Decimal::from_ratio(10u128, 1u128),
                publish_time: NOW - 10,
            },
        ],
        limits: Limits::default(),
    }
}

fn pay(asset: AssetInfo, amount: u128, to: &str) -> TreasuryAction {
    TreasuryAction::Transfer {
        asset,
        amount: Uint128::new(amount),
        recipient: to.into(),
    }
}

fn swap(amount: u128, slippage: u16) -> TreasuryAction {
    TreasuryAction::Swap {
        pair: "pair".into(),
        offer_asset: atom(),
        offer_amount: Uint128::new(amount),
        ask_asset: usd(),
        max_slippage_bps: slippage,
    }
}

fn level(limits: &Limits, asset: &AssetInfo) -> u128 {
    limits.available(asset).u128()
}

#[test]
fn transfer_within_allowance_takes_from_its_bucket() {
    let out = check_actions(
        &ctx(policy()),
        &[pay(usd(), 400, "bob"), pay(usd(), 600, "bob")],
    )
    .unwrap();
    // Untouched limits are full; the outcome holds every listed asset at NOW.
    assert_eq!(level(&out.limits, &usd()), 0);
    assert_eq!(level(&out.limits, &atom()), 100);
    assert!(out.limits.assets.iter().all(|b| b.bucket.updated_at == NOW));
    assert!(out.swaps.is_empty());
}

#[test]
fn allowance_refills_continuously() {
    let mut c = ctx(policy());
    c.limits = Limits {
        assets: vec![AssetBucket {
            asset: usd(),
            bucket: Bucket {
                level: Uint128::new(100),
                carry: 0,
                updated_at: NOW,
            },
        }],
        ..Limits::full(&c.policy, NOW)
    };
    assert_eq!(
        check_actions(&c, &[pay(usd(), 200, "bob")]).unwrap_err(),
        PolicyViolation::AllowanceExceeded {
            asset: "native:uusd".into(),
            requested: Uint128::new(200),
            available: Uint128::new(100),
            allowance: Uint128::new(1_000),
        }
    );
    // A tenth of a day refills a tenth of the allowance: 100 + 100.
    c.now += DAY / 10;
    c.prices.iter_mut().for_each(|p| p.publish_time = c.now);
    let out = check_actions(&c, &[pay(usd(), 200, "bob")]).unwrap();
    assert_eq!(level(&out.limits, &usd()), 0);
    // Never beyond one period's amount, however long nothing moved.
    c.now += 365 * DAY;
    c.prices.iter_mut().for_each(|p| p.publish_time = c.now);
    assert!(check_actions(&c, &[pay(usd(), 1_001, "bob")]).is_err());
    let out = check_actions(&c, &[pay(usd(), 1_000, "bob")]).unwrap();
    assert_eq!(level(&out.limits, &usd()), 0);
}

#[test]
fn unlisted_asset_cannot_move() {
    let err =
        check_actions(&ctx(policy()), &[pay(AssetInfo::native("uosmo"), 1, "bob")]).unwrap_err();
    assert_eq!(
        err,
        PolicyViolation::AssetNotAllowed {
            asset: "native:uosmo".into()
        }
    );
}

#[test]
fn reserve_and_balance() {
    let mut c = ctx(policy());
    c.policy.allowances[0].amount = Uint128::new(100_000);
    assert_eq!(
        check_actions(&c, &[pay(usd(), 9_600, "bob")]).unwrap_err(),
        PolicyViolation::BelowReserve {
            asset: "native:uusd".into(),
            balance_after: Uint128::new(400),
            reserve: Uint128::new(500)
        }
    );
    c.policy.min_reserves.clear();
    assert_eq!(
        check_actions(&c, &[pay(usd(), 10_001, "bob")]).unwrap_err(),
        PolicyViolation::InsufficientBalance {
            asset: "native:uusd".into(),
            balance: Uint128::new(10_000),
            requested: Uint128::new(10_001)
        }
    );
}

#[test]
fn recipient_allowlist() {
    let mut c = ctx(policy());
    c.policy.recipient_allowlist = Some(vec!["alice".into()]);
    assert!(check_actions(&c, &[pay(usd(), 1, "alice")]).is_ok());
    assert_eq!(
        check_actions(&c, &[pay(usd(), 1, "mallory")]).unwrap_err(),
        PolicyViolation::RecipientNotAllowed {
            recipient: "mallory".into()
        }
    );
}

#[test]
fn nav_share_limit_is_a_continuous_share_of_nav() {
    // NAV = 10_000 uusd + 1_000 uatom × 10 = 20_000; 5 % = 1_000.
    let mut c = ctx(policy());
    c.policy.max_nav_share_bps = Some(500);
    c.policy.min_reserves.clear();
    c.policy.allowances[1].amount = Uint128::new(1_000);
    assert_eq!(net_asset_value(&c).unwrap(), Uint128::new(20_000));
    let out = check_actions(&c, &[pay(atom(), 50, "bob"), pay(usd(), 500, "bob")]).unwrap();
    assert_eq!(out.limits.nav_share.level, Uint128::zero());
    assert_eq!(
        check_actions(&c, &[pay(atom(), 50, "bob"), pay(usd(), 501, "bob")]).unwrap_err(),
        PolicyViolation::NavShareExceeded {
            requested_value: Uint128::new(501),
            available_value: Uint128::new(500),
            nav: Uint128::new(20_000),
            max_bps: 500
        }
    );
    // Half a day later half the cap is back: 2.5 % of a NAV of 20_000.
    let mut later = c.clone();
    later.limits = out.limits;
    later.now += DAY / 2;
    later
        .prices
        .iter_mut()
        .for_each(|p| p.publish_time = later.now);
    assert!(check_actions(&later, &[pay(usd(), 500, "bob")]).is_ok());
    assert!(matches!(
        check_actions(&later, &[pay(usd(), 501, "bob")]).unwrap_err(),
        PolicyViolation::NavShareExceeded { .. }
    ));
}

#[test]
fn prices_must_exist_be_fresh_and_non_zero_to_move_an_asset_under_a_nav_cap() {
    let mut c = ctx(policy());
    c.policy.max_nav_share_bps = Some(10_000);
    c.prices[1].publish_time = NOW - 601;
    assert_eq!(
        check_actions(&c, &[pay(atom(), 1, "bob")]).unwrap_err(),
        PolicyViolation::PriceStale {
            asset: "native:uatom".into(),
            publish_time: NOW - 601,
            now: NOW,
            max_age: 600
        }
    );
    c.prices[1].publish_time = NOW;
    c.prices[1].price = Decimal::zero();
    assert_eq!(
        check_actions(&c, &[pay(atom(), 1, "bob")]).unwrap_err(),
        PolicyViolation::ZeroPrice {
            asset: "native:uatom".into()
        }
    );
    c.prices.pop();
    assert_eq!(
        check_actions(&c, &[pay(atom(), 1, "bob")]).unwrap_err(),
        PolicyViolation::PriceMissing {
            asset: "native:uatom".into()
        }
    );
    // An unpriced asset does not stop the others.
    assert!(check_actions(&c, &[pay(usd(), 1, "bob")]).is_ok());
    // Without a NAV limit, a plain transfer needs no price at all.
    c.policy.max_nav_share_bps = None;
    assert!(check_actions(&c, &[pay(atom(), 1, "bob")]).is_ok());
}

#[test]
fn swap_quote_and_limits() {
    let c = ctx(policy());
    let out = check_actions(&c, &[swap(50, 100)]).unwrap();
    // 50 uatom × 10 = 500 uusd expected; 1 % slippage → 495.
    assert_eq!(out.swaps[0].expected_out, Uint128::new(500));
    assert_eq!(out.swaps[0].min_out, Uint128::new(495));
    assert_eq!(level(&out.limits, &atom()), 50);
    assert_eq!(
        check_actions(&c, &[swap(50, 301)]).unwrap_err(),
        PolicyViolation::SlippageTooHigh {
            requested_bps: 301,
            max_bps: 300
        }
    );
    let mut other_pair = swap(50, 100);
    if let TreasuryAction::Swap { pair, .. } = &mut other_pair {
        *pair = "elsewhere".into();
    }
    assert_eq!(
        check_actions(&c, &[other_pair]).unwrap_err(),
        PolicyViolation::VenueNotAllowed {
            pair: "elsewhere".into()
        }
    );
    let same = TreasuryAction::Swap {
        pair: "pair".into(),
        offer_asset: usd(),
        offer_amount: Uint128::new(1),
        ask_asset: usd(),
        max_slippage_bps: 0,
    };
    assert_eq!(
        check_actions(&c, &[same]).unwrap_err(),
        PolicyViolation::SameAsset {
            asset: "native:uusd".into()
        }
    );
}

#[test]
fn budgets_and_shape() {
    let c = ctx(policy());
    let budget = |amount: u128, period: u64, asset: AssetInfo| TreasuryAction::SetBudget {
        spender: "sam".into(),
        asset,
        amount_per_period: Uint128::new(amount),
        period_seconds: period,
    };
    assert!(check_actions(&c, &[budget(10, DAY, usd())]).is_ok());
    assert_eq!(
        check_actions(&c, &[budget(0, DAY, usd())]).unwrap_err(),
        PolicyViolation::ZeroAmount { index: 0 }
    );
    assert_eq!(
        check_actions(&c, &[budget(1, 0, usd())]).unwrap_err(),
        PolicyViolation::ZeroBudgetPeriod { index: 0 }
    );
    assert_eq!(
        check_actions(&c, &[budget(1, DAY, AssetInfo::native("uosmo"))]).unwrap_err(),
        PolicyViolation::AssetNotAllowed {
            asset: "native:uosmo".into()
        }
    );
    assert_eq!(
        check_actions(&c, &[]).unwrap_err(),
        PolicyViolation::NoActions {}
    );
    let many = vec![pay(usd(), 1, "bob"); 17];
    assert_eq!(
        check_actions(&c, &many).unwrap_err(),
        PolicyViolation::TooManyActions { count: 17, max: 16 }
    );
    assert_eq!(
        check_actions(&c, &[pay(usd(), 0, "bob")]).unwrap_err(),
        PolicyViolation::ZeroAmount { index: 0 }
    );
}

#[test]
fn policy_validation() {
    let api = MockApi::default();
    let mut p = policy();
    p.venue_allowlist = vec![api.addr_make("pair").to_string()];
    assert_eq!(p.validate(&api), Ok(()));
    let mut bad = p.clone();
    bad.period_seconds = 0;
    assert_eq!(bad.validate(&api), Err(PolicyError::ZeroPeriod));
    let mut bad = p.clone();
    bad.max_nav_share_bps = Some(10_001);
    assert_eq!(
        bad.validate(&api),
        Err(PolicyError::NavShareOutOfRange {
            bps: 10_001,
            max: 10_000
        })
    );
    let mut bad = p.clone();
    bad.allowances.push(AssetAmount::new(usd(), 1u128));
    let err = bad.validate(&api).unwrap_err();
    assert!(
        matches!(
            &err,
            PolicyError::DuplicateAsset {
                list: "allowances",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.field(), "allowances");
    let mut bad = p.clone();
    bad.venue_allowlist = vec!["not an address".into()];
    let err = bad.validate(&api).unwrap_err();
    assert!(
        matches!(&err, PolicyError::InvalidAddress { list: "venue_allowlist", address, .. } if address == "not an address"),
        "{err:?}"
    );
    let mut bad = p;
    bad.max_slippage_bps = 10_001;
    assert_eq!(
        bad.validate(&api),
        Err(PolicyError::SlippageOverMax {
            bps: 10_001,
            max: 10_000
        })
    );
}

/// A context with an 18-decimal asset (`wei`, a memecoin at $0.000015, so
/// 1.5e-17 micro-dollars per smallest unit) and a 6-decimal asset (`ugold` at
/// $7.9, so 7.9 micro-dollars per smallest unit), both freshly priced.
fn mixed_decimals_ctx() -> PolicyContext {
    let wei = AssetInfo::native("wei");
    let ugold = AssetInfo::native("ugold");
    let mut c = ctx(policy());
    c.policy.allowances = vec![
        AssetAmount::new(wei.clone(), u128::MAX),
        AssetAmount::new(ugold.clone(), u128::MAX),
    ];
    c.policy.min_reserves.clear();
    c.balances = vec![
        AssetAmount::new(wei.clone(), 10u128.pow(30)),
        AssetAmount::new(ugold.clone(), 10u128.pow(12)),
    ];
    c.prices = vec![
        PriceInfo {
            asset: wei,
            price: Decimal::from_atomics(15u128, 18).unwrap(),
            publish_time: NOW - 10,
        },
        PriceInfo {
            asset: ugold,
            price: Decimal::from_atomics(79u128, 1).unwrap(),
            publish_time: NOW - 10,
        },
    ];
    c
}

fn swap_between(offer: &str, amount: u128, ask: &str, slippage: u16) -> TreasuryAction {
    TreasuryAction::Swap {
        pair: "pair".into(),
        offer_asset: AssetInfo::native(offer),
        offer_amount: Uint128::new(amount),
        ask_asset: AssetInfo::native(ask),
        max_slippage_bps: slippage,
    }
}

#[test]
fn swap_minimum_is_computed_at_full_precision_18_to_6_decimals() {
    let c = mixed_decimals_ctx();
    // 1e24 wei × 1.5e-17 / 7.9 = 1_898_734.17… ugold. Dividing the two prices
    // first truncates the rate to 1e-18 and halves the minimum.
    let out = check_actions(&c, &[swap_between("wei", 10u128.pow(24), "ugold", 300)]).unwrap();
    let fair = 10u128.pow(24) * 15 / 7_900_000_000_000_000_000;
    assert_eq!(fair, 1_898_734);
    assert_eq!(out.swaps[0].expected_out, Uint128::new(fair));
    assert_eq!(out.swaps[0].min_out, Uint128::new(fair * 9_700 / 10_000));
}

#[test]
fn swap_minimum_is_computed_at_full_precision_6_to_18_decimals() {
    let c = mixed_decimals_ctx();
    // 1e6 ugold × 7.9 / 1.5e-17 = 5.2666…e23 wei, floored.
    let out = check_actions(&c, &[swap_between("ugold", 1_000_000, "wei", 300)]).unwrap();
    let fair = 1_000_000u128 * 7_900_000_000_000_000_000 / 15;
    assert_eq!(out.swaps[0].expected_out, Uint128::new(fair));
    assert_eq!(
        out.swaps[0].min_out,
        Uint128::new(fair).multiply_ratio(9_700u128, 10_000u128)
    );
}

#[test]
fn budget_amount_is_bounded_by_the_asset_allowance() {
    // uusd's allowance is 1_000 per period: a budget may grant at most that.
    let c = ctx(policy());
    let budget = |amount: u128| TreasuryAction::SetBudget {
        spender: "sam".into(),
        asset: usd(),
        amount_per_period: Uint128::new(amount),
        period_seconds: DAY,
    };
    assert!(check_actions(&c, &[budget(1_000)]).is_ok());
    assert_eq!(
        check_actions(&c, &[budget(1_001)]).unwrap_err(),
        PolicyViolation::BudgetAboveAllowance {
            index: 0,
            asset: "native:uusd".into(),
            amount_per_period: Uint128::new(1_001),
            allowance: Uint128::new(1_000),
        }
    );
    assert!(check_actions(&c, &[budget(u128::MAX)]).is_err());
}

#[test]
fn an_unpriced_asset_counts_as_zero_in_nav_and_cannot_itself_move() {
    let mut c = ctx(policy());
    c.policy.max_nav_share_bps = Some(1_000);
    c.policy.allowances[0].amount = Uint128::new(100_000);
    c.policy.min_reserves.clear();
    let stale = NOW - 601;
    // atom's price stale, zero or missing: NAV is the 10_000 uusd alone, and
    // 10 % of it may leave.
    let unpriced: [fn(&mut PolicyContext); 3] = [
        |c| c.prices[1].publish_time = NOW - 601,
        |c| c.prices[1].price = Decimal::zero(),
        |c| {
            c.prices.pop();
        },
    ];
    for make_unpriced in unpriced {
        let mut c = c.clone();
        make_unpriced(&mut c);
        assert_eq!(net_asset_value(&c).unwrap(), Uint128::new(10_000));
        assert!(check_actions(&c, &[pay(usd(), 1_000, "bob")]).is_ok());
        assert!(matches!(
            check_actions(&c, &[pay(usd(), 1_001, "bob")]).unwrap_err(),
            PolicyViolation::NavShareExceeded { .. }
        ));
        assert!(matches!(
            check_actions(&c, &[pay(atom(), 1, "bob")]).unwrap_err(),
            PolicyViolation::PriceStale { .. }
                | PolicyViolation::ZeroPrice { .. }
                | PolicyViolation::PriceMissing { .. }
        ));
    }
    c.prices[1].publish_time = stale;
    assert_eq!(
        check_actions(&c, &[pay(atom(), 1, "bob")]).unwrap_err(),
        PolicyViolation::PriceStale {
            asset: "native:uatom".into(),
            publish_time: stale,
            now: NOW,
            max_age: 600
        }
    );
}

#[test]
fn action_addresses_must_be_valid_canonical_and_not_the_treasury() {
    use steward_types::policy::{validate_actions, InvalidAction};
    let api = MockApi::default();
    let treasury = api.addr_make("treasury");
    let bob = api.addr_make("bob").to_string();
    assert_eq!(
        validate_actions(&api, &treasury, &[pay(usd(), 1, &bob)]),
        Ok(())
    );
    assert_eq!(
        validate_actions(
            &api,
            &treasury,
            &[pay(usd(), 1, &bob), pay(usd(), 1, treasury.as_str())]
        ),
        Err(InvalidAction::RecipientIsTreasury { index: 1 })
    );
    let upper = bob.to_uppercase();
    assert!(matches!(
        pay(usd(), 1, &upper).validate(&api, &treasury, 0),
        Err(InvalidAction::InvalidRecipient { index: 0, ref recipient, .. }) if *recipient == upper
    ));
    assert!(matches!(
        swap(1, 0).validate(&api, &treasury, 2),
        Err(InvalidAction::InvalidPair { index: 2, .. })
    ));
    assert!(matches!(
        pay(AssetInfo::native(""), 1, &bob).validate(&api, &treasury, 0),
        Err(InvalidAction::InvalidAsset { index: 0, .. })
    ));
    let remove = TreasuryAction::RemoveBudget {
        spender: "sam".into(),
        asset: usd(),
    };
    assert!(matches!(
        remove.validate(&api, &treasury, 0),
        Err(InvalidAction::InvalidSpender { index: 0, .. })
    ));
}

#[test]
fn balances_after_count_outflows_and_each_swap_at_its_minimum() {
    // Limits::default() counts as untouched since the epoch: full.
    let c = ctx(policy());
    // Two swaps into uusd (495 and 198 minimum) and a uusd payment between them.
    let actions = [swap(50, 100), pay(usd(), 300, "bob"), swap(20, 100)];
    let out = check_actions(&c, &actions).unwrap();
    assert_eq!(
        out.balances,
        vec![
            AssetAmount::new(usd(), 10_000u128 - 300 + 495 + 198),
            AssetAmount::new(atom(), 1_000u128 - 70),
        ]
    );
    // A later outflow is checked against the outflows alone, not a swap's
    // output: with 600 uusd and a reserve of 500, 100 may leave, swap or not.
    let mut low = ctx(policy());
    low.balances[0].amount = Uint128::new(600);
    assert_eq!(
        check_actions(&low, &[swap(50, 100), pay(usd(), 101, "bob")]).unwrap_err(),
        PolicyViolation::BelowReserve {
            asset: "native:uusd".into(),
            balance_after: Uint128::new(499),
            reserve: Uint128::new(500),
        }
    );
}

#[test]
fn usage_before_and_after_come_from_the_same_limits() {
    use steward_types::policy::{usage_after, usage_at};
    let mut p = policy();
    p.max_nav_share_bps = Some(1_000);
    p.allowances[0].amount = Uint128::new(5_000);
    let c = ctx(p);
    // NAV = 10 000 uusd + 1 000 uatom × 10 = 20 000; 10 % = 2 000.
    let before = usage_at(&c);
    let nav = before.nav_limit.as_ref().unwrap();
    assert_eq!(nav.nav, Some(Uint128::new(20_000)));
    assert_eq!(nav.available_value, Some(Uint128::new(2_000)));
    assert_eq!(
        before.asset_limits,
        c.limits.at(&c.policy, NOW).asset_limits(&c.policy)
    );

    let out = check_actions(&c, &[pay(usd(), 400, "bob")]).unwrap();
    let after = usage_after(&c, &out);
    assert_eq!(after.asset_limits, out.limits.asset_limits(&c.policy));
    assert_eq!(after.balances, out.balances);
    let nav = after.nav_limit.unwrap();
    // 400 of 20 000 moved: 8 % of NAV is left, now of 19 600.
    assert_eq!(nav.limit.available_share, Decimal::percent(8));
    assert_eq!(nav.nav, Some(Uint128::new(19_600)));
    assert_eq!(nav.available_value, Some(Uint128::new(1_568)));
    // What the next check would refuse above is what the summary says is left.
    let mut next = c.clone();
    next.balances = out.balances.clone();
    next.limits = out.limits.clone();
    match check_actions(&next, &[pay(usd(), 1_569, "bob")]).unwrap_err() {
        PolicyViolation::NavShareExceeded {
            available_value, ..
        } => assert_eq!(Some(available_value), nav.available_value),
        other => panic!("expected the NAV cap: {other:?}"),
    }
}
