//! Treasury behaviour through governance: swaps with an on-chain minimum
//! output, budgets, cw20 assets and the policy's limits.

use cosmwasm_std::{coin, to_json_binary, Addr, Uint128};
use cw_multi_test::Executor;
use steward_pair::msg as pair;
use steward_tests::suite::{contract_error, transfer, Suite, SuiteBuilder, ATOM, USD};
use steward_treasury::ContractError;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::handle::DaoContracts;
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
    let budget = s
        .treasury_contract()
        .budget(&s.app.wrap(), &spender, &AssetInfo::native(USD))
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

// ------------------------------------------- what CheckActions says will happen

/// The treasury's balance of every asset the default policy lists, in its order.
fn held(s: &Suite) -> Vec<AssetAmount> {
    let treasury = s.treasury.clone();
    vec![
        AssetAmount::new(AssetInfo::native(USD), s.balance(&treasury, USD)),
        AssetAmount::new(AssetInfo::native(ATOM), s.balance(&treasury, ATOM)),
        AssetAmount::new(AssetInfo::cw20(s.token.as_str()), s.cw20_balance(&treasury)),
    ]
}

fn check_actions(s: &Suite, actions: &[TreasuryAction]) -> treasury::CheckActionsResponse {
    s.treasury_contract()
        .check_actions(&s.app.wrap(), actions.to_vec())
        .unwrap()
}

fn policy_state(s: &Suite) -> treasury::PolicyStateResponse {
    s.treasury_contract().policy_state(&s.app.wrap()).unwrap()
}

/// Proposes `actions`, passes the proposal and waits out its timelock; the
/// caller checks and executes in the block it leaves.
fn passed_proposal(s: &mut Suite, actions: &[TreasuryAction]) -> u64 {
    let proposer = s.member(0);
    let id = s
        .propose(&proposer, treasury_actions(actions.to_vec()))
        .unwrap();
    s.all_vote_yes(id).unwrap();
    s.wait_timelock(id);
    id
}

fn cw20_payment(s: &Suite, amount: u128, to: &Addr) -> TreasuryAction {
    TreasuryAction::Transfer {
        asset: AssetInfo::cw20(s.token.as_str()),
        amount: Uint128::new(amount),
        recipient: to.to_string(),
    }
}

#[test]
fn check_actions_says_what_an_execution_through_the_dao_does() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    let pair = s.pair.clone();
    let actions = vec![
        transfer(USD, 2_000_000, &recipient),
        cw20_payment(&s, 100_000, &recipient),
        swap(&pair, ATOM, 100_000, USD, 100),
    ];
    let id = passed_proposal(&mut s, &actions);

    // Checked in the block the proposal executes in.
    let report = check_actions(&s, &actions);
    assert_eq!(report.before.balances, held(&s));
    let before_state = policy_state(&s);
    assert_eq!(report.before.asset_limits, before_state.asset_limits);
    let (after, swaps) = match &report.verdict {
        treasury::CheckVerdict::Passed { after, swaps } => (after.clone(), swaps.clone()),
        refused => panic!("expected a pass: {refused:?}"),
    };
    let [quote] = swaps.as_slice() else {
        panic!("one quote per swap: {swaps:?}")
    };
    assert_eq!(quote.action_index, 2);

    let proposer = s.member(0);
    let res = s.execute(&proposer, id).unwrap();
    assert_eq!(s.proposal(id).status, Status::Executed);
    let settled = res
        .events
        .iter()
        .find(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "action" && a.value == "swap_settled")
        })
        .expect("the swap settled");
    let value = |key: &str| -> u128 {
        let a = settled.attributes.iter().find(|a| a.key == key).unwrap();
        a.value.parse().unwrap()
    };
    // The minimum the check quoted is the one the treasury enforced.
    assert_eq!(value("min_out"), quote.min_out.u128());
    let received = value("received");
    assert!(received >= quote.min_out.u128());

    // Transfers and the offer moved exactly; the swap delivered its minimum
    // and whatever the pair gave above it.
    let mut expected = after.balances.clone();
    expected[0].amount += Uint128::new(received) - quote.min_out;
    assert_eq!(held(&s), expected);
    assert!(after.balances[0].amount < report.before.balances[0].amount);

    // What the treasury stored is what the check said would be left.
    let state = policy_state(&s);
    assert_eq!(state.now, before_state.now);
    assert_eq!(state.asset_limits, after.asset_limits);
    let after_nav = after.nav_limit.as_ref().unwrap();
    assert_eq!(state.nav_limit.as_ref(), Some(&after_nav.limit));
    assert!(
        after_nav.limit.available_share
            < report
                .before
                .nav_limit
                .as_ref()
                .unwrap()
                .limit
                .available_share
    );
}

#[test]
fn after_a_transfer_the_next_check_starts_where_the_last_one_ended() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    let actions = vec![
        transfer(USD, 2_000_000, &recipient),
        cw20_payment(&s, 100_000, &recipient),
    ];
    let id = passed_proposal(&mut s, &actions);
    let report = check_actions(&s, &actions);
    let after = report.after().expect("the transfers pass").clone();
    let proposer = s.member(0);
    s.execute(&proposer, id).unwrap();
    assert_eq!(s.proposal(id).status, Status::Executed);

    assert_eq!(held(&s), after.balances);
    // Balances, limits and the NAV figures: all as the check said.
    let next = check_actions(&s, &actions);
    assert_eq!(next.before, after);
    let nav = after.nav_limit.unwrap();
    // 2 000 000 uusd + 100 000 token × 2 of a NAV of 152 000 000, capped at 25 %.
    assert_eq!(nav.nav, Some(Uint128::new(149_800_000)));
    assert_eq!(nav.capacity_value, Some(Uint128::new(37_450_000)));
}

#[test]
fn a_refused_check_keeps_the_usage_before_and_the_treasurys_reason() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    // The uusd allowance is 10 000 000 per period.
    let actions = vec![transfer(USD, 10_000_001, &recipient)];
    let report = check_actions(&s, &actions);
    assert_eq!(report.before.balances, held(&s));
    assert_eq!(report.before.asset_limits, policy_state(&s).asset_limits);
    let treasury::CheckVerdict::Refused { violation, reason } = &report.verdict else {
        panic!("expected a refusal: {report:?}")
    };

    // dao-core's own Execute of the same actions fails with the same violation.
    let (core, treasury_addr) = (s.core.clone(), s.treasury.clone());
    let err = s
        .exec(
            &core,
            &treasury_addr,
            &treasury::ExecuteMsg::Execute {
                actions,
                recommendation_id: None,
                expected_policy_version: None,
            },
        )
        .unwrap_err();
    let Some(ContractError::Policy(refusal)) = contract_error::<ContractError>(&err) else {
        panic!("expected a policy violation: {err:?}")
    };
    assert_eq!(refusal, violation);
    assert_eq!(refusal.to_string(), *reason);
    assert!(
        reason.starts_with("allowance for native:uusd exceeded"),
        "{reason}"
    );
}
