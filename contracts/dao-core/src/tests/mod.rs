//! Unit tests with mock dependencies. The whole-DAO flows across the four
//! contracts live in the workspace `tests` crate.

mod instantiate;
mod members;
mod migrate;
mod pause;
mod proposals;
mod staking;

use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Empty, Env, MsgResponse, OwnedDeps, Reply, Response,
    SubMsgResponse, SubMsgResult, Uint128,
};
use cw_utils::Duration;
use steward_types::core::{
    ExecuteMsg, InstantiateMsg, Member, ModuleInstantiate, QueryMsg, VotingConfig,
    VotingPowerResponse,
};
use steward_types::{oracle, proposal, treasury};

use std::cell::RefCell;
use std::rc::Rc;
use steward_testing::{defaults, querier, MockDao};

use crate::contract::{execute, instantiate, query, reply};
use crate::error::ContractError;
use crate::state::Module;

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier, Empty>;

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

pub fn member(name: &str, weight: u64) -> Member {
    Member {
        addr: addr(name).to_string(),
        weight,
    }
}

pub fn proposal_init() -> proposal::InstantiateMsg {
    proposal::InstantiateMsg {
        config: defaults::proposal_config(addr("vetoer").as_str()),
    }
}

pub fn treasury_init() -> treasury::InstantiateMsg {
    defaults::treasury_instantiate(defaults::policy())
}

pub fn oracle_init() -> oracle::InstantiateMsg {
    defaults::oracle_instantiate(vec![], vec![])
}

pub fn instantiate_msg(voting: VotingConfig, members: Vec<Member>) -> InstantiateMsg {
    InstantiateMsg {
        name: "Steward".to_string(),
        description: "A test DAO".to_string(),
        members,
        voting,
        guardian: Some(addr("guardian").to_string()),
        proposal: ModuleInstantiate {
            code_id: 2,
            label: "steward-proposal".to_string(),
            msg: cosmwasm_std::to_json_binary(&proposal_init()).unwrap(),
        },
        treasury: ModuleInstantiate {
            code_id: 3,
            label: "steward-treasury".to_string(),
            msg: cosmwasm_std::to_json_binary(&treasury_init()).unwrap(),
        },
        oracle: ModuleInstantiate {
            code_id: 4,
            label: "steward-oracle".to_string(),
            msg: cosmwasm_std::to_json_binary(&oracle_init()).unwrap(),
        },
    }
}

pub fn members_msg() -> InstantiateMsg {
    instantiate_msg(
        VotingConfig::Members {},
        vec![member("alice", 5), member("bob", 3)],
    )
}

/// Token address used by staking-mode tests.
pub fn token() -> Addr {
    addr("govtoken")
}

pub const UNBONDING_BLOCKS: u64 = 10;

pub fn staking_voting() -> VotingConfig {
    VotingConfig::Cw20Staked {
        token: token().to_string(),
        unbonding_period: Duration::Height(UNBONDING_BLOCKS),
    }
}

/// Makes `token()` answer cw20 `TokenInfo`, and `Balance` with nothing held
/// (unit tests move no tokens), through the shared mock DAO.
pub fn mock_token(deps: &mut Deps) {
    let mut dao = MockDao::new(&MockApi::default());
    dao.token(&token());
    querier::install(&mut deps.querier, &Rc::new(RefCell::new(dao)));
}

/// Protobuf `MsgInstantiateContractResponse { contract_address }`.
pub fn instantiate_response_data(contract: &Addr) -> Binary {
    let bytes = contract.as_bytes();
    let mut out = vec![0x0a];
    let mut len = bytes.len();
    while len >= 0x80 {
        out.push((len as u8 & 0x7f) | 0x80);
        len >>= 7;
    }
    out.push(len as u8);
    out.extend_from_slice(bytes);
    Binary::new(out)
}

/// A successful instantiate reply as a CosmWasm 2 chain sends it.
pub fn module_reply(module: Module, contract: &Addr) -> Reply {
    #[allow(deprecated)]
    Reply {
        id: module.reply_id(),
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![MsgResponse {
                type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".to_string(),
                value: instantiate_response_data(contract),
            }],
        }),
    }
}

pub fn module_addr(module: Module) -> Addr {
    addr(match module {
        Module::Proposal => "proposal",
        Module::Treasury => "treasury",
        Module::Oracle => "oracle",
    })
}

/// Instantiates with `msg` and records the three modules.
pub fn setup_with(msg: InstantiateMsg) -> (Deps, Env) {
    let mut deps = mock_dependencies();
    mock_token(&mut deps);
    let env = mock_env();
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("creator"), &[]),
        msg,
    )
    .unwrap();
    for module in Module::ALL {
        reply(
            deps.as_mut(),
            env.clone(),
            module_reply(module, &module_addr(module)),
        )
        .unwrap();
    }
    (deps, env)
}

/// Members mode with alice (5) and bob (3), guardian `guardian`.
pub fn setup_members() -> (Deps, Env) {
    setup_with(members_msg())
}

pub fn setup_staking() -> (Deps, Env) {
    setup_with(instantiate_msg(staking_voting(), vec![]))
}

/// Executes as `sender` with no funds.
pub fn exec(
    deps: &mut Deps,
    env: &Env,
    sender: &Addr,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    execute(deps.as_mut(), env.clone(), message_info(sender, &[]), msg)
}

/// Executes as dao-core itself (as a passed proposal would).
pub fn exec_as_dao(deps: &mut Deps, env: &Env, msg: ExecuteMsg) -> Result<Response, ContractError> {
    let dao = env.contract.address.clone();
    exec(deps, env, &dao, msg)
}

pub fn query_as<T: serde::de::DeserializeOwned>(deps: &Deps, env: &Env, msg: QueryMsg) -> T {
    from_json(query(deps.as_ref(), env.clone(), msg).unwrap()).unwrap()
}

pub fn power_at(deps: &Deps, env: &Env, who: &Addr, height: Option<u64>) -> u128 {
    let res: VotingPowerResponse = query_as(
        deps,
        env,
        QueryMsg::VotingPowerAtHeight {
            address: who.to_string(),
            height,
        },
    );
    res.power.u128()
}

pub fn total_at(deps: &Deps, env: &Env, height: Option<u64>) -> u128 {
    let res: VotingPowerResponse = query_as(deps, env, QueryMsg::TotalPowerAtHeight { height });
    res.power.u128()
}

/// Value of the first attribute named `key`.
pub fn attr<'a>(res: &'a Response, key: &str) -> &'a str {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}
