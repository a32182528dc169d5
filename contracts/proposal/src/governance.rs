//! Advisor-recommended configuration changes: the governance policy's verdict
//! (a query, which the oracle asks at submission) and applying an adopted
//! change (a message dao-core sends while executing the adoption).

use crate::error::ContractError;
use crate::state::{load_config, save_config, DAO, GOVERNANCE_LAST_CHANGE};
use cosmwasm_std::{Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use steward_types::governance::{
    apply_changes, GovernanceChange, GovernanceState, GovernanceViolation,
};
use steward_types::proposal::{Config, GovernanceCheckResponse};
use steward_types::roles;

/// The policy in force and when the last advisor change executed.
pub fn state(deps: Deps) -> StdResult<GovernanceState> {
    Ok(GovernanceState {
        policy: load_config(deps.storage)?.governance,
        last_change: GOVERNANCE_LAST_CHANGE.may_load(deps.storage)?,
    })
}

/// The config after `changes` at this block, or why they are refused: the
/// governance policy's bounds, then this module's own config rules. The outer
/// error is a storage failure, the inner one the verdict.
fn config_after(
    deps: Deps,
    env: &Env,
    changes: &[GovernanceChange],
) -> StdResult<Result<Config, GovernanceViolation>> {
    let config = load_config(deps.storage)?;
    let state = state(deps)?;
    Ok(
        apply_changes(&config, &state, changes, env.block.time.seconds()).and_then(|next| {
            next.validate(deps.api)
                .map(|()| next)
                .map_err(|e| GovernanceViolation::InvalidConfig {
                    reason: e.to_string(),
                })
        }),
    )
}

/// What `changes` would do now.
pub fn check(
    deps: Deps,
    env: &Env,
    changes: &[GovernanceChange],
) -> StdResult<GovernanceCheckResponse> {
    Ok(match config_after(deps, env, changes)? {
        Ok(config) => GovernanceCheckResponse::Passed { config },
        Err(violation) => GovernanceCheckResponse::Refused { violation },
    })
}

/// Applies an adopted recommendation's changes. The DAO only; checked again
/// against the config and the last change in force now, so two adoptions
/// that passed side by side cannot compound past the bound.
pub fn apply(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    changes: Vec<GovernanceChange>,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let dao = DAO.load(deps.storage)?;
    if info.sender != dao {
        return Err(ContractError::Unauthorized {
            sender: info.sender,
            role: roles::DAO,
        });
    }
    let next = config_after(deps.as_ref(), &env, &changes)??;
    save_config(deps.storage, &next)?;
    GOVERNANCE_LAST_CHANGE.save(deps.storage, &env.block.time.seconds())?;
    // Open proposals keep the threshold, periods and timelock they were created with.
    Ok(Response::new()
        .add_attribute("action", "apply_governance")
        .add_attribute("changes", changes.len().to_string()))
}
