use super::*;
use crate::state::Inactive;
use steward_types::oracle::{AdoptionTermsResponse, RecommendationStatus as S, TrackRecord};
use steward_types::roles;

/// dao-core's last message of adoption proposal `proposal_id`'s execution.
fn adopt(suite: &mut Suite, id: u64, proposal_id: u64) -> Result<Response, ContractError> {
    suite.exec_dao(ExecuteMsg::MarkExecuted {
        id,
        proposal_id,
        balances_before: vec![],
    })
}

/// The adoption is recorded once, at `MarkExecuted`, with the adopting
/// proposal and both counts.
#[test]
fn adopted_and_executed_with_track_record() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    let res = adopt(&mut suite, id, 42).unwrap();
    assert_eq!(attr(&res, "from"), "Pending");
    assert_eq!(attr(&res, "to"), "Executed");
    assert_eq!(attr(&res, "proposal_id"), "42");
    let rec = suite.recommendation(id);
    assert_eq!(rec.status, S::Executed);
    assert_eq!(rec.recommendation.proposal_id, Some(42));
    let next = suite.submit_ok(2, 3600);
    adopt(&mut suite, next, 43).unwrap();
    assert_eq!(
        suite.advisor("alpha").record,
        TrackRecord {
            submitted: 2,
            adopted: 2,
            executed: 2,
            rejected: 0,
            expired: 0,
            ..TrackRecord::default()
        }
    );
}

/// A rejected recommendation cannot be executed, and nothing counts it adopted.
#[test]
fn rejection_of_pending_recommendations() {
    let mut suite = Suite::new();
    let pending = suite.submit_ok(1, 3600);
    suite
        .exec_dao(ExecuteMsg::MarkRejected { id: pending })
        .unwrap();
    assert_eq!(suite.recommendation(pending).status, S::Rejected);
    assert_eq!(
        adopt(&mut suite, pending, 1).unwrap_err(),
        ContractError::InvalidTransition {
            id: pending,
            from: S::Rejected,
            to: S::Executed
        }
    );
    let record = suite.advisor("alpha").record;
    assert_eq!(record.submitted, 1);
    assert_eq!(record.adopted, 0);
    assert_eq!(record.rejected, 1);
}

#[test]
fn invalid_transitions() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    adopt(&mut suite, id, 1).unwrap();
    assert_eq!(
        adopt(&mut suite, id, 2).unwrap_err(),
        ContractError::InvalidTransition {
            id,
            from: S::Executed,
            to: S::Executed
        }
    );
    assert_eq!(
        suite.exec_dao(ExecuteMsg::MarkRejected { id }).unwrap_err(),
        ContractError::InvalidTransition {
            id,
            from: S::Executed,
            to: S::Rejected
        }
    );

    let rejected = suite.submit_ok(2, 3600);
    suite
        .exec_dao(ExecuteMsg::MarkRejected { id: rejected })
        .unwrap();
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::MarkRejected { id: rejected })
            .unwrap_err(),
        ContractError::InvalidTransition {
            id: rejected,
            from: S::Rejected,
            to: S::Rejected
        }
    );
    // the record counts only the transitions that happened
    let record = suite.advisor("alpha").record;
    assert_eq!(
        (record.adopted, record.executed, record.rejected),
        (1, 1, 1)
    );
}

#[test]
fn no_adoption_or_rejection_after_expiry() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 100);
    let expires_at = suite.now() + 100;
    suite.advance(100);
    assert_eq!(suite.recommendation(id).status, S::Expired);
    assert_eq!(suite.recommendation(id).recommendation.status, S::Pending);
    assert_eq!(
        adopt(&mut suite, id, 1).unwrap_err(),
        ContractError::AdoptionAfterExpiry {
            id,
            expires_at,
            now: expires_at
        }
    );
    assert_eq!(
        suite.exec_dao(ExecuteMsg::MarkRejected { id }).unwrap_err(),
        ContractError::InvalidTransition {
            id,
            from: S::Expired,
            to: S::Rejected
        }
    );
    assert_eq!(suite.advisor("alpha").record.adopted, 0);
}

#[test]
fn anyone_records_an_expiry_once_due() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 100);
    let expires_at = suite.now() + 100;
    let anyone = suite.addr("anyone");
    suite.advance(99);
    assert_eq!(
        suite
            .exec(&anyone, ExecuteMsg::ExpireRecommendation { id })
            .unwrap_err(),
        ContractError::NotYetExpired {
            id,
            expires_at,
            now: expires_at - 1
        }
    );
    suite.advance(1);
    let res = suite
        .exec(&anyone, ExecuteMsg::ExpireRecommendation { id })
        .unwrap();
    assert_eq!(attr(&res, "to"), "Expired");
    assert_eq!(suite.recommendation(id).recommendation.status, S::Expired);
    assert_eq!(suite.advisor("alpha").record.expired, 1);
    assert_eq!(
        suite
            .exec(&anyone, ExecuteMsg::ExpireRecommendation { id })
            .unwrap_err(),
        ContractError::InvalidTransition {
            id,
            from: S::Expired,
            to: S::Expired
        }
    );
    assert_eq!(suite.advisor("alpha").record.expired, 1);
}

#[test]
fn unknown_recommendation() {
    let mut suite = Suite::new();
    let not_found = ContractError::RecommendationNotFound { id: 9 };
    assert_eq!(adopt(&mut suite, 9, 1).unwrap_err(), not_found);
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::MarkRejected { id: 9 })
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::ExpireRecommendation { id: 9 })
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        suite.query_err(QueryMsg::Recommendation { id: 9 }),
        not_found
    );
    assert_eq!(
        suite.query_err(QueryMsg::AdoptionTerms { id: 9 }),
        not_found
    );
}

#[test]
fn adoption_terms_are_the_recommendation_s_and_its_effective_status() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    let full = suite.recommendation(id);
    let terms: steward_types::oracle::AdoptionTermsResponse =
        suite.query(QueryMsg::AdoptionTerms { id });
    let payload = &full.recommendation.payload;
    assert_eq!(terms.payload_hash, full.recommendation.payload_hash);
    assert_eq!(terms.advisor, payload.advisor);
    assert_eq!(terms.policy_version, payload.policy_version);
    assert_eq!(terms.expires_at, payload.expires_at);
    assert_eq!(terms.actions, payload.actions);
    assert_eq!(terms.status, S::Pending);
    // Past its expiry a pending recommendation reads as expired, as in
    // `Recommendation`.
    suite.advance(3601);
    let terms: steward_types::oracle::AdoptionTermsResponse =
        suite.query(QueryMsg::AdoptionTerms { id });
    assert_eq!(terms.status, S::Expired);
    assert_eq!(suite.recommendation(id).status, S::Expired);
}

#[test]
fn only_dao_changes_status() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    let stranger = suite.addr("stranger");
    let unauthorized = ContractError::Unauthorized {
        sender: stranger.clone(),
        role: roles::DAO,
    };
    for msg in [
        ExecuteMsg::MarkExecuted {
            id,
            proposal_id: 1,
            balances_before: vec![],
        },
        ExecuteMsg::MarkRejected { id },
    ] {
        assert_eq!(suite.exec(&stranger, msg).unwrap_err(), unauthorized);
    }
    assert_eq!(suite.recommendation(id).status, S::Pending);
}

#[test]
fn record_goes_to_the_issuer_even_after_revocation() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    adopt(&mut suite, id, 1).unwrap();
    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
        .unwrap();
    let record = suite.advisor("alpha").record;
    assert_eq!((record.adopted, record.executed), (1, 1));
}

#[test]
fn a_revoked_or_expired_issuer_key_stops_what_it_signed() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
        .unwrap();
    let terms: AdoptionTermsResponse = suite.query(QueryMsg::AdoptionTerms { id });
    assert_eq!(
        terms.signer_problem.as_deref(),
        Some("recommendation 1: its issuing advisor's key alpha is revoked")
    );
    assert_eq!(
        adopt(&mut suite, id, 1).unwrap_err(),
        ContractError::IssuerKeyInactive {
            id,
            key_id: "alpha".into(),
            reason: Inactive::Revoked,
        }
    );
    assert_eq!(suite.recommendation(id).status, S::Pending);
}

#[test]
fn only_the_adoption_proposal_being_executed_may_mark_adoption() {
    let mut suite = Suite::new();
    let id = suite.submit_ok(1, 3600);
    let mark = |proposal_id| ExecuteMsg::MarkExecuted {
        id,
        proposal_id,
        balances_before: vec![],
    };
    // Proposal 5 adopts nothing (a plain proposal carrying MarkExecuted).
    let err = suite.exec_dao_unchecked(mark(5)).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotAdoptingProposal {
            id,
            proposal_id: 5,
            adopts: None,
            status: Status::Passed,
        }
    );
    // Proposal 6 adopts another recommendation.
    suite.set_adoption(6, id + 1);
    let err = suite.exec_dao_unchecked(mark(6)).unwrap_err();
    assert!(
        matches!(err, ContractError::NotAdoptingProposal { adopts: Some(a), .. } if a == id + 1)
    );
    assert_eq!(suite.recommendation(id).status, S::Pending);
}
