//! The advisor's committed test vectors (`packages/advisor/tests/vectors/`),
//! checked by the real oracle contract: payloads the advisor signed for this
//! suite's default DAO verify and are accepted; a flipped signature byte is
//! refused and changes nothing.

use cosmwasm_std::Binary;
use serde::Deserialize;
use std::path::PathBuf;
use steward_oracle::ContractError as OracleError;
use steward_tests::suite::{contract_error, SuiteBuilder};
use steward_types::crypto::{digest_hex, KeyAlgorithm};
use steward_types::json::ModuleMsg;
use steward_types::oracle::{self, AdvisorKeyMsg, AdvisorSignature, RecommendationStatus};
use steward_types::payload::RecommendationPayload;
use steward_types::proposal::ProposalAction;

/// The fields of a vector file this test uses.
#[derive(Deserialize)]
struct Vector {
    algorithm: String,
    key_id: String,
    public_key: Binary,
    chain_id: String,
    oracle: String,
    payload: String,
    digest: String,
    signature: Binary,
}

fn load(name: &str) -> Vector {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../packages/advisor/tests/vectors")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn algorithm(v: &Vector) -> KeyAlgorithm {
    match v.algorithm.as_str() {
        "secp256k1" => KeyAlgorithm::Secp256k1,
        "ed25519" => KeyAlgorithm::Ed25519,
        other => panic!("unknown algorithm {other}"),
    }
}

#[test]
fn advisor_vectors_are_accepted_by_the_oracle() {
    let vectors = [load("secp256k1"), load("ed25519")];
    let mut s = SuiteBuilder::default().build();
    for v in &vectors {
        // The vectors were made for this suite's chain and oracle.
        assert_eq!(v.chain_id, s.app.block_info().chain_id);
        assert_eq!(v.oracle, s.oracle.as_str());
        assert_eq!(v.digest, digest_hex(v.payload.as_bytes()));
    }
    let register = vectors
        .iter()
        .map(|v| ProposalAction::OracleMsg {
            msg: ModuleMsg::new(&oracle::ExecuteMsg::RegisterAdvisor {
                key: AdvisorKeyMsg {
                    id: v.key_id.clone(),
                    algorithm: algorithm(v),
                    public_key: v.public_key.clone(),
                    active_from: None,
                    expires_at: None,
                },
            })
            .unwrap(),
        })
        .collect();
    s.pass(register).unwrap();
    // Prices stay fresh for the policy check.
    s.set_default_prices().unwrap();

    for v in &vectors {
        let bytes = v.payload.as_bytes();
        // A flipped byte in the signature: refused, and nothing is recorded.
        let mut flipped = v.signature.to_vec();
        flipped[10] ^= 0x01;
        let err = s
            .submit_signed(
                bytes,
                vec![AdvisorSignature {
                    key_id: v.key_id.clone(),
                    signature: flipped.into(),
                }],
            )
            .unwrap_err();
        assert!(
            matches!(
                contract_error::<OracleError>(&err),
                Some(OracleError::BadSignature { key_id }) if *key_id == v.key_id
            ),
            "{}: {err:?}",
            v.algorithm
        );
        assert_eq!(s.advisor_info(&v.key_id).last_nonce, None);

        // The signature as committed: accepted.
        let id = s
            .submit_signed(
                bytes,
                vec![AdvisorSignature {
                    key_id: v.key_id.clone(),
                    signature: v.signature.clone(),
                }],
            )
            .unwrap_or_else(|e| panic!("{}: {e:?}", v.algorithm));
        let rec = s.recommendation(id);
        assert_eq!(rec.status, RecommendationStatus::Pending);
        assert_eq!(rec.recommendation.payload_hash, v.digest);
        assert_eq!(rec.recommendation.payload_bytes.as_slice(), bytes);
        assert_eq!(rec.recommendation.signers, vec![v.key_id.clone()]);
        assert_eq!(
            rec.recommendation.payload,
            RecommendationPayload::parse(bytes).unwrap()
        );
        assert_eq!(s.advisor_info(&v.key_id).last_nonce, Some(1));
    }
}
