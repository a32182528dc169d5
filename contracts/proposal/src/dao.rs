//! Queries to dao-core and, through its module registry, to the oracle and
//! the treasury.

use cosmwasm_std::{Addr, BlockInfo, Deps, StdResult, Uint128};
use cw_utils::Expiration;
use steward_types::core::{
    ModulesResponse, PauseInfoResponse, QueryMsg as CoreQuery, VotingPowerResponse,
};

/// Voting power of `address` at `height` (`None`: now).
pub fn voting_power(
    deps: Deps,
    dao: &Addr,
    address: &Addr,
    height: Option<u64>,
) -> StdResult<Uint128> {
    let res: VotingPowerResponse = deps.querier.query_wasm_smart(
        dao,
        &CoreQuery::VotingPowerAtHeight {
            address: address.to_string(),
            height,
        },
    )?;
    Ok(res.power)
}

/// Total voting power at `height`.
pub fn total_power(deps: Deps, dao: &Addr, height: u64) -> StdResult<Uint128> {
    let res: VotingPowerResponse = deps.querier.query_wasm_smart(
        dao,
        &CoreQuery::TotalPowerAtHeight {
            height: Some(height),
        },
    )?;
    Ok(res.power)
}

/// The module registry. Read at execution time: addresses are recorded in
/// dao-core only after every module was instantiated.
pub fn modules(deps: Deps, dao: &Addr) -> StdResult<ModulesResponse> {
    deps.querier.query_wasm_smart(dao, &CoreQuery::Modules {})
}

/// When the DAO is paused now, until when.
pub fn paused_until(deps: Deps, dao: &Addr, block: &BlockInfo) -> StdResult<Option<Expiration>> {
    let res: PauseInfoResponse = deps
        .querier
        .query_wasm_smart(dao, &CoreQuery::PauseInfo {})?;
    Ok(match res {
        // A pause whose end has come no longer holds, whatever dao-core stored.
        PauseInfoResponse::Paused { expiration } if !expiration.is_expired(block) => {
            Some(expiration)
        }
        _ => None,
    })
}
