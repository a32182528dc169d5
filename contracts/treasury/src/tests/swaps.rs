//! Swaps through an allowlisted pair, each settlement checked against its minimum out.

use super::*;

#[test]
fn native_offer_swap_message() {
    let mut s = Suite::new();
    // 100 uatom at 10 for uusdc at 1: expected 1000, min 990 at 100 bps.
    let res = s.run(vec![s.swap(atom(), 100, usdc(), 100)]).unwrap();
    let expected = WasmMsg::Execute {
        contract_addr: s.pair.to_string(),
        msg: to_json_binary(&pair::ExecuteMsg::Swap {
            offer_asset: pair::Asset {
                info: atom(),
                amount: Uint128::new(100),
            },
            ask_asset_info: Some(usdc()),
            belief_price: Some(Decimal::percent(10)),
            max_spread: Some(Decimal::percent(1)),
            to: None,
        })
        .unwrap(),
        funds: coins(100, "uatom"),
    };
    // The swap, then the treasury's own check of its output; no reply.
    assert_eq!(
        res.messages,
        vec![SubMsg::new(expected), SubMsg::new(settle_msg(&s.env, 0))]
    );
    assert!(res.messages.iter().all(|m| m.reply_on == ReplyOn::Never));
    let pending = PENDING_SWAPS.load(&s.deps.storage, 0).unwrap();
    assert_eq!(pending.ask_asset, usdc());
    assert_eq!(pending.baseline, Uint128::new(5_000));
    assert_eq!(pending.min_out, Uint128::new(990));
    assert_eq!(spent(&s.state(), &atom()), 100);
}

#[test]
fn cw20_offer_swap_message() {
    let mut s = Suite::new();
    // 1000 token at 1 for uatom at 10: expected 100, min 99 at 100 bps;
    // belief price 1000 / 100 = 10.
    let token = s.cw20_asset();
    let res = s
        .run(vec![
            s.transfer(atom(), 1, &s.alice.clone()),
            s.swap(token.clone(), 1_000, atom(), 100),
        ])
        .unwrap();
    let hook = to_json_binary(&pair::Cw20HookMsg::Swap {
        ask_asset_info: Some(atom()),
        belief_price: Some(Decimal::from_ratio(10u128, 1u128)),
        max_spread: Some(Decimal::percent(1)),
        to: None,
    })
    .unwrap();
    let expected = WasmMsg::Execute {
        contract_addr: s.token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Send {
            contract: s.pair.to_string(),
            amount: Uint128::new(1_000),
            msg: hook,
        })
        .unwrap(),
        funds: vec![],
    };
    assert_eq!(res.messages[1], SubMsg::new(expected));
    assert_eq!(res.messages[2], SubMsg::new(settle_msg(&s.env, 1)));
    // The transfer of 1 uatom before the swap is not the swap's output.
    let pending = PENDING_SWAPS.load(&s.deps.storage, 1).unwrap();
    assert_eq!(pending.baseline, Uint128::new(999));
    assert_eq!(pending.min_out, Uint128::new(99));
    assert!(attr(&res, "swap").unwrap().contains("expected 100, min 99"));
}

#[test]
fn settlement_enforces_min_out_native() {
    let mut s = Suite::new();
    s.run(vec![s.swap(atom(), 100, usdc(), 100)]).unwrap();
    // The pair delivered 989 of a required 990.
    s.set_native("uusdc", 5_989);
    let err = s.settle(0).unwrap_err();
    assert_eq!(
        err,
        ContractError::SwapOutputTooLow {
            received: Uint128::new(989),
            min_out: Uint128::new(990),
        }
    );
    s.set_native("uusdc", 5_990);
    let res = s.settle(0).unwrap();
    assert_eq!(attr(&res, "received"), Some("990"));
    assert!(PENDING_SWAPS
        .may_load(&s.deps.storage, 0)
        .unwrap()
        .is_none());
    // Each swap is settled once.
    assert_eq!(
        s.settle(0).unwrap_err(),
        ContractError::NoPendingSwap { action_index: 0 }
    );
}

#[test]
fn settlement_enforces_min_out_cw20_ask() {
    let mut s = Suite::new();
    // 10 uatom at 10 for token at 1: expected 100, min 99 at 100 bps.
    let token = s.cw20_asset();
    s.run(vec![s.swap(atom(), 10, token, 100)]).unwrap();
    s.set_cw20(5_000 + 98);
    assert_eq!(
        s.settle(0).unwrap_err(),
        ContractError::SwapOutputTooLow {
            received: Uint128::new(98),
            min_out: Uint128::new(99),
        }
    );
    // A balance that fell (nothing delivered) counts as zero received.
    s.set_cw20(4_000);
    assert_eq!(
        s.settle(0).unwrap_err(),
        ContractError::SwapOutputTooLow {
            received: Uint128::zero(),
            min_out: Uint128::new(99),
        }
    );
    s.set_cw20(5_000 + 120);
    s.settle(0).unwrap();
}

#[test]
fn two_swaps_into_one_asset_are_measured_separately() {
    let mut s = Suite::new();
    let token = s.cw20_asset();
    // Each expects 100 uusdc, at least 99.
    s.run(vec![
        s.swap(atom(), 10, usdc(), 100),
        s.swap(token, 100, usdc(), 100),
    ])
    .unwrap();
    s.set_native("uusdc", 5_100);
    s.settle(0).unwrap();
    assert_eq!(
        PENDING_SWAPS.load(&s.deps.storage, 1).unwrap().baseline,
        Uint128::new(5_100)
    );
    // The second swap delivered nothing: the first one's output does not count.
    assert_eq!(
        s.settle(1).unwrap_err(),
        ContractError::SwapOutputTooLow {
            received: Uint128::zero(),
            min_out: Uint128::new(99),
        }
    );
    s.set_native("uusdc", 5_199);
    s.settle(1).unwrap();
}

#[test]
fn settling_nothing_pending() {
    let mut s = Suite::new();
    assert_eq!(
        s.settle(3).unwrap_err(),
        ContractError::NoPendingSwap { action_index: 3 }
    );
}

#[test]
fn only_the_treasury_settles_a_swap() {
    let mut s = Suite::new();
    s.run(vec![s.swap(atom(), 100, usdc(), 100)]).unwrap();
    // Nothing delivered: a settlement by anyone else would be an attack on
    // the pending record (or a way to fail someone's execution); it is refused
    // before the balance is read, and the record stays.
    for sender in [s.dao.clone(), s.alice.clone()] {
        assert_eq!(
            s.settle_as(&sender, 0).unwrap_err(),
            ContractError::Unauthorized {
                sender,
                role: roles::TREASURY,
            }
        );
    }
    assert!(PENDING_SWAPS.has(&s.deps.storage, 0));
    // Funds are refused too (nothing may be sent with a settlement).
    let treasury = s.env.contract.address.clone();
    let err = execute(
        s.deps.as_mut(),
        s.env.clone(),
        message_info(&treasury, &coins(1, "uatom")),
        ExecuteMsg::SettleSwap { action_index: 0 },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

/// The `SettleSwap` message the treasury sends itself after swap `index`.
fn settle_msg(env: &Env, index: u64) -> WasmMsg {
    WasmMsg::Execute {
        contract_addr: env.contract.address.to_string(),
        msg: to_json_binary(&ExecuteMsg::SettleSwap {
            action_index: index,
        })
        .unwrap(),
        funds: vec![],
    }
}
