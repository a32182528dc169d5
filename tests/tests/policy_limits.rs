//! The treasury's limits against an attacker's timing and governance's own
//! edits: continuous limits (no fixed windows to straddle), and what was drawn
//! stays counted across budget and policy changes.

use cosmwasm_std::{Addr, Uint128};
use steward_tests::suite::{transfer, Suite, SuiteBuilder, USD};
use steward_types::asset::AssetInfo;
use steward_types::json::ModuleMsg;
use steward_types::policy::{Policy, TreasuryAction};
use steward_types::proposal::ProposalAction;
use steward_types::threshold::Status;
use steward_types::treasury;

const DAY: u64 = 86_400;

fn treasury_actions(actions: Vec<TreasuryAction>) -> Vec<ProposalAction> {
    vec![ProposalAction::Treasury { actions }]
}

fn pass_status(s: &mut Suite, actions: Vec<ProposalAction>) -> Status {
    let id = s.pass(actions).unwrap();
    s.proposal(id).status
}

fn update_policy(s: &mut Suite, edit: impl FnOnce(&mut Policy)) {
    let mut policy = s.policy().policy;
    edit(&mut policy);
    let status = pass_status(
        s,
        vec![ProposalAction::TreasuryMsg {
            msg: ModuleMsg::new(&treasury::ExecuteMsg::UpdatePolicy { policy }).unwrap(),
        }],
    );
    assert_eq!(status, Status::Executed);
    s.set_default_prices().unwrap();
}

fn set_budget(spender: &Addr, amount: u128, period_seconds: u64) -> TreasuryAction {
    TreasuryAction::SetBudget {
        spender: spender.to_string(),
        asset: AssetInfo::native(USD),
        amount_per_period: Uint128::new(amount),
        period_seconds,
    }
}

fn draw(s: &mut Suite, spender: &Addr, amount: u128) -> bool {
    let treasury = s.treasury.clone();
    s.exec(
        spender,
        &treasury,
        &treasury::ExecuteMsg::DrawBudget {
            asset: AssetInfo::native(USD),
            amount: Uint128::new(amount),
            recipient: None,
        },
    )
    .is_ok()
}

/// Advances to `seconds_before` seconds before the next multiple of `period`.
fn advance_to_before_boundary(s: &mut Suite, period: u64, seconds_before: u64) {
    let now = s.now();
    let mut target = now - now % period + period - seconds_before;
    if target <= now {
        target += period;
    }
    s.advance(target - now);
    s.set_default_prices().unwrap();
}

/// Finding 12: with fixed windows from the epoch, a spender drew a whole
/// period's allowance seconds before a boundary and again seconds after.
#[test]
fn twice_the_allowance_cannot_leave_across_a_period_boundary() {
    let mut s = SuiteBuilder {
        policy: |p| p.allowances[0].amount = Uint128::new(300_000),
        ..SuiteBuilder::default()
    }
    .build();
    let first = s.actors.spender.clone();
    let second = s.actors.recipient.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![
                set_budget(&first, 300_000, DAY),
                set_budget(&second, 300_000, DAY)
            ])
        ),
        Status::Executed
    );
    // Let the allowance fill up again after nothing moved for a day.
    s.advance(DAY);
    advance_to_before_boundary(&mut s, DAY, 30);
    assert!(draw(&mut s, &first, 300_000));
    s.advance(60);
    s.set_default_prices().unwrap();
    // A minute later only a minute's refill is available: 300_000 × 70 / 86_400.
    assert!(
        !draw(&mut s, &second, 300_000),
        "the allowance refilled at once"
    );
    assert!(
        !draw(&mut s, &first, 300_000),
        "the budget refilled at once"
    );
    assert!(draw(&mut s, &second, 200));
    assert_eq!(s.balance(&first, USD) + s.balance(&second, USD), 300_200);
}

/// Finding 7: `[RemoveBudget, SetBudget]` in one execution recreated the
/// budget with nothing drawn.
#[test]
fn removing_and_setting_a_budget_again_keeps_what_was_drawn() {
    let mut s = SuiteBuilder::default().build();
    let spender = s.actors.spender.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![set_budget(&spender, 300_000, DAY)])
        ),
        Status::Executed
    );
    assert!(draw(&mut s, &spender, 300_000));
    let remove = TreasuryAction::RemoveBudget {
        spender: spender.to_string(),
        asset: AssetInfo::native(USD),
    };
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![remove, set_budget(&spender, 300_000, DAY)])
        ),
        Status::Executed
    );
    assert!(!draw(&mut s, &spender, 300_000), "the budget was refreshed");
    assert_eq!(s.balance(&spender, USD), 300_000);
}

/// Finding 7: changing a budget's `period_seconds` started a new window with
/// nothing drawn.
#[test]
fn changing_a_budget_period_keeps_what_was_drawn() {
    let mut s = SuiteBuilder::default().build();
    let spender = s.actors.spender.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![set_budget(&spender, 300_000, DAY)])
        ),
        Status::Executed
    );
    assert!(draw(&mut s, &spender, 300_000));
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![set_budget(&spender, 300_000, 7 * DAY)])
        ),
        Status::Executed
    );
    assert!(!draw(&mut s, &spender, 300_000), "the budget was refreshed");
    assert_eq!(s.balance(&spender, USD), 300_000);
}

/// Finding 8: changing the policy's `period_seconds` moved the period start
/// and dropped what was spent; a second full allowance left minutes later.
#[test]
fn a_policy_change_keeps_what_was_spent() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    // The whole uusd allowance (10M; NAV 152M, 25 % = 38M).
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 10_000_000, &recipient)])
        ),
        Status::Executed
    );
    update_policy(&mut s, |p| p.period_seconds = 7 * DAY);
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 10_000_000, &recipient)])
        ),
        Status::ExecutionFailed
    );
    assert_eq!(s.balance(&recipient, USD), 10_000_000);
}
