//! Read-only views. Statuses are computed at the queried block.

use crate::error::ContractError;
use crate::state::{
    assemble, load_config, load_content, load_vote_state, VoteState, BALLOTS, DAO, PROPOSAL_COUNT,
    PROPOSAL_FAILURES, PROPOSAL_VOTES,
};
use crate::status::{current_status, execution_deadline, timelock_end};
use cosmwasm_std::{BlockInfo, Deps, Env, Order, StdError, StdResult, Storage};
use cw_storage_plus::Bound;
use steward_types::page;
use steward_types::proposal::{
    AdoptionResponse, ConfigResponse, ProposalListResponse, ProposalResponse, VoteInfo,
    VoteListResponse, VoteResponse,
};
use steward_types::threshold::Status;

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    Ok(ConfigResponse {
        config: load_config(deps.storage)?,
        dao: DAO.load(deps.storage)?,
    })
}

/// A proposal with its status at `block` and, once passed, its timelock end.
pub fn proposal_response(
    storage: &dyn Storage,
    id: u64,
    state: VoteState,
    block: &BlockInfo,
) -> Result<ProposalResponse, ContractError> {
    let status = current_status(&state, block);
    let to_std = |e: steward_types::duration::DurationError| StdError::generic_err(e.to_string());
    let (timelock_ends, execution_ends) = if status == Status::Passed {
        (
            timelock_end(&state).map_err(to_std)?,
            execution_deadline(&state).map_err(to_std)?,
        )
    } else {
        (None, None)
    };
    let content = load_content(storage, id)?;
    let failures = PROPOSAL_FAILURES.may_load(storage, id)?.unwrap_or_default();
    Ok(ProposalResponse {
        id,
        proposal: assemble(content, state, failures),
        status,
        timelock_ends,
        execution_ends,
    })
}

/// What a proposal adopts, with its stored status (no time-dependent status:
/// the oracle asks while the proposal's execution runs).
pub fn adoption(deps: Deps, proposal_id: u64) -> Result<AdoptionResponse, ContractError> {
    let state = load_vote_state(deps.storage, proposal_id)?;
    Ok(AdoptionResponse {
        recommendation_id: state.adopts,
        status: state.status,
    })
}

pub fn proposal(deps: Deps, env: Env, proposal_id: u64) -> Result<ProposalResponse, ContractError> {
    let state = load_vote_state(deps.storage, proposal_id)?;
    proposal_response(deps.storage, proposal_id, state, &env.block)
}

fn list(
    deps: Deps,
    env: Env,
    min: Option<Bound<u64>>,
    max: Option<Bound<u64>>,
    order: Order,
    limit: Option<u32>,
) -> Result<ProposalListResponse, ContractError> {
    let proposals = page(
        PROPOSAL_VOTES.range(deps.storage, min, max, order),
        limit,
        |(id, state)| proposal_response(deps.storage, id, state, &env.block),
    )?;
    Ok(ProposalListResponse { proposals })
}

pub fn list_proposals(
    deps: Deps,
    env: Env,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<ProposalListResponse, ContractError> {
    let min = start_after.map(Bound::exclusive);
    list(deps, env, min, None, Order::Ascending, limit)
}

pub fn reverse_proposals(
    deps: Deps,
    env: Env,
    start_before: Option<u64>,
    limit: Option<u32>,
) -> Result<ProposalListResponse, ContractError> {
    let max = start_before.map(Bound::exclusive);
    list(deps, env, None, max, Order::Descending, limit)
}

pub fn proposal_count(deps: Deps) -> StdResult<u64> {
    Ok(PROPOSAL_COUNT.may_load(deps.storage)?.unwrap_or_default())
}

pub fn get_vote(deps: Deps, proposal_id: u64, voter: String) -> StdResult<VoteResponse> {
    let voter = deps.api.addr_validate(&voter)?;
    Ok(VoteResponse {
        vote: BALLOTS
            .may_load(deps.storage, (proposal_id, &voter))?
            .map(VoteInfo::from),
    })
}

pub fn list_votes(
    deps: Deps,
    proposal_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<VoteListResponse> {
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let votes = page(
        BALLOTS.prefix(proposal_id).range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        ),
        limit,
        |(_, ballot)| StdResult::Ok(VoteInfo::from(ballot)),
    )?;
    Ok(VoteListResponse { votes })
}
