//! Payload parsing, digests, signature checks and the migration rule.

use cosmwasm_std::testing::{MockApi, MockStorage};
use cosmwasm_std::{to_json_vec, Uint128};
use steward_types::acceptance::{
    Acceptance, AcceptanceError, MAX_CLOCK_SKEW_SECONDS, MAX_NONCE_STEP,
};
use steward_types::asset::AssetInfo;
use steward_types::crypto::{digest_hex, validate_public_key, verify_signature, KeyAlgorithm};
use steward_types::migrate::{ensure_migration, MigrationError};
use steward_types::payload::{
    Provenance, Rationale, RecommendationPayload, StateRef, MAX_PAYLOAD_BYTES,
};
use steward_types::policy::{StalePolicyVersion, TreasuryAction};

fn payload() -> RecommendationPayload {
    RecommendationPayload {
        chain_id: "steward-local".into(),
        oracle: "wasm1oracle".into(),
        advisor: "advisor-1".into(),
        nonce: 1,
        issued_at: 100,
        expires_at: 200,
        policy_version: 1,
        state: StateRef {
            height: 10,
            digest: "00".repeat(32),
        },
        actions: vec![TreasuryAction::Transfer {
            asset: AssetInfo::native("uusd"),
            amount: Uint128::new(5),
            recipient: "wasm1bob".into(),
        }],
        governance: vec![],
        provenance: Provenance {
            strategy: "rebalance".into(),
            strategy_version: "1".into(),
            model_id: None,
            config_digest: "11".repeat(32),
            rationale: Rationale {
                text: "why".into(),
                uri: None,
                digest: None,
            },
            confidence_bps: 5_000,
        },
    }
}

#[test]
fn parse_round_trips_and_checks_shape() {
    let p = payload();
    let bytes = to_json_vec(&p).unwrap();
    assert_eq!(RecommendationPayload::parse(&bytes).unwrap(), p);

    let reason = |f: fn(&mut RecommendationPayload)| {
        let mut p = payload();
        f(&mut p);
        RecommendationPayload::parse(&to_json_vec(&p).unwrap()).unwrap_err()
    };
    assert!(reason(|p| p.expires_at = p.issued_at).contains("expires_at"));
    assert!(reason(|p| p.actions.clear()).contains("no actions"));
    assert!(reason(|p| p.state.digest = "xyz".into()).contains("state.digest"));
    assert!(reason(|p| p.provenance.confidence_bps = 10_001).contains("confidence_bps"));
    assert!(reason(|p| p.advisor.clear()).contains("advisor"));
    assert!(reason(|p| p.provenance.rationale.text = "x".repeat(2_000)).contains("rationale.text"));
    assert!(RecommendationPayload::parse(b"{not json").is_err());
    assert!(
        RecommendationPayload::parse(&vec![b' '; MAX_PAYLOAD_BYTES + 1])
            .unwrap_err()
            .contains("at most")
    );
    // Unknown fields are refused: what was signed is exactly what is read.
    let mut v: serde_json::Value =
        serde_json::from_slice(&to_json_vec(&payload()).unwrap()).unwrap();
    v["extra"] = serde_json::json!(1);
    assert!(RecommendationPayload::parse(&serde_json::to_vec(&v).unwrap()).is_err());
}

#[test]
fn digest_is_sha256_hex() {
    assert_eq!(
        digest_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn public_key_shapes() {
    assert!(validate_public_key(KeyAlgorithm::Secp256k1, &[2u8; 33]).is_ok());
    assert!(validate_public_key(KeyAlgorithm::Secp256k1, &[4u8; 65]).is_ok());
    assert!(validate_public_key(KeyAlgorithm::Secp256k1, &[5u8; 33]).is_err());
    assert!(validate_public_key(KeyAlgorithm::Ed25519, &[9u8; 32]).is_ok());
    assert!(validate_public_key(KeyAlgorithm::Ed25519, &[9u8; 33]).is_err());
    // Small-order points: any "signature" verifies under them, so they are refused.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    for key in [[0u8; 32], identity, {
        let mut k = identity;
        k[31] = 0x80;
        k
    }] {
        assert!(
            validate_public_key(KeyAlgorithm::Ed25519, &key).is_err(),
            "{key:?}"
        );
    }
    let order8 =
        hex::decode("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a").unwrap();
    assert!(validate_public_key(KeyAlgorithm::Ed25519, &order8).is_err());
    let mut p_plus_1 = [0xffu8; 32];
    p_plus_1[0] = 0xee;
    p_plus_1[31] = 0x7f;
    assert!(validate_public_key(KeyAlgorithm::Ed25519, &p_plus_1).is_err());
}

#[test]
fn malformed_signatures_do_not_verify() {
    let api = MockApi::default();
    let digest = [1u8; 32];
    assert!(!verify_signature(
        &api,
        KeyAlgorithm::Secp256k1,
        &[2u8; 33],
        &digest,
        &[0u8; 63]
    ));
    assert!(!verify_signature(
        &api,
        KeyAlgorithm::Secp256k1,
        &[2u8; 33],
        &digest,
        &[0u8; 64]
    ));
    // The all-zero key is small-order: the chain's verifier accepts an all-zero
    // signature under it, which is why registration refuses such keys.
    assert!(verify_signature(
        &api,
        KeyAlgorithm::Ed25519,
        &[0u8; 32],
        &digest,
        &[0u8; 64]
    ));
    assert!(!verify_signature(
        &api,
        KeyAlgorithm::Ed25519,
        &[9u8; 32],
        &digest,
        &[0u8; 64]
    ));
}

#[test]
fn migration_refuses_other_contracts_and_downgrades() {
    let mut store = MockStorage::new();
    cw2::set_contract_version(&mut store, "crates.io:steward-oracle", "1.2.3").unwrap();
    assert_eq!(
        ensure_migration(&mut store, "crates.io:steward-treasury", "1.2.3").unwrap_err(),
        MigrationError::WrongContract {
            stored: "crates.io:steward-oracle".into(),
            expected: "crates.io:steward-treasury".into()
        }
    );
    assert_eq!(
        ensure_migration(&mut store, "crates.io:steward-oracle", "1.2.2").unwrap_err(),
        MigrationError::Downgrade {
            stored: "1.2.3".into(),
            new: "1.2.2".into()
        }
    );
    assert_eq!(
        ensure_migration(&mut store, "crates.io:steward-oracle", "banana").unwrap_err(),
        MigrationError::BadVersion {
            version: "banana".into()
        }
    );
    ensure_migration(&mut store, "crates.io:steward-oracle", "1.2.3").unwrap();
    ensure_migration(&mut store, "crates.io:steward-oracle", "1.10.0").unwrap();
    assert_eq!(cw2::get_contract_version(&store).unwrap().version, "1.10.0");
}

/// The acceptance rules the oracle runs at submission and the advisor before
/// signing: each refusal for its own reason, and the edges of each window.
#[test]
fn acceptance_refuses_each_cause_and_accepts_the_edges() {
    let at = |now: u64, last_nonce: Option<u64>| Acceptance {
        chain_id: "steward-local",
        oracle: "wasm1oracle",
        now,
        last_nonce,
        policy_version: 1,
    };
    let mut p = payload();
    p.issued_at = 1_000;
    p.expires_at = 2_000;
    assert_eq!(at(1_500, None).check(&p), Ok(()));
    // Expiry is exclusive: at expires_at the payload is gone.
    assert_eq!(at(1_999, None).check(&p), Ok(()));
    assert_eq!(
        at(2_000, None).check(&p),
        Err(AcceptanceError::Expired {
            expires_at: 2_000,
            now: 2_000
        })
    );
    // issued_at may be ahead of the chain by the skew, not more.
    assert_eq!(at(1_000 - MAX_CLOCK_SKEW_SECONDS, None).check(&p), Ok(()));
    assert_eq!(
        at(999 - MAX_CLOCK_SKEW_SECONDS, None).check(&p),
        Err(AcceptanceError::IssuedInFuture {
            issued_at: 1_000,
            now: 999 - MAX_CLOCK_SKEW_SECONDS,
            max_skew: MAX_CLOCK_SKEW_SECONDS
        })
    );
    assert!(matches!(
        at(1_500, Some(1)).check(&p),
        Err(AcceptanceError::ReplayedNonce {
            nonce: 1,
            last: 1,
            ..
        })
    ));
    let mut far = p.clone();
    far.nonce = MAX_NONCE_STEP + 1;
    assert!(matches!(
        at(1_500, None).check(&far),
        Err(AcceptanceError::NonceStepTooLarge { last: None, .. })
    ));
    far.nonce = MAX_NONCE_STEP;
    assert_eq!(at(1_500, None).check(&far), Ok(()));
    let mut other = p.clone();
    other.chain_id = "other-1".into();
    assert!(matches!(
        at(1_500, None).check(&other),
        Err(AcceptanceError::WrongChainId { got, .. }) if got == "other-1"
    ));
    let mut other = p.clone();
    other.oracle = "wasm1elsewhere".into();
    assert!(matches!(
        at(1_500, None).check(&other),
        Err(AcceptanceError::WrongOracle { got, .. }) if got == "wasm1elsewhere"
    ));
    let mut stale = p;
    stale.policy_version = 2;
    assert_eq!(
        at(1_500, None).check(&stale),
        Err(AcceptanceError::StalePolicyVersion(StalePolicyVersion {
            signed: 2,
            current: 1
        }))
    );
}
