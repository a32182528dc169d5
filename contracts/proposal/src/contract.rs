//! Entry points; each dispatches to the module of its concern.

use crate::config;
use crate::error::ContractError;
use crate::state::{save_config, DAO, PROPOSAL_COUNT};
use crate::{execution, governance, lifecycle, migrations, propose, query, vote};
#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use steward_types::migrate::{ensure_migration, migrate_layout, MigrateMsg};
use steward_types::proposal::{ExecuteMsg, InstantiateMsg, QueryMsg};

pub const CONTRACT_NAME: &str = "crates.io:steward-proposal";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Instantiated by dao-core, which becomes the DAO this module serves.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    msg.config.validate(deps.api)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    steward_types::migrate::set_layout(deps.storage, crate::migrations::LAYOUT)?;
    save_config(deps.storage, &msg.config)?;
    DAO.save(deps.storage, &info.sender)?;
    PROPOSAL_COUNT.save(deps.storage, &0)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("dao", info.sender))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Propose {
            title,
            description,
            actions,
        } => propose::propose(deps, env, info, title, description, actions),
        ExecuteMsg::ProposeAdoption {
            recommendation_id,
            description,
        } => propose::propose_adoption(deps, env, info, recommendation_id, description),
        ExecuteMsg::Vote {
            proposal_id,
            vote,
            rationale,
        } => vote::vote(deps, env, info, proposal_id, vote, rationale),
        ExecuteMsg::Execute { proposal_id } => execution::execute(deps, env, info, proposal_id),
        ExecuteMsg::Veto { proposal_id } => lifecycle::veto(deps, env, info, proposal_id),
        ExecuteMsg::Close { proposal_id } => lifecycle::close(deps, env, info, proposal_id),
        ExecuteMsg::UpdateConfig { config } => config::update_config(deps, info, config),
        ExecuteMsg::ApplyGovernance { changes } => governance::apply(deps, env, info, changes),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    execution::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Proposal { proposal_id } => {
            to_json_binary(&query::proposal(deps, env, proposal_id)?)
        }
        QueryMsg::ListProposals { start_after, limit } => {
            to_json_binary(&query::list_proposals(deps, env, start_after, limit)?)
        }
        QueryMsg::ReverseProposals {
            start_before,
            limit,
        } => to_json_binary(&query::reverse_proposals(deps, env, start_before, limit)?),
        QueryMsg::ProposalCount {} => to_json_binary(&query::proposal_count(deps)?),
        QueryMsg::Adoption { proposal_id } => to_json_binary(&query::adoption(deps, proposal_id)?),
        QueryMsg::Governance {} => to_json_binary(&governance::state(deps)?),
        QueryMsg::CheckGovernance { changes } => {
            to_json_binary(&governance::check(deps, &env, &changes)?)
        }
        QueryMsg::GetVote { proposal_id, voter } => {
            to_json_binary(&query::get_vote(deps, proposal_id, voter)?)
        }
        QueryMsg::ListVotes {
            proposal_id,
            start_after,
            limit,
        } => to_json_binary(&query::list_votes(deps, proposal_id, start_after, limit)?),
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
