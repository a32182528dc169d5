//! Name, description and guardian, and who may change what.

use cosmwasm_std::{Addr, Api, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use steward_types::core;
use steward_types::roles;

use crate::error::ContractError;
use crate::state::{Config, CONFIG};

/// Only dao-core itself, i.e. a passed proposal executed through `ExecuteProposal`.
pub fn ensure_dao(env: &Env, info: &MessageInfo) -> Result<(), ContractError> {
    if info.sender != env.contract.address {
        return Err(ContractError::Unauthorized {
            sender: info.sender.clone(),
            role: roles::DAO,
        });
    }
    Ok(())
}

/// dao-core itself or the guardian, if one is set.
pub fn ensure_dao_or_guardian(
    env: &Env,
    info: &MessageInfo,
    config: &Config,
) -> Result<(), ContractError> {
    let is_guardian = config.guardian.as_ref() == Some(&info.sender);
    if info.sender != env.contract.address && !is_guardian {
        return Err(ContractError::Unauthorized {
            sender: info.sender.clone(),
            role: roles::DAO_OR_GUARDIAN,
        });
    }
    Ok(())
}

pub fn validate_name(name: &str) -> Result<(), ContractError> {
    Ok(core::validate_name(name)?)
}

pub fn validate_description(description: &str) -> Result<(), ContractError> {
    Ok(core::validate_description(description)?)
}

pub fn validate_guardian(
    api: &dyn Api,
    guardian: Option<String>,
) -> Result<Option<Addr>, ContractError> {
    Ok(guardian.map(|g| api.addr_validate(&g)).transpose()?)
}

pub fn update_config(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    name: String,
    description: String,
    guardian: Option<String>,
) -> Result<Response, ContractError> {
    ensure_dao(&env, &info)?;
    nonpayable(&info)?;
    validate_name(&name)?;
    validate_description(&description)?;
    let guardian = validate_guardian(deps.api, guardian)?;

    let mut config = CONFIG.load(deps.storage)?;
    config.name = name;
    config.description = description;
    config.guardian = guardian;
    CONFIG.save(deps.storage, &config)?;

    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("sender", info.sender)
        .add_attribute("name", config.name)
        .add_attribute(
            "guardian",
            config
                .guardian
                .map_or_else(|| "none".to_string(), |g| g.to_string()),
        ))
}
