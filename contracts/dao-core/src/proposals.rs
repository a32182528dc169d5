//! Running a passed proposal's messages as the DAO.

use cosmwasm_std::{from_json, Addr, CosmosMsg, DepsMut, Env, MessageInfo, Response, WasmMsg};
use cw20::Cw20ExecuteMsg;
use cw_utils::nonpayable;
use steward_types::core::{governs_only_itself, MAX_PROPOSAL_MSGS};

use crate::error::ContractError;
use crate::state::{active_pause, Module, Voting, CONFIG};

pub fn execute_proposal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msgs: Vec<CosmosMsg>,
) -> Result<Response, ContractError> {
    let proposal_module =
        Module::Proposal
            .item()
            .may_load(deps.storage)?
            .ok_or(ContractError::ModuleNotSet {
                module: Module::Proposal.name(),
            })?;
    if info.sender != proposal_module {
        return Err(ContractError::Unauthorized {
            sender: info.sender,
            role: "the proposal module",
        });
    }
    nonpayable(&info)?;
    if let Some(expiration) = active_pause(deps.storage, &env.block)? {
        if !governs_only_itself(&env.contract.address, &msgs) {
            return Err(ContractError::Paused { expiration });
        }
    }
    if msgs.is_empty() {
        return Err(ContractError::NoMessages);
    }
    if msgs.len() > MAX_PROPOSAL_MSGS {
        return Err(ContractError::TooManyMessages {
            count: msgs.len(),
            max: MAX_PROPOSAL_MSGS,
        });
    }
    if let Voting::Cw20Staked { token, .. } = CONFIG.load(deps.storage)?.voting {
        ensure_stake_untouched(&token, &msgs)?;
    }

    // Plain messages: one failure reverts the whole execution, which the
    // proposal module observes through its own reply.
    Ok(Response::new()
        .add_attribute("action", "execute_proposal")
        .add_attribute("sender", info.sender)
        .add_attribute("msgs", msgs.len().to_string())
        .add_messages(msgs))
}

/// In staking mode dao-core holds the stakers' governance tokens, so no
/// proposal may spend dao-core's balance of that token: a majority must not be
/// able to take a minority's stake. cw20 calls that cannot move dao-core's own
/// balance stay allowed (minting, spending allowances others granted, token
/// metadata). Opaque messages (`Any`, and module messages other than bank and
/// wasm) could encode the same transfer or an authz grant, so they are refused
/// in this mode.
fn ensure_stake_untouched(token: &Addr, msgs: &[CosmosMsg]) -> Result<(), ContractError> {
    for (index, msg) in msgs.iter().enumerate() {
        let allowed = match msg {
            CosmosMsg::Bank(_) | CosmosMsg::Custom(_) => true,
            // The chain accepts an upper-case bech32 address as well.
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) if contract_addr.eq_ignore_ascii_case(token.as_str()) => matches!(
                from_json::<Cw20ExecuteMsg>(msg),
                Ok(Cw20ExecuteMsg::Mint { .. }
                    | Cw20ExecuteMsg::UpdateMinter { .. }
                    | Cw20ExecuteMsg::UpdateMarketing { .. }
                    | Cw20ExecuteMsg::UploadLogo(_)
                    | Cw20ExecuteMsg::DecreaseAllowance { .. }
                    | Cw20ExecuteMsg::TransferFrom { .. }
                    | Cw20ExecuteMsg::SendFrom { .. }
                    | Cw20ExecuteMsg::BurnFrom { .. })
            ),
            CosmosMsg::Wasm(_) => true,
            _ => false,
        };
        if !allowed {
            return Err(ContractError::StakedTokensLocked { index });
        }
    }
    Ok(())
}
