//! Veto during the timelock, and Close.

use crate::error::ContractError;
use crate::tests::harness::{addr, adoption_vetoer, default_config, text_action, vetoer, Suite};
use cosmwasm_std::Addr;
use cw_utils::{Duration, Expiration, PaymentError};
use steward_types::proposal::{ExecuteMsg, ProposalResponse, QueryMsg, Timelock};
use steward_types::roles;
use steward_types::threshold::{Status, Vote};

fn status(suite: &Suite, id: u64) -> Status {
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: id });
    res.status
}

fn veto(
    suite: &mut Suite,
    sender: &Addr,
    id: u64,
) -> Result<cosmwasm_std::Response, ContractError> {
    suite.exec(sender, ExecuteMsg::Veto { proposal_id: id })
}

fn close(suite: &mut Suite, id: u64) -> Result<cosmwasm_std::Response, ContractError> {
    suite.exec(&addr("anyone"), ExecuteMsg::Close { proposal_id: id })
}

fn timelocked() -> Suite {
    let mut config = default_config();
    config.timelock = Some(Timelock {
        duration: Duration::Height(5),
        vetoer: vetoer().to_string(),
    });
    Suite::new(config)
}

#[test]
fn vetoer_stops_a_passed_proposal_in_its_timelock() {
    let mut suite = timelocked();
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    suite.advance(4);
    veto(&mut suite, &vetoer(), id).unwrap();
    assert_eq!(status(&suite, id), Status::Vetoed);
    suite.advance(10);
    let err = suite
        .exec(&addr("alice"), ExecuteMsg::Execute { proposal_id: id })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::NotPassed {
            proposal_id: id,
            status: Status::Vetoed
        }
    );
}

#[test]
fn only_the_proposals_vetoer() {
    let mut suite = timelocked();
    suite.add_recommendation(1, 1);
    suite.propose_adoption(&addr("alice"), 1).unwrap();
    suite.vote("alice", 1, Vote::Yes).unwrap();
    suite.vote("bob", 1, Vote::Yes).unwrap();
    // The plain timelock's vetoer has no say over an adoption.
    let err = veto(&mut suite, &vetoer(), 1).unwrap_err();
    assert_eq!(
        err,
        ContractError::Unauthorized {
            sender: vetoer(),
            role: roles::VETOER
        }
    );
    let err = veto(&mut suite, &addr("alice"), 1).unwrap_err();
    assert!(matches!(
        err,
        ContractError::Unauthorized {
            role: roles::VETOER,
            ..
        }
    ));
    veto(&mut suite, &adoption_vetoer(), 1).unwrap();
    assert_eq!(status(&suite, 1), Status::Vetoed);
}

#[test]
fn no_veto_without_timelock() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let err = veto(&mut suite, &vetoer(), id).unwrap_err();
    assert_eq!(err, ContractError::NoTimelock { proposal_id: id });
}

#[test]
fn no_veto_before_passing() {
    let mut suite = timelocked();
    let id = suite.propose(&addr("alice"), text_action());
    let err = veto(&mut suite, &vetoer(), id).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotPassed {
            proposal_id: id,
            status: Status::Open
        }
    );
}

#[test]
fn no_veto_after_the_timelock() {
    let mut suite = timelocked();
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    let ended = Expiration::AtHeight(suite.env.block.height + 5);
    suite.advance(5);
    let err = veto(&mut suite, &vetoer(), id).unwrap_err();
    assert_eq!(
        err,
        ContractError::TimelockOver {
            proposal_id: id,
            ended
        }
    );
    assert_eq!(status(&suite, id), Status::Passed);
}

#[test]
fn veto_refuses_funds() {
    let mut suite = timelocked();
    let id = suite.propose(&addr("alice"), text_action());
    let err = suite
        .exec_paying(&vetoer(), ExecuteMsg::Veto { proposal_id: id })
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn close_rejected_proposals() {
    let mut suite = Suite::new(default_config());
    // Rejected early by votes.
    let early = suite.propose(&addr("alice"), text_action());
    suite.vote("bob", early, Vote::No).unwrap();
    suite.vote("carol", early, Vote::No).unwrap();
    // Rejected only by the end of its vote.
    let late = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", late, Vote::Yes).unwrap();
    let err = close(&mut suite, late).unwrap_err();
    assert_eq!(
        err,
        ContractError::CannotClose {
            proposal_id: late,
            status: Status::Open
        }
    );
    suite.advance(100);
    close(&mut suite, early).unwrap();
    close(&mut suite, late).unwrap();
    assert_eq!(status(&suite, early), Status::Closed);
    assert_eq!(status(&suite, late), Status::Closed);
    let err = close(&mut suite, late).unwrap_err();
    assert_eq!(
        err,
        ContractError::CannotClose {
            proposal_id: late,
            status: Status::Closed
        }
    );
}

#[test]
fn close_failed_executions_only() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    let err = close(&mut suite, id).unwrap_err();
    assert_eq!(
        err,
        ContractError::CannotClose {
            proposal_id: id,
            status: Status::Passed
        }
    );
    suite
        .exec(&addr("alice"), ExecuteMsg::Execute { proposal_id: id })
        .unwrap();
    let err = close(&mut suite, id).unwrap_err();
    assert_eq!(
        err,
        ContractError::CannotClose {
            proposal_id: id,
            status: Status::Executed
        }
    );
    // A failed execution leaves it passed, so it cannot be closed yet...
    suite.reply_err(id, "out of funds").unwrap();
    let err = close(&mut suite, id).unwrap_err();
    assert_eq!(
        err,
        ContractError::CannotClose {
            proposal_id: id,
            status: Status::Passed
        }
    );
    // ...until its execution window is over.
    suite.advance(101);
    close(&mut suite, id).unwrap();
    assert_eq!(status(&suite, id), Status::Closed);

    let err = close(&mut suite, 99).unwrap_err();
    assert_eq!(err, ContractError::ProposalNotFound { proposal_id: 99 });
}

#[test]
fn close_refuses_funds() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let err = suite
        .exec_paying(&addr("alice"), ExecuteMsg::Close { proposal_id: id })
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
