//! Governance advice across the four contracts: the advisor recommends a
//! change to the proposal config; the governance policy the DAO set bounds it
//! at submission (the oracle asks the proposal module) and again when the
//! adoption executes (the proposal module applies it).

use cosmwasm_std::Decimal;
use cw_utils::Duration;
use steward_oracle::ContractError as OracleError;
use steward_proposal::ContractError as ProposalError;
use steward_tests::suite::{
    contract_error, transfer, Suite, SuiteBuilder, ADOPTION_TIMELOCK, USD, VOTING_PERIOD,
};
use steward_types::governance::{
    GovernanceChange, GovernanceParam, GovernancePolicy, GovernanceState, GovernanceViolation,
};
use steward_types::handle::DaoContracts;
use steward_types::oracle::RecommendationStatus;
use steward_types::proposal::{self, GovernanceCheckResponse};
use steward_types::roles;
use steward_types::threshold::{PercentageThreshold, Status, Threshold};

/// Two hours between advisor changes; ten per cent per step.
const INTERVAL: u64 = 7_200;

fn policy() -> GovernancePolicy {
    GovernancePolicy {
        allowed: vec![
            GovernanceParam::VotingPeriod,
            GovernanceParam::Threshold,
            GovernanceParam::AdoptionTimelock,
        ],
        max_step: Decimal::percent(10),
        min_interval_seconds: INTERVAL,
    }
}

fn suite() -> Suite {
    let mut s = SuiteBuilder {
        governance: Some(policy()),
        ..SuiteBuilder::default()
    }
    .build();
    s.register_advisors().unwrap();
    s
}

fn config(s: &Suite) -> proposal::Config {
    s.proposal_contract().config(&s.app.wrap()).unwrap().config
}

fn governance_state(s: &Suite) -> GovernanceState {
    s.proposal_contract().governance(&s.app.wrap()).unwrap()
}

/// The proposal module's verdict on `changes` now.
fn check(s: &Suite, changes: Vec<GovernanceChange>) -> GovernanceCheckResponse {
    s.proposal_contract()
        .check_governance_with_config(&s.app.wrap(), changes)
        .unwrap()
}

/// Signs and relays a recommendation of config changes alone.
fn recommend(s: &mut Suite, changes: Vec<GovernanceChange>) -> anyhow::Result<u64> {
    let mut payload = s.payload(vec![]);
    payload.governance = changes;
    s.submit(&payload)
}

fn adopt(s: &mut Suite, rec: u64) -> u64 {
    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec).unwrap();
    s.all_vote_yes(pid).unwrap();
    pid
}

fn refusal(err: &anyhow::Error) -> &GovernanceViolation {
    match contract_error::<OracleError>(err) {
        Some(OracleError::GovernanceOutsidePolicy(v)) => v,
        other => panic!("expected a governance refusal, got {other:?} from {err:#}"),
    }
}

#[test]
fn a_change_over_the_step_bound_is_refused_at_submission_with_its_values() {
    let mut s = suite();
    // Twenty per cent longer: twice the bound.
    let err = recommend(
        &mut s,
        vec![GovernanceChange::VotingPeriod {
            value: VOTING_PERIOD * 12 / 10,
        }],
    )
    .unwrap_err();
    assert_eq!(
        refusal(&err),
        &GovernanceViolation::StepTooLarge {
            param: GovernanceParam::VotingPeriod,
            current: Decimal::from_ratio(VOTING_PERIOD, 1u64),
            proposed: Decimal::from_ratio(VOTING_PERIOD * 12 / 10, 1u64),
            max_step: Decimal::percent(10),
        }
    );
    // A parameter the DAO did not open to the advisor.
    let err = recommend(
        &mut s,
        vec![GovernanceChange::Quorum {
            value: Decimal::percent(20),
        }],
    )
    .unwrap_err();
    assert_eq!(
        refusal(&err),
        &GovernanceViolation::ParamNotAllowed {
            param: GovernanceParam::Quorum
        }
    );
}

#[test]
fn a_dao_without_a_governance_policy_takes_no_config_advice() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let err = recommend(
        &mut s,
        vec![GovernanceChange::AdoptionTimelock {
            value: ADOPTION_TIMELOCK,
        }],
    )
    .unwrap_err();
    assert_eq!(refusal(&err), &GovernanceViolation::NoPolicy {});
}

#[test]
fn a_change_inside_the_bound_is_adopted_and_changes_the_config() {
    let mut s = suite();
    let before = config(&s);
    let changes = vec![
        // Majority (measured as one half) to 55 %: exactly the bound.
        GovernanceChange::Threshold {
            value: Decimal::percent(55),
        },
        GovernanceChange::AdoptionTimelock {
            value: ADOPTION_TIMELOCK * 11 / 10,
        },
    ];
    // What the oracle asked at submission, answered for anyone.
    let verdict = check(&s, changes.clone());
    let GovernanceCheckResponse::Passed { config: expected } = verdict else {
        panic!("expected a pass, got {verdict:?}");
    };
    let rec = recommend(&mut s, changes).unwrap();
    let pid = adopt(&mut s, rec);
    // Adoption waits out the same vetoable timelock as any other.
    let outsider = s.actors.outsider.clone();
    assert!(s.execute(&outsider, pid).is_err());
    assert_eq!(config(&s), before);
    s.wait_timelock(pid);
    s.execute(&outsider, pid).unwrap();

    assert_eq!(s.proposal(pid).status, Status::Executed);
    assert_eq!(s.recommendation(rec).status, RecommendationStatus::Executed);
    let after = config(&s);
    assert_eq!(after, expected);
    assert_eq!(
        after.threshold,
        Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Percent(Decimal::percent(55))
        }
    );
    assert_eq!(
        after.adoption_timelock.duration,
        Duration::Time(ADOPTION_TIMELOCK * 11 / 10)
    );
    assert_eq!(after.voting_period, before.voting_period);
    assert_eq!(governance_state(&s).last_change, Some(s.now()));
}

#[test]
fn a_second_change_too_soon_is_refused_at_submission_and_at_execution() {
    let mut s = suite();
    let first = GovernanceChange::VotingPeriod {
        value: VOTING_PERIOD * 105 / 100,
    };
    let second = GovernanceChange::AdoptionTimelock {
        value: ADOPTION_TIMELOCK * 95 / 100,
    };
    // Both pass submission while no change has executed yet…
    let rec1 = recommend(&mut s, vec![first]).unwrap();
    let rec2 = recommend(&mut s, vec![second]).unwrap();
    let p1 = adopt(&mut s, rec1);
    let p2 = adopt(&mut s, rec2);
    s.wait_timelock(p2);
    let alice = s.member(0);
    s.execute(&alice, p1).unwrap();
    let executed_at = s.now();

    // …the second's execution meets the interval: it fails, changes nothing,
    // and stays executable.
    let config_after_first = config(&s);
    s.execute(&alice, p2).unwrap();
    assert_eq!(s.attempt_outcome(p2), Status::ExecutionFailed);
    assert_eq!(s.proposal(p2).proposal.failed_executions, 1);
    // The proposal module's own verdict on the same changes says why.
    assert_eq!(
        check(&s, vec![second]),
        GovernanceCheckResponse::Refused {
            violation: GovernanceViolation::TooSoon {
                last_change: executed_at,
                next_allowed: executed_at + INTERVAL,
                now: s.now(),
            }
        }
    );
    assert_eq!(config(&s), config_after_first);
    assert_eq!(s.recommendation(rec2).status, RecommendationStatus::Pending);

    // A new recommendation now is refused at submission, with the times.
    let err = recommend(&mut s, vec![second]).unwrap_err();
    assert_eq!(
        refusal(&err),
        &GovernanceViolation::TooSoon {
            last_change: executed_at,
            next_allowed: executed_at + INTERVAL,
            now: s.now(),
        }
    );

    // Once the interval is over the failed adoption goes through.
    s.advance(INTERVAL);
    s.set_default_prices().unwrap();
    s.execute(&alice, p2).unwrap();
    assert_eq!(s.proposal(p2).status, Status::Executed);
    assert_eq!(
        config(&s).adoption_timelock.duration,
        Duration::Time(ADOPTION_TIMELOCK * 95 / 100)
    );
}

#[test]
fn only_the_dao_applies_config_changes() {
    let mut s = suite();
    let alice = s.member(0);
    let proposal = s.proposal.clone();
    let err = s
        .exec(
            &alice,
            &proposal,
            &proposal::ExecuteMsg::ApplyGovernance {
                changes: vec![GovernanceChange::Threshold {
                    value: Decimal::percent(52),
                }],
            },
        )
        .unwrap_err();
    assert!(matches!(
        contract_error::<ProposalError>(&err),
        Some(ProposalError::Unauthorized {
            role: roles::DAO,
            ..
        })
    ));
    assert_eq!(governance_state(&s).last_change, None);
}

#[test]
fn treasury_actions_and_config_changes_execute_together() {
    let mut s = suite();
    let recipient = s.actors.recipient.clone();
    let mut payload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    payload.governance = vec![GovernanceChange::Threshold {
        value: Decimal::percent(52),
    }];
    let rec = s.submit(&payload).unwrap();
    let pid = adopt(&mut s, rec);
    s.wait_timelock(pid);
    let before = s.balance(&recipient, USD);
    let alice = s.member(0);
    s.execute(&alice, pid).unwrap();
    assert_eq!(s.balance(&recipient, USD), before + 1_000_000);
    assert_eq!(
        config(&s).threshold,
        Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Percent(Decimal::percent(52))
        }
    );
}
