use crate::error::ContractError;
use crate::msg::{Asset, ExecuteMsg, InstantiateMsg, PoolResponse, QueryMsg};
use crate::pool::{ask_asset, balance, quote};
use crate::state::{Config, CONFIG};
use crate::swap::{self, Limits};
#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, Uint128};

pub const CONTRACT_NAME: &str = "crates.io:steward-pair";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    for asset in &msg.assets {
        asset.validate(deps.api)?;
    }
    if msg.assets[0] == msg.assets[1] {
        return Err(ContractError::SameAssets {
            asset: msg.assets[0].to_string(),
        });
    }
    if msg.fee_bps > 10_000 {
        return Err(ContractError::FeeTooHigh {
            fee_bps: msg.fee_bps,
        });
    }
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            assets: msg.assets.clone(),
            fee_bps: msg.fee_bps,
            honor_max_spread: msg.honor_max_spread,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("assets", format!("{}/{}", msg.assets[0], msg.assets[1]))
        .add_attribute("fee_bps", msg.fee_bps.to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Swap {
            offer_asset,
            belief_price,
            max_spread,
            to,
            ..
        } => swap::swap_native(
            deps,
            env,
            info,
            offer_asset,
            Limits {
                belief_price,
                max_spread,
            },
            to,
        ),
        ExecuteMsg::Receive(receive) => swap::receive_cw20(deps, env, info, receive),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let here = &env.contract.address;
    Ok(match msg {
        QueryMsg::Pool {} => {
            let assets = config
                .assets
                .iter()
                .map(|info| {
                    Ok(Asset {
                        info: info.clone(),
                        amount: balance(deps, here, info)?,
                    })
                })
                .collect::<Result<Vec<_>, ContractError>>()?;
            to_json_binary(&PoolResponse {
                assets,
                total_share: Uint128::zero(),
            })?
        }
        QueryMsg::Simulation { offer_asset, .. } => {
            let ask = ask_asset(&config, &offer_asset.info)?;
            to_json_binary(&quote(
                &config,
                &offer_asset.info,
                balance(deps, here, &offer_asset.info)?,
                &ask,
                balance(deps, here, &ask)?,
                offer_asset.amount,
            )?)?
        }
    })
}
