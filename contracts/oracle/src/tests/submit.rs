use super::*;
use crate::state::{Inactive, MAX_CLOCK_SKEW_SECONDS, MAX_SIGNATURES};
use steward_types::acceptance::AcceptanceError;
use steward_types::crypto::digest_hex;
use steward_types::oracle::{RecommendationStatus, TrackRecord};
use steward_types::payload::MAX_PAYLOAD_BYTES;
use steward_types::policy::{PolicyViolation, StalePolicyVersion};

/// Three secp/ed advisors `a`, `b`, `c` with `quorum`.
fn three_advisors(quorum: u32) -> Suite {
    Suite::with(InstantiateMsg {
        quorum,
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

fn key_a() -> TestKey {
    TestKey::secp256k1(11)
}
fn key_b() -> TestKey {
    TestKey::ed25519(12)
}
fn key_c() -> TestKey {
    TestKey::secp256k1(13)
}

/// Nothing was stored by a refused submission.
fn assert_nothing_stored(suite: &Suite) {
    let list: steward_types::oracle::RecommendationListResponse =
        suite.query(QueryMsg::Recommendations {
            status: None,
            start_after: None,
            limit: None,
        });
    assert!(list.recommendations.is_empty());
    let a = suite.advisor("alpha");
    assert_eq!(a.last_nonce, None);
    assert_eq!(a.record, TrackRecord::default());
}

#[test]
fn secp256k1_recommendation_is_accepted_and_stored() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let bytes = to_json_vec(&payload).unwrap();
    let res = suite.submit_bytes(&bytes, &[("alpha", &alpha())]).unwrap();
    let hash = digest_hex(&bytes);
    assert_eq!(attr(&res, "action"), "submit_recommendation");
    assert_eq!(attr(&res, "id"), "1");
    assert_eq!(attr(&res, "advisor"), "alpha");
    assert_eq!(attr(&res, "payload_hash"), hash);
    assert_eq!(attr(&res, "nonce"), "1");

    let rec = suite.recommendation(1);
    assert_eq!(rec.status, RecommendationStatus::Pending);
    let r = rec.recommendation;
    assert_eq!(r.id, 1);
    assert_eq!(r.payload_hash, hash);
    assert_eq!(r.payload, payload);
    assert_eq!(r.payload_bytes, Binary::from(bytes));
    assert_eq!(r.signers, vec!["alpha".to_string()]);
    assert_eq!(r.submitted_by, suite.relayer);
    assert_eq!(r.submitted_at, suite.now());
    assert_eq!(r.status, RecommendationStatus::Pending);
    assert_eq!(r.proposal_id, None);

    let a = suite.advisor("alpha");
    assert_eq!(a.last_nonce, Some(1));
    assert_eq!(a.record.submitted, 1);

    // ids count up from 1
    let id = suite.submit_ok(2, 3600);
    assert_eq!(id, 2);
}

#[test]
fn ed25519_recommendation_is_accepted() {
    let ed = TestKey::ed25519(21);
    let mut suite = Suite::with(InstantiateMsg {
        quorum: 1,
        advisors: vec![ed.advisor_key("ed")],
        feeders: vec![],
        max_price_age_seconds: MAX_PRICE_AGE,
        outcome_horizon_seconds: None,
    });
    let payload = suite.payload("ed", 0);
    suite.submit(&payload, &[("ed", &ed)]).unwrap();
    assert_eq!(suite.advisor("ed").last_nonce, Some(0));
}

#[test]
fn uncompressed_secp256k1_key_is_accepted() {
    let key = TestKey::secp256k1(22);
    let mut msg = key.advisor_key("u");
    msg.public_key = key.uncompressed_public_key().unwrap();
    let mut suite = Suite::with(InstantiateMsg {
        quorum: 1,
        advisors: vec![msg],
        feeders: vec![],
        max_price_age_seconds: MAX_PRICE_AGE,
        outcome_horizon_seconds: None,
    });
    let payload = suite.payload("u", 1);
    suite.submit(&payload, &[("u", &key)]).unwrap();
}

#[test]
fn payload_too_large() {
    let mut suite = Suite::new();
    let bytes = vec![b' '; MAX_PAYLOAD_BYTES + 1];
    let err = suite
        .submit_bytes(&bytes, &[("alpha", &alpha())])
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::PayloadTooLarge {
            size: MAX_PAYLOAD_BYTES + 1,
            max: MAX_PAYLOAD_BYTES
        }
    );
    assert_nothing_stored(&suite);
}

#[test]
fn no_signatures() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    assert_eq!(
        suite.submit(&payload, &[]).unwrap_err(),
        ContractError::NoSignatures {}
    );
}

#[test]
fn too_many_signatures() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let keys: Vec<(String, TestKey)> = (0..=MAX_SIGNATURES as u8)
        .map(|i| (format!("k{i}"), TestKey::ed25519(100 + i)))
        .collect();
    let signers: Vec<(&str, &TestKey)> = keys.iter().map(|(id, k)| (id.as_str(), k)).collect();
    assert_eq!(
        suite.submit(&payload, &signers).unwrap_err(),
        ContractError::TooManySignatures {
            count: MAX_SIGNATURES + 1,
            max: MAX_SIGNATURES
        }
    );
}

#[test]
fn duplicate_signer() {
    let mut suite = three_advisors(2);
    let payload = suite.payload("a", 1);
    let err = suite
        .submit(&payload, &[("a", &key_a()), ("a", &key_a())])
        .unwrap_err();
    assert_eq!(err, ContractError::DuplicateSigner { key_id: "a".into() });
}

#[test]
fn unknown_advisor_key() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let err = suite
        .submit(
            &payload,
            &[("alpha", &alpha()), ("ghost", &TestKey::ed25519(3))],
        )
        .unwrap_err();
    assert_eq!(err, ContractError::UnknownAdvisorKey { id: "ghost".into() });
    assert_nothing_stored(&suite);
}

#[test]
fn key_not_yet_active_then_active() {
    let mut suite = Suite::new();
    let beta = TestKey::ed25519(30);
    let now = suite.now();
    let mut msg = beta.advisor_key("beta");
    msg.active_from = Some(now + 100);
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor { key: msg })
        .unwrap();
    let payload = suite.payload("beta", 1);
    let err = suite.submit(&payload, &[("beta", &beta)]).unwrap_err();
    assert_eq!(
        err,
        ContractError::InactiveAdvisorKey {
            id: "beta".into(),
            reason: Inactive::NotYetActive {
                active_from: now + 100,
                now
            }
        }
    );
    assert!(!suite.advisor("beta").active);

    suite.advance(100);
    let payload = suite.payload("beta", 1);
    suite.submit(&payload, &[("beta", &beta)]).unwrap();
}

#[test]
fn key_expired() {
    let mut suite = Suite::new();
    let beta = TestKey::ed25519(31);
    let now = suite.now();
    let mut msg = beta.advisor_key("beta");
    msg.expires_at = Some(now + 100);
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor { key: msg })
        .unwrap();
    suite.advance(99);
    let payload = suite.payload("beta", 1);
    suite.submit(&payload, &[("beta", &beta)]).unwrap();

    suite.advance(1);
    let payload = suite.payload("beta", 2);
    let err = suite.submit(&payload, &[("beta", &beta)]).unwrap_err();
    assert_eq!(
        err,
        ContractError::InactiveAdvisorKey {
            id: "beta".into(),
            reason: Inactive::Expired {
                expires_at: now + 100,
                now: now + 100
            }
        }
    );
}

#[test]
fn key_revoked() {
    let mut suite = Suite::new();
    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
        .unwrap();
    let payload = suite.payload("alpha", 1);
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::InactiveAdvisorKey {
            id: "alpha".into(),
            reason: Inactive::Revoked
        }
    );
    assert_nothing_stored(&suite);
}

#[test]
fn bad_signature_from_another_key() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let err = suite
        .submit(&payload, &[("alpha", &TestKey::secp256k1(99))])
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BadSignature {
            key_id: "alpha".into()
        }
    );
    assert_nothing_stored(&suite);
}

#[test]
fn bad_signature_over_other_bytes() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let bytes = to_json_vec(&payload).unwrap();
    let mut tampered = payload.clone();
    tampered.actions = vec![TreasuryAction::Transfer {
        asset: AssetInfo::native(DENOM),
        amount: 999_999u128.into(),
        recipient: suite.addr("thief").into_string(),
    }];
    let relayer = suite.relayer.clone();
    let err = suite
        .exec(
            &relayer,
            ExecuteMsg::SubmitRecommendation {
                payload: to_json_binary(&tampered).unwrap(),
                signatures: vec![AdvisorSignature {
                    key_id: "alpha".into(),
                    signature: alpha().sign(&bytes),
                }],
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BadSignature {
            key_id: "alpha".into()
        }
    );
}

#[test]
fn bad_signature_of_wrong_length() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let relayer = suite.relayer.clone();
    let err = suite
        .exec(
            &relayer,
            ExecuteMsg::SubmitRecommendation {
                payload: to_json_binary(&payload).unwrap(),
                signatures: vec![AdvisorSignature {
                    key_id: "alpha".into(),
                    signature: Binary::from(vec![1u8; 63]),
                }],
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BadSignature {
            key_id: "alpha".into()
        }
    );
}

#[test]
fn signatures_are_verified_before_the_payload_is_parsed() {
    let mut suite = Suite::new();
    let garbage = b"not json at all";
    let relayer = suite.relayer.clone();
    let err = suite
        .exec(
            &relayer,
            ExecuteMsg::SubmitRecommendation {
                payload: Binary::from(garbage.as_slice()),
                signatures: vec![AdvisorSignature {
                    key_id: "alpha".into(),
                    signature: TestKey::secp256k1(98).sign(garbage),
                }],
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BadSignature {
            key_id: "alpha".into()
        }
    );
}

#[test]
fn quorum_not_met() {
    let mut suite = three_advisors(2);
    let payload = suite.payload("a", 1);
    let err = suite.submit(&payload, &[("a", &key_a())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::QuorumNotMet {
            signed: 1,
            quorum: 2
        }
    );
}

#[test]
fn quorum_two_of_three() {
    let mut suite = three_advisors(2);
    let payload = suite.payload("a", 1);
    let res = suite
        .submit(&payload, &[("a", &key_a()), ("b", &key_b())])
        .unwrap();
    assert_eq!(attr(&res, "signers"), "a,b");
    assert_eq!(
        suite.recommendation(1).recommendation.signers,
        vec!["a".to_string(), "b".to_string()]
    );

    // another pair, issued by c
    let payload = suite.payload("c", 1);
    suite
        .submit(&payload, &[("b", &key_b()), ("c", &key_c())])
        .unwrap();

    // all three is fine too
    let payload = suite.payload("b", 1);
    suite
        .submit(
            &payload,
            &[("a", &key_a()), ("b", &key_b()), ("c", &key_c())],
        )
        .unwrap();

    // the issuer is credited, not the co-signers
    assert_eq!(suite.advisor("a").record.submitted, 1);
    assert_eq!(suite.advisor("b").record.submitted, 1);
    assert_eq!(suite.advisor("c").record.submitted, 1);

    // one valid and one forged signature does not reach quorum: refused on the forgery
    let payload = suite.payload("a", 2);
    let err = suite
        .submit(&payload, &[("a", &key_a()), ("c", &key_b())])
        .unwrap_err();
    assert_eq!(err, ContractError::BadSignature { key_id: "c".into() });
}

#[test]
fn malformed_payload() {
    let mut suite = Suite::new();
    let err = suite
        .submit_bytes(b"{\"not\":\"a payload\"}", &[("alpha", &alpha())])
        .unwrap_err();
    assert!(
        matches!(err, ContractError::MalformedPayload { .. }),
        "{err:?}"
    );

    // well-formed JSON of the wrong shape: expiry before issue
    let mut payload = suite.payload("alpha", 1);
    payload.expires_at = payload.issued_at;
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert!(
        matches!(err, ContractError::MalformedPayload { ref reason } if reason.contains("expires_at")),
        "{err:?}"
    );
    assert_nothing_stored(&suite);
}

#[test]
fn advisor_not_signer() {
    let mut suite = three_advisors(1);
    let payload = suite.payload("b", 1);
    let err = suite.submit(&payload, &[("a", &key_a())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::AdvisorNotSigner {
            advisor: "b".into(),
            signers: vec!["a".into()]
        }
    );
}

#[test]
fn wrong_chain_id() {
    let mut suite = Suite::new();
    let mut payload = suite.payload("alpha", 1);
    payload.chain_id = "other-chain-1".into();
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::WrongChainId {
            expected: "cosmos-testnet-14002".into(),
            got: "other-chain-1".into()
        })
    );
}

#[test]
fn wrong_oracle() {
    let mut suite = Suite::new();
    let mut payload = suite.payload("alpha", 1);
    let other = suite.addr("other-oracle").into_string();
    payload.oracle = other.clone();
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::WrongOracle {
            expected: suite.env.contract.address.to_string(),
            got: other
        })
    );
}

#[test]
fn replayed_payload() {
    let mut suite = Suite::new();
    let payload = suite.payload("alpha", 1);
    let bytes = to_json_vec(&payload).unwrap();
    suite.submit_bytes(&bytes, &[("alpha", &alpha())]).unwrap();
    let err = suite
        .submit_bytes(&bytes, &[("alpha", &alpha())])
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::ReplayedPayload {
            hash: digest_hex(&bytes),
            id: 1
        }
    );
}

#[test]
fn replayed_nonce() {
    let mut suite = Suite::new();
    suite.submit_ok(5, 3600);

    // same nonce, different bytes
    let mut payload = suite.payload("alpha", 5);
    payload.provenance.rationale.text = "again".into();
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::ReplayedNonce {
            advisor: "alpha".into(),
            nonce: 5,
            last: 5
        })
    );
    // lower nonce
    let payload = suite.payload("alpha", 4);
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::ReplayedNonce {
            advisor: "alpha".into(),
            nonce: 4,
            last: 5
        })
    );
    // gaps are fine
    suite.submit_ok(9, 3600);
    assert_eq!(suite.advisor("alpha").last_nonce, Some(9));
}

#[test]
fn expired_recommendation() {
    let mut suite = Suite::new();
    let now = suite.now();
    let mut payload = suite.payload("alpha", 1);
    payload.issued_at = now - 100;
    payload.expires_at = now;
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::Expired {
            expires_at: now,
            now
        })
    );
    assert_nothing_stored(&suite);
}

#[test]
fn issued_in_future() {
    let mut suite = Suite::new();
    let now = suite.now();
    let mut payload = suite.payload("alpha", 1);
    payload.issued_at = now + MAX_CLOCK_SKEW_SECONDS + 1;
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::IssuedInFuture {
            issued_at: now + MAX_CLOCK_SKEW_SECONDS + 1,
            now,
            max_skew: MAX_CLOCK_SKEW_SECONDS
        })
    );
    // within the skew allowance
    payload.issued_at = now + MAX_CLOCK_SKEW_SECONDS;
    suite.submit(&payload, &[("alpha", &alpha())]).unwrap();
}

#[test]
fn stale_policy_version() {
    let mut suite = Suite::new();
    let policy = default_policy(&suite.deps.api);
    suite.set_treasury(2, policy);
    let payload = suite.payload("alpha", 1);
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::Acceptance(AcceptanceError::StalePolicyVersion(StalePolicyVersion {
            signed: 1,
            current: 2
        }))
    );
    assert_nothing_stored(&suite);
}

#[test]
fn actions_outside_policy() {
    let mut suite = Suite::new();
    let mut payload = suite.payload("alpha", 1);
    payload.actions = vec![TreasuryAction::Transfer {
        asset: AssetInfo::native(DENOM),
        amount: 1_000_001u128.into(),
        recipient: suite.addr("grantee").into_string(),
    }];
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::ActionsOutsidePolicy(PolicyViolation::AllowanceExceeded {
            asset: "native:ustake".into(),
            requested: 1_000_001u128.into(),
            available: 1_000_000u128.into(),
            allowance: 1_000_000u128.into(),
        })
    );
    assert_nothing_stored(&suite);
}

#[test]
fn policy_check_uses_this_oracles_prices() {
    let mut suite = Suite::new();
    let swap = TreasuryAction::Swap {
        pair: suite.pair.to_string(),
        offer_asset: AssetInfo::native(DENOM),
        offer_amount: 10_000u128.into(),
        ask_asset: AssetInfo::native(OTHER),
        max_slippage_bps: 50,
    };
    let mut payload = suite.payload("alpha", 1);
    payload.actions = vec![swap.clone()];
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::ActionsOutsidePolicy(PolicyViolation::PriceMissing {
            asset: "native:ustake".into()
        })
    );

    let now = suite.now();
    let prices = suite.price_payload(
        "feeder-1",
        now,
        &[
            (AssetInfo::native(DENOM), Decimal::percent(200)),
            (AssetInfo::native(OTHER), Decimal::percent(100)),
        ],
    );
    suite.submit_prices(&prices, &feeder_key()).unwrap();
    suite.submit(&payload, &[("alpha", &alpha())]).unwrap();

    // the policy's own age limit (600 s) applies to the stored prices
    suite.advance(601);
    let mut payload = suite.payload("alpha", 2);
    payload.actions = vec![swap];
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert_eq!(
        err,
        ContractError::ActionsOutsidePolicy(PolicyViolation::PriceStale {
            asset: "native:ustake".into(),
            publish_time: now,
            now: now + 601,
            max_age: 600,
        })
    );
}

#[test]
fn checks_run_in_order() {
    let mut suite = Suite::new();
    suite.submit_ok(5, 3600);

    // wrong chain and replayed nonce: the domain check comes first
    let mut payload = suite.payload("alpha", 5);
    payload.chain_id = "other-1".into();
    assert!(matches!(
        suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err(),
        ContractError::Acceptance(AcceptanceError::WrongChainId { .. })
    ));

    // replayed nonce and expired: the nonce check comes first
    let now = suite.now();
    let mut payload = suite.payload("alpha", 5);
    payload.issued_at = now - 10;
    payload.expires_at = now;
    assert!(matches!(
        suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err(),
        ContractError::Acceptance(AcceptanceError::ReplayedNonce { .. })
    ));

    // expired and stale policy: the time check comes first
    suite.set_treasury(2, default_policy(&suite.deps.api));
    let mut payload = suite.payload("alpha", 6);
    payload.issued_at = now - 10;
    payload.expires_at = now;
    assert!(matches!(
        suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err(),
        ContractError::Acceptance(AcceptanceError::Expired { .. })
    ));

    // unknown key and quorum: each signature is checked before the count
    let mut suite = three_advisors(3);
    let payload = suite.payload("a", 1);
    assert!(matches!(
        suite
            .submit(&payload, &[("a", &key_a()), ("zz", &key_b())])
            .unwrap_err(),
        ContractError::UnknownAdvisorKey { .. }
    ));
}

#[test]
fn unreachable_treasury_is_an_error_not_a_pass() {
    let mut suite = Suite::new();
    suite.deps.querier.update_wasm(|_| {
        SystemResult::Err(SystemError::NoSuchContract {
            addr: "treasury".into(),
        })
    });
    let payload = suite.payload("alpha", 1);
    let err = suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err:?}");
    assert_nothing_stored(&suite);
}
