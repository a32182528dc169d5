#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use steward_types::core::{ExecuteMsg, InstantiateMsg, QueryMsg};
use steward_types::migrate::{ensure_migration, migrate_layout, MigrateMsg};

use crate::error::ContractError;
use crate::{config, members, migrations, pause, proposals, query, setup, staking, upgrade};

pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    setup::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::ExecuteProposal { msgs } => proposals::execute_proposal(deps, env, info, msgs),
        ExecuteMsg::UpdateMembers { add, remove } => {
            members::update_members(deps, env, info, add, remove)
        }
        ExecuteMsg::UpdateConfig {
            name,
            description,
            guardian,
        } => config::update_config(deps, env, info, name, description, guardian),
        ExecuteMsg::Pause { duration } => pause::pause(deps, env, info, duration),
        ExecuteMsg::Unpause {} => pause::unpause(deps, env, info),
        ExecuteMsg::Receive(msg) => staking::receive(deps, env, info, msg),
        ExecuteMsg::Unstake { amount } => staking::unstake(deps, env, info, amount),
        ExecuteMsg::Claim {} => staking::claim(deps, env, info),
        ExecuteMsg::ExecuteUpgrade {} => upgrade::execute_upgrade(deps, env, info),
        ExecuteMsg::CancelUpgrade {} => upgrade::cancel_upgrade(deps, env, info),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    setup::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    query::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    ensure_migration(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let moved = migrate_layout(deps.storage, &env, &migrations::STEPS)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attributes(moved.into_iter().map(|(what, n)| (what, n.to_string())))
        .add_attribute("layout", migrations::LAYOUT.to_string())
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("version", CONTRACT_VERSION))
}
