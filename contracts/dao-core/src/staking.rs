//! Cw20-staked voting power: stake through a cw20 `Send`, unstake into an
//! unbonding claim, claim once released.

use cosmwasm_std::{
    from_json, to_json_binary, Addr, BlockInfo, DepsMut, Env, MessageInfo, Response, StdResult,
    Timestamp, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_utils::{nonpayable, Duration};
use steward_types::core::ReceiveMsg;
use steward_types::duration::checked_after;

use crate::error::ContractError;
use crate::power::{current_power, set_power, set_total_power, total_power, update_power};
use crate::state::{Voting, CLAIMS, CONFIG, MAX_CLAIMS, TOTAL_UNBONDING};
use crate::upgrade;

/// The governance token and unbonding period; refused in members mode.
fn staking_config(deps: &DepsMut) -> Result<(Addr, Duration), ContractError> {
    match CONFIG.load(deps.storage)?.voting {
        Voting::Cw20Staked {
            token,
            unbonding_period,
        } => Ok((token, unbonding_period)),
        Voting::Members => Err(ContractError::StakingDisabled),
    }
}

pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let (token, _) = staking_config(&deps)?;
    // The cw20 contract is the sender; it attaches no native funds.
    nonpayable(&info)?;
    if info.sender != token {
        return Err(ContractError::WrongToken {
            sender: info.sender,
            expected: token,
        });
    }
    if wrapper.amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    let ReceiveMsg::Stake {} =
        from_json(&wrapper.msg).map_err(|e| ContractError::InvalidReceiveMsg {
            reason: e.to_string(),
        })?;
    let staker = deps.api.addr_validate(&wrapper.sender)?;

    let height = env.block.height;
    let amount = wrapper.amount;
    let (_, staked) = update_power(deps.storage, &staker, height, |staked| {
        Ok::<_, ContractError>(staked.checked_add(amount)?)
    })?;
    let total = total_power(deps.storage, None)?.checked_add(amount)?;
    set_total_power(deps.storage, total, height)?;

    Ok(Response::new()
        .add_attribute("action", "stake")
        .add_attribute("sender", info.sender)
        .add_attribute("staker", staker)
        .add_attribute("amount", amount)
        .add_attribute("staked", staked)
        .add_attribute("total_staked", total))
}

pub fn unstake(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let (_, unbonding_period) = staking_config(&deps)?;
    nonpayable(&info)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    let staked = current_power(deps.storage, &info.sender)?;
    if amount > staked {
        return Err(ContractError::InsufficientStake {
            staked,
            requested: amount,
        });
    }
    let pending = CLAIMS
        .query_claims(deps.as_ref(), &info.sender)?
        .claims
        .len();
    if pending >= MAX_CLAIMS {
        return Err(ContractError::TooManyClaims {
            addr: info.sender,
            count: pending,
            max: MAX_CLAIMS,
        });
    }

    let height = env.block.height;
    let remaining = staked - amount;
    // A fully unstaked address leaves the staker list.
    set_power(deps.storage, &info.sender, remaining, height)?;
    let total = total_power(deps.storage, None)?.checked_sub(amount)?;
    set_total_power(deps.storage, total, height)?;
    // While a change of dao-core's code or admin is pending, stakers leave at
    // once: the unbonding period must not keep them in while it runs.
    if upgrade::is_pending(&deps)? {
        let (token, _) = staking_config(&deps)?;
        return Ok(Response::new()
            .add_message(transfer(&token, &info.sender, amount)?)
            .add_attribute("action", "unstake")
            .add_attribute("sender", info.sender)
            .add_attribute("amount", amount)
            .add_attribute("staked", remaining)
            .add_attribute("total_staked", total)
            .add_attribute("released", "at once: an upgrade of dao-core is pending"));
    }
    let release_at = checked_after(unbonding_period, &env.block)?;
    CLAIMS.create_claim(deps.storage, &info.sender, amount, release_at)?;
    let unbonding = TOTAL_UNBONDING.may_load(deps.storage)?.unwrap_or_default();
    TOTAL_UNBONDING.save(deps.storage, &unbonding.checked_add(amount)?)?;

    Ok(Response::new()
        .add_attribute("action", "unstake")
        .add_attribute("sender", info.sender)
        .add_attribute("amount", amount)
        .add_attribute("staked", remaining)
        .add_attribute("total_staked", total)
        .add_attribute("release_at", release_at.to_string()))
}

pub fn claim(deps: DepsMut, env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    let (token, _) = staking_config(&deps)?;
    nonpayable(&info)?;
    // While an upgrade is pending every claim is released: claims release
    // what has expired at the block given, and no claim outlives the end of
    // the clock.
    let at = if upgrade::is_pending(&deps)? {
        BlockInfo {
            height: u64::MAX,
            time: Timestamp::from_nanos(u64::MAX),
            chain_id: env.block.chain_id.clone(),
        }
    } else {
        env.block.clone()
    };
    let amount = CLAIMS.claim_tokens(deps.storage, &info.sender, &at, None)?;
    if amount.is_zero() {
        return Err(ContractError::NothingToClaim { addr: info.sender });
    }
    // Never below zero, also on a DAO created before the total was kept.
    let unbonding = TOTAL_UNBONDING.may_load(deps.storage)?.unwrap_or_default();
    TOTAL_UNBONDING.save(deps.storage, &unbonding.saturating_sub(amount))?;

    Ok(Response::new()
        .add_message(transfer(&token, &info.sender, amount)?)
        .add_attribute("action", "claim")
        .add_attribute("sender", info.sender)
        .add_attribute("amount", amount))
}

/// A transfer of `amount` governance tokens from dao-core to `to`.
fn transfer(token: &Addr, to: &Addr, amount: Uint128) -> StdResult<WasmMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
            recipient: to.to_string(),
            amount,
        })?,
        funds: vec![],
    })
}
