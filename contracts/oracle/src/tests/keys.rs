use super::*;
use crate::state::{Inactive, MAX_ADVISORS};
use cosmwasm_std::coins;
use cw_utils::PaymentError;
use steward_types::acceptance::AcceptanceError;
use steward_types::oracle::{AdvisorListResponse, ConfigResponse, OracleConfigError};
use steward_types::payload::MAX_ID_LEN;
use steward_types::roles;

fn rotate_msg(id: &str, key: &TestKey) -> ExecuteMsg {
    ExecuteMsg::RotateAdvisor {
        id: id.into(),
        algorithm: key.algorithm(),
        public_key: key.public_key(),
        active_from: None,
        expires_at: None,
    }
}

#[test]
fn dao_registers_an_advisor() {
    let mut suite = Suite::new();
    let beta = TestKey::ed25519(40);
    let res = suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: beta.advisor_key("beta"),
        })
        .unwrap();
    assert_eq!(attr(&res, "action"), "register_advisor");
    let b = suite.advisor("beta");
    assert_eq!(b.algorithm, KeyAlgorithm::Ed25519);
    assert_eq!(b.public_key, beta.public_key());
    assert!(b.active);
    let payload = suite.payload("beta", 1);
    suite.submit(&payload, &[("beta", &beta)]).unwrap();
}

#[test]
fn only_dao_changes_keys() {
    let mut suite = Suite::new();
    let stranger = suite.addr("stranger");
    let unauthorized = ContractError::Unauthorized {
        sender: stranger.clone(),
        role: roles::DAO,
    };
    let msgs = vec![
        ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(41).advisor_key("beta"),
        },
        rotate_msg("alpha", &TestKey::ed25519(41)),
        ExecuteMsg::RevokeAdvisor { id: "alpha".into() },
        ExecuteMsg::SetQuorum { quorum: 1 },
    ];
    for msg in msgs {
        assert_eq!(suite.exec(&stranger, msg).unwrap_err(), unauthorized);
    }
    // the relayer of recommendations has no authority either
    let relayer = suite.relayer.clone();
    assert!(matches!(
        suite
            .exec(&relayer, ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
            .unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    assert!(suite.advisor("alpha").active);
}

#[test]
fn funds_are_refused_on_every_message() {
    let mut suite = Suite::new();
    let dao = suite.dao.clone();
    let err = execute(
        suite.deps.as_mut(),
        suite.env.clone(),
        message_info(&dao, &coins(1, DENOM)),
        ExecuteMsg::SetQuorum { quorum: 1 },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
    let relayer = suite.relayer.clone();
    let err = execute(
        suite.deps.as_mut(),
        suite.env.clone(),
        message_info(&relayer, &coins(1, DENOM)),
        ExecuteMsg::ExpireRecommendation { id: 1 },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn register_duplicate_id_is_refused_even_once_revoked() {
    let mut suite = Suite::new();
    let err = suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(42).advisor_key("alpha"),
        })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(OracleConfigError::DuplicateAdvisor { id: "alpha".into() })
    );

    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
        .unwrap();
    let err = suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(42).advisor_key("alpha"),
        })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(OracleConfigError::DuplicateAdvisor { id: "alpha".into() })
    );
}

#[test]
fn register_key_held_by_another_id_is_refused() {
    let mut suite = Suite::new();
    let err = suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: alpha().advisor_key("alpha-bis"),
        })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(OracleConfigError::DuplicatePublicKey {
            id: "alpha-bis".into(),
            holder: "alpha".into()
        })
    );
}

#[test]
fn register_validates_key_id_and_window() {
    let mut suite = Suite::new();
    let mut msg = TestKey::ed25519(43).advisor_key("beta");
    msg.public_key = Binary::from(vec![0u8; 33]);
    assert!(matches!(
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor { key: msg })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidPublicKey { .. })
    ));

    let long = "b".repeat(MAX_ID_LEN + 1);
    let msg = TestKey::ed25519(43).advisor_key(&long);
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor { key: msg })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidId {
            id: long,
            max: MAX_ID_LEN
        })
    );

    let now = suite.now();
    let mut msg = TestKey::ed25519(43).advisor_key("beta");
    msg.active_from = Some(now + 50);
    msg.expires_at = Some(now + 10);
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor { key: msg })
            .unwrap_err(),
        ContractError::InvalidKeyWindow {
            id: "beta".into(),
            active_from: now + 50,
            expires_at: now + 10
        }
    );
}

#[test]
fn live_keys_are_bounded_and_revocation_frees_a_slot() {
    let mut suite = Suite::new();
    for i in 1..MAX_ADVISORS as u8 {
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor {
                key: TestKey::ed25519(i).advisor_key(&format!("k{i:02}")),
            })
            .unwrap();
    }
    let err = suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(200).advisor_key("one-too-many"),
        })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(OracleConfigError::TooManyAdvisors {
            count: MAX_ADVISORS + 1,
            max: MAX_ADVISORS
        })
    );

    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "k01".into() })
        .unwrap();
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(200).advisor_key("one-too-many"),
        })
        .unwrap();
    // the revoked key is still listed with its history
    let list: AdvisorListResponse = suite.query(QueryMsg::Advisors {
        start_after: None,
        limit: Some(30),
    });
    assert_eq!(list.advisors.len(), 30);
    assert!(suite.advisor("k01").revoked);
}

#[test]
fn rotation_swaps_the_key_and_keeps_nonce_and_record() {
    let mut suite = Suite::new();
    suite.submit_ok(7, 3600);
    let new_key = TestKey::ed25519(44);
    let res = suite.exec_dao(rotate_msg("alpha", &new_key)).unwrap();
    assert_eq!(attr(&res, "action"), "rotate_advisor");

    let a = suite.advisor("alpha");
    assert_eq!(a.algorithm, KeyAlgorithm::Ed25519);
    assert_eq!(a.public_key, new_key.public_key());
    assert_eq!(a.last_nonce, Some(7));
    assert_eq!(a.record.submitted, 1);

    // the old key no longer signs for alpha
    let payload = suite.payload("alpha", 8);
    assert_eq!(
        suite.submit(&payload, &[("alpha", &alpha())]).unwrap_err(),
        ContractError::BadSignature {
            key_id: "alpha".into()
        }
    );
    // the new key continues the nonce sequence
    let mut old_nonce = suite.payload("alpha", 7);
    old_nonce.provenance.rationale.text = "signed with the new key".into();
    assert!(matches!(
        suite
            .submit(&old_nonce, &[("alpha", &new_key)])
            .unwrap_err(),
        ContractError::Acceptance(AcceptanceError::ReplayedNonce { last: 7, .. })
    ));
    suite.submit(&payload, &[("alpha", &new_key)]).unwrap();
    let a = suite.advisor("alpha");
    assert_eq!(a.last_nonce, Some(8));
    assert_eq!(a.record.submitted, 2);

    // the retired key is free again; the new one is taken
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: alpha().advisor_key("old-alpha"),
        })
        .unwrap();
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor {
                key: new_key.advisor_key("copy"),
            })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicatePublicKey {
            id: "copy".into(),
            holder: "alpha".into()
        })
    );
}

#[test]
fn rotation_with_a_future_activation() {
    let mut suite = Suite::new();
    let new_key = TestKey::secp256k1(45);
    let now = suite.now();
    suite
        .exec_dao(ExecuteMsg::RotateAdvisor {
            id: "alpha".into(),
            algorithm: new_key.algorithm(),
            public_key: new_key.public_key(),
            active_from: Some(now + 60),
            expires_at: Some(now + 120),
        })
        .unwrap();
    let payload = suite.payload("alpha", 1);
    assert_eq!(
        suite.submit(&payload, &[("alpha", &new_key)]).unwrap_err(),
        ContractError::InactiveAdvisorKey {
            id: "alpha".into(),
            reason: Inactive::NotYetActive {
                active_from: now + 60,
                now
            }
        }
    );
    suite.advance(60);
    let payload = suite.payload("alpha", 1);
    suite.submit(&payload, &[("alpha", &new_key)]).unwrap();
    suite.advance(60);
    assert!(!suite.advisor("alpha").active);
}

#[test]
fn rotation_refusals() {
    let mut suite = Suite::new();
    assert_eq!(
        suite
            .exec_dao(rotate_msg("ghost", &TestKey::ed25519(46)))
            .unwrap_err(),
        ContractError::UnknownAdvisorKey { id: "ghost".into() }
    );

    let beta = TestKey::ed25519(47);
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: beta.advisor_key("beta"),
        })
        .unwrap();
    // onto a key another id holds
    assert_eq!(
        suite.exec_dao(rotate_msg("alpha", &beta)).unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicatePublicKey {
            id: "alpha".into(),
            holder: "beta".into()
        })
    );
    // a malformed key
    assert!(matches!(
        suite
            .exec_dao(ExecuteMsg::RotateAdvisor {
                id: "alpha".into(),
                algorithm: KeyAlgorithm::Ed25519,
                public_key: Binary::from(vec![1u8; 33]),
                active_from: None,
                expires_at: None,
            })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidPublicKey { .. })
    ));
    // a revoked key cannot be brought back
    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "beta".into() })
        .unwrap();
    assert_eq!(
        suite
            .exec_dao(rotate_msg("beta", &TestKey::ed25519(48)))
            .unwrap_err(),
        ContractError::AdvisorRevoked { id: "beta".into() }
    );
    assert!(suite.advisor("beta").revoked);
    // rotating onto its own current key is a no-op change, allowed
    suite.exec_dao(rotate_msg("alpha", &alpha())).unwrap();
}

#[test]
fn revocation() {
    let mut suite = Suite::new();
    suite.submit_ok(1, 3600);
    let res = suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
        .unwrap();
    assert_eq!(attr(&res, "action"), "revoke_advisor");
    let a = suite.advisor("alpha");
    assert!(a.revoked);
    assert!(!a.active);
    assert_eq!(a.record.submitted, 1);
    assert_eq!(a.last_nonce, Some(1));

    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::RevokeAdvisor { id: "alpha".into() })
            .unwrap_err(),
        ContractError::AdvisorRevoked { id: "alpha".into() }
    );
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::RevokeAdvisor { id: "ghost".into() })
            .unwrap_err(),
        ContractError::UnknownAdvisorKey { id: "ghost".into() }
    );
    // a revoked key's public key stays taken
    assert!(matches!(
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor {
                key: alpha().advisor_key("alpha-2"),
            })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicatePublicKey { .. })
    ));
}

#[test]
fn set_quorum_counts_active_keys_only() {
    let mut suite = Suite::new();
    let now = suite.now();
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(50).advisor_key("b"),
        })
        .unwrap();
    let mut later = TestKey::ed25519(51).advisor_key("later");
    later.active_from = Some(now + 100);
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor { key: later })
        .unwrap();
    let mut short = TestKey::ed25519(52).advisor_key("short");
    short.expires_at = Some(now + 10);
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor { key: short })
        .unwrap();
    suite
        .exec_dao(ExecuteMsg::RegisterAdvisor {
            key: TestKey::ed25519(53).advisor_key("gone"),
        })
        .unwrap();
    suite
        .exec_dao(ExecuteMsg::RevokeAdvisor { id: "gone".into() })
        .unwrap();
    suite.advance(10);

    // active: alpha, b (later not yet, short expired, gone revoked)
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::SetQuorum { quorum: 3 })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::QuorumOutOfRange { quorum: 3, max: 2 })
    );
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::SetQuorum { quorum: 0 })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::QuorumOutOfRange { quorum: 0, max: 2 })
    );
    suite.exec_dao(ExecuteMsg::SetQuorum { quorum: 2 }).unwrap();
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(config.quorum, 2);

    suite.advance(90);
    suite.exec_dao(ExecuteMsg::SetQuorum { quorum: 3 }).unwrap();
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(config.quorum, 3);
}
