//! Treasury behaviour through governance: swaps with an on-chain minimum
//! output, budgets, cw20 assets and the policy's limits.

use cosmwasm_std::{coin, to_json_binary, Addr, Uint128};
use cw_multi_test::Executor;
use steward_pair::msg as pair;
use steward_tests::suite::{transfer, Suite, SuiteBuilder, ATOM, USD};
use steward_types::asset::AssetInfo;
use steward_types::json::ModuleMsg;
use steward_types::policy::TreasuryAction;
use steward_types::proposal::ProposalAction;
use steward_types::threshold::Status;
use steward_types::treasury;

fn treasury_actions(actions: Vec<TreasuryAction>) -> Vec<ProposalAction> {
    vec![ProposalAction::Treasury { actions }]
}

fn swap(pair: &Addr, offer: &str, amount: u128, ask: &str, slippage: u16) -> TreasuryAction {
    TreasuryAction::Swap {
        pair: pair.to_string(),
        offer_asset: AssetInfo::native(offer),
        offer_amount: Uint128::new(amount),
        ask_asset: AssetInfo::native(ask),
        max_slippage_bps: slippage,
    }
}

/// Passes a proposal and returns what its execution came to (Executed or ExecutionFailed).
fn pass_status(s: &mut Suite, actions: Vec<ProposalAction>) -> Status {
    let id = s.pass(actions).unwrap();
    s.attempt_outcome(id)
}

#[test]
fn swap_through_allow_listed_pair_gets_at_least_the_oracle_minimum() {
    let mut s = SuiteBuilder::default().build();
    let treasury = s.treasury.clone();
    let pair = s.pair.clone();
    let (usd0, atom0) = (s.balance(&treasury, USD), s.balance(&treasury, ATOM));
    // 100_000 uatom at 10 uusd each: ~1_000_000 uusd expected; the pool is deep,
    // so the 0.3 % fee and the price impact stay inside 1 % slippage.
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![swap(&pair, ATOM, 100_000, USD, 100)])
        ),
        Status::Executed
    );
    let got = s.balance(&treasury, USD) - usd0;
    assert_eq!(s.balance(&treasury, ATOM), atom0 - 100_000);
    assert!(got >= 990_000, "received {got}");
    assert!(got < 1_000_000, "a fee was taken: {got}");
}

#[test]
fn swap_with_too_little_output_reverts() {
    let mut s = SuiteBuilder::default().build();
    let treasury = s.treasury.clone();
    let pair = s.pair.clone();
    // 0.1 % slippage is less than the pair's 0.3 % fee: the swap cannot meet
    // the minimum, so the execution fails and nothing moves.
    let (usd0, atom0) = (s.balance(&treasury, USD), s.balance(&treasury, ATOM));
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![swap(&pair, ATOM, 100_000, USD, 10)])
        ),
        Status::ExecutionFailed
    );
    assert_eq!(
        (s.balance(&treasury, USD), s.balance(&treasury, ATOM)),
        (usd0, atom0)
    );
}

#[test]
fn hostile_pair_that_ignores_max_spread_is_caught_by_the_treasury() {
    // A pair on the allowlist that charges 5 % and ignores belief_price/max_spread.
    let mut s = SuiteBuilder::default().build();
    let deployer = s.actors.deployer.clone();
    let hostile = s
        .app
        .instantiate_contract(
            s.codes.pair,
            deployer.clone(),
            &pair::InstantiateMsg {
                assets: [AssetInfo::native(ATOM), AssetInfo::native(USD)],
                fee_bps: 500,
                honor_max_spread: false,
            },
            &[],
            "hostile",
            None,
        )
        .unwrap();
    s.app
        .send_tokens(
            deployer,
            hostile.clone(),
            &[coin(1_000_000_000, ATOM), coin(10_000_000_000, USD)],
        )
        .unwrap();
    let mut policy = s.policy().policy;
    policy.venue_allowlist.push(hostile.to_string());
    assert_eq!(
        pass_status(
            &mut s,
            vec![ProposalAction::TreasuryMsg {
                msg: ModuleMsg::new(&treasury::ExecuteMsg::UpdatePolicy { policy }).unwrap()
            }]
        ),
        Status::Executed
    );
    s.set_default_prices().unwrap();

    let treasury = s.treasury.clone();
    let (usd0, atom0) = (s.balance(&treasury, USD), s.balance(&treasury, ATOM));
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![swap(&hostile, ATOM, 100_000, USD, 300)])
        ),
        Status::ExecutionFailed
    );
    assert_eq!(
        (s.balance(&treasury, USD), s.balance(&treasury, ATOM)),
        (usd0, atom0)
    );
}

#[test]
fn swap_through_a_pair_not_on_the_allowlist_is_refused() {
    let mut s = SuiteBuilder::default().build();
    let not_listed = s.actors.outsider.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![swap(&not_listed, ATOM, 1_000, USD, 100)])
        ),
        Status::ExecutionFailed
    );
}

#[test]
fn cw20_transfer_and_deposit() {
    let mut s = SuiteBuilder::default().build();
    let treasury = s.treasury.clone();
    let recipient = s.actors.recipient.clone();
    // Deposit through cw20 Send with the Deposit hook.
    let deployer = s.actors.deployer.clone();
    let token = s.token.clone();
    s.exec(
        &deployer,
        &token,
        &cw20::Cw20ExecuteMsg::Send {
            contract: treasury.to_string(),
            amount: Uint128::new(5_000),
            msg: to_json_binary(&treasury::ReceiveMsg::Deposit {}).unwrap(),
        },
    )
    .unwrap();
    let t0 = s.cw20_balance(&treasury);
    let action = TreasuryAction::Transfer {
        asset: AssetInfo::cw20(token.as_str()),
        amount: Uint128::new(100_000),
        recipient: recipient.to_string(),
    };
    assert_eq!(
        pass_status(&mut s, treasury_actions(vec![action])),
        Status::Executed
    );
    assert_eq!(s.cw20_balance(&treasury), t0 - 100_000);
    assert_eq!(s.cw20_balance(&recipient), 100_000);
}

#[test]
fn allowance_resets_in_the_next_period() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 9_000_000, &recipient)])
        ),
        Status::Executed
    );
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 2_000_000, &recipient)])
        ),
        Status::ExecutionFailed
    );
    s.advance(86_400);
    s.set_default_prices().unwrap();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 2_000_000, &recipient)])
        ),
        Status::Executed
    );
    assert_eq!(s.balance(&recipient, USD), 11_000_000);
}

#[test]
fn nav_share_limit_and_stale_prices() {
    // NAV: 50M uusd + 10M uatom × 10 + 1M token × 2 = 152M; 25 % is 38M.
    let mut s = SuiteBuilder {
        policy: |p| {
            p.allowances[0].amount = Uint128::new(100_000_000);
            p.min_reserves.clear();
        },
        ..SuiteBuilder::default()
    }
    .build();
    let recipient = s.actors.recipient.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 39_000_000, &recipient)])
        ),
        Status::ExecutionFailed
    );
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 30_000_000, &recipient)])
        ),
        Status::Executed
    );
    // Prices older than the policy's max age refuse any movement.
    let alice = s.member(0);
    let id = s
        .propose(
            &alice,
            treasury_actions(vec![transfer(USD, 1_000, &recipient)]),
        )
        .unwrap();
    s.all_vote_yes(id).unwrap();
    s.advance(2 * 3_600);
    s.execute(&alice, id).unwrap();
    assert_eq!(s.attempt_outcome(id), Status::ExecutionFailed);
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 1_000, &recipient)])
        ),
        Status::Executed
    );
}

#[test]
fn recipient_allowlist_and_reserve() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    let outsider = s.actors.outsider.clone();
    let mut policy = s.policy().policy;
    policy.recipient_allowlist = Some(vec![recipient.to_string()]);
    policy.min_reserves[0].amount = Uint128::new(45_000_000);
    pass_status(
        &mut s,
        vec![ProposalAction::TreasuryMsg {
            msg: ModuleMsg::new(&treasury::ExecuteMsg::UpdatePolicy { policy }).unwrap(),
        }],
    );
    s.set_default_prices().unwrap();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 1_000, &outsider)])
        ),
        Status::ExecutionFailed
    );
    // 50M - 6M would fall below the 45M reserve.
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 6_000_000, &recipient)])
        ),
        Status::ExecutionFailed
    );
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 5_000_000, &recipient)])
        ),
        Status::Executed
    );
}

#[test]
fn budget_spender_draws_over_time() {
    let mut s = SuiteBuilder::default().build();
    let spender = s.actors.spender.clone();
    let treasury = s.treasury.clone();
    let set = TreasuryAction::SetBudget {
        spender: spender.to_string(),
        asset: AssetInfo::native(USD),
        amount_per_period: Uint128::new(300_000),
        period_seconds: 86_400,
    };
    assert_eq!(
        pass_status(&mut s, treasury_actions(vec![set])),
        Status::Executed
    );
    let draw = |amount: u128| treasury::ExecuteMsg::DrawBudget {
        asset: AssetInfo::native(USD),
        amount: Uint128::new(amount),
        recipient: None,
    };
    s.exec(&spender, &treasury, &draw(200_000)).unwrap();
    assert!(
        s.exec(&spender, &treasury, &draw(200_000)).is_err(),
        "over this period's budget"
    );
    // Only the spender draws its budget.
    let outsider = s.actors.outsider.clone();
    assert!(s.exec(&outsider, &treasury, &draw(1)).is_err());
    s.advance(86_400);
    s.set_default_prices().unwrap();
    s.exec(&spender, &treasury, &draw(200_000)).unwrap();
    assert_eq!(s.balance(&spender, USD), 400_000);
    let budget: treasury::BudgetResponse = s
        .app
        .wrap()
        .query_wasm_smart(
            &treasury,
            &treasury::QueryMsg::Budget {
                spender: spender.to_string(),
                asset: AssetInfo::native(USD),
            },
        )
        .unwrap();
    assert_eq!(budget.available, Uint128::new(100_000));
}

#[test]
fn a_module_message_its_module_refuses_fails_the_execution_and_moves_nothing() {
    let mut s = SuiteBuilder::default().build();
    s.set_default_prices().unwrap();
    let treasury = s.treasury.clone();
    let recipient = s.actors.recipient.clone();
    let usd0 = s.balance(&treasury, USD);
    // An oracle message proposed as a treasury message. The proposal module
    // carries module messages unread; the treasury, which parses its own
    // messages, refuses it, and the transfer before it is rolled back.
    let misaddressed: ModuleMsg<treasury::ExecuteMsg> =
        cosmwasm_std::from_json(br#"{"set_quorum":{"quorum":2}}"#).unwrap();
    assert!(misaddressed.parse().is_err());
    let status = pass_status(
        &mut s,
        vec![
            ProposalAction::Treasury {
                actions: vec![transfer(USD, 1_000, &recipient)],
            },
            ProposalAction::TreasuryMsg { msg: misaddressed },
        ],
    );
    assert_eq!(status, Status::ExecutionFailed);
    assert_eq!(s.balance(&treasury, USD), usd0);
    assert_eq!(s.balance(&recipient, USD), 0);
}
