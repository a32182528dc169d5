//! Swaps: native offers sent as funds with `Swap`, cw20 offers through the
//! token's `Send`. Both pay out at the constant-product quote.

use crate::error::ContractError;
use crate::pool::{ask_asset, balance, quote};
use crate::state::CONFIG;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, Coin, CosmosMsg, Decimal, DepsMut, Env, MessageInfo,
    Response, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use steward_types::asset::AssetInfo;
use steward_types::treasury::pair::{Asset, Cw20HookMsg};

/// What the offerer accepts: Astroport's `belief_price` (offer per ask) and
/// `max_spread`.
pub struct Limits {
    pub belief_price: Option<Decimal>,
    pub max_spread: Option<Decimal>,
}

/// `Swap`: a native offer that must match the funds sent.
pub fn swap_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offer_asset: Asset,
    limits: Limits,
    to: Option<String>,
) -> Result<Response, ContractError> {
    let denom = match &offer_asset.info {
        AssetInfo::NativeToken { denom } => denom,
        AssetInfo::Token { .. } => {
            return Err(ContractError::Cw20OfferThroughSwap {
                asset: offer_asset.info.to_string(),
            })
        }
    };
    let sent = cw_utils::must_pay(&info, denom)?;
    if sent != offer_asset.amount {
        return Err(ContractError::FundsMismatch {
            offered: offer_asset.amount,
            sent,
        });
    }
    let to = match to {
        Some(to) => deps.api.addr_validate(&to)?,
        None => info.sender,
    };
    swap(deps, &env, offer_asset, limits, to)
}

/// cw20 `Receive`: the token contract is the sender, the amount arrived already.
pub fn receive_cw20(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    receive: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let Cw20HookMsg::Swap {
        belief_price,
        max_spread,
        to,
        ..
    } = from_json(&receive.msg)?;
    let offer_asset = Asset {
        info: AssetInfo::cw20(info.sender.as_str()),
        amount: receive.amount,
    };
    let to = deps.api.addr_validate(&to.unwrap_or(receive.sender))?;
    swap(
        deps,
        &env,
        offer_asset,
        Limits {
            belief_price,
            max_spread,
        },
        to,
    )
}

/// The least output an offerer with these limits accepts (Astroport's rule:
/// `offer / belief_price`, less `max_spread`); none without both.
pub(crate) fn minimum_return(
    offer: Uint128,
    limits: &Limits,
) -> Result<Option<Uint128>, ContractError> {
    let (Some(belief), Some(max_spread)) = (limits.belief_price, limits.max_spread) else {
        return Ok(None);
    };
    let per_offer = Decimal::one()
        .checked_div(belief)
        .map_err(|_| ContractError::ZeroBeliefPrice {})?;
    let kept =
        Decimal::one()
            .checked_sub(max_spread)
            .map_err(|_| ContractError::MaxSpreadTooHigh {
                max_spread: max_spread.to_string(),
            })?;
    let expected = offer
        .checked_mul_floor(per_offer)
        .map_err(|_| ContractError::Overflow {
            what: "the expected output",
        })?;
    let minimum = expected
        .checked_mul_floor(kept)
        .map_err(|_| ContractError::Overflow {
            what: "the minimum output",
        })?;
    Ok(Some(minimum))
}

fn swap(
    deps: DepsMut,
    env: &Env,
    offer: Asset,
    limits: Limits,
    to: Addr,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let ask = ask_asset(&config, &offer.info)?;
    let here = &env.contract.address;
    // The offer is already in the pair's balance: take it out of the reserve.
    let with_offer = balance(deps.as_ref(), here, &offer.info)?;
    let offer_reserve =
        with_offer
            .checked_sub(offer.amount)
            .map_err(|_| ContractError::ReserveBelowOffer {
                asset: offer.info.to_string(),
                reserve: with_offer,
                offer: offer.amount,
            })?;
    let ask_reserve = balance(deps.as_ref(), here, &ask)?;
    let sim = quote(
        &config,
        &offer.info,
        offer_reserve,
        &ask,
        ask_reserve,
        offer.amount,
    )?;
    if config.honor_max_spread {
        if let Some(minimum) = minimum_return(offer.amount, &limits)? {
            if sim.return_amount < minimum {
                return Err(ContractError::MaxSpreadExceeded {
                    return_amount: sim.return_amount,
                    minimum,
                });
            }
        }
    }
    let payout: CosmosMsg = match &ask {
        AssetInfo::NativeToken { denom } => BankMsg::Send {
            to_address: to.to_string(),
            amount: vec![Coin::new(sim.return_amount, denom)],
        }
        .into(),
        AssetInfo::Token { contract_addr } => WasmMsg::Execute {
            contract_addr: contract_addr.clone(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: sim.return_amount,
            })?,
            funds: vec![],
        }
        .into(),
    };
    Ok(Response::new()
        .add_message(payout)
        .add_attribute("action", "swap")
        .add_attribute("receiver", to)
        .add_attribute("offer_asset", offer.info.to_string())
        .add_attribute("ask_asset", ask.to_string())
        .add_attribute("offer_amount", offer.amount)
        .add_attribute("return_amount", sim.return_amount)
        .add_attribute("spread_amount", sim.spread_amount)
        .add_attribute("commission_amount", sim.commission_amount))
}
