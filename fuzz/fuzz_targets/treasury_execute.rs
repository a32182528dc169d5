//! The treasury's execute entry point with any message from any sender.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use steward_fuzz::{decode, policy, Instance};
use steward_treasury::contract::{execute, instantiate};
use steward_types::treasury::{ExecuteMsg, InstantiateMsg};

fn instance() -> &'static Instance {
    static INSTANCE: OnceLock<Instance> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        Instance::new(
            |a| a.treasury.clone(),
            |deps, env, a| {
                let info = cosmwasm_std::testing::message_info(&a.dao, &[]);
                let msg = InstantiateMsg { policy: policy(a) };
                instantiate(deps.as_mut(), env, info, msg).expect("the treasury instantiates");
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
