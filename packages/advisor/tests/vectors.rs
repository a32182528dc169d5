//! Shared test vectors: a payload made for the multi-test suite's DAO
//! (`tests/src/suite.rs` in steward-tests, default build), signed by this
//! crate's code with a public TEST ONLY mnemonic. steward-tests loads the same
//! files and submits them to the real oracle contract.
//!
//! This test re-derives every vector and fails when it differs from the
//! committed file; `STEWARD_UPDATE_VECTORS=1` rewrites the files instead.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Binary, Decimal, Uint128};
use std::path::PathBuf;
use steward_advisor::config::AdvisorConfig;
use steward_advisor::recommend::{self, Envelope, Outcome};
use steward_advisor::snapshot::SNAPSHOT_VERSION;
use steward_advisor::{sample, Advice, AdvisorKey, Mnemonic, Snapshot};
use steward_types::crypto::{digest, digest_hex, verify_signature, KeyAlgorithm};
use steward_types::policy::{Limits, Policy, PriceInfo};
use steward_types::{AssetAmount, AssetInfo, PolicyContext, TreasuryAction};

// The default-built suite, as steward-tests' `SuiteBuilder::default().build()` makes it.
const CHAIN_ID: &str = "cosmos-testnet-14002";
const ORACLE: &str = "cosmwasm1xt4ahzz2x8hpkc0tk6ekte9x6crw4w6u0r67cyt3kz9syh24pd7suhftl0";
const TREASURY: &str = "cosmwasm1unyuj8qnmygvzuex3dwmg9yzt9alhvyeat0uu0jedg2wj33efl5qgwr36d";
const PAIR: &str = "cosmwasm12fykm2xhg5ces2vmf4q2aem8c958exv3v0wmvrspa8zucrdwjeds6wgy66";
const TOKEN: &str = "cosmwasm14kkppkghzjpxlhvcltj0gzjr7x3a93tn3mc3lt8cntumz0t9fcuqkhfrur";
const RECIPIENT: &str = "cosmwasm1vewsdxxmeraett7ztsaym88jsrv85kzm0xvjg09xqz8aqvjcja0syapxq9";
/// Block time and height right after the suite's build.
const NOW: u64 = 1_571_797_429;
const HEIGHT: u64 = 12_347;

/// The suite's treasury as a snapshot: its default policy, funds and prices.
fn suite_snapshot(key_id: &str) -> Snapshot {
    let usd = AssetInfo::native("uusd");
    let atom = AssetInfo::native("uatom");
    let token = AssetInfo::cw20(TOKEN);
    let policy = Policy {
        period_seconds: 86_400,
        allowances: vec![
            AssetAmount::new(usd.clone(), 10_000_000u128),
            AssetAmount::new(atom.clone(), 2_000_000u128),
            AssetAmount::new(token.clone(), 500_000u128),
        ],
        max_nav_share_bps: Some(2_500),
        recipient_allowlist: None,
        venue_allowlist: vec![PAIR.into()],
        min_reserves: vec![AssetAmount::new(usd.clone(), 1_000_000u128)],
        max_slippage_bps: 300,
        max_price_age_seconds: 3_600,
    };
    let price = |asset: &AssetInfo, p: u64| PriceInfo {
        asset: asset.clone(),
        price: Decimal::from_ratio(p, 1u64),
        publish_time: NOW - 5,
    };
    let limits = Limits::full(&policy, NOW);
    Snapshot {
        version: SNAPSHOT_VERSION,
        chain_id: CHAIN_ID.into(),
        oracle: ORACLE.into(),
        treasury: TREASURY.into(),
        height: HEIGHT,
        advisor: key_id.into(),
        last_nonce: None,
        context: PolicyContext {
            policy,
            policy_version: 1,
            now: NOW,
            balances: vec![
                AssetAmount::new(usd.clone(), 50_000_000u128),
                AssetAmount::new(atom.clone(), 10_000_000u128),
                AssetAmount::new(token.clone(), 1_000_000u128),
            ],
            prices: vec![price(&usd, 1), price(&atom, 10), price(&token, 2)],
            limits,
        },
        budgets: vec![],
        price_history: vec![],
        governance: None,
    }
}

/// Builds, checks and signs the vector for one algorithm through the
/// advisor's own pipeline; returns the fixture JSON.
fn vector(algorithm: KeyAlgorithm, name: &str) -> VectorFile {
    let key_id = format!("vector-{name}");
    let snapshot = suite_snapshot(&key_id);
    let advisor = AdvisorConfig {
        key_id: key_id.clone(),
        algorithm,
        address_prefix: "wasm".into(),
        validity_seconds: 86_400,
    };
    let envelope = Envelope::derive(&snapshot, &advisor, &Default::default()).unwrap();
    assert_eq!((envelope.nonce, envelope.issued_at), (1, NOW));
    let advice = Advice {
        actions: vec![TreasuryAction::Transfer {
            asset: AssetInfo::native("uusd"),
            amount: Uint128::new(1_000_000),
            recipient: RECIPIENT.into(),
        }],
        governance: vec![],
        rationale: "Test vector: pay 1 USD to the suite's recipient".into(),
        confidence_bps: 5_000,
        strategy: "test-vector".into(),
        strategy_version: "1.0.0".into(),
        model_id: None,
        config_digest: digest_hex(b"steward-advisor test vector"),
    };
    let Outcome::Payload(rec) = recommend::finish(&snapshot, advice, &envelope).unwrap() else {
        panic!("the vector has actions")
    };
    let mnemonic = Mnemonic::parse(sample::TEST_MNEMONIC).unwrap();
    let key = AdvisorKey::from_mnemonic(&mnemonic, algorithm).unwrap();
    let signed = recommend::sign(&key, &key_id, &snapshot, &rec.bytes).unwrap();
    let signature = &signed.signatures[0].signature;
    let d = digest(&rec.bytes);
    assert!(verify_signature(
        &MockApi::default(),
        algorithm,
        &key.public_key(),
        &d,
        signature
    ));
    VectorFile {
        warning: "TEST ONLY: this mnemonic is public. Never use it, or keys derived from it, for anything of value.",
        mnemonic: sample::TEST_MNEMONIC,
        algorithm: name.into(),
        derivation_path: key.path(),
        key_id,
        public_key: Binary::from(key.public_key()).to_base64(),
        address: key.address("wasm").unwrap(),
        chain_id: CHAIN_ID,
        oracle: ORACLE,
        payload: String::from_utf8(rec.bytes.clone()).unwrap(),
        digest: hex::encode(d),
        signature: signature.to_base64(),
    }
}

/// One fixture file, fields in reading order.
#[derive(serde::Serialize)]
struct VectorFile {
    warning: &'static str,
    mnemonic: &'static str,
    algorithm: String,
    derivation_path: &'static str,
    key_id: String,
    /// Base64 public key, as the oracle registers it.
    public_key: String,
    address: String,
    chain_id: &'static str,
    oracle: &'static str,
    /// The exact payload bytes that were signed, as a string.
    payload: String,
    /// Hex sha256 of the payload bytes.
    digest: String,
    /// Base64 signature over the digest.
    signature: String,
}

fn check(algorithm: KeyAlgorithm, name: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(format!("{name}.json"));
    let fresh = serde_json::to_string_pretty(&vector(algorithm, name)).unwrap() + "\n";
    if std::env::var("STEWARD_UPDATE_VECTORS").as_deref() == Ok("1") {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with STEWARD_UPDATE_VECTORS=1 to write it",
            path.display()
        )
    });
    assert_eq!(
        committed, fresh,
        "{} differs from what the advisor produces now; if the change is intended, rerun with STEWARD_UPDATE_VECTORS=1",
        path.display()
    );
}

#[test]
fn secp256k1_vector_matches_the_committed_file() {
    check(KeyAlgorithm::Secp256k1, "secp256k1");
}

#[test]
fn ed25519_vector_matches_the_committed_file() {
    check(KeyAlgorithm::Ed25519, "ed25519");
}
