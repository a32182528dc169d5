//! Swaps through an Astroport-style pair, with the minimum output enforced by
//! the treasury itself in `settle`.
//!
//! Each swap message is followed by a `SettleSwap` the treasury sends to
//! itself rather than answered by a reply: messages run in order, each with
//! everything it dispatched, so the check runs at the same point, and a
//! contract without a reply entry point carries no decoder of `Reply` (about
//! 13 KB of wasm).

use crate::context::balance_of;
use crate::error::ContractError;
use crate::state::PENDING_SWAPS;
use cosmwasm_std::{
    coins, to_json_binary, Addr, CosmosMsg, Decimal, DepsMut, Env, MessageInfo, Order, Response,
    StdError, StdResult, Uint128, Uint256, WasmMsg,
};
use cw20::Cw20ExecuteMsg;
use cw_storage_plus::Bound;
use cw_utils::nonpayable;
use steward_types::asset::AssetInfo;
use steward_types::policy::{SwapQuote, BPS};
use steward_types::roles;
use steward_types::treasury::{pair, ExecuteMsg};

/// The swap message for one action.
///
/// `belief_price` follows Astroport's definition (offer units per unit of
/// return), taken from the oracle quote: `offer_amount / expected_out`, rounded
/// up so that an honest pair never expects more than the quote (a Decimal has
/// 18 decimals; between assets of very different unit values the ratio needs
/// them all). When the ratio does not fit a Decimal it is left out.
/// `max_spread` is the action's slippage. Together they ask an honest pair to
/// refuse a return below `expected_out · (1 − slippage)`; the pair is not
/// trusted to do so, `settle` checks the balance.
pub fn swap_msg(
    pair: &str,
    offer_asset: &AssetInfo,
    offer_amount: Uint128,
    ask_asset: &AssetInfo,
    max_slippage_bps: u16,
    quote: &SwapQuote,
) -> Result<CosmosMsg, ContractError> {
    let belief_price = belief_price(offer_amount, quote.expected_out);
    let max_spread = Decimal::from_ratio(u64::from(max_slippage_bps), BPS);
    let msg = match offer_asset {
        AssetInfo::NativeToken { denom } => WasmMsg::Execute {
            contract_addr: pair.to_string(),
            msg: to_json_binary(&pair::ExecuteMsg::Swap {
                offer_asset: pair::Asset {
                    info: offer_asset.clone(),
                    amount: offer_amount,
                },
                ask_asset_info: Some(ask_asset.clone()),
                belief_price,
                max_spread: Some(max_spread),
                to: None,
            })?,
            funds: coins(offer_amount.u128(), denom),
        },
        AssetInfo::Token { contract_addr } => WasmMsg::Execute {
            contract_addr: contract_addr.clone(),
            msg: to_json_binary(&Cw20ExecuteMsg::Send {
                contract: pair.to_string(),
                amount: offer_amount,
                msg: to_json_binary(&pair::Cw20HookMsg::Swap {
                    ask_asset_info: Some(ask_asset.clone()),
                    belief_price,
                    max_spread: Some(max_spread),
                    to: None,
                })?,
            })?,
            funds: vec![],
        },
    };
    Ok(msg.into())
}

/// The `SettleSwap` that follows the swap of action `action_index`.
pub fn settle_msg(treasury: &Addr, action_index: u64) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: treasury.to_string(),
        msg: to_json_binary(&ExecuteMsg::SettleSwap { action_index })?,
        funds: vec![],
    }
    .into())
}

/// `offer_amount / expected_out` as a Decimal, rounded up; `None` when
/// `expected_out` is zero or the ratio is out of a Decimal's range.
fn belief_price(offer_amount: Uint128, expected_out: Uint128) -> Option<Decimal> {
    let denominator = Uint256::from(expected_out);
    if denominator.is_zero() {
        return None;
    }
    let numerator = offer_amount.full_mul(Decimal::one().atomics());
    let atomics = numerator
        .checked_add(denominator - Uint256::one())
        .ok()?
        .checked_div(denominator)
        .ok()?;
    Uint128::try_from(atomics).ok().map(Decimal::new)
}

/// `SettleSwap`: runs right after one swap (and everything it dispatched) and
/// before the execution's next message: the ask balance must have risen by
/// `min_out`. An error here reverts the whole execution. The treasury only.
pub fn settle(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_index: u64,
) -> Result<Response, ContractError> {
    if info.sender != env.contract.address {
        return Err(ContractError::Unauthorized {
            sender: info.sender,
            role: roles::TREASURY,
        });
    }
    nonpayable(&info)?;
    let pending = PENDING_SWAPS
        .may_load(deps.storage, action_index)?
        .ok_or(ContractError::NoPendingSwap { action_index })?;
    let balance = balance_of(deps.as_ref(), &env.contract.address, &pending.ask_asset)?;
    let received = balance.saturating_sub(pending.baseline);
    if received < pending.min_out {
        return Err(ContractError::SwapOutputTooLow {
            received,
            min_out: pending.min_out,
        });
    }

    PENDING_SWAPS.remove(deps.storage, action_index);

    // A later swap into the same asset starts from a balance that now holds
    // this output. At most MAX_ACTIONS records exist.
    let later = PENDING_SWAPS
        .range(
            deps.storage,
            Some(Bound::exclusive(action_index)),
            None,
            Order::Ascending,
        )
        .collect::<StdResult<Vec<_>>>()?;
    for (later_id, mut other) in later {
        if other.ask_asset == pending.ask_asset {
            other.baseline = other
                .baseline
                .checked_add(received)
                .map_err(StdError::from)?;
            PENDING_SWAPS.save(deps.storage, later_id, &other)?;
        }
    }

    Ok(Response::new()
        .add_attribute("action", "swap_settled")
        .add_attribute("action_index", action_index.to_string())
        .add_attribute("ask_asset", pending.ask_asset.key())
        .add_attribute("received", received)
        .add_attribute("min_out", pending.min_out))
}
