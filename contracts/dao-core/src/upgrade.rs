//! Changes of dao-core's own code or admin in staking mode.
//!
//! dao-core holds the stakers' governance tokens, and no rule that inspects
//! messages can bind the code it migrates to: a majority could migrate it to
//! code whose `migrate` sends the stake away. So in staking mode such a
//! proposal is not run when it executes. It is scheduled for twice the
//! unbonding period later (longer than the unbonding period, so even a staker
//! who unbonded the ordinary way just before is released in time), and while
//! it is pending every staker unbonds and claims at once.

use cosmwasm_std::{Addr, CosmosMsg, DepsMut, Env, MessageInfo, Response, WasmMsg};
use cw_utils::{nonpayable, Duration};
use steward_types::duration::checked_after;

use crate::config::ensure_dao;
use crate::error::ContractError;
use crate::proposals::ensure_stake_untouched;
use crate::state::{active_pause, StoredUpgrade, Voting, CONFIG, PENDING_UPGRADE};

/// Whether `msg` changes the code or the admin of `dao` (dao-core itself).
/// The chain accepts an upper-case bech32 address as well.
pub fn changes_own_code_or_admin(dao: &Addr, msg: &CosmosMsg) -> bool {
    match msg {
        CosmosMsg::Wasm(
            WasmMsg::Migrate { contract_addr, .. }
            | WasmMsg::UpdateAdmin { contract_addr, .. }
            | WasmMsg::ClearAdmin { contract_addr },
        ) => contract_addr.eq_ignore_ascii_case(dao.as_str()),
        _ => false,
    }
}

/// The delay of a change: twice the unbonding period.
fn upgrade_delay(unbonding_period: Duration) -> Result<Duration, ContractError> {
    let overflow = || ContractError::UpgradeDelayOverflow { unbonding_period };
    Ok(match unbonding_period {
        Duration::Height(h) => Duration::Height(h.checked_mul(2).ok_or_else(overflow)?),
        Duration::Time(t) => Duration::Time(t.checked_mul(2).ok_or_else(overflow)?),
    })
}

/// Stores a passed proposal's messages as the pending change.
pub fn schedule(
    deps: DepsMut,
    env: Env,
    msgs: Vec<CosmosMsg>,
    unbonding_period: Duration,
) -> Result<Response, ContractError> {
    if let Some(pending) = PENDING_UPGRADE.may_load(deps.storage)? {
        return Err(ContractError::UpgradeAlreadyPending {
            executable_at: pending.executable_at,
        });
    }
    let executable_at = checked_after(upgrade_delay(unbonding_period)?, &env.block)?;
    let count = msgs.len();
    PENDING_UPGRADE.save(
        deps.storage,
        &StoredUpgrade {
            msgs,
            executable_at,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "schedule_upgrade")
        .add_attribute("msgs", count.to_string())
        .add_attribute("executable_at", executable_at.to_string()))
}

/// Whether a change of dao-core's code or admin is pending.
pub fn is_pending(deps: &DepsMut) -> Result<bool, ContractError> {
    Ok(PENDING_UPGRADE.may_load(deps.storage)?.is_some())
}

/// Runs the pending change once its delay is over. Anyone.
pub fn execute_upgrade(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let pending = PENDING_UPGRADE
        .may_load(deps.storage)?
        .ok_or(ContractError::NoPendingUpgrade)?;
    if !pending.executable_at.is_expired(&env.block) {
        return Err(ContractError::UpgradeNotYetExecutable {
            executable_at: pending.executable_at,
        });
    }
    if let Some(expiration) = active_pause(deps.storage, &env.block)? {
        return Err(ContractError::Paused { expiration });
    }
    // The stake rule holds at run time too: balances may have moved meanwhile.
    if let Voting::Cw20Staked { token, .. } = CONFIG.load(deps.storage)?.voting {
        ensure_stake_untouched(deps.as_ref(), &env, &token, &pending.msgs)?;
    }
    PENDING_UPGRADE.remove(deps.storage);
    Ok(Response::new()
        .add_attribute("action", "execute_upgrade")
        .add_attribute("sender", info.sender)
        .add_messages(pending.msgs))
}

/// Drops the pending change. The DAO itself only.
pub fn cancel_upgrade(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    ensure_dao(&env, &info)?;
    nonpayable(&info)?;
    PENDING_UPGRADE
        .may_load(deps.storage)?
        .ok_or(ContractError::NoPendingUpgrade)?;
    PENDING_UPGRADE.remove(deps.storage);
    Ok(Response::new().add_attribute("action", "cancel_upgrade"))
}
