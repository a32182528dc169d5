//! Vote: who may vote, with what power, how often; and the status it settles.

use crate::error::ContractError;
use crate::tests::harness::{addr, attr, default_config, text_action, Suite};
use cosmwasm_std::Uint128;
use cw_utils::{Duration, Expiration, PaymentError};
use steward_types::proposal::{
    ExecuteMsg, PassedAt, ProposalResponse, QueryMsg, VoteInfo, VoteResponse, MAX_RATIONALE_LEN,
};
use steward_types::threshold::{Status, Vote, Votes};

fn proposal(suite: &Suite, id: u64) -> ProposalResponse {
    suite.query(QueryMsg::Proposal { proposal_id: id })
}

fn ballot(suite: &Suite, id: u64, voter: &str) -> Option<VoteInfo> {
    let res: VoteResponse = suite.query(QueryMsg::GetVote {
        proposal_id: id,
        voter: addr(voter).to_string(),
    });
    res.vote
}

#[test]
fn votes_are_tallied_with_power_at_the_start_height() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    suite.advance(1);
    // Bob's power changes after the start: his vote keeps the snapshot.
    suite.set_member(&addr("bob"), 1000);
    suite.advance(1);
    let res = suite
        .exec(
            &addr("bob"),
            ExecuteMsg::Vote {
                proposal_id: id,
                vote: Vote::No,
                rationale: Some("too early".into()),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "power"), "30");
    assert_eq!(attr(&res, "status"), "open");
    suite.vote("carol", id, Vote::Yes).unwrap();
    let p = proposal(&suite, id);
    assert_eq!(
        p.proposal.votes,
        Votes {
            yes: Uint128::new(30),
            no: Uint128::new(30),
            abstain: Uint128::zero()
        }
    );
    assert_eq!(p.status, Status::Open);
    assert_eq!(
        ballot(&suite, id, "bob"),
        Some(VoteInfo {
            voter: addr("bob"),
            vote: Vote::No,
            power: Uint128::new(30),
            rationale: Some("too early".into()),
        })
    );
    assert_eq!(ballot(&suite, id, "alice"), None);
}

#[test]
fn unknown_proposal() {
    let mut suite = Suite::new(default_config());
    let err = suite.vote("alice", 3, Vote::Yes).unwrap_err();
    assert_eq!(err, ContractError::ProposalNotFound { proposal_id: 3 });
}

#[test]
fn member_added_after_start_has_no_power_at_height() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let start = suite.env.block.height;
    suite.advance(1);
    suite.set_member(&addr("dave"), 50);
    suite.advance(1);
    let err = suite.vote("dave", id, Vote::Yes).unwrap_err();
    assert_eq!(
        err,
        ContractError::NoVotingPowerAtHeight {
            voter: addr("dave"),
            height: start
        }
    );
    let err = suite.vote("mallory", id, Vote::Yes).unwrap_err();
    assert!(matches!(err, ContractError::NoVotingPowerAtHeight { .. }));
}

#[test]
fn rationale_is_bounded() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let err = suite
        .exec(
            &addr("bob"),
            ExecuteMsg::Vote {
                proposal_id: id,
                vote: Vote::Yes,
                rationale: Some("r".repeat(MAX_RATIONALE_LEN + 1)),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::RationaleTooLong {
            len: MAX_RATIONALE_LEN + 1,
            max: MAX_RATIONALE_LEN
        }
    );
    suite
        .exec(
            &addr("bob"),
            ExecuteMsg::Vote {
                proposal_id: id,
                vote: Vote::Yes,
                rationale: Some("r".repeat(MAX_RATIONALE_LEN)),
            },
        )
        .unwrap();
}

#[test]
fn one_vote_without_revoting() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("bob", id, Vote::Yes).unwrap();
    let err = suite.vote("bob", id, Vote::No).unwrap_err();
    assert_eq!(
        err,
        ContractError::AlreadyVoted {
            proposal_id: id,
            voter: addr("bob")
        }
    );
    assert_eq!(proposal(&suite, id).proposal.votes.yes, Uint128::new(30));
}

#[test]
fn revoting_replaces_the_ballot() {
    let mut config = default_config();
    config.allow_revoting = true;
    let mut suite = Suite::new(config);
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    // 70 of 100 yes: certain, but revoting keeps it open until expiration.
    assert_eq!(proposal(&suite, id).status, Status::Open);
    suite.vote("bob", id, Vote::No).unwrap();
    let p = proposal(&suite, id);
    assert_eq!(p.proposal.votes.yes, Uint128::new(40));
    assert_eq!(p.proposal.votes.no, Uint128::new(30));
    assert_eq!(ballot(&suite, id, "bob").unwrap().vote, Vote::No);

    let err = suite.vote("bob", id, Vote::No).unwrap_err();
    assert_eq!(
        err,
        ContractError::SameVote {
            proposal_id: id,
            voter: addr("bob"),
            vote: Vote::No
        }
    );
    suite.vote("carol", id, Vote::Yes).unwrap();
    suite.advance(100);
    let p = proposal(&suite, id);
    assert_eq!(p.status, Status::Passed);
    assert_eq!(p.proposal.passed_at, None, "passed at expiration");
}

#[test]
fn no_votes_after_expiration() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let expiration = Expiration::AtHeight(suite.env.block.height + 100);
    suite.advance(100);
    let err = suite.vote("bob", id, Vote::Yes).unwrap_err();
    assert_eq!(
        err,
        ContractError::VotingClosed {
            proposal_id: id,
            expiration
        }
    );
}

#[test]
fn decisive_vote_records_the_pass() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    suite.advance(3);
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.advance(2);
    let res = suite.vote("bob", id, Vote::Yes).unwrap();
    assert_eq!(attr(&res, "status"), "passed");
    let p = proposal(&suite, id);
    assert_eq!(p.status, Status::Passed);
    assert_eq!(p.proposal.status, Status::Passed);
    assert_eq!(
        p.proposal.passed_at,
        Some(PassedAt {
            height: suite.env.block.height,
            time: suite.env.block.time.seconds()
        })
    );
    // Decided: no more ballots.
    let err = suite.vote("carol", id, Vote::No).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotOpen {
            proposal_id: id,
            status: Status::Passed
        }
    );
}

#[test]
fn decisive_vote_records_the_rejection() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("bob", id, Vote::No).unwrap();
    let res = suite.vote("carol", id, Vote::Abstain).unwrap();
    assert_eq!(attr(&res, "status"), "rejected");
    let p = proposal(&suite, id);
    assert_eq!(p.proposal.status, Status::Rejected);
    assert_eq!(p.proposal.passed_at, None);
    let err = suite.vote("alice", id, Vote::Yes).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotOpen {
            proposal_id: id,
            status: Status::Rejected
        }
    );
}

#[test]
fn min_voting_period_keeps_voting_open() {
    let mut config = default_config();
    config.min_voting_period = Some(Duration::Height(10));
    let mut suite = Suite::new(config);
    let id = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    assert_eq!(proposal(&suite, id).status, Status::Open);
    // Still open: carol may vote.
    suite.vote("carol", id, Vote::No).unwrap();
    suite.advance(10);
    let p = proposal(&suite, id);
    assert_eq!(p.status, Status::Passed);
    assert_eq!(p.proposal.passed_at, None);
}

#[test]
fn vote_refuses_funds() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let err = suite
        .exec_paying(
            &addr("bob"),
            ExecuteMsg::Vote {
                proposal_id: id,
                vote: Vote::Yes,
                rationale: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
