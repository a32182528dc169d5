//! Reserves and the constant-product quote, shared by `Swap` and `Simulation`
//! so the pair always pays what it quotes.

use crate::error::ContractError;
use crate::state::Config;
use cosmwasm_std::{Addr, Deps, Uint128};
use steward_types::asset::{query_balance, AssetInfo};
use steward_types::treasury::pair::SimulationResponse;

/// Basis points in one.
const BPS: u128 = 10_000;

/// What `who` holds of `info`.
pub fn balance(deps: Deps, who: &Addr, info: &AssetInfo) -> Result<Uint128, ContractError> {
    Ok(query_balance(&deps.querier, who, info)?)
}

/// The pool's other asset: what an offer of `offer` asks for.
pub fn ask_asset(config: &Config, offer: &AssetInfo) -> Result<AssetInfo, ContractError> {
    match config.assets.iter().position(|a| a == offer) {
        Some(0) => Ok(config.assets[1].clone()),
        Some(_) => Ok(config.assets[0].clone()),
        None => Err(ContractError::NotInPool {
            asset: offer.to_string(),
        }),
    }
}

/// The output of offering `offer` against reserves that do not include it
/// yet: `ask_reserve · offer / (offer_reserve + offer)`, less the fee.
pub fn quote(
    config: &Config,
    offer_asset: &AssetInfo,
    offer_reserve: Uint128,
    ask_asset: &AssetInfo,
    ask_reserve: Uint128,
    offer: Uint128,
) -> Result<SimulationResponse, ContractError> {
    if offer.is_zero() {
        return Err(ContractError::ZeroOffer {});
    }
    // An empty side has no price: the first trade would take the other side whole.
    for (asset, reserve) in [(offer_asset, offer_reserve), (ask_asset, ask_reserve)] {
        if reserve.is_zero() {
            return Err(ContractError::EmptyReserve {
                asset: asset.to_string(),
            });
        }
    }
    let overflow = |what| ContractError::Overflow { what };
    let after = offer_reserve
        .checked_add(offer)
        .map_err(|_| overflow("the offer reserve after the trade"))?;
    let gross = ask_reserve
        .checked_multiply_ratio(offer, after)
        .map_err(|_| overflow("the output"))?;
    let commission = gross
        .checked_multiply_ratio(config.fee_bps, BPS)
        .map_err(|_| overflow("the commission"))?;
    let return_amount = gross
        .checked_sub(commission)
        .map_err(|_| overflow("the output after the fee"))?;
    let spot = ask_reserve
        .checked_multiply_ratio(offer, offer_reserve)
        .map_err(|_| overflow("the output at the spot price"))?;
    Ok(SimulationResponse {
        return_amount,
        spread_amount: spot.saturating_sub(gross),
        commission_amount: commission,
    })
}
