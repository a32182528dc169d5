use crate::error::ContractError;
use crate::state::{save_limits, save_policy, DAO, POLICY_VERSION};
use crate::{budget, execute, migrations, query, swap};
#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use steward_types::migrate::{ensure_migration, migrate_layout, set_layout, MigrateMsg};
use steward_types::policy::Limits;
use steward_types::treasury::{ExecuteMsg, InstantiateMsg, QueryMsg};

pub const CONTRACT_NAME: &str = "crates.io:steward-treasury";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    // Deposits are plain bank sends; no message carries funds.
    nonpayable(&info)?;
    msg.policy.validate(deps.api)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    set_layout(deps.storage, migrations::LAYOUT)?;
    DAO.save(deps.storage, &info.sender)?;
    save_policy(deps.storage, &msg.policy)?;
    POLICY_VERSION.save(deps.storage, &1)?;
    save_limits(
        deps.storage,
        &Limits::full(&msg.policy, env.block.time.seconds()),
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("dao", info.sender)
        .add_attribute("policy_version", "1"))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Execute {
            actions,
            recommendation_id,
            expected_policy_version,
        } => execute::execute_actions(
            deps,
            env,
            info,
            actions,
            recommendation_id,
            expected_policy_version,
        ),
        ExecuteMsg::UpdatePolicy { policy } => execute::update_policy(deps, env, info, policy),
        ExecuteMsg::DrawBudget {
            asset,
            amount,
            recipient,
        } => budget::draw(deps, env, info, asset, amount, recipient),
        ExecuteMsg::Receive(wrapper) => execute::receive(info, wrapper),
        ExecuteMsg::SettleSwap { action_index } => swap::settle(deps, env, info, action_index),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Policy {} => to_json_binary(&query::policy(deps)?),
        QueryMsg::PolicyState {} => to_json_binary(&query::policy_state(deps, &env)?),
        QueryMsg::CheckActions { actions } => to_json_binary(&query::check(deps, &env, actions)?),
        QueryMsg::Budget { spender, asset } => {
            to_json_binary(&query::budget(deps, &env, spender, asset)?)
        }
        QueryMsg::ListBudgets { start_after, limit } => {
            to_json_binary(&query::list_budgets(deps, start_after, limit)?)
        }
    }?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    ensure_migration(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let moved = migrate_layout(deps.storage, &env, &migrations::STEPS)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attributes(moved.into_iter().map(|(what, n)| (what, n.to_string())))
        .add_attribute("layout", migrations::LAYOUT.to_string())
        .add_attribute("version", CONTRACT_VERSION))
}
