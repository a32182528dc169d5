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

/// Passes a proposal and returns what its execution came to (Executed or ExecutionFailed).
fn pass_status(s: &mut Suite, actions: Vec<ProposalAction>) -> Status {
    let id = s.pass(actions).unwrap();
    s.attempt_outcome(id)
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

/// A deterministic pseudo-random sequence (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// Whether `moved` in `[a, b]` is within `max amount + Σ amount × overlap /
/// period` over the terms in force (each `(from, amount, period)` until the
/// next), compared exactly over the product of the periods.
fn within_bound(moved: u128, a: u64, b: u64, terms: &[(u64, u128, u64)]) -> bool {
    let max_amount = terms.iter().map(|t| t.1).max().unwrap();
    let denominator: u128 = terms.iter().map(|t| u128::from(t.2)).product();
    let mut bound = max_amount * denominator;
    for (i, &(from, amount, period)) in terms.iter().enumerate() {
        let end = terms.get(i + 1).map_or(u64::MAX, |t| t.0);
        let (lo, hi) = (a.max(from), b.min(end));
        if hi > lo {
            bound += amount * u128::from(hi - lo) * (denominator / u128::from(period));
        }
    }
    moved * denominator <= bound
}

/// Every window of draws, checked against the bound.
fn check_windows(draws: &[(u64, u128)], terms: &[(u64, u128, u64)], what: &str) {
    for i in 0..draws.len() {
        let mut moved = 0;
        for j in i..draws.len() {
            moved += draws[j].1;
            assert!(
                within_bound(moved, draws[i].0, draws[j].0, terms),
                "{what}: {moved} left in [{}, {}] under {terms:?}",
                draws[i].0,
                draws[j].0
            );
        }
    }
}

/// Finding 12's bound on the real contracts, measured from bank balances:
/// two spenders draw random amounts at random times from budgets of 600_000
/// a day under a uusd allowance of 1_000_000 a day; half-way the policy's
/// period becomes half a day and one budget is removed and set again. Every
/// window of outflows stays within amount × (1 + T / period) for each budget
/// and for the allowance (piecewise across the change).
#[test]
fn outflows_stay_within_the_continuous_bound_across_a_policy_change_and_a_budget_reset() {
    const ALLOWANCE: u128 = 1_000_000;
    const BUDGET: u128 = 600_000;
    let mut s = SuiteBuilder {
        policy: |p| p.allowances[0].amount = Uint128::new(1_000_000),
        ..SuiteBuilder::default()
    }
    .build();
    let spenders = [s.actors.spender.clone(), s.actors.recipient.clone()];
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![
                set_budget(&spenders[0], BUDGET, DAY),
                set_budget(&spenders[1], BUDGET, DAY)
            ])
        ),
        Status::Executed
    );
    let mut rng = Rng(0x00c0_ffee_5eed_0012);
    let mut policy_terms = vec![(0u64, ALLOWANCE, DAY)];
    let mut draws: [Vec<(u64, u128)>; 2] = [vec![], vec![]];
    let mut all: Vec<(u64, u128)> = vec![];
    let mut refused = 0;
    for step in 0..80 {
        if step == 40 {
            update_policy(&mut s, |p| p.period_seconds = DAY / 2);
            policy_terms.push((s.now(), ALLOWANCE, DAY / 2));
            let remove = TreasuryAction::RemoveBudget {
                spender: spenders[1].to_string(),
                asset: AssetInfo::native(USD),
            };
            assert_eq!(
                pass_status(
                    &mut s,
                    treasury_actions(vec![remove, set_budget(&spenders[1], BUDGET, DAY)])
                ),
                Status::Executed
            );
        }
        s.advance(rng.below(DAY / 6));
        s.set_default_prices().unwrap();
        let who = rng.below(2) as usize;
        let amount = 1 + u128::from(rng.below(BUDGET as u64 / 2));
        let before = s.balance(&spenders[who], USD);
        if draw(&mut s, &spenders[who].clone(), amount) {
            let moved = s.balance(&spenders[who], USD) - before;
            assert_eq!(moved, amount);
            draws[who].push((s.now(), moved));
            all.push((s.now(), moved));
        } else {
            assert_eq!(s.balance(&spenders[who], USD), before);
            refused += 1;
        }
    }
    // The sequence reaches both outcomes often.
    assert!(
        all.len() >= 20 && refused >= 10,
        "{} drawn, {refused} refused",
        all.len()
    );
    for (who, d) in draws.iter().enumerate() {
        check_windows(d, &[(0, BUDGET, DAY)], &format!("budget {who}"));
    }
    check_windows(&all, &policy_terms, "allowance");
}
