//! An asset the oracle cannot price (no feed, a stale or a zero price) with a
//! balance: anyone can donate one unit of a listed asset, and that must not
//! stop the treasury.

use cosmwasm_std::{coin, Decimal, Uint128};
use cw_multi_test::Executor;
use steward_tests::suite::{transfer, Suite, SuiteBuilder, USD};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::handle::DaoContracts;
use steward_types::policy::{PolicyViolation, TreasuryAction};
use steward_types::proposal::ProposalAction;
use steward_types::threshold::Status;

fn treasury_actions(actions: Vec<TreasuryAction>) -> Vec<ProposalAction> {
    vec![ProposalAction::Treasury { actions }]
}

/// Passes a proposal and returns what its execution came to (Executed or ExecutionFailed).
fn pass_status(s: &mut Suite, actions: Vec<ProposalAction>) -> Status {
    let id = s.pass(actions).unwrap();
    s.attempt_outcome(id)
}

/// Finding 4: one unit of a listed asset without a price froze every outflow,
/// because NAV needed a price for every asset with a balance.
#[test]
fn unpriced_dust_does_not_freeze_the_treasury() {
    let mut s = SuiteBuilder {
        policy: |p| {
            p.allowances
                .push(AssetAmount::new(AssetInfo::native("udust"), 1_000u128))
        },
        ..SuiteBuilder::default()
    }
    .build();
    let outsider = s.actors.outsider.clone();
    let treasury = s.treasury.clone();
    s.app.init_modules(|router, _, storage| {
        router
            .bank
            .init_balance(storage, &outsider, vec![coin(1, "udust")])
            .unwrap()
    });
    s.app
        .send_tokens(outsider, treasury.clone(), &[coin(1, "udust")])
        .unwrap();
    let recipient = s.actors.recipient.clone();
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer(USD, 1_000, &recipient)])
        ),
        Status::Executed
    );
    // The unpriced asset itself cannot be valued against the NAV cap.
    assert_eq!(
        pass_status(
            &mut s,
            treasury_actions(vec![transfer("udust", 1, &recipient)])
        ),
        Status::ExecutionFailed
    );
    // A stale price is no price: atom's feed stops, uusd still moves.
    s.advance(2 * 3_600);
    s.submit_prices(vec![
        (AssetInfo::native(USD), Decimal::one()),
        (
            AssetInfo::cw20(s.token.as_str()),
            Decimal::from_ratio(2u128, 1u128),
        ),
    ])
    .unwrap();
    // The check names what it cannot value and still answers the rest.
    let report = s
        .treasury_contract()
        .check_actions(&s.app.wrap(), vec![transfer("uatom", 1, &recipient)])
        .unwrap();
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!(
        nav.unpriced,
        vec![AssetInfo::native("uatom"), AssetInfo::native("udust")]
    );
    // uusd at 1 and the token at 2: the NAV without the unpriced assets.
    let usd = s.balance(&treasury, USD);
    let token = s.cw20_balance(&treasury);
    assert_eq!(nav.nav, Some(Uint128::new(usd + 2 * token)));
    assert_eq!(report.before.balances.len(), 4);
    assert!(matches!(
        report.violation(),
        Some(PolicyViolation::PriceStale { asset, .. }) if asset == "native:uatom"
    ));
    let proposer = s.member(0);
    let id = s
        .propose(
            &proposer,
            treasury_actions(vec![transfer(USD, 1_000, &recipient)]),
        )
        .unwrap();
    s.all_vote_yes(id).unwrap();
    s.next_block();
    s.execute(&proposer, id).unwrap();
    assert_eq!(s.proposal(id).status, Status::Executed);
    assert_eq!(s.balance(&recipient, USD), 2_000);
    assert_eq!(s.balance(&treasury, "udust"), 1);
}
