//! Transfers under the policy: continuous allowances, the NAV share, prices, allowlists, reserves.

use super::*;

#[test]
fn transfers_native_and_cw20() {
    let mut s = Suite::new();
    let dao = s.dao.clone();
    let actions = vec![
        s.transfer(atom(), 100, &s.alice),
        s.transfer(s.cw20_asset(), 250, &s.bob),
    ];
    let res = s
        .exec_as(
            &dao,
            &[],
            ExecuteMsg::Execute {
                actions,
                recommendation_id: Some(7),
                expected_policy_version: Some(1),
            },
        )
        .unwrap();
    assert_eq!(
        res.messages,
        vec![
            SubMsg::new(BankMsg::Send {
                to_address: s.alice.to_string(),
                amount: coins(100, "uatom"),
            }),
            SubMsg::new(WasmMsg::Execute {
                contract_addr: s.token.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                    recipient: s.bob.to_string(),
                    amount: Uint128::new(250),
                })
                .unwrap(),
                funds: vec![],
            }),
        ]
    );
    assert_eq!(attr(&res, "action"), Some("execute"));
    assert_eq!(attr(&res, "recommendation_id"), Some("7"));
    assert_eq!(attr(&res, "policy_version"), Some("1"));
    assert_eq!(
        attr(&res, "transfer"),
        Some(format!("100 native:uatom to {}", s.alice).as_str())
    );
    let state = s.state();
    assert_eq!(spent(&state, &atom()), 100);
    assert_eq!(spent(&state, &s.cw20_asset()), 250);
    assert_eq!(state.now, s.now());
}

#[test]
fn plain_transfers_do_not_ask_the_oracle() {
    let mut s = Suite::new();
    s.oracle_down();
    let to = s.alice.clone();
    s.run(vec![s.transfer(atom(), 10, &to)]).unwrap();
    assert_eq!(s.oracle_queries(), 0);

    // With a NAV limit, every movement is valued, so the oracle is needed.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(5_000));
    s.oracle_down();
    let err = s.run(vec![s.transfer(atom(), 10, &to)]).unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err:?}");
}

#[test]
fn allowance_refills_continuously() {
    let mut s = Suite::new();
    let to = s.alice.clone();
    s.run(vec![s.transfer(atom(), 600, &to)]).unwrap();
    s.set_native("uatom", 400);
    let err = s.run(vec![s.transfer(atom(), 401, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::AllowanceExceeded {
            asset: "native:uatom".into(),
            requested: Uint128::new(401),
            available: Uint128::new(400),
            allowance: Uint128::new(1_000),
        }
    );
    s.run(vec![s.transfer(atom(), 400, &to)]).unwrap();
    assert_eq!(spent(&s.state(), &atom()), 1_000);

    // A quarter of a day refills a quarter of the allowance, whatever the
    // time of day: there is no window boundary to wait for or to straddle.
    s.set_native("uatom", 5_000);
    s.advance(DAY / 4);
    let state = s.state();
    assert_eq!(spent(&state, &atom()), 750);
    let limit = &state.asset_limits[0];
    assert_eq!(
        (limit.available, limit.capacity, limit.refill_period_seconds),
        (Uint128::new(250), Uint128::new(1_000), DAY)
    );
    assert!(s.run(vec![s.transfer(atom(), 251, &to)]).is_err());
    s.run(vec![s.transfer(atom(), 250, &to)]).unwrap();
    s.advance(10 * DAY);
    assert_eq!(spent(&s.state(), &atom()), 0);
}

#[test]
fn nav_share_limit() {
    // NAV = 1000 uatom * 10 + 5000 token * 1 + 5000 uusdc * 1 = 20000; 10% = 2000.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(1_000));
    let to = s.alice.clone();
    s.run(vec![s.transfer(atom(), 150, &to)]).unwrap();
    // 1_500 of 20_000 moved: 2.5 % of NAV is left of the 10 %.
    let nav_limit = s.state().nav_limit.unwrap();
    assert_eq!(nav_limit.available_share, Decimal::permille(25));
    assert_eq!(nav_limit.capacity_share, Decimal::percent(10));
    assert_eq!(nav_limit.refill_period_seconds, DAY);
    let err = s.run(vec![s.transfer(usdc(), 501, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::NavShareExceeded {
            requested_value: Uint128::new(501),
            available_value: Uint128::new(500),
            nav: Uint128::new(20_000),
            max_bps: 1_000,
        }
    );
    s.run(vec![s.transfer(usdc(), 500, &to)]).unwrap();
}

#[test]
fn stale_and_missing_prices_are_refused() {
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(5_000));
    let to = s.alice.clone();
    let now = s.now();
    let token = s.cw20_asset();
    s.set_prices(&[
        (atom(), "10", now - 3_601),
        (token.clone(), "1", now),
        (usdc(), "1", now),
    ]);
    // A stale asset counts as zero in NAV and does not stop the others, but
    // cannot itself be valued against the NAV cap.
    s.run(vec![s.transfer(usdc(), 10, &to)]).unwrap();
    let err = s.run(vec![s.transfer(atom(), 10, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::PriceStale {
            asset: "native:uatom".into(),
            publish_time: now - 3_601,
            now,
            max_age: 3_600,
        }
    );

    // Swaps need the price of both sides even without a NAV limit.
    let mut s = Suite::new();
    s.set_prices(&[(atom(), "10", now), (token, "1", now)]);
    let err = s.run(vec![s.swap(atom(), 10, usdc(), 100)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::PriceMissing {
            asset: "native:uusdc".into()
        }
    );
}

#[test]
fn recipient_allowlist() {
    let mut s = Suite::new();
    let alice = s.alice.to_string();
    let mut s2 = Suite::with_policy(|p| p.recipient_allowlist = Some(vec![alice]));
    let (a, b) = (s.alice.clone(), s.bob.clone());
    s2.run(vec![s2.transfer(atom(), 10, &a)]).unwrap();
    let err = s2.run(vec![s2.transfer(atom(), 10, &b)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::RecipientNotAllowed {
            recipient: b.to_string()
        }
    );
    // Without an allowlist anyone may be paid.
    s.run(vec![s.transfer(atom(), 10, &b)]).unwrap();
}

#[test]
fn venue_allowlist() {
    let mut s = Suite::new();
    let other = s.deps.api.addr_make("other-pair").to_string();
    let mut action = s.swap(atom(), 10, usdc(), 100);
    if let TreasuryAction::Swap { pair, .. } = &mut action {
        *pair = other.clone();
    }
    let err = s.run(vec![action]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::VenueNotAllowed { pair: other }
    );
}

#[test]
fn reserve_is_kept() {
    let mut s = Suite::with_policy(|p| p.min_reserves = vec![AssetAmount::new(atom(), 300u128)]);
    let to = s.alice.clone();
    let err = s.run(vec![s.transfer(atom(), 701, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::BelowReserve {
            asset: "native:uatom".into(),
            balance_after: Uint128::new(299),
            reserve: Uint128::new(300),
        }
    );
    s.run(vec![s.transfer(atom(), 700, &to)]).unwrap();
}

#[test]
fn other_policy_violations_pass_through() {
    let mut s = Suite::new();
    assert_eq!(
        violation(s.run(vec![]).unwrap_err()),
        PolicyViolation::NoActions {}
    );
    let to = s.alice.clone();
    let err = s.run(vec![s.transfer(atom(), 0, &to)]).unwrap_err();
    assert_eq!(violation(err), PolicyViolation::ZeroAmount { index: 0 });
    let err = s.run(vec![s.swap(atom(), 10, usdc(), 101)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::SlippageTooHigh {
            requested_bps: 101,
            max_bps: 100
        }
    );
}
