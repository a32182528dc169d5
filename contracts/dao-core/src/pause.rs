//! Pausing stops proposal execution here and, through the `PauseInfo` query,
//! treasury movements.
//!
//! The DAO (through a passed proposal) may pause, unpause and replace any
//! pause. The guardian may start a pause, lengthen one, and end or shorten
//! its own, but never end or shorten a pause the DAO voted: the two are stored
//! apart, and a pause is in force while either runs.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::{nonpayable, Duration};
use steward_types::duration::{checked_after, ensure_bounded};

use crate::config::ensure_dao_or_guardian;
use crate::error::ContractError;
use crate::state::{active_dao_pause, active_pause, CONFIG, DAO_PAUSE, GUARDIAN_PAUSE};

pub fn pause(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    duration: Duration,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_dao_or_guardian(&env, &info, &config)?;
    nonpayable(&info)?;
    if matches!(duration, Duration::Height(0) | Duration::Time(0)) {
        return Err(ContractError::ZeroPauseDuration);
    }
    ensure_bounded("pause duration", &duration)?;
    let expiration = checked_after(duration, &env.block)?;
    if info.sender == env.contract.address {
        // The DAO's decision replaces every running pause, the guardian's too.
        DAO_PAUSE.save(deps.storage, &expiration)?;
        GUARDIAN_PAUSE.remove(deps.storage);
    } else {
        if let Some(dao_until) = active_dao_pause(deps.storage, &env.block)? {
            // Comparable only in one unit; an earlier end would shorten the DAO's pause.
            match expiration.partial_cmp(&dao_until) {
                Some(std::cmp::Ordering::Greater) => {}
                _ => {
                    return Err(ContractError::GuardianCannotShortenPause {
                        dao_until,
                        requested: expiration,
                    })
                }
            }
        }
        GUARDIAN_PAUSE.save(deps.storage, &expiration)?;
    }

    Ok(Response::new()
        .add_attribute("action", "pause")
        .add_attribute("sender", info.sender)
        .add_attribute("until", expiration.to_string()))
}

pub fn unpause(deps: DepsMut, env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_dao_or_guardian(&env, &info, &config)?;
    nonpayable(&info)?;
    if active_pause(deps.storage, &env.block)?.is_none() {
        return Err(ContractError::NotPaused);
    }
    if info.sender == env.contract.address {
        DAO_PAUSE.remove(deps.storage);
    } else if let Some(dao_until) = active_dao_pause(deps.storage, &env.block)? {
        return Err(ContractError::GuardianCannotEndDaoPause { dao_until });
    }
    GUARDIAN_PAUSE.remove(deps.storage);

    Ok(Response::new()
        .add_attribute("action", "unpause")
        .add_attribute("sender", info.sender))
}
