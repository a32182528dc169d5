//! The signatures that counted toward a recommendation's quorum are kept, with
//! their key ids, and verify from chain state alone.

use super::*;
use crate::state::RECOMMENDATION_SIGNATURES;
use steward_types::crypto::verify_signature;
use steward_types::oracle::SignaturesResponse;

fn key_a() -> TestKey {
    TestKey::secp256k1(21)
}
fn key_b() -> TestKey {
    TestKey::ed25519(22)
}
fn key_c() -> TestKey {
    TestKey::secp256k1(23)
}

/// Advisors `a` (secp256k1), `b` (ed25519), `c` (secp256k1), quorum 2.
fn suite() -> Suite {
    Suite::with(InstantiateMsg {
        quorum: 2,
        advisors: vec![
            key_a().advisor_key("a"),
            key_b().advisor_key("b"),
            key_c().advisor_key("c"),
        ],
        feeders: vec![feeder_key().feeder("feeder-1")],
        max_price_age_seconds: MAX_PRICE_AGE,
        outcome_horizon_seconds: None,
    })
}

fn signatures(suite: &Suite, id: u64) -> SignaturesResponse {
    suite.query(QueryMsg::Signatures { id })
}

/// Re-checks every stored signature of `id` the way anyone can: the stored
/// payload bytes, the registered key of each key id, steward_types' verifier.
fn verifies_from_state(suite: &Suite, id: u64) -> Vec<(String, bool)> {
    let rec = suite.recommendation(id).recommendation;
    let hash = digest(&rec.payload_bytes);
    signatures(suite, id)
        .signatures
        .into_iter()
        .map(|sig| {
            let key = suite.advisor(&sig.key_id);
            let ok = verify_signature(
                &suite.deps.api,
                key.algorithm,
                &key.public_key,
                &hash,
                &sig.signature,
            );
            (sig.key_id, ok)
        })
        .collect()
}

#[test]
fn the_signatures_that_made_the_quorum_are_stored_in_order_and_verify() {
    let mut suite = suite();
    let payload = suite.payload("b", 1);
    let bytes = to_json_vec(&payload).unwrap();
    suite
        .submit_bytes(&bytes, &[("b", &key_b()), ("a", &key_a())])
        .unwrap();

    let stored = signatures(&suite, 1);
    assert_eq!(stored.id, 1);
    assert_eq!(
        stored.signatures,
        vec![
            AdvisorSignature {
                key_id: "b".into(),
                signature: key_b().sign(&bytes),
            },
            AdvisorSignature {
                key_id: "a".into(),
                signature: key_a().sign(&bytes),
            },
        ]
    );
    assert_eq!(
        verifies_from_state(&suite, 1),
        vec![("b".to_string(), true), ("a".to_string(), true)]
    );
    // The key ids are the recommendation's signers.
    assert_eq!(
        suite.recommendation(1).recommendation.signers,
        vec!["b", "a"]
    );

    // Each recommendation keeps its own.
    let payload = suite.payload("c", 1);
    suite
        .submit(&payload, &[("c", &key_c()), ("a", &key_a())])
        .unwrap();
    let ids: Vec<String> = signatures(&suite, 2)
        .signatures
        .into_iter()
        .map(|s| s.key_id)
        .collect();
    assert_eq!(ids, vec!["c", "a"]);
    assert_eq!(
        verifies_from_state(&suite, 2),
        vec![("c".to_string(), true), ("a".to_string(), true)]
    );
}

#[test]
fn a_stored_signature_checked_against_a_rotated_key_fails() {
    // The record is evidence, not a verdict: after rotation the stored bytes
    // no longer verify under the registered key, and a re-check says so.
    let mut suite = suite();
    let payload = suite.payload("a", 1);
    suite
        .submit(&payload, &[("a", &key_a()), ("c", &key_c())])
        .unwrap();
    let new_c = TestKey::secp256k1(99);
    suite
        .exec_dao(ExecuteMsg::RotateAdvisor {
            id: "c".into(),
            algorithm: new_c.algorithm(),
            public_key: new_c.public_key(),
            active_from: None,
            expires_at: None,
        })
        .unwrap();
    assert_eq!(
        verifies_from_state(&suite, 1),
        vec![("a".to_string(), true), ("c".to_string(), false)]
    );
}

#[test]
fn a_signature_that_does_not_count_refuses_the_submission_and_nothing_is_stored() {
    let mut suite = suite();
    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "c".into() })
        .unwrap();
    let payload = suite.payload("a", 1);
    // A revoked key's signature beside a quorum of good ones.
    let err = suite
        .submit(
            &payload,
            &[("a", &key_a()), ("b", &key_b()), ("c", &key_c())],
        )
        .unwrap_err();
    assert!(
        matches!(&err, ContractError::InactiveAdvisorKey { id, .. } if id == "c"),
        "{err}"
    );
    // A forged one (b's id, signed with a's key).
    let err = suite
        .submit(&payload, &[("a", &key_a()), ("b", &key_a())])
        .unwrap_err();
    assert_eq!(err, ContractError::BadSignature { key_id: "b".into() });
    // An unknown key id.
    let err = suite
        .submit(&payload, &[("a", &key_a()), ("zed", &key_b())])
        .unwrap_err();
    assert_eq!(err, ContractError::UnknownAdvisorKey { id: "zed".into() });

    assert_eq!(
        suite.query_err(QueryMsg::Signatures { id: 1 }),
        ContractError::RecommendationNotFound { id: 1 }
    );
    assert!(RECOMMENDATION_SIGNATURES
        .may_load(&suite.deps.storage, 1)
        .unwrap()
        .is_none());

    // The same payload with only counting signatures goes through, and only
    // those are kept.
    suite
        .submit(&payload, &[("a", &key_a()), ("b", &key_b())])
        .unwrap();
    let ids: Vec<String> = signatures(&suite, 1)
        .signatures
        .into_iter()
        .map(|s| s.key_id)
        .collect();
    assert_eq!(ids, vec!["a", "b"]);
}

#[test]
fn a_recommendation_stored_without_signatures_answers_an_empty_list() {
    let mut suite = suite();
    let payload = suite.payload("a", 1);
    suite
        .submit(&payload, &[("a", &key_a()), ("b", &key_b())])
        .unwrap();
    // As one submitted before the oracle kept signatures.
    RECOMMENDATION_SIGNATURES.remove(&mut suite.deps.storage, 1);
    let stored = signatures(&suite, 1);
    assert_eq!(stored.id, 1);
    assert!(stored.signatures.is_empty());
    assert_eq!(
        suite.query_err(QueryMsg::Signatures { id: 7 }),
        ContractError::RecommendationNotFound { id: 7 }
    );
}
