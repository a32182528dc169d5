//! ProposeAdoption: what is copied, and every refusal.

use crate::error::ContractError;
use crate::tests::harness::{addr, adoption_vetoer, default_config, transfer, Suite};
use cw_utils::{Duration, PaymentError};
use steward_types::oracle::RecommendationStatus;
use steward_types::policy::StalePolicyVersion;
use steward_types::proposal::{
    ExecuteMsg, ProposalKind, ProposalResponse, QueryMsg, Timelock, MAX_DESCRIPTION_LEN,
};

#[test]
fn adoption_copies_the_recommendation() {
    let mut config = default_config();
    // A plain timelock does not apply to adoptions; theirs does.
    config.timelock = Some(Timelock {
        duration: Duration::Height(3),
        vetoer: addr("other").to_string(),
    });
    let mut suite = Suite::new(config);
    suite.add_recommendation(4, 1);
    let res = suite.propose_adoption(&addr("bob"), 4).unwrap();
    assert_eq!(crate::tests::harness::attr(&res, "recommendation_id"), "4");
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: 1 });
    let p = res.proposal;
    assert_eq!(p.title, "Adopt recommendation #4");
    assert_eq!(p.description, "");
    assert_eq!(p.proposer, addr("bob"));
    assert_eq!(
        p.timelock,
        Some(Timelock {
            duration: Duration::Height(10),
            vetoer: adoption_vetoer().to_string()
        })
    );
    assert_eq!(
        p.kind,
        ProposalKind::Adoption {
            recommendation_id: 4,
            payload_hash: format!("{:064x}", 4),
            advisor: "advisor-1".into(),
            policy_version: 1,
            governance: vec![],
            actions: vec![transfer(7), transfer(8)],
        }
    );
}

#[test]
fn adoption_keeps_the_proposers_note() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    suite
        .exec(
            &addr("alice"),
            ExecuteMsg::ProposeAdoption {
                recommendation_id: 1,
                description: Some("checked the drift by hand".into()),
            },
        )
        .unwrap();
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: 1 });
    assert_eq!(res.proposal.description, "checked the drift by hand");

    let err = suite
        .exec(
            &addr("alice"),
            ExecuteMsg::ProposeAdoption {
                recommendation_id: 1,
                description: Some("x".repeat(MAX_DESCRIPTION_LEN + 1)),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::DescriptionTooLong { .. }));
}

#[test]
fn unknown_recommendation() {
    let mut suite = Suite::new(default_config());
    let err = suite.propose_adoption(&addr("alice"), 9).unwrap_err();
    assert!(
        matches!(err, ContractError::RecommendationNotFound { id: 9, ref error } if error.contains("not found")),
        "{err:?}"
    );
}

#[test]
fn expired_recommendation() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    let expires_at = suite.env.block.time.seconds() + 3600;
    // The oracle already reads it as expired.
    suite.set_recommendation_status(1, RecommendationStatus::Expired);
    let err = suite.propose_adoption(&addr("alice"), 1).unwrap_err();
    assert_eq!(
        err,
        ContractError::RecommendationExpired { id: 1, expires_at }
    );

    // Still pending in the oracle's answer, but its expiry has come.
    suite.add_recommendation(2, 1);
    suite.env.block.time = suite.env.block.time.plus_seconds(3600);
    let err = suite.propose_adoption(&addr("alice"), 2).unwrap_err();
    assert_eq!(
        err,
        ContractError::RecommendationExpired { id: 2, expires_at }
    );
}

#[test]
fn consumed_recommendation() {
    let mut suite = Suite::new(default_config());
    for (id, status) in [
        (1, RecommendationStatus::Adopted),
        (2, RecommendationStatus::Executed),
        (3, RecommendationStatus::Rejected),
    ] {
        suite.add_recommendation(id, 1);
        suite.set_recommendation_status(id, status);
        let err = suite.propose_adoption(&addr("alice"), id).unwrap_err();
        assert_eq!(err, ContractError::RecommendationConsumed { id, status });
    }
    let count: u64 = suite.query(QueryMsg::ProposalCount {});
    assert_eq!(count, 0);
}

#[test]
fn stale_policy_version() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    suite.world.borrow_mut().policy_version = 2;
    let err = suite.propose_adoption(&addr("alice"), 1).unwrap_err();
    assert_eq!(
        err,
        ContractError::StalePolicyVersion(StalePolicyVersion {
            signed: 1,
            current: 2
        })
    );
}

#[test]
fn adoption_is_for_members_only() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    let mallory = addr("mallory");
    let err = suite.propose_adoption(&mallory, 1).unwrap_err();
    assert_eq!(err, ContractError::NotMember { address: mallory });
}

#[test]
fn adoption_refuses_funds() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    let err = suite
        .exec_paying(
            &addr("alice"),
            ExecuteMsg::ProposeAdoption {
                recommendation_id: 1,
                description: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn a_recommendation_whose_signing_keys_no_longer_vouch_for_it_is_refused() {
    let mut suite = Suite::new(default_config());
    suite.add_recommendation(1, 1);
    suite.world.borrow_mut().signer_problem =
        Some("recommendation 1: its issuing advisor's key advisor-1 is revoked".into());
    let err = suite.propose_adoption(&addr("alice"), 1).unwrap_err();
    assert_eq!(
        err,
        ContractError::RecommendationSignersInvalid {
            id: 1,
            reason: "recommendation 1: its issuing advisor's key advisor-1 is revoked".into(),
        }
    );
}
