//! Veto during the timelock, and closing settled proposals.

use crate::error::ContractError;
use crate::state::{load_vote_state, PROPOSAL_VOTES};
use crate::status::{current_status, timelock_end};
use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use steward_types::roles;
use steward_types::threshold::Status;

/// Vetoes a passed proposal during its timelock. The proposal's vetoer only.
pub fn veto(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    proposal_id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut proposal = load_vote_state(deps.storage, proposal_id)?;
    let Some(timelock) = proposal.timelock.clone() else {
        return Err(ContractError::NoTimelock { proposal_id });
    };
    if deps.api.addr_validate(&timelock.vetoer)? != info.sender {
        return Err(ContractError::Unauthorized {
            sender: info.sender,
            role: roles::VETOER,
        });
    }
    let status = current_status(&proposal, &env.block);
    if status != Status::Passed {
        return Err(ContractError::NotPassed {
            proposal_id,
            status,
        });
    }
    if let Some(ended) = timelock_end(&proposal)? {
        if ended.is_expired(&env.block) {
            return Err(ContractError::TimelockOver { proposal_id, ended });
        }
    }
    proposal.status = Status::Vetoed;
    PROPOSAL_VOTES.save(deps.storage, proposal_id, &proposal)?;
    Ok(Response::new()
        .add_attribute("action", "veto")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("vetoer", info.sender))
}

/// Closes a rejected proposal or one whose execution failed. Anyone.
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    proposal_id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut proposal = load_vote_state(deps.storage, proposal_id)?;
    let status = current_status(&proposal, &env.block);
    if !matches!(status, Status::Rejected | Status::ExecutionFailed) {
        return Err(ContractError::CannotClose {
            proposal_id,
            status,
        });
    }
    proposal.status = Status::Closed;
    PROPOSAL_VOTES.save(deps.storage, proposal_id, &proposal)?;
    Ok(Response::new()
        .add_attribute("action", "close")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("previous_status", status.to_string()))
}
