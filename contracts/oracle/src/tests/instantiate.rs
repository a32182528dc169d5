use super::*;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::state::{MAX_ADVISORS, MAX_INITIAL_FEEDERS};
use cosmwasm_std::coins;
use cw_utils::PaymentError;
use steward_types::oracle::{
    AdvisorListResponse, ConfigResponse, FeederListResponse, OracleConfigError,
};
use steward_types::payload::MAX_ID_LEN;

#[test]
fn records_dao_config_keys_feeders_and_version() {
    let suite = Suite::new();
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            dao: suite.dao.clone(),
            quorum: 1,
            max_price_age_seconds: MAX_PRICE_AGE,
            outcome_horizon_seconds: None,
        }
    );
    let version = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.version, CONTRACT_VERSION);

    let alpha_key = suite.advisor("alpha");
    assert_eq!(alpha_key.public_key, alpha().public_key());
    assert_eq!(alpha_key.algorithm, KeyAlgorithm::Secp256k1);
    assert_eq!(alpha_key.active_from, suite.now());
    assert_eq!(alpha_key.expires_at, None);
    assert!(alpha_key.active);
    assert!(!alpha_key.revoked);
    assert_eq!(alpha_key.last_nonce, None);

    let feeders: FeederListResponse = suite.query(QueryMsg::Feeders {
        start_after: None,
        limit: None,
    });
    assert_eq!(feeders.feeders.len(), 1);
    assert_eq!(feeders.feeders[0].id, "feeder-1");
    assert_eq!(feeders.feeders[0].public_key, feeder_key().public_key());
}

#[test]
fn no_advisors_with_quorum_one_is_allowed() {
    let suite = Suite::with(InstantiateMsg {
        quorum: 1,
        advisors: vec![],
        feeders: vec![],
        max_price_age_seconds: 60,
        outcome_horizon_seconds: None,
    });
    let list: AdvisorListResponse = suite.query(QueryMsg::Advisors {
        start_after: None,
        limit: None,
    });
    assert!(list.advisors.is_empty());
}

#[test]
fn no_advisors_with_quorum_two_is_refused() {
    let err = Suite::bare()
        .try_instantiate(InstantiateMsg {
            quorum: 2,
            advisors: vec![],
            feeders: vec![],
            max_price_age_seconds: 60,
            outcome_horizon_seconds: None,
        })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(OracleConfigError::QuorumOutOfRange { quorum: 2, max: 1 })
    );
}

#[test]
fn zero_quorum_is_refused() {
    let mut msg = default_instantiate();
    msg.quorum = 0;
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::QuorumOutOfRange { quorum: 0, max: 1 })
    );
}

#[test]
fn quorum_above_advisor_count_is_refused() {
    let mut msg = default_instantiate();
    msg.advisors.push(TestKey::ed25519(8).advisor_key("beta"));
    msg.quorum = 3;
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::QuorumOutOfRange { quorum: 3, max: 2 })
    );
}

#[test]
fn zero_max_price_age_is_refused() {
    let mut msg = default_instantiate();
    msg.max_price_age_seconds = 0;
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::ZeroMaxPriceAge {})
    );
}

#[test]
fn malformed_advisor_key_is_refused() {
    let mut msg = default_instantiate();
    msg.advisors[0].public_key = Binary::from(vec![2u8; 32]);
    let err = Suite::bare().try_instantiate(msg).unwrap_err();
    assert!(
        matches!(err, ContractError::Config(OracleConfigError::InvalidPublicKey { ref id, .. }) if id == "alpha")
    );

    // an ed25519 key announced as secp256k1
    let mut msg = default_instantiate();
    msg.advisors[0] = TestKey::ed25519(8).advisor_key("beta");
    msg.advisors[0].algorithm = KeyAlgorithm::Secp256k1;
    let err = Suite::bare().try_instantiate(msg).unwrap_err();
    assert!(
        matches!(err, ContractError::Config(OracleConfigError::InvalidPublicKey { ref id, .. }) if id == "beta")
    );
}

#[test]
fn empty_or_long_advisor_id_is_refused() {
    let mut msg = default_instantiate();
    msg.advisors[0].id = String::new();
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidId {
            id: String::new(),
            max: MAX_ID_LEN
        })
    );
    let long = "a".repeat(MAX_ID_LEN + 1);
    let mut msg = default_instantiate();
    msg.advisors[0].id = long.clone();
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidId {
            id: long,
            max: MAX_ID_LEN
        })
    );
}

#[test]
fn duplicate_advisor_id_is_refused() {
    let mut msg = default_instantiate();
    msg.advisors.push(TestKey::ed25519(8).advisor_key("alpha"));
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicateAdvisor { id: "alpha".into() })
    );
}

#[test]
fn one_key_under_two_ids_is_refused_in_either_encoding() {
    let mut msg = default_instantiate();
    msg.advisors.push(alpha().advisor_key("alpha-2"));
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicatePublicKey {
            id: "alpha-2".into(),
            holder: "alpha".into()
        })
    );
    // the uncompressed encoding of the same point is the same key
    let mut msg = default_instantiate();
    let mut uncompressed = alpha().advisor_key("alpha-2");
    uncompressed.public_key = alpha().uncompressed_public_key().unwrap();
    msg.advisors.push(uncompressed);
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicatePublicKey {
            id: "alpha-2".into(),
            holder: "alpha".into()
        })
    );
}

#[test]
fn key_window_must_be_ordered_and_not_past() {
    let now = Suite::bare().now();
    let mut msg = default_instantiate();
    msg.advisors[0].active_from = Some(now + 100);
    msg.advisors[0].expires_at = Some(now + 100);
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::InvalidKeyWindow {
            id: "alpha".into(),
            active_from: now + 100,
            expires_at: now + 100
        }
    );
    let mut msg = default_instantiate();
    msg.advisors[0].active_from = Some(now - 100);
    msg.advisors[0].expires_at = Some(now);
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::KeyAlreadyExpired {
            id: "alpha".into(),
            expires_at: now,
            now
        }
    );
}

#[test]
fn feeders_are_validated() {
    let mut msg = default_instantiate();
    msg.feeders.push(TestKey::ed25519(9).feeder("feeder-1"));
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::DuplicateFeeder {
            id: "feeder-1".into()
        })
    );
    let mut msg = default_instantiate();
    msg.feeders[0].public_key = Binary::from(vec![1u8; 31]);
    assert!(matches!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidPublicKey { ref id, .. }) if id == "feeder-1"
    ));
    let mut msg = default_instantiate();
    msg.feeders[0].id = String::new();
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidId {
            id: String::new(),
            max: MAX_ID_LEN
        })
    );
}

#[test]
fn too_many_advisors_or_feeders_are_refused() {
    let mut msg = default_instantiate();
    msg.advisors = (1..=MAX_ADVISORS as u8 + 1)
        .map(|i| TestKey::ed25519(i).advisor_key(&format!("a{i}")))
        .collect();
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::TooManyAdvisors {
            count: MAX_ADVISORS + 1,
            max: MAX_ADVISORS
        })
    );
    let mut msg = default_instantiate();
    msg.feeders = (1..=MAX_INITIAL_FEEDERS as u8 + 1)
        .map(|i| TestKey::ed25519(i).feeder(&format!("f{i}")))
        .collect();
    assert_eq!(
        Suite::bare().try_instantiate(msg).unwrap_err(),
        ContractError::Config(OracleConfigError::TooManyFeeders {
            count: MAX_INITIAL_FEEDERS + 1,
            max: MAX_INITIAL_FEEDERS
        })
    );
}

#[test]
fn exactly_max_advisors_is_allowed() {
    let mut msg = default_instantiate();
    msg.advisors = (1..=MAX_ADVISORS as u8)
        .map(|i| TestKey::ed25519(i).advisor_key(&format!("a{i:02}")))
        .collect();
    msg.quorum = MAX_ADVISORS as u32;
    let suite = Suite::with(msg);
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(config.quorum, MAX_ADVISORS as u32);
}

#[test]
fn funds_are_refused() {
    let mut suite = Suite::bare();
    let err = instantiate(
        suite.deps.as_mut(),
        suite.env.clone(),
        message_info(&suite.dao, &coins(5, DENOM)),
        default_instantiate(),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
