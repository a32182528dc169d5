//! Budgets: a spender draws up to an amount per period, each draw also passing
//! the treasury policy.

use crate::context::{build_context, ensure_not_paused};
use crate::error::ContractError;
use crate::execute::transfer_msg;
use crate::state::{BUDGETS, USAGE};
use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Uint128};
use cw_utils::nonpayable;
use steward_types::asset::AssetInfo;
use steward_types::policy::{check_actions, validate_recipient, TreasuryAction};
use steward_types::treasury::Budget;

/// Start of the fixed window of `period_seconds` (counted from the Unix epoch)
/// that contains `now`.
pub fn window_start(now: u64, period_seconds: u64) -> u64 {
    now - now % period_seconds
}

/// What was drawn in the window containing `now` (zero once a new window began).
fn drawn_in_window(budget: &Budget, now: u64) -> Uint128 {
    if budget.period_start == window_start(now, budget.period_seconds) {
        budget.drawn
    } else {
        Uint128::zero()
    }
}

/// What the budget still allows in the window containing `now`.
pub fn available(budget: &Budget, now: u64) -> Uint128 {
    budget
        .amount_per_period
        .saturating_sub(drawn_in_window(budget, now))
}

/// Creates or replaces a budget. A replacement keeps what was already drawn in
/// the current window, so re-setting a budget cannot hand its spender a fresh
/// allowance in the middle of a period.
pub fn set(
    storage: &mut dyn Storage,
    now: u64,
    spender: Addr,
    asset: AssetInfo,
    amount_per_period: Uint128,
    period_seconds: u64,
) -> StdResult<()> {
    let key = asset.key();
    let period_start = window_start(now, period_seconds);
    let drawn = match BUDGETS.may_load(storage, (&spender, &key))? {
        Some(old) if old.period_start == period_start => old.drawn,
        _ => Uint128::zero(),
    };
    BUDGETS.save(
        storage,
        (&spender, &key),
        &Budget {
            spender: spender.clone(),
            asset,
            amount_per_period,
            period_seconds,
            period_start,
            drawn,
        },
    )
}

/// `DrawBudget`: the sender draws from its own budget for `asset`.
pub fn draw(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    asset: AssetInfo,
    amount: Uint128,
    recipient: Option<String>,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let key = asset.key();
    let mut budget = BUDGETS
        .may_load(deps.storage, (&info.sender, &key))?
        .ok_or_else(|| ContractError::BudgetNotFound {
            spender: info.sender.to_string(),
            asset: key.clone(),
        })?;
    ensure_not_paused(deps.as_ref(), &env)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let recipient = match recipient {
        Some(r) => validate_recipient(deps.api, &env.contract.address, 0, &r)?,
        None => info.sender.clone(),
    };

    let now = env.block.time.seconds();
    let available = available(&budget, now);
    if amount > available {
        return Err(ContractError::BudgetExceeded {
            available,
            requested: amount,
        });
    }

    // The draw is one transfer under the policy: allowance, NAV share, reserve
    // and recipient allowlist all apply.
    let action = [TreasuryAction::Transfer {
        asset: asset.clone(),
        amount,
        recipient: recipient.to_string(),
    }];
    let ctx = build_context(deps.as_ref(), &env, &action)?;
    let outcome = check_actions(&ctx, &action)?;
    USAGE.save(deps.storage, &outcome.usage)?;

    let period_start = window_start(now, budget.period_seconds);
    budget.drawn = drawn_in_window(&budget, now) + amount;
    budget.period_start = period_start;
    BUDGETS.save(deps.storage, (&info.sender, &key), &budget)?;

    Ok(Response::new()
        .add_message(transfer_msg(&asset, amount, recipient.as_str())?)
        .add_attribute("action", "draw_budget")
        .add_attribute("spender", info.sender)
        .add_attribute("asset", key)
        .add_attribute("amount", amount)
        .add_attribute("recipient", recipient)
        .add_attribute("drawn", budget.drawn)
        .add_attribute("period_start", period_start.to_string()))
}
