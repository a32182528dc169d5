//! The oracle's execute entry point with any message from any sender; and
//! any bytes relayed as a recommendation or price payload signed by a
//! registered key, so that parsing and every check after the signature run.
#![no_main]

use cosmwasm_std::Binary;
use k256::ecdsa::signature::hazmat::PrehashSigner;
use k256::ecdsa::SigningKey;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use steward_fuzz::{decode, Instance};
use steward_oracle::contract::{execute, instantiate};
use steward_types::crypto::{digest, KeyAlgorithm};
use steward_types::oracle::{
    AdvisorKeyMsg, AdvisorSignature, ExecuteMsg, FeederMsg, InstantiateMsg,
};

fn advisor() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32].into()).expect("valid secret")
}

fn feeder() -> SigningKey {
    SigningKey::from_bytes(&[11u8; 32].into()).expect("valid secret")
}

fn public(key: &SigningKey) -> Binary {
    Binary::from(key.verifying_key().to_encoded_point(true).as_bytes())
}

fn sign(key: &SigningKey, bytes: &[u8]) -> Binary {
    let sig: k256::ecdsa::Signature = key.sign_prehash(&digest(bytes)).expect("signing works");
    Binary::from(sig.to_vec())
}

fn instance() -> &'static Instance {
    static INSTANCE: OnceLock<Instance> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        Instance::new(
            |a| a.oracle.clone(),
            |deps, env, a| {
                let info = cosmwasm_std::testing::message_info(&a.dao, &[]);
                let msg = InstantiateMsg {
                    quorum: 1,
                    advisors: vec![AdvisorKeyMsg {
                        id: "advisor-1".into(),
                        algorithm: KeyAlgorithm::Secp256k1,
                        public_key: public(&advisor()),
                        active_from: None,
                        expires_at: None,
                    }],
                    feeders: vec![FeederMsg {
                        id: "feeder-1".into(),
                        algorithm: KeyAlgorithm::Secp256k1,
                        public_key: public(&feeder()),
                    }],
                    max_price_age_seconds: 3_600,
                    // Outcomes tracked, so RecordOutcome is fuzzed past its first check.
                    outcome_horizon_seconds: Some(60),
                };
                instantiate(deps.as_mut(), env, info, msg).expect("the oracle instantiates");
            },
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let instance = instance();
    let Some((env, info, rest)) = instance.split(data) else {
        return;
    };
    let Some((&mode, rest)) = rest.split_first() else {
        return;
    };
    let msg = match mode % 4 {
        0 => ExecuteMsg::SubmitRecommendation {
            payload: Binary::from(rest),
            signatures: vec![AdvisorSignature {
                key_id: "advisor-1".into(),
                signature: sign(&advisor(), rest),
            }],
        },
        1 => ExecuteMsg::SubmitPrices {
            payload: Binary::from(rest),
            signature: sign(&feeder(), rest),
        },
        _ => match decode::<ExecuteMsg>(rest) {
            Some(msg) => msg,
            None => return,
        },
    };
    let mut deps = instance.fresh();
    let _ = std::hint::black_box(execute(deps.as_mut(), env, info, msg));
});
