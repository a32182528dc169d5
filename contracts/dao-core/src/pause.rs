//! Pausing stops proposal execution here and, through the `PauseInfo` query,
//! treasury movements.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::{nonpayable, Duration};

use crate::config::ensure_dao_or_guardian;
use crate::error::ContractError;
use crate::state::{active_pause, CONFIG, PAUSED_UNTIL};

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
    // A new pause replaces any running one: the expiration is always the
    // latest decision of the DAO or the guardian.
    let expiration = duration.after(&env.block);
    PAUSED_UNTIL.save(deps.storage, &expiration)?;

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
    PAUSED_UNTIL.remove(deps.storage);

    Ok(Response::new()
        .add_attribute("action", "unpause")
        .add_attribute("sender", info.sender))
}
