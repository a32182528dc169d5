//! Running a passed proposal's messages as the DAO.

use core::fmt;
use cosmwasm_std::{
    from_json, Addr, Binary, CosmosMsg, Deps, DepsMut, Env, MessageInfo, Response, Uint128, WasmMsg,
};
use cw20::Cw20Contract;
use cw_utils::nonpayable;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use steward_types::core::{governs_only_itself, MAX_PROPOSAL_MSGS};
use steward_types::roles;

use crate::error::ContractError;
use crate::power::total_power;
use crate::state::{active_pause, Module, Voting, CONFIG, TOTAL_UNBONDING};
use crate::upgrade;

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
            role: roles::PROPOSAL_MODULE,
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
    if let Voting::Cw20Staked {
        token,
        unbonding_period,
    } = CONFIG.load(deps.storage)?.voting
    {
        ensure_stake_untouched(deps.as_ref(), &env, &token, &msgs)?;
        let dao = &env.contract.address;
        if msgs
            .iter()
            .any(|m| upgrade::changes_own_code_or_admin(dao, m))
        {
            return upgrade::schedule(deps, env, msgs, unbonding_period);
        }
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
/// proposal may spend dao-core's balance of that token beyond what it holds
/// on top of the stakes and unbonding claims (tokens sent to it directly,
/// which governance may return): a majority must not be able to take a
/// minority's stake. cw20 calls that cannot move dao-core's own balance stay
/// allowed (minting, spending allowances others granted, token metadata).
/// Opaque messages (`Any`, and module messages other than bank and wasm)
/// could encode the same transfer or an authz grant, so they are refused in
/// this mode.
pub fn ensure_stake_untouched(
    deps: Deps,
    env: &Env,
    token: &Addr,
    msgs: &[CosmosMsg],
) -> Result<(), ContractError> {
    let mut transferred = Uint128::zero();
    for (index, msg) in msgs.iter().enumerate() {
        let allowed = match msg {
            CosmosMsg::Bank(_) | CosmosMsg::Custom(_) => true,
            // The chain accepts an upper-case bech32 address as well.
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) if contract_addr.eq_ignore_ascii_case(token.as_str()) => match token_call(msg) {
                TokenCall::Transfer(amount) => {
                    transferred = transferred.checked_add(amount)?;
                    true
                }
                TokenCall::LeavesOwnBalance => true,
                TokenCall::Refused => false,
            },
            CosmosMsg::Wasm(_) => true,
            _ => false,
        };
        if !allowed {
            return Err(ContractError::StakedTokensLocked { index });
        }
    }
    if !transferred.is_zero() {
        let surplus = token_surplus(deps, env, token)?;
        if transferred > surplus {
            return Err(ContractError::TransferBeyondSurplus {
                requested: transferred,
                surplus,
            });
        }
    }
    Ok(())
}

/// Governance tokens dao-core holds beyond the stakes and the unbonding claims.
fn token_surplus(deps: Deps, env: &Env, token: &Addr) -> Result<Uint128, ContractError> {
    let held = Cw20Contract(token.clone()).balance(&deps.querier, &env.contract.address)?;
    let staked = total_power(deps.storage, None)?;
    let unbonding = TOTAL_UNBONDING.may_load(deps.storage)?.unwrap_or_default();
    Ok(held.saturating_sub(staked).saturating_sub(unbonding))
}

/// What a message to the staked token does to dao-core's own balance of it.
enum TokenCall {
    /// A cw20 `Transfer` of this amount out of dao-core's balance.
    Transfer(Uint128),
    /// A cw20 call that cannot move dao-core's own balance.
    LeavesOwnBalance,
    /// Anything else (`Send`, `Burn`, `IncreaseAllowance`, unknown or
    /// malformed messages): it could spend the stakes.
    Refused,
}

/// cw20 calls that cannot move the caller's own balance: minting, spending
/// allowances others granted, token metadata.
const LEAVES_OWN_BALANCE: [&str; 8] = [
    "mint",
    "update_minter",
    "update_marketing",
    "upload_logo",
    "decrease_allowance",
    "transfer_from",
    "send_from",
    "burn_from",
];

/// Reads `msg` as cw20's `ExecuteMsg` would be read, with two small
/// decoders instead of cw20's whole message type (about 28 KB of wasm): a
/// `{"transfer": ...}` strictly, as cw20 parses it, so its amount counts;
/// any other call by its variant name only. A call listed as harmless but
/// malformed passes here and fails in the token, which reverts the execution.
fn token_call(msg: &Binary) -> TokenCall {
    if let Ok(Cw20Transfer::Transfer { amount, .. }) = from_json(msg) {
        return TokenCall::Transfer(amount);
    }
    match from_json::<VariantName>(msg) {
        Ok(VariantName(name)) if LEAVES_OWN_BALANCE.contains(&name.as_str()) => {
            TokenCall::LeavesOwnBalance
        }
        _ => TokenCall::Refused,
    }
}

/// cw20's `Transfer`, field for field.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Cw20Transfer {
    Transfer {
        #[allow(dead_code)]
        recipient: String,
        amount: Uint128,
    },
}

/// The variant of an externally tagged JSON message: an object with exactly
/// one key, whose value is skipped.
struct VariantName(String);

impl<'de> Deserialize<'de> for VariantName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneKey;
        impl<'de> Visitor<'de> for OneKey {
            type Value = VariantName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with one key")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VariantName, A::Error> {
                let Some((name, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? else {
                    return Err(serde::de::Error::invalid_length(0, &self));
                };
                if map.next_key::<IgnoredAny>()?.is_some() {
                    return Err(serde::de::Error::invalid_length(2, &self));
                }
                Ok(VariantName(name))
            }
        }
        deserializer.deserialize_map(OneKey)
    }
}
