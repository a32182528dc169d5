//! Queries: the policy state needs no oracle; `CheckActions` answers the check beforehand.

use super::*;

#[test]
fn policy_state_needs_no_oracle() {
    let s = Suite::new();
    s.oracle_down();
    let state = s.state();
    assert_eq!(state.policy_version, 1);
    assert_eq!(
        state.balances,
        vec![
            AssetAmount::new(atom(), 1_000u128),
            AssetAmount::new(s.cw20_asset(), 5_000u128),
            AssetAmount::new(usdc(), 5_000u128),
        ]
    );
    assert_eq!(s.oracle_queries(), 0);
}

/// The check's answer when the actions pass.
fn passed(r: &CheckActionsResponse) -> (&PolicyUsage, &[SwapQuote]) {
    match &r.verdict {
        CheckVerdict::Passed { after, swaps } => (after, swaps),
        CheckVerdict::Refused { reason, .. } => panic!("expected a pass, refused: {reason}"),
    }
}

/// The check's answer when the actions are refused.
fn refused(r: &CheckActionsResponse) -> (&PolicyViolation, &str) {
    match &r.verdict {
        CheckVerdict::Refused { violation, reason } => (violation, reason),
        CheckVerdict::Passed { .. } => panic!("expected a refusal, passed: {r:?}"),
    }
}

fn check(s: &Suite, actions: Vec<TreasuryAction>) -> CheckActionsResponse {
    s.query(QueryMsg::CheckActions { actions }).unwrap()
}

#[test]
fn check_actions_query_answers_usage_before_and_after() {
    // NAV = 1000 uatom × 10 + 5000 token × 1 + 5000 uusdc × 1 = 20000; 20 % = 4000.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(2_000));
    let to = s.alice.clone();
    let actions = vec![
        s.transfer(atom(), 150, &to),
        s.swap(atom(), 100, usdc(), 100),
    ];
    let report = check(&s, actions.clone());
    // Prices are read once per check: one raw read per asset the policy lists.
    let listed = s.state().policy.allowances.len() as u32;
    assert_eq!(s.oracle_queries(), listed);

    // Before: the balances the treasury holds and its limits now.
    let state = s.state();
    assert_eq!(report.before.balances, state.balances);
    assert_eq!(report.before.asset_limits, state.asset_limits);
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!(Some(&nav.limit), state.nav_limit.as_ref());
    assert_eq!(nav.nav, Some(Uint128::new(20_000)));
    assert_eq!(nav.available_value, Some(Uint128::new(4_000)));
    assert_eq!(nav.capacity_value, Some(Uint128::new(4_000)));
    assert!(nav.unpriced.is_empty());

    // After: 250 uatom out, the swap's 990 uusdc minimum in; 2500 of 20000 of
    // NAV moved, so 7.5 % of it is left, now of a NAV of 7500 + 5000 + 5990.
    let (after, swaps) = passed(&report);
    assert_eq!(
        after.balances,
        vec![
            AssetAmount::new(atom(), 750u128),
            AssetAmount::new(s.cw20_asset(), 5_000u128),
            AssetAmount::new(usdc(), 5_990u128),
        ]
    );
    let after_nav = after.nav_limit.as_ref().unwrap();
    assert_eq!(after_nav.limit.available_share, Decimal::permille(75));
    assert_eq!(after_nav.nav, Some(Uint128::new(18_490)));
    assert_eq!(after_nav.available_value, Some(Uint128::new(1_386)));
    assert_eq!(
        swaps,
        [SwapQuote {
            action_index: 1,
            expected_out: Uint128::new(1_000),
            min_out: Uint128::new(990),
        }]
    );

    // Executing the same actions stores exactly the limits after, and
    // enforces the quoted minimum.
    s.run(actions).unwrap();
    let stored = s.state();
    assert_eq!(stored.asset_limits, after.asset_limits);
    assert_eq!(stored.nav_limit.as_ref(), Some(&after_nav.limit));
    let pending = PENDING_SWAPS.load(&s.deps.storage, 1).unwrap();
    assert_eq!(pending.min_out, swaps[0].min_out);
    // The bank moves the transfer and the offer; the pair returns the minimum.
    s.set_native("uatom", 750);
    s.set_native("uusdc", 5_990);
    s.settle(1).unwrap();
    // The next check starts where this one said the actions end.
    let next = check(&s, vec![s.transfer(usdc(), 1, &to)]);
    assert_eq!(&next.before, after);
}

#[test]
fn check_actions_query_refusal_keeps_the_usage_before() {
    let mut s = Suite::new();
    let to = s.alice.clone();
    let report = check(&s, vec![s.transfer(atom(), 1_001, &to)]);
    assert_eq!(report.before.balances, s.state().balances);
    assert_eq!(report.before.asset_limits, s.state().asset_limits);
    assert_eq!(report.before.nav_limit, None);
    let (violation_seen, reason) = refused(&report);
    let err = s.run(vec![s.transfer(atom(), 1_001, &to)]).unwrap_err();
    assert_eq!(err.to_string(), format!("policy violation: {reason}"));
    assert_eq!(&violation(err), violation_seen);
    assert!(report.after().is_none());

    // No actions at all: still the usage before.
    let empty = check(&s, vec![]);
    assert_eq!(refused(&empty).0, &PolicyViolation::NoActions {});
    assert_eq!(empty.before, report.before);
}

#[test]
fn check_actions_query_answers_what_it_can_value() {
    // A stale price: the asset counts as zero in NAV and is named.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(5_000));
    let now = s.now();
    let token = s.cw20_asset();
    s.set_prices(&[
        (atom(), "10", now - 3_601),
        (token.clone(), "1", now),
        (usdc(), "1", now),
    ]);
    let to = s.alice.clone();
    let report = check(&s, vec![s.transfer(atom(), 10, &to)]);
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!(nav.nav, Some(Uint128::new(10_000)));
    assert_eq!(nav.unpriced, vec![atom()]);
    assert!(matches!(
        refused(&report).0,
        PolicyViolation::PriceStale { asset, .. } if asset == "native:uatom"
    ));

    // A NAV too large to value: the balances and limits are still there.
    s.set_prices(&[(atom(), "10", now), (token, "1", now), (usdc(), "1", now)]);
    s.set_native("uatom", u128::MAX / 2);
    let report = check(&s, vec![s.transfer(usdc(), 10, &to)]);
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!((nav.nav, nav.available_value), (None, None));
    assert_eq!(report.before.balances, s.state().balances);
    assert_eq!(
        refused(&report).0,
        &PolicyViolation::Overflow {
            asset: "native:uatom".into()
        }
    );
}

#[test]
fn check_actions_query_errors_are_not_refusals() {
    let s = Suite::new();
    // Not a policy violation: a query error.
    let err = s
        .query::<CheckActionsResponse>(QueryMsg::CheckActions {
            actions: vec![TreasuryAction::Transfer {
                asset: atom(),
                amount: Uint128::new(1),
                recipient: "nope".into(),
            }],
        })
        .unwrap_err();
    assert!(matches!(
        err,
        ContractError::InvalidAction(InvalidAction::InvalidRecipient { .. })
    ));
    s.oracle_down();
    let err = s
        .query::<CheckActionsResponse>(QueryMsg::CheckActions {
            actions: vec![s.swap(atom(), 100, usdc(), 100)],
        })
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)));
}
