//! dao-core's messages: `Execute` and `UpdatePolicy`; and cw20 deposits.

use crate::budget;
use crate::context::{build_context, ensure_dao, ensure_not_paused};
use crate::error::ContractError;
use crate::state::{
    load_limits, load_policy, save_limits, save_policy, PendingSwap, PENDING_SWAPS, POLICY_VERSION,
};
use crate::swap::{settle_msg, swap_msg};
use crate::validate;
use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, BankMsg, CosmosMsg, DepsMut, Env, MessageInfo,
    Response, StdError, StdResult, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_utils::nonpayable;
use steward_types::asset::{add_amount, amount_of, AssetAmount, AssetInfo};
use steward_types::policy::{
    check_actions, ensure_policy_version, validate_actions, Policy, TreasuryAction,
};
use steward_types::treasury::ReceiveMsg;

/// A payment of `amount` of `asset` to `recipient`.
pub fn transfer_msg(asset: &AssetInfo, amount: Uint128, recipient: &str) -> StdResult<CosmosMsg> {
    Ok(match asset {
        AssetInfo::NativeToken { denom } => BankMsg::Send {
            to_address: recipient.to_string(),
            amount: coins(amount.u128(), denom),
        }
        .into(),
        AssetInfo::Token { contract_addr } => WasmMsg::Execute {
            contract_addr: contract_addr.clone(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: recipient.to_string(),
                amount,
            })?,
            funds: vec![],
        }
        .into(),
    })
}

/// `Execute`: run actions under the policy, all or none.
pub fn execute_actions(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    actions: Vec<TreasuryAction>,
    recommendation_id: Option<u64>,
    expected_policy_version: Option<u64>,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    ensure_dao(deps.as_ref(), &info.sender)?;
    ensure_not_paused(deps.as_ref(), &env)?;
    let version = POLICY_VERSION.load(deps.storage)?;
    if let Some(signed) = expected_policy_version {
        ensure_policy_version(signed, version)?;
    }
    validate_actions(deps.api, &env.contract.address, &actions)?;

    let ctx = build_context(deps.as_ref(), &env, &actions)?;
    let outcome = check_actions(&ctx, &actions)?;
    validate::removals(deps.storage, &actions)?;
    // Everything that can refuse the batch has run; from here on only writes.
    save_limits(deps.storage, &outcome.limits)?;

    let mut res = Response::new().add_attribute("action", "execute");
    if let Some(id) = recommendation_id {
        res = res.add_attribute("recommendation_id", id.to_string());
    }
    res = res.add_attribute("policy_version", version.to_string());

    // Ask-asset amounts that earlier actions send out, so each swap's
    // settlement measures its own output only.
    let mut sent_out: Vec<AssetAmount> = vec![];
    for (index, action) in actions.into_iter().enumerate() {
        match action {
            TreasuryAction::Transfer {
                asset,
                amount,
                recipient,
            } => {
                res = res
                    .add_message(transfer_msg(&asset, amount, &recipient)?)
                    .add_attribute("transfer", format!("{amount} {asset} to {recipient}"));
                add_amount(&mut sent_out, &asset, amount);
            }
            TreasuryAction::Swap {
                pair,
                offer_asset,
                offer_amount,
                ask_asset,
                max_slippage_bps,
            } => {
                let quote = outcome
                    .swaps
                    .iter()
                    .find(|q| q.action_index as usize == index)
                    .ok_or_else(|| StdError::generic_err(format!("no quote for swap {index}")))?;
                // The policy check guarantees these outflows fit in the balance.
                let baseline = amount_of(&ctx.balances, &ask_asset)
                    .checked_sub(amount_of(&sent_out, &ask_asset))
                    .map_err(StdError::from)?;
                PENDING_SWAPS.save(
                    deps.storage,
                    index as u64,
                    &PendingSwap {
                        ask_asset: ask_asset.clone(),
                        baseline,
                        min_out: quote.min_out,
                    },
                )?;
                res = res
                    .add_message(swap_msg(
                        &pair,
                        &offer_asset,
                        offer_amount,
                        &ask_asset,
                        max_slippage_bps,
                        quote,
                    )?)
                    .add_message(settle_msg(&env.contract.address, index as u64)?)
                    .add_attribute(
                        "swap",
                        format!(
                            "{offer_amount} {offer_asset} for {ask_asset} via {pair}, expected {}, min {}",
                            quote.expected_out, quote.min_out
                        ),
                    );
                add_amount(&mut sent_out, &offer_asset, offer_amount);
            }
            TreasuryAction::SetBudget {
                spender,
                asset,
                amount_per_period,
                period_seconds,
            } => {
                res = res.add_attribute(
                    "set_budget",
                    format!("{spender} {amount_per_period} {asset} per {period_seconds}s"),
                );
                // Validated by `validate_actions`.
                budget::set(
                    deps.storage,
                    ctx.now,
                    Addr::unchecked(spender),
                    asset,
                    amount_per_period,
                    period_seconds,
                )?;
            }
            TreasuryAction::RemoveBudget { spender, asset } => {
                res = res.add_attribute("remove_budget", format!("{spender} {asset}"));
                budget::remove(deps.storage, ctx.now, &Addr::unchecked(spender), &asset)?;
            }
        }
    }
    Ok(res)
}

/// `UpdatePolicy`: replace the policy and bump its version. What was spent
/// stays counted: each limit keeps what it holds (capped at its new capacity)
/// and refills at the new rate from now on; a change never refills.
pub fn update_policy(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    policy: Policy,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    ensure_dao(deps.as_ref(), &info.sender)?;
    policy.validate(deps.api)?;
    let old = load_policy(deps.storage)?;
    let limits = load_limits(deps.storage)?;
    save_limits(
        deps.storage,
        &limits.after_policy_change(&old, &policy, env.block.time.seconds()),
    )?;
    save_policy(deps.storage, &policy)?;
    let version = POLICY_VERSION.update(deps.storage, |v| -> StdResult<_> { Ok(v + 1) })?;
    Ok(Response::new()
        .add_attribute("action", "update_policy")
        .add_attribute("policy_version", version.to_string()))
}

/// `Receive`: a cw20 deposit from any token contract.
pub fn receive(info: MessageInfo, wrapper: Cw20ReceiveMsg) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let ReceiveMsg::Deposit {} =
        from_json(&wrapper.msg).map_err(|e| ContractError::InvalidReceiveMsg {
            reason: e.to_string(),
        })?;
    if wrapper.amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    Ok(Response::new()
        .add_attribute("action", "deposit")
        .add_attribute("token", info.sender)
        .add_attribute("from", wrapper.sender)
        .add_attribute("amount", wrapper.amount))
}
