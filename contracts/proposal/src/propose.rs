//! Creating proposals: typed actions, or the adoption of a recommendation.

use crate::error::ContractError;
use crate::state::{load_config, save_new, ProposalContent, VoteState, DAO, PROPOSAL_COUNT};
use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response};
use steward_types::duration::checked_after;
use steward_types::governance::MAX_GOVERNANCE_CHANGES;
use steward_types::handle::{CoreContract, OracleContract, TreasuryContract};
use steward_types::oracle::RecommendationStatus;
use steward_types::policy::ensure_policy_version;
use steward_types::proposal::{
    Config, ProposalAction, ProposalKind, Timelock, MAX_DESCRIPTION_LEN, MAX_PROPOSAL_ACTIONS,
    MAX_TITLE_LEN,
};
use steward_types::threshold::{Status, Votes};

/// Refuses a sender without voting power now.
fn ensure_member(deps: Deps, dao: &CoreContract, sender: &Addr) -> Result<(), ContractError> {
    if dao.voting_power(&deps.querier, sender)?.is_zero() {
        return Err(ContractError::NotMember {
            address: sender.clone(),
        });
    }
    Ok(())
}

fn check_description(description: &str) -> Result<(), ContractError> {
    if description.len() > MAX_DESCRIPTION_LEN {
        return Err(ContractError::DescriptionTooLong {
            len: description.len(),
            max: MAX_DESCRIPTION_LEN,
        });
    }
    Ok(())
}

/// What differs between the two ways of proposing.
struct NewProposal {
    proposer: Addr,
    title: String,
    description: String,
    timelock: Option<Timelock>,
    kind: ProposalKind,
}

/// Stores a new open proposal with the power snapshot of this block.
fn create(
    deps: DepsMut,
    env: &Env,
    dao: &CoreContract,
    config: &Config,
    new: NewProposal,
) -> Result<u64, ContractError> {
    let start_height = env.block.height;
    let total_power = dao.total_power_at(&deps.querier, start_height)?;
    if total_power.is_zero() {
        return Err(ContractError::ZeroTotalPower {
            height: start_height,
        });
    }
    let id = PROPOSAL_COUNT.may_load(deps.storage)?.unwrap_or_default() + 1;
    let adopts = new.kind.adopts();
    let content = ProposalContent {
        title: new.title,
        description: new.description,
        proposer: new.proposer,
        start_time: env.block.time.seconds(),
        kind: new.kind,
    };
    let state = VoteState {
        start_height,
        expiration: checked_after(config.voting_period, &env.block)?,
        min_voting_period: config
            .min_voting_period
            .map(|d| checked_after(d, &env.block))
            .transpose()?,
        threshold: config.threshold.clone(),
        total_power,
        allow_revoting: config.allow_revoting,
        timelock: new.timelock,
        execution_window: config.execution_window,
        votes: Votes::default(),
        status: Status::Open,
        passed_at: None,
        adopts,
    };
    save_new(deps.storage, id, &content, &state)?;
    PROPOSAL_COUNT.save(deps.storage, &id)?;
    Ok(id)
}

/// Creates a proposal of typed actions. Members only.
pub fn propose(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    title: String,
    description: String,
    actions: Vec<ProposalAction>,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let dao = CoreContract(DAO.load(deps.storage)?);
    let config = load_config(deps.storage)?;
    ensure_member(deps.as_ref(), &dao, &info.sender)?;

    if title.is_empty() {
        return Err(ContractError::EmptyTitle {});
    }
    if title.len() > MAX_TITLE_LEN {
        return Err(ContractError::TitleTooLong {
            len: title.len(),
            max: MAX_TITLE_LEN,
        });
    }
    check_description(&description)?;
    if actions.is_empty() {
        return Err(ContractError::NoActions {});
    }
    if actions.len() > MAX_PROPOSAL_ACTIONS {
        return Err(ContractError::TooManyActions {
            count: actions.len(),
            max: MAX_PROPOSAL_ACTIONS,
        });
    }
    // A config change that could never be applied is refused now rather than
    // after a vote.
    for action in &actions {
        if let ProposalAction::UpdateProposalConfig { config } = action {
            config.validate(deps.api)?;
        }
    }

    let id = create(
        deps,
        &env,
        &dao,
        &config,
        NewProposal {
            proposer: info.sender.clone(),
            title,
            description,
            timelock: config.timelock.clone(),
            kind: ProposalKind::Actions { actions },
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "propose")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("proposer", info.sender)
        .add_attribute("kind", "actions"))
}

/// Creates a proposal adopting an advisor recommendation, copying its actions
/// and payload hash. Refuses a recommendation that is unknown, expired,
/// already consumed, or signed against another policy version. Members only.
pub fn propose_adoption(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recommendation_id: u64,
    description: Option<String>,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let dao = CoreContract(DAO.load(deps.storage)?);
    let config = load_config(deps.storage)?;
    ensure_member(deps.as_ref(), &dao, &info.sender)?;
    let description = description.unwrap_or_default();
    check_description(&description)?;

    let modules = dao.modules(&deps.querier)?;
    let terms = OracleContract(modules.oracle)
        .adoption_terms(&deps.querier, recommendation_id)
        // The registered oracle refuses this query only for an id it does not hold.
        .map_err(|e| ContractError::RecommendationNotFound {
            id: recommendation_id,
            error: e.to_string(),
        })?;
    match terms.status {
        RecommendationStatus::Pending => {}
        RecommendationStatus::Expired => {
            return Err(ContractError::RecommendationExpired {
                id: recommendation_id,
                expires_at: terms.expires_at,
            })
        }
        status => {
            return Err(ContractError::RecommendationConsumed {
                id: recommendation_id,
                status,
            })
        }
    }
    if let Some(reason) = terms.signer_problem {
        return Err(ContractError::RecommendationSignersInvalid {
            id: recommendation_id,
            reason,
        });
    }
    // The oracle's effective status may lag a block boundary; the payload's
    // own expiry is authoritative.
    if terms.expires_at <= env.block.time.seconds() {
        return Err(ContractError::RecommendationExpired {
            id: recommendation_id,
            expires_at: terms.expires_at,
        });
    }
    let policy_version = TreasuryContract(modules.treasury).policy_version(&deps.querier)?;
    ensure_policy_version(terms.policy_version, policy_version)?;
    if terms.actions.is_empty() && terms.governance.is_empty() {
        return Err(ContractError::NoActions {});
    }
    if terms.governance.len() > MAX_GOVERNANCE_CHANGES {
        return Err(ContractError::TooManyGovernanceChanges {
            count: terms.governance.len(),
            max: MAX_GOVERNANCE_CHANGES,
        });
    }
    if terms.actions.len() > MAX_PROPOSAL_ACTIONS {
        return Err(ContractError::TooManyActions {
            count: terms.actions.len(),
            max: MAX_PROPOSAL_ACTIONS,
        });
    }

    let kind = ProposalKind::Adoption {
        recommendation_id,
        payload_hash: terms.payload_hash,
        advisor: terms.advisor,
        policy_version: terms.policy_version,
        actions: terms.actions,
        governance: terms.governance,
    };
    let id = create(
        deps,
        &env,
        &dao,
        &config,
        NewProposal {
            proposer: info.sender.clone(),
            title: format!("Adopt recommendation #{recommendation_id}"),
            description,
            // AI-originated actions always wait out a vetoable timelock.
            timelock: Some(config.adoption_timelock.clone()),
            kind,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "propose_adoption")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("proposer", info.sender)
        .add_attribute("recommendation_id", recommendation_id.to_string())
        .add_attribute("kind", "adoption"))
}
