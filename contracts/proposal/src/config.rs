//! Replacing the config (its rules are `Config::validate` in steward-types).

use crate::error::ContractError;
use crate::state::{save_config, DAO};
use cosmwasm_std::{DepsMut, MessageInfo, Response};
use steward_types::proposal::Config;
use steward_types::roles;

/// Replaces the config. The DAO only (through a passed proposal).
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    config: Config,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let dao = DAO.load(deps.storage)?;
    if info.sender != dao {
        return Err(ContractError::Unauthorized {
            sender: info.sender,
            role: roles::DAO,
        });
    }
    config.validate(deps.api)?;
    save_config(deps.storage, &config)?;
    // Open proposals keep the threshold, periods and timelock they were created with.
    Ok(Response::new().add_attribute("action", "update_config"))
}
