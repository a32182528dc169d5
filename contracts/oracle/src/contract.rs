use crate::error::ContractError;
use crate::state::{Config, CONFIG, FEEDERS};
use crate::{advisors, briefings, feeds, history, migrations, outcomes, query, recommendations};
#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use steward_types::migrate::{ensure_migration, migrate_layout, MigrateMsg};
use steward_types::oracle::{ExecuteMsg, InstantiateMsg, QueryMsg};

pub const CONTRACT_NAME: &str = "crates.io:steward-oracle";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    msg.validate()?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    steward_types::migrate::set_layout(deps.storage, crate::migrations::LAYOUT)?;
    CONFIG.save(
        deps.storage,
        &Config {
            dao: info.sender.clone(),
            quorum: msg.quorum,
            max_price_age_seconds: msg.max_price_age_seconds,
            outcome_horizon_seconds: msg.outcome_horizon_seconds,
        },
    )?;
    let now = env.block.time.seconds();
    for key in &msg.advisors {
        advisors::add_advisor(deps.storage, key, now)?;
    }
    for feeder in &msg.feeders {
        let stored = feeds::feeder_from_msg(feeder)?;
        FEEDERS.save(deps.storage, &feeder.id, &stored)?;
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("dao", info.sender)
        .add_attribute("quorum", msg.quorum.to_string())
        .add_attribute("advisors", msg.advisors.len().to_string())
        .add_attribute("feeders", msg.feeders.len().to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::SubmitRecommendation {
            payload,
            signatures,
        } => recommendations::submit(deps, env, info, payload, signatures),
        ExecuteMsg::SubmitPrices { payload, signature } => {
            feeds::submit_prices(deps, env, payload, signature)
        }
        ExecuteMsg::ExpireRecommendation { id } => recommendations::expire(deps, env, id),
        ExecuteMsg::RegisterAdvisor { key } => advisors::register(deps, env, info, key),
        ExecuteMsg::RotateAdvisor {
            id,
            algorithm,
            public_key,
            active_from,
            expires_at,
        } => advisors::rotate(
            deps,
            env,
            info,
            id,
            algorithm,
            public_key,
            active_from,
            expires_at,
        ),
        ExecuteMsg::RevokeAdvisor { id } => advisors::revoke(deps, info, id),
        ExecuteMsg::SetQuorum { quorum } => advisors::set_quorum(deps, env, info, quorum),
        ExecuteMsg::RegisterFeeder { feeder } => feeds::register_feeder(deps, info, feeder),
        ExecuteMsg::RemoveFeeder { id } => feeds::remove_feeder(deps, info, id),
        ExecuteMsg::MarkExecuted {
            id,
            proposal_id,
            balances_before,
        } => recommendations::mark_executed(deps, env, info, id, proposal_id, balances_before),
        ExecuteMsg::MarkRejected { id } => recommendations::mark_rejected(deps, env, info, id),
        ExecuteMsg::SubmitBriefing { payload, signature } => {
            briefings::submit(deps, env, info, payload, signature)
        }
        ExecuteMsg::RecordOutcome { id } => outcomes::record(deps, env, info, id),
        ExecuteMsg::SetOutcomeHorizon { seconds } => outcomes::set_horizon(deps, info, seconds),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Recommendation { id } => to_json_binary(&query::recommendation(deps, env, id)?),
        QueryMsg::AdoptionTerms { id } => to_json_binary(&query::adoption_terms(deps, env, id)?),
        QueryMsg::Recommendations {
            status,
            start_after,
            limit,
        } => to_json_binary(&query::recommendations_page(
            deps,
            env,
            status,
            start_after,
            limit,
        )?),
        QueryMsg::Advisor { id } => to_json_binary(&query::advisor(deps, env, id)?),
        QueryMsg::Advisors { start_after, limit } => {
            to_json_binary(&query::advisors(deps, env, start_after, limit)?)
        }
        QueryMsg::Prices { assets } => to_json_binary(&query::prices(deps, assets)?),
        QueryMsg::ListPrices { start_after, limit } => {
            to_json_binary(&query::list_prices(deps, start_after, limit)?)
        }
        QueryMsg::PriceHistory {
            asset,
            start_after,
            limit,
        } => to_json_binary(&history::page(deps.storage, asset, start_after, limit)?),
        QueryMsg::Signatures { id } => to_json_binary(&query::signatures(deps, id)?),
        QueryMsg::Feeders { start_after, limit } => {
            to_json_binary(&query::feeders(deps, start_after, limit)?)
        }
        QueryMsg::Briefing {
            proposal_id,
            advisor,
        } => to_json_binary(&briefings::briefing(deps, proposal_id, advisor)?),
        QueryMsg::Briefings {
            proposal_id,
            start_after,
            limit,
        } => to_json_binary(&briefings::briefings(
            deps,
            proposal_id,
            start_after,
            limit,
        )?),
        QueryMsg::Outcome { id } => to_json_binary(&outcomes::query(deps, id)?),
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
