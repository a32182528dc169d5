use cosmwasm_std::{to_json_binary, Addr, Binary, Deps, Env, Order, StdResult};
use cw_storage_plus::Bound;
use cw_utils::maybe_addr;
use steward_types::core::{
    Claim, ClaimsResponse, ConfigResponse, MemberPower, MembersResponse, ModulesResponse,
    PauseInfoResponse, PendingUpgradeResponse, QueryMsg, VotingPowerResponse,
};
use steward_types::page;

use crate::error::ContractError;
use crate::power::{total_power, voting_power};
use crate::state::{active_pause, Module, CLAIMS, CONFIG, PENDING_UPGRADE, POWER};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query_config(deps)?)?,
        QueryMsg::Modules {} => to_json_binary(&query_modules(deps)?)?,
        QueryMsg::PauseInfo {} => to_json_binary(&query_pause_info(deps, &env)?)?,
        QueryMsg::PendingUpgrade {} => to_json_binary(&PendingUpgradeResponse {
            upgrade: PENDING_UPGRADE.may_load(deps.storage)?.map(Into::into),
        })?,
        QueryMsg::VotingPowerAtHeight { address, height } => {
            to_json_binary(&query_voting_power(deps, &env, address, height)?)?
        }
        QueryMsg::TotalPowerAtHeight { height } => {
            to_json_binary(&query_total_power(deps, &env, height)?)?
        }
        QueryMsg::ListMembers { start_after, limit } => {
            to_json_binary(&query_list_members(deps, start_after, limit)?)?
        }
        QueryMsg::Claims { address } => to_json_binary(&query_claims(deps, address)?)?,
    })
}

pub fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        name: config.name,
        description: config.description,
        guardian: config.guardian,
        voting: config.voting.to_msg(),
    })
}

/// Errors until all three instantiate replies have been recorded.
pub fn query_modules(deps: Deps) -> Result<ModulesResponse, ContractError> {
    let load = |module: Module| -> Result<Addr, ContractError> {
        module
            .item()
            .may_load(deps.storage)?
            .ok_or(ContractError::ModuleNotSet {
                module: module.name(),
            })
    };
    Ok(ModulesResponse {
        proposal: load(Module::Proposal)?,
        treasury: load(Module::Treasury)?,
        oracle: load(Module::Oracle)?,
    })
}

pub fn query_pause_info(deps: Deps, env: &Env) -> StdResult<PauseInfoResponse> {
    Ok(match active_pause(deps.storage, &env.block)? {
        Some(expiration) => PauseInfoResponse::Paused { expiration },
        None => PauseInfoResponse::Unpaused {},
    })
}

pub fn query_voting_power(
    deps: Deps,
    env: &Env,
    address: String,
    height: Option<u64>,
) -> StdResult<VotingPowerResponse> {
    let addr = deps.api.addr_validate(&address)?;
    Ok(VotingPowerResponse {
        power: voting_power(deps.storage, &addr, height)?,
        height: height.unwrap_or(env.block.height),
    })
}

pub fn query_total_power(
    deps: Deps,
    env: &Env,
    height: Option<u64>,
) -> StdResult<VotingPowerResponse> {
    Ok(VotingPowerResponse {
        power: total_power(deps.storage, height)?,
        height: height.unwrap_or(env.block.height),
    })
}

/// Members with their weight, or stakers with their stake, in address order.
pub fn query_list_members(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<MembersResponse> {
    let start_after = maybe_addr(deps.api, start_after)?;
    let start = start_after.as_ref().map(Bound::exclusive);
    let members = page(
        POWER.range(deps.storage, start, None, Order::Ascending),
        limit,
        |(addr, record)| {
            StdResult::Ok(MemberPower {
                addr,
                power: record.power,
            })
        },
    )?;
    Ok(MembersResponse { members })
}

/// Pending unbonding claims; always empty in members mode.
pub fn query_claims(deps: Deps, address: String) -> StdResult<ClaimsResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let claims = CLAIMS
        .query_claims(deps, &addr)?
        .claims
        .into_iter()
        .map(|c| Claim {
            amount: c.amount,
            release_at: c.release_at,
        })
        .collect();
    Ok(ClaimsResponse { claims })
}
