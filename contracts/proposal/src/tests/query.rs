//! Paginated queries and computed statuses.

use crate::contract::query;
use crate::error::ContractError;
use crate::tests::harness::{addr, default_config, text_action, Suite};
use steward_types::proposal::{
    ProposalListResponse, ProposalResponse, QueryMsg, VoteListResponse, VoteResponse,
};
use steward_types::threshold::{Status, Vote};
use steward_types::MAX_LIMIT;

fn ids(res: &ProposalListResponse) -> Vec<u64> {
    res.proposals.iter().map(|p| p.id).collect()
}

#[test]
fn list_proposals_forward_and_reverse() {
    let mut suite = Suite::new(default_config());
    for _ in 0..35 {
        suite.propose(&addr("alice"), text_action());
    }
    let page: ProposalListResponse = suite.query(QueryMsg::ListProposals {
        start_after: None,
        limit: None,
    });
    assert_eq!(ids(&page), (1..=10).collect::<Vec<_>>());
    let page: ProposalListResponse = suite.query(QueryMsg::ListProposals {
        start_after: Some(10),
        limit: Some(3),
    });
    assert_eq!(ids(&page), vec![11, 12, 13]);
    let page: ProposalListResponse = suite.query(QueryMsg::ListProposals {
        start_after: Some(0),
        limit: Some(1000),
    });
    assert_eq!(page.proposals.len(), MAX_LIMIT as usize);
    let page: ProposalListResponse = suite.query(QueryMsg::ListProposals {
        start_after: Some(33),
        limit: Some(10),
    });
    assert_eq!(ids(&page), vec![34, 35]);

    let page: ProposalListResponse = suite.query(QueryMsg::ReverseProposals {
        start_before: None,
        limit: Some(3),
    });
    assert_eq!(ids(&page), vec![35, 34, 33]);
    let page: ProposalListResponse = suite.query(QueryMsg::ReverseProposals {
        start_before: Some(33),
        limit: Some(2),
    });
    assert_eq!(ids(&page), vec![32, 31]);
    let page: ProposalListResponse = suite.query(QueryMsg::ReverseProposals {
        start_before: Some(3),
        limit: None,
    });
    assert_eq!(ids(&page), vec![2, 1]);
    let page: ProposalListResponse = suite.query(QueryMsg::ReverseProposals {
        start_before: Some(1),
        limit: None,
    });
    assert!(page.proposals.is_empty());
    let count: u64 = suite.query(QueryMsg::ProposalCount {});
    assert_eq!(count, 35);
}

#[test]
fn listed_statuses_are_computed_now() {
    let mut suite = Suite::new(default_config());
    let a = suite.propose(&addr("alice"), text_action());
    let b = suite.propose(&addr("alice"), text_action());
    suite.vote("alice", a, Vote::Yes).unwrap();
    suite.advance(100);
    let page: ProposalListResponse = suite.query(QueryMsg::ListProposals {
        start_after: None,
        limit: None,
    });
    // Both stored as open; both rejected now that voting ended.
    assert_eq!(page.proposals[0].proposal.status, Status::Open);
    assert_eq!(page.proposals[0].status, Status::Rejected);
    assert_eq!(page.proposals[1].id, b);
    assert_eq!(page.proposals[1].status, Status::Rejected);
}

#[test]
fn list_votes_in_voter_order() {
    let mut suite = Suite::new(default_config());
    let names = ["m1", "m2", "m3", "m4", "m5"];
    for name in names {
        suite.set_member(&addr(name), 1);
    }
    suite.advance(1);
    let id = suite.propose(&addr("alice"), text_action());
    for name in names {
        suite.vote(name, id, Vote::Abstain).unwrap();
    }
    let mut voters: Vec<_> = names.iter().map(|n| addr(n)).collect();
    voters.sort();

    let page: VoteListResponse = suite.query(QueryMsg::ListVotes {
        proposal_id: id,
        start_after: None,
        limit: Some(2),
    });
    let got: Vec<_> = page.votes.iter().map(|v| v.voter.clone()).collect();
    assert_eq!(got, voters[..2]);
    let page: VoteListResponse = suite.query(QueryMsg::ListVotes {
        proposal_id: id,
        start_after: Some(voters[1].to_string()),
        limit: None,
    });
    let got: Vec<_> = page.votes.iter().map(|v| v.voter.clone()).collect();
    assert_eq!(got, voters[2..]);
    // Another proposal's ballots are separate.
    let other: VoteListResponse = suite.query(QueryMsg::ListVotes {
        proposal_id: id + 1,
        start_after: None,
        limit: None,
    });
    assert!(other.votes.is_empty());
    let none: VoteResponse = suite.query(QueryMsg::GetVote {
        proposal_id: id,
        voter: addr("alice").to_string(),
    });
    assert_eq!(none.vote, None);
}

#[test]
fn unknown_proposal_and_bad_voter_address() {
    let suite = Suite::new(default_config());
    let err = query(
        suite.deps.as_ref(),
        suite.env.clone(),
        QueryMsg::Proposal { proposal_id: 5 },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::ProposalNotFound { proposal_id: 5 });
    let err = query(
        suite.deps.as_ref(),
        suite.env.clone(),
        QueryMsg::GetVote {
            proposal_id: 1,
            voter: "Not-An-Address".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)));
}

#[test]
fn timelock_ends_only_for_passed_proposals() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    suite.propose_adoption(&addr("alice"), 1).unwrap();
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: 1 });
    assert_eq!(res.timelock_ends, None);
    suite.vote("alice", 1, Vote::Yes).unwrap();
    suite.vote("bob", 1, Vote::Yes).unwrap();
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: 1 });
    assert_eq!(
        res.timelock_ends,
        Some(cw_utils::Expiration::AtHeight(suite.env.block.height + 10))
    );
}
