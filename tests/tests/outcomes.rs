//! A track record scored by outcomes, across the real contracts: an adopted
//! recommendation's execution records the balances it moved; a horizon later
//! anyone scores it against holding at the prices then, once.

use cosmwasm_std::{Decimal, Int256, Uint128};
use cw_multi_test::Executor;
use steward_oracle::ContractError as OracleError;
use steward_tests::suite::{
    contract_error, scoring_suite, transfer, Suite, SuiteBuilder, ADVISOR, ATOM, USD,
};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::handle::DaoContracts;
use steward_types::json::ModuleMsg;
use steward_types::oracle::{self, Outcome};
use steward_types::policy::TreasuryAction;
use steward_types::proposal::ProposalAction;
use steward_types::threshold::Status;

/// Two hours: longer than the oracle's price age (an hour), so the prices of
/// the adoption are stale by the time the outcome is due.
const HORIZON: u64 = 7_200;

fn suite() -> Suite {
    scoring_suite(HORIZON)
}

fn adopt(s: &mut Suite, actions: Vec<TreasuryAction>) -> u64 {
    let payload = s.payload(actions);
    let rec = s.submit(&payload).unwrap();
    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec).unwrap();
    s.all_vote_yes(pid).unwrap();
    s.wait_timelock(pid);
    let outsider = s.actors.outsider.clone();
    s.execute(&outsider, pid).unwrap();
    assert_eq!(s.proposal(pid).status, Status::Executed);
    rec
}

fn outcome(s: &Suite, id: u64) -> Option<Outcome> {
    let res = s.oracle_contract().outcome(&s.app.wrap(), id).unwrap();
    assert_eq!(res.id, id);
    res.outcome
}

fn record(s: &mut Suite, id: u64) -> anyhow::Result<cw_multi_test::AppResponse> {
    let who = s.actors.outsider.clone();
    let oracle = s.oracle.clone();
    s.app
        .execute_contract(who, oracle, &oracle::ExecuteMsg::RecordOutcome { id }, &[])
}

fn oracle_error(err: &anyhow::Error) -> &OracleError {
    contract_error::<OracleError>(err).expect("an oracle error")
}

/// The default prices with uatom at `atom` uusd.
fn prices_with_atom(s: &mut Suite, atom: u128) {
    let token = AssetInfo::cw20(s.token.as_str());
    s.submit_prices(vec![
        (AssetInfo::native(USD), Decimal::one()),
        (AssetInfo::native(ATOM), Decimal::from_ratio(atom, 1u128)),
        (token, Decimal::from_ratio(2u128, 1u128)),
    ])
    .unwrap();
}

fn swap_atom_for_usd(s: &Suite, amount: u128) -> TreasuryAction {
    TreasuryAction::Swap {
        pair: s.pair.to_string(),
        offer_asset: AssetInfo::native(ATOM),
        offer_amount: Uint128::new(amount),
        ask_asset: AssetInfo::native(USD),
        max_slippage_bps: 100,
    }
}

#[test]
fn a_swap_is_scored_against_holding_at_the_prices_a_horizon_later() {
    let mut s = suite();
    let treasury = s.treasury.clone();
    let (usd0, atom0) = (s.balance(&treasury, USD), s.balance(&treasury, ATOM));

    let swap = swap_atom_for_usd(&s, 100_000);
    let rec = adopt(&mut s, vec![swap]);
    let executed_at = s.now();
    let (usd1, atom1) = (s.balance(&treasury, USD), s.balance(&treasury, ATOM));
    assert_eq!(atom1, atom0 - 100_000);
    let got = usd1 - usd0;
    assert!(got > 900_000 && got < 1_000_000, "received {got}");

    // What the execution recorded: the moved balances from the bank, before
    // and after, and the prices then (uatom 10, uusd 1).
    let o = outcome(&s, rec).expect("tracked");
    assert_eq!(o.advisor, ADVISOR);
    assert_eq!(
        o.before,
        vec![
            AssetAmount::new(AssetInfo::native(ATOM), atom0),
            AssetAmount::new(AssetInfo::native(USD), usd0),
        ]
    );
    assert_eq!(
        o.after,
        vec![
            AssetAmount::new(AssetInfo::native(ATOM), atom1),
            AssetAmount::new(AssetInfo::native(USD), usd1),
        ]
    );
    assert_eq!(o.executed_at, executed_at);
    assert_eq!(o.due_at, executed_at + HORIZON);
    assert_eq!(o.value_at_execution, Uint128::new(atom1 * 10 + usd1));
    assert_eq!(o.realised, None);

    // Before the horizon: refused with the due time.
    let err = record(&mut s, rec).unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::OutcomeNotDue {
            id: rec,
            due_at: executed_at + HORIZON,
            now: s.now(),
        }
    );

    // At the horizon the last feed (at execution) is two hours old: refused,
    // naming the first moved asset and its age, and still recordable.
    s.advance(HORIZON);
    let err = record(&mut s, rec).unwrap_err();
    match oracle_error(&err) {
        OracleError::OutcomePriceStale {
            id,
            asset,
            now,
            max_age,
            ..
        } => {
            assert_eq!((*id, asset.as_str()), (rec, "native:uatom"));
            assert_eq!((*now, *max_age), (s.now(), 3_600));
        }
        other => panic!("expected stale prices, got {other:?}"),
    }
    assert_eq!(outcome(&s, rec).unwrap().realised, None);

    // A fresh feed in which uatom fell from 10 to 8 uusd. Holding would have
    // kept 100_000 uatom, now worth 100_000 × 8 = 800_000; the swap brought
    // `got` uusd at 1. Value added = (atom1 − atom0) × 8 + (usd1 − usd0) × 1
    // = −800_000 + got.
    s.next_block();
    prices_with_atom(&mut s, 8);
    let by_hand = got as i128 - 800_000;
    assert!(by_hand > 0, "selling before a fall adds value: {by_hand}");
    let res = record(&mut s, rec).unwrap();
    let attr = |k: &str| {
        res.events
            .iter()
            .flat_map(|e| &e.attributes)
            .find(|a| a.key == k)
            .map(|a| a.value.clone())
    };
    assert_eq!(attr("value_added"), Some(by_hand.to_string()));
    let realised = outcome(&s, rec).unwrap().realised.expect("recorded");
    assert_eq!(realised.value_added, Int256::from(by_hand));
    assert_eq!(realised.recorded_at, s.now());
    assert_eq!(realised.recorded_by, s.actors.outsider);

    let record_now = s.advisor_info(ADVISOR).record;
    assert_eq!(record_now.executed, 1);
    assert_eq!(record_now.outcomes_recorded, 1);
    assert_eq!(record_now.outcome_hits, 1);
    assert_eq!(record_now.value_added, Int256::from(by_hand));
    assert_eq!(record_now.worst_outcome, Some(Int256::from(by_hand)));

    // Once only.
    let err = record(&mut s, rec).unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::OutcomeAlreadyRecorded {
            id: rec,
            recorded_at: realised.recorded_at,
        }
    );

    // A transfer out is value given away: 1_000_000 uusd at 1 = −1_000_000.
    let recipient = s.actors.recipient.clone();
    let rec2 = adopt(&mut s, vec![transfer(USD, 1_000_000, &recipient)]);
    s.advance(HORIZON);
    prices_with_atom(&mut s, 8);
    record(&mut s, rec2).unwrap();
    assert_eq!(
        outcome(&s, rec2).unwrap().realised.unwrap().value_added,
        Int256::from(-1_000_000i128)
    );
    let r = s.advisor_info(ADVISOR).record;
    assert_eq!((r.outcomes_recorded, r.outcome_hits), (2, 1));
    assert_eq!(r.value_added, Int256::from(by_hand - 1_000_000));
    assert_eq!(r.worst_outcome, Some(Int256::from(-1_000_000i128)));
}

#[test]
fn without_a_horizon_nothing_is_tracked_and_the_dao_sets_one() {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        ..SuiteBuilder::default()
    }
    .build();
    s.set_default_prices().unwrap();
    let recipient = s.actors.recipient.clone();
    let rec = adopt(&mut s, vec![transfer(USD, 1_000, &recipient)]);
    assert_eq!(outcome(&s, rec), None);
    let err = record(&mut s, rec).unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::OutcomeNotTracked { id: rec }
    );

    // Only dao-core sets the horizon, within its bounds.
    let outsider = s.actors.outsider.clone();
    let oracle_addr = s.oracle.clone();
    let err = s
        .app
        .execute_contract(
            outsider.clone(),
            oracle_addr.clone(),
            &oracle::ExecuteMsg::SetOutcomeHorizon { seconds: Some(60) },
            &[],
        )
        .unwrap_err();
    assert!(matches!(
        oracle_error(&err),
        OracleError::Unauthorized { .. }
    ));
    let set = |seconds| ProposalAction::OracleMsg {
        msg: ModuleMsg::new(&oracle::ExecuteMsg::SetOutcomeHorizon { seconds }).unwrap(),
    };
    let pid = s.pass(vec![set(Some(0))]).unwrap();
    assert_eq!(s.attempt_outcome(pid), Status::ExecutionFailed);
    s.pass(vec![set(Some(60))]).unwrap();
    let config = s.oracle_contract().config(&s.app.wrap()).unwrap();
    assert_eq!(config.outcome_horizon_seconds, Some(60));

    // From now on adoptions are tracked, due a minute after execution.
    let rec = adopt(&mut s, vec![transfer(USD, 1_000, &recipient)]);
    let o = outcome(&s, rec).expect("tracked");
    assert_eq!(o.due_at, o.executed_at + 60);
}
