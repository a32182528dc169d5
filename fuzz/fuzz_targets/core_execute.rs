//! dao-core's execute entry point with any message from any sender.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use steward_core::contract::{execute, instantiate};
use steward_fuzz::{decode, policy, proposal_config, test_public_key, Instance};
use steward_types::core::{ExecuteMsg, InstantiateMsg, Member, ModuleInstantiate, VotingConfig};
use steward_types::{oracle, proposal, treasury};

fn instance() -> &'static Instance {
    static INSTANCE: OnceLock<Instance> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        Instance::new(
            |a| a.dao.clone(),
            |deps, env, a| {
                let info = cosmwasm_std::testing::message_info(&a.outsider, &[]);
                let msg = InstantiateMsg {
                    name: "Fuzz DAO".into(),
                    description: "A DAO under fuzzing".into(),
                    members: a
                        .members
                        .iter()
                        .zip([40, 30, 30])
                        .map(|(m, weight)| Member {
                            addr: m.to_string(),
                            weight,
                        })
                        .collect(),
                    voting: VotingConfig::Members {},
                    guardian: Some(a.guardian.to_string()),
                    proposal: ModuleInstantiate::new(
                        1,
                        "proposal",
                        &proposal::InstantiateMsg {
                            config: proposal_config(a),
                        },
                    )
                    .unwrap(),
                    treasury: ModuleInstantiate::new(
                        2,
                        "treasury",
                        &treasury::InstantiateMsg { policy: policy(a) },
                    )
                    .unwrap(),
                    oracle: ModuleInstantiate::new(
                        3,
                        "oracle",
                        &oracle::InstantiateMsg {
                            quorum: 1,
                            advisors: vec![],
                            feeders: vec![oracle::FeederMsg {
                                id: "feeder-1".into(),
                                algorithm: steward_types::crypto::KeyAlgorithm::Secp256k1,
                                public_key: test_public_key(),
                            }],
                            max_price_age_seconds: 3_600,
                            outcome_horizon_seconds: None,
                        },
                    )
                    .unwrap(),
                };
                instantiate(deps.as_mut(), env, info, msg).expect("dao-core instantiates");
                // The replies that would record the modules never run here.
                steward_core::state::PROPOSAL_MODULE
                    .save(&mut deps.storage, &a.proposal)
                    .unwrap();
                steward_core::state::TREASURY_MODULE
                    .save(&mut deps.storage, &a.treasury)
                    .unwrap();
                steward_core::state::ORACLE_MODULE
                    .save(&mut deps.storage, &a.oracle)
                    .unwrap();
            },
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let instance = instance();
    let Some((env, mut info, rest)) = instance.split(data) else {
        return;
    };
    // dao-core's privileged sender is the proposal module.
    if info.sender == instance.addrs.dao {
        info.sender = instance.addrs.proposal.clone();
    }
    let Some(msg) = decode::<ExecuteMsg>(rest) else {
        return;
    };
    let mut deps = instance.fresh();
    let _ = std::hint::black_box(execute(deps.as_mut(), env, info, msg));
});
