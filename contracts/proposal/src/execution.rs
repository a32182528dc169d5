//! Executing a passed proposal through dao-core, and recording a failure.

use crate::error::ContractError;
use crate::state::{
    load_config, load_content, load_vote_state, DAO, PROPOSAL_FAILURES, PROPOSAL_VOTES,
};
use crate::status::{current_status, execution_deadline, timelock_end};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, CosmosMsg, DepsMut, Env, MessageInfo, Reply, Response,
    StdResult, SubMsg, SubMsgResult, WasmMsg,
};
use steward_types::asset::{query_balance, AssetAmount};
use steward_types::core::{governs_only_itself, ExecuteMsg as CoreExecute, ModulesResponse};
use steward_types::handle::CoreContract;
use steward_types::oracle::ExecuteMsg as OracleExecute;
use steward_types::outcome::moved_assets;
use steward_types::proposal::{
    ExecuteMsg, ExecutionFailure, ModuleKind, ProposalAction, ProposalKind, MAX_FAILURE_ERROR_LEN,
    MAX_RECORDED_FAILURES,
};
use steward_types::threshold::Status;
use steward_types::treasury::ExecuteMsg as TreasuryExecute;

fn wasm_execute<T: serde::Serialize>(contract: &Addr, msg: &T) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// Addresses the messages of a proposal are sent to, from dao-core's side.
pub struct Targets {
    /// dao-core.
    pub dao: Addr,
    /// This contract.
    pub proposal: Addr,
    /// The registered modules.
    pub modules: ModulesResponse,
}

/// One proposal action as a message dao-core sends.
pub fn action_msg(targets: &Targets, action: &ProposalAction) -> StdResult<CosmosMsg> {
    match action {
        ProposalAction::Treasury { actions } => wasm_execute(
            &targets.modules.treasury,
            &TreasuryExecute::Execute {
                actions: actions.clone(),
                recommendation_id: None,
                expected_policy_version: None,
            },
        ),
        // Forwarded as proposed: the receiving module parses its own message.
        ProposalAction::TreasuryMsg { msg } => wasm_execute(&targets.modules.treasury, msg),
        ProposalAction::OracleMsg { msg } => wasm_execute(&targets.modules.oracle, msg),
        ProposalAction::CoreMsg { msg } => wasm_execute(&targets.dao, msg),
        ProposalAction::UpdateProposalConfig { config } => wasm_execute(
            &targets.proposal,
            &ExecuteMsg::UpdateConfig {
                config: config.clone(),
            },
        ),
        ProposalAction::Migrate {
            module,
            code_id,
            msg,
        } => {
            let contract = match module {
                ModuleKind::Core => &targets.dao,
                ModuleKind::Proposal => &targets.proposal,
                ModuleKind::Treasury => &targets.modules.treasury,
                ModuleKind::Oracle => &targets.modules.oracle,
            };
            Ok(WasmMsg::Migrate {
                contract_addr: contract.to_string(),
                new_code_id: *code_id,
                msg: msg.clone(),
            }
            .into())
        }
        ProposalAction::Cosmos { msg } => Ok(msg.clone()),
    }
}

/// The messages dao-core runs for a proposal, in order. `balances_before`
/// (adoptions only) are the treasury's balances of the assets the actions
/// move, read just before dispatch: the oracle's outcome starts from them.
pub fn proposal_msgs(
    targets: &Targets,
    proposal_id: u64,
    kind: &ProposalKind,
    balances_before: Vec<AssetAmount>,
) -> StdResult<Vec<CosmosMsg>> {
    match kind {
        ProposalKind::Actions { actions } => {
            actions.iter().map(|a| action_msg(targets, a)).collect()
        }
        // Execute against the policy version the advisor signed, apply the
        // config changes, then let the oracle check the adoption and record
        // it: all in one dao-core execution, so all or none happen.
        ProposalKind::Adoption {
            recommendation_id,
            policy_version,
            actions,
            governance,
            ..
        } => {
            let mut msgs = vec![];
            if !actions.is_empty() {
                msgs.push(wasm_execute(
                    &targets.modules.treasury,
                    &TreasuryExecute::Execute {
                        actions: actions.clone(),
                        recommendation_id: Some(*recommendation_id),
                        expected_policy_version: Some(*policy_version),
                    },
                )?);
            }
            if !governance.is_empty() {
                msgs.push(wasm_execute(
                    &targets.proposal,
                    &ExecuteMsg::ApplyGovernance {
                        changes: governance.clone(),
                    },
                )?);
            }
            msgs.push(wasm_execute(
                &targets.modules.oracle,
                &OracleExecute::MarkExecuted {
                    id: *recommendation_id,
                    proposal_id,
                    balances_before,
                },
            )?);
            Ok(msgs)
        }
    }
}

/// Executes a passed proposal whose timelock is over, through dao-core.
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    proposal_id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut proposal = load_vote_state(deps.storage, proposal_id)?;
    let status = current_status(&proposal, &env.block);
    if status == Status::ExecutionFailed && proposal.status != Status::ExecutionFailed {
        if let Ok(Some(ended)) = execution_deadline(&proposal) {
            return Err(ContractError::ExecutionWindowOver { proposal_id, ended });
        }
    }
    if status != Status::Passed {
        return Err(ContractError::NotPassed {
            proposal_id,
            status,
        });
    }
    if let Some(ends) = timelock_end(&proposal)? {
        if !ends.is_expired(&env.block) {
            return Err(ContractError::TimelockNotOver { proposal_id, ends });
        }
    }
    let dao = DAO.load(deps.storage)?;
    let core = CoreContract(dao.clone());
    let config = load_config(deps.storage)?;
    if config.only_members_execute && core.voting_power(&deps.querier, &info.sender)?.is_zero() {
        return Err(ContractError::NotMember {
            address: info.sender,
        });
    }
    let targets = Targets {
        modules: core.modules(&deps.querier)?,
        dao: dao.clone(),
        proposal: env.contract.address,
    };
    let content = load_content(deps.storage, proposal_id)?;
    let balances_before = match &content.kind {
        ProposalKind::Adoption { actions, .. } => moved_assets(actions)
            .into_iter()
            .map(|asset| {
                let amount = query_balance(&deps.querier, &targets.modules.treasury, &asset)?;
                Ok(AssetAmount::new(asset, amount))
            })
            .collect::<StdResult<_>>()?,
        ProposalKind::Actions { .. } => vec![],
    };
    let msgs = proposal_msgs(&targets, proposal_id, &content.kind, balances_before)?;

    // dao-core would refuse too, but that refusal would be recorded as a
    // failed execution; a pause only delays. Proposals that only govern
    // dao-core itself (e.g. unpause, replace the guardian) run regardless.
    if !governs_only_itself(&dao, &msgs) {
        if let Some(until) = core.paused_until(&deps.querier, &env.block)? {
            return Err(ContractError::DaoPaused { until });
        }
    }

    // Recorded before dispatch so the proposal cannot be executed twice (and
    // so the oracle can see which proposal is executing); the reply puts it
    // back to Passed, with the failure on record, if dao-core's execution fails.
    proposal.status = Status::Executed;
    PROPOSAL_VOTES.save(deps.storage, proposal_id, &proposal)?;

    let exec = wasm_execute(&dao, &CoreExecute::ExecuteProposal { msgs })?;
    Ok(Response::new()
        .add_submessage(
            SubMsg::reply_on_error(exec, proposal_id).with_payload(to_json_binary(&info.sender)?),
        )
        .add_attribute("action", "execute")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("sender", info.sender))
}

/// dao-core's execution of a proposal failed: everything it did was rolled
/// back. The failure is recorded and the proposal stays passed, so whoever
/// made it fail (e.g. by moving a pool for one block) cannot make it final:
/// it can be executed again until its execution deadline.
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    let proposal_id = msg.id;
    let error = match msg.result {
        SubMsgResult::Err(error) => error,
        SubMsgResult::Ok(_) => {
            return Err(ContractError::UnexpectedReply {
                id: proposal_id,
                reason: "replies are requested on error only",
            })
        }
    };
    let mut proposal = PROPOSAL_VOTES.may_load(deps.storage, proposal_id)?.ok_or(
        ContractError::UnexpectedReply {
            id: proposal_id,
            reason: "no proposal with this id",
        },
    )?;
    let executor: Addr = from_json(&msg.payload).map_err(|_| ContractError::UnexpectedReply {
        id: proposal_id,
        reason: "the reply carries no executor",
    })?;
    proposal.status = Status::Passed;
    PROPOSAL_VOTES.save(deps.storage, proposal_id, &proposal)?;
    let mut failures = PROPOSAL_FAILURES
        .may_load(deps.storage, proposal_id)?
        .unwrap_or_default();
    failures.count = failures.count.saturating_add(1);
    if failures.recent.len() >= MAX_RECORDED_FAILURES {
        failures.recent.remove(0);
    }
    failures.recent.push(ExecutionFailure {
        height: env.block.height,
        time: env.block.time.seconds(),
        executor,
        error: truncate_at_char(&error, MAX_FAILURE_ERROR_LEN).to_string(),
    });
    PROPOSAL_FAILURES.save(deps.storage, proposal_id, &failures)?;
    Ok(Response::new()
        .add_attribute("action", "execution_failed")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("error", error))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate_at_char(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
