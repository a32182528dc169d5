//! The proposal module's execute entry point with any message from any sender.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use steward_fuzz::{decode, proposal_config, Instance};
use steward_proposal::contract::{execute, instantiate};
use steward_types::proposal::{ExecuteMsg, InstantiateMsg};

fn instance() -> &'static Instance {
    static INSTANCE: OnceLock<Instance> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        Instance::new(
            |a| a.proposal.clone(),
            |deps, env, a| {
                let info = cosmwasm_std::testing::message_info(&a.dao, &[]);
                let msg = InstantiateMsg {
                    config: proposal_config(a),
                };
                instantiate(deps.as_mut(), env.clone(), info, msg)
                    .expect("the proposal module instantiates");
                // One open proposal to vote on, veto, execute or close.
                let propose = ExecuteMsg::Propose {
                    title: "Pay the grant".into(),
                    description: "One transfer".into(),
                    actions: vec![steward_types::proposal::ProposalAction::Treasury {
                        actions: vec![steward_types::policy::TreasuryAction::Transfer {
                            asset: steward_types::asset::AssetInfo::native("uusd"),
                            amount: 1_000u128.into(),
                            recipient: a.outsider.to_string(),
                        }],
                    }],
                };
                let info = cosmwasm_std::testing::message_info(&a.members[0], &[]);
                execute(deps.as_mut(), env, info, propose).expect("a member proposes");
            },
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let instance = instance();
    let Some((env, info, rest)) = instance.split(data) else {
        return;
    };
    let Some(msg) = decode::<ExecuteMsg>(rest) else {
        return;
    };
    let mut deps = instance.fresh();
    let _ = std::hint::black_box(execute(deps.as_mut(), env, info, msg));
});
