//! Casting (and, with revoting, changing) a ballot.

use crate::error::ContractError;
use crate::state::{load_vote_state, Ballot, BALLOTS, DAO, PROPOSAL_VOTES};
use crate::status::current_status;
use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use steward_types::handle::CoreContract;
use steward_types::proposal::{PassedAt, MAX_RATIONALE_LEN};
use steward_types::threshold::{Status, Vote};

/// Votes on an open proposal with the power held at its start height.
pub fn vote(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    proposal_id: u64,
    vote: Vote,
    rationale: Option<String>,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut proposal = load_vote_state(deps.storage, proposal_id)?;
    if proposal.expiration.is_expired(&env.block) {
        return Err(ContractError::VotingClosed {
            proposal_id,
            expiration: proposal.expiration,
        });
    }
    let status = current_status(&proposal, &env.block);
    if status != Status::Open {
        return Err(ContractError::NotOpen {
            proposal_id,
            status,
        });
    }
    if let Some(r) = &rationale {
        if r.len() > MAX_RATIONALE_LEN {
            return Err(ContractError::RationaleTooLong {
                len: r.len(),
                max: MAX_RATIONALE_LEN,
            });
        }
    }

    let dao = CoreContract(DAO.load(deps.storage)?);
    let power = dao.voting_power_at(&deps.querier, &info.sender, proposal.start_height)?;
    if power.is_zero() {
        // Also the answer for a member who joined after the proposal started.
        return Err(ContractError::NoVotingPowerAtHeight {
            voter: info.sender,
            height: proposal.start_height,
        });
    }

    let key = (proposal_id, &info.sender);
    if let Some(previous) = BALLOTS.may_load(deps.storage, key)? {
        if !proposal.allow_revoting {
            return Err(ContractError::AlreadyVoted {
                proposal_id,
                voter: info.sender,
            });
        }
        if previous.vote == vote {
            return Err(ContractError::SameVote {
                proposal_id,
                voter: info.sender,
                vote,
            });
        }
        proposal.votes.remove(previous.vote, previous.power);
    }
    proposal.votes.add(vote, power);
    BALLOTS.save(
        deps.storage,
        key,
        &Ballot {
            voter: info.sender.clone(),
            vote,
            power,
            rationale,
        },
    )?;

    // Settle the status this vote decides, so the pass is timed by this block.
    let status = current_status(&proposal, &env.block);
    if status == Status::Passed {
        proposal.passed_at = Some(PassedAt {
            height: env.block.height,
            time: env.block.time.seconds(),
        });
    }
    proposal.status = status;
    PROPOSAL_VOTES.save(deps.storage, proposal_id, &proposal)?;

    Ok(Response::new()
        .add_attribute("action", "vote")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("voter", info.sender)
        .add_attribute("vote", vote.to_string())
        .add_attribute("power", power)
        .add_attribute("status", status.to_string()))
}
