//! The adoption flow end to end, across the four contracts: governance
//! registers an advisor key, the advisor signs, anyone relays, a member proposes
//! adoption, members vote, the timelock runs out, anyone executes.

use cosmwasm_std::to_json_vec;
use steward_tests::suite::{
    transfer, Suite, SuiteBuilder, ADVISOR, ADVISOR_ED, EXECUTION_WINDOW, USD,
};
use steward_types::json::ModuleMsg;
use steward_types::oracle::RecommendationStatus;
use steward_types::payload::RecommendationPayload;
use steward_types::proposal::ProposalKind;
use steward_types::threshold::{Status, Vote};

fn adopt_and_execute(s: &mut Suite, rec: u64) -> u64 {
    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec).unwrap();
    s.all_vote_yes(pid).unwrap();
    s.wait_timelock(pid);
    let outsider = s.actors.outsider.clone();
    s.execute(&outsider, pid).unwrap();
    pid
}

#[test]
fn secp256k1_recommendation_is_adopted_and_executed() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let treasury = s.treasury.clone();

    let payload = s.payload(vec![transfer(USD, 2_000_000, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    let stored = s.recommendation(rec);
    assert_eq!(stored.status, RecommendationStatus::Pending);
    assert_eq!(stored.recommendation.signers, vec![ADVISOR.to_string()]);
    assert_eq!(stored.recommendation.payload, payload);

    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec).unwrap();
    let proposal = s.proposal(pid);
    match &proposal.proposal.kind {
        ProposalKind::Adoption {
            recommendation_id,
            payload_hash,
            actions,
            policy_version,
            ..
        } => {
            assert_eq!(*recommendation_id, rec);
            assert_eq!(payload_hash, &stored.recommendation.payload_hash);
            assert_eq!(actions, &payload.actions);
            assert_eq!(*policy_version, payload.policy_version);
        }
        other => panic!("expected an adoption proposal, got {other:?}"),
    }
    assert!(
        proposal.proposal.timelock.is_some(),
        "adoptions are always timelocked"
    );

    s.all_vote_yes(pid).unwrap();
    assert_eq!(s.proposal(pid).status, Status::Passed);
    // The timelock holds execution back.
    assert!(s.execute(&alice, pid).is_err());
    assert_eq!(s.proposal(pid).status, Status::Passed);

    s.wait_timelock(pid);
    let (t0, r0) = (s.balance(&treasury, USD), s.balance(&recipient, USD));
    let outsider = s.actors.outsider.clone();
    s.execute(&outsider, pid).unwrap();

    assert_eq!(s.balance(&treasury, USD), t0 - 2_000_000);
    assert_eq!(s.balance(&recipient, USD), r0 + 2_000_000);
    assert_eq!(s.proposal(pid).status, Status::Executed);
    let done = s.recommendation(rec);
    assert_eq!(done.status, RecommendationStatus::Executed);
    assert_eq!(done.recommendation.proposal_id, Some(pid));
    let record = s.advisor_info(ADVISOR).record;
    assert_eq!(
        (record.submitted, record.adopted, record.executed),
        (1, 1, 1)
    );
}

#[test]
fn ed25519_recommendation_is_adopted_and_executed() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let mut payload = s.payload(vec![transfer(USD, 1_500_000, &recipient)]);
    payload.advisor = ADVISOR_ED.into();
    let bytes = to_json_vec(&payload).unwrap();
    let sig = s.advisor_ed.advisor_signature(ADVISOR_ED, &bytes);
    let rec = s.submit_signed(&bytes, vec![sig]).unwrap();

    let before = s.balance(&recipient, USD);
    adopt_and_execute(&mut s, rec);
    assert_eq!(s.balance(&recipient, USD), before + 1_500_000);
    assert_eq!(s.recommendation(rec).status, RecommendationStatus::Executed);
    assert_eq!(s.advisor_info(ADVISOR_ED).record.executed, 1);
    assert_eq!(s.advisor_info(ADVISOR).record.submitted, 0);
}

#[test]
fn two_of_three_quorum_needs_two_advisors() {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        quorum: 2,
        ..SuiteBuilder::default()
    }
    .build();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let bytes = to_json_vec(&payload).unwrap();
    let one = vec![s.advisor.advisor_signature(ADVISOR, &bytes)];
    assert!(s.submit_signed(&bytes, one.clone()).is_err());
    let two = vec![
        s.advisor.advisor_signature(ADVISOR, &bytes),
        s.advisor_ed.advisor_signature(ADVISOR_ED, &bytes),
    ];
    let rec = s.submit_signed(&bytes, two).unwrap();
    assert_eq!(s.recommendation(rec).recommendation.signers.len(), 2);
}

#[test]
fn vetoed_adoption_moves_nothing() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 2_000_000, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec).unwrap();
    s.all_vote_yes(pid).unwrap();

    // Only the vetoer can veto.
    let bob = s.member(1);
    assert!(s
        .exec(
            &bob,
            &s.proposal.clone(),
            &steward_types::proposal::ExecuteMsg::Veto { proposal_id: pid }
        )
        .is_err());
    let vetoer = s.actors.vetoer.clone();
    s.exec(
        &vetoer,
        &s.proposal.clone(),
        &steward_types::proposal::ExecuteMsg::Veto { proposal_id: pid },
    )
    .unwrap();
    assert_eq!(s.proposal(pid).status, Status::Vetoed);

    s.wait_timelock(pid);
    let before = s.balance(&recipient, USD);
    assert!(s.execute(&alice, pid).is_err());
    assert_eq!(s.balance(&recipient, USD), before);
    assert_eq!(s.recommendation(rec).status, RecommendationStatus::Pending);
}

#[test]
fn failed_execution_leaves_everything_intact() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let treasury = s.treasury.clone();
    // Each is inside the 10M uusd daily allowance; together they are not.
    let first = s.payload(vec![transfer(USD, 6_000_000, &recipient)]);
    let second = s.payload(vec![transfer(USD, 6_000_000, &recipient)]);
    let rec1 = s.submit(&first).unwrap();
    let rec2 = s.submit(&second).unwrap();

    let alice = s.member(0);
    let p1 = s.propose_adoption(&alice, rec1).unwrap();
    let p2 = s.propose_adoption(&alice, rec2).unwrap();
    s.all_vote_yes(p1).unwrap();
    s.all_vote_yes(p2).unwrap();
    s.wait_timelock(p2);
    s.execute(&alice, p1).unwrap();

    let (t0, r0) = (s.balance(&treasury, USD), s.balance(&recipient, USD));
    let record0 = s.advisor_info(ADVISOR).record;
    // The second execution goes over the allowance: the proposal records the
    // failure, and the treasury, the recipient and the oracle stay as they were.
    s.execute(&alice, p2).unwrap();
    assert_eq!(s.attempt_outcome(p2), Status::ExecutionFailed);
    assert_eq!(s.balance(&treasury, USD), t0);
    assert_eq!(s.balance(&recipient, USD), r0);
    assert_eq!(s.recommendation(rec2).status, RecommendationStatus::Pending);
    assert_eq!(s.advisor_info(ADVISOR).record, record0);

    // A failed execution is not final: it may be tried again (and fails again
    // here, the allowance being spent), and can be closed only once its
    // execution window is over.
    s.execute(&alice, p2).unwrap();
    assert_eq!(s.proposal(p2).proposal.failed_executions, 2);
    let close = steward_types::proposal::ExecuteMsg::Close { proposal_id: p2 };
    assert!(s.exec(&alice, &s.proposal.clone(), &close).is_err());
    s.advance(EXECUTION_WINDOW + 1);
    assert_eq!(s.proposal(p2).status, Status::ExecutionFailed);
    assert!(s.execute(&alice, p2).is_err());
    s.exec(&alice, &s.proposal.clone(), &close).unwrap();
    assert_eq!(s.proposal(p2).status, Status::Closed);
}

#[test]
fn a_policy_change_makes_pending_recommendations_stale() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let early = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let late = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let rec_early = s.submit(&early).unwrap();
    let rec_late = s.submit(&late).unwrap();
    let alice = s.member(0);
    // One adoption proposal exists before the change.
    let pid = s.propose_adoption(&alice, rec_early).unwrap();
    s.all_vote_yes(pid).unwrap();

    let mut policy = s.policy().policy;
    policy.max_slippage_bps = 200;
    let version = s.policy().version;
    s.pass(vec![steward_types::proposal::ProposalAction::TreasuryMsg {
        msg: ModuleMsg::new(&steward_types::treasury::ExecuteMsg::UpdatePolicy { policy }).unwrap(),
    }])
    .unwrap();
    assert_eq!(s.policy().version, version + 1);

    // A new adoption of an old recommendation is refused…
    assert!(s.propose_adoption(&alice, rec_late).is_err());
    // …and the proposal made before the change fails at execution, moving nothing.
    s.wait_timelock(pid);
    let before = s.balance(&recipient, USD);
    s.execute(&alice, pid).unwrap();
    assert_eq!(s.attempt_outcome(pid), Status::ExecutionFailed);
    assert_eq!(s.balance(&recipient, USD), before);

    // A recommendation signed against the new version goes through.
    let fresh: RecommendationPayload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    assert_eq!(fresh.policy_version, version + 1);
    let rec = s.submit(&fresh).unwrap();
    adopt_and_execute(&mut s, rec);
    assert_eq!(s.balance(&recipient, USD), before + 1_000_000);
}

#[test]
fn members_vote_no_and_the_recommendation_stays_pending() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec).unwrap();
    // 60 of 100 against: no majority is possible any more, so it is rejected early.
    for i in 1..3 {
        let m = s.member(i);
        s.vote(&m, pid, Vote::No).unwrap();
    }
    assert_eq!(s.proposal(pid).status, Status::Rejected);
    assert!(s.execute(&alice, pid).is_err());
    assert_eq!(s.recommendation(rec).status, RecommendationStatus::Pending);
}
