//! Budgets: a spender draws from a continuous limit (a token bucket of
//! `amount_per_period`, refilled per `period_seconds`), each draw also passing
//! the treasury policy.

use crate::context::{build_context, ensure_not_paused};
use crate::error::ContractError;
use crate::execute::transfer_msg;
use crate::state::{save_limits, StoredBudget, BUDGETS, RETIRED_BUDGETS};
use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Uint128};
use cw_utils::nonpayable;
use steward_types::asset::AssetInfo;
use steward_types::bucket::Bucket;
use steward_types::policy::{check_actions, validate_recipient, TreasuryAction};

/// Creates or replaces a budget. A budget that exists, or was removed while
/// not full, resumes from what it holds at `now` (capped at the new amount,
/// with no refill for the change), so neither re-setting it, changing its
/// period nor removing and setting it again hands its spender a fresh
/// allowance. A budget with no such history starts full.
pub fn set(
    storage: &mut dyn Storage,
    now: u64,
    spender: Addr,
    asset: AssetInfo,
    amount_per_period: Uint128,
    period_seconds: u64,
) -> StdResult<()> {
    let key = asset.key();
    let prior = match BUDGETS.may_load(storage, (&spender, &key))? {
        Some(budget) => Some(budget),
        None => RETIRED_BUDGETS.may_load(storage, (&spender, &key))?,
    };
    let bucket = match prior {
        Some(old) => old
            .bucket
            .at(old.amount_per_period, old.period_seconds, now)
            .rescaled(amount_per_period, old.period_seconds, period_seconds),
        None => Bucket::full(amount_per_period, now),
    };
    RETIRED_BUDGETS.remove(storage, (&spender, &key));
    BUDGETS.save(
        storage,
        (&spender, &key),
        &StoredBudget {
            spender: spender.clone(),
            asset,
            amount_per_period,
            period_seconds,
            bucket,
        },
    )
}

/// Removes a budget. If it is not full at `now`, what it holds is kept aside
/// for a later `SetBudget` of the same spender and asset.
pub fn remove(
    storage: &mut dyn Storage,
    now: u64,
    spender: &Addr,
    asset: &AssetInfo,
) -> StdResult<()> {
    let key = asset.key();
    if let Some(mut budget) = BUDGETS.may_load(storage, (spender, &key))? {
        BUDGETS.remove(storage, (spender, &key));
        budget.bucket = budget
            .bucket
            .at(budget.amount_per_period, budget.period_seconds, now);
        if budget.bucket.level < budget.amount_per_period {
            RETIRED_BUDGETS.save(storage, (spender, &key), &budget)?;
        }
    }
    Ok(())
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
    let bucket = budget
        .bucket
        .at(budget.amount_per_period, budget.period_seconds, now);
    let bucket_after = bucket.take(amount).ok_or(ContractError::BudgetExceeded {
        available: bucket.level,
        requested: amount,
    })?;

    // The draw is one transfer under the policy: allowance, NAV share, reserve
    // and recipient allowlist all apply.
    let action = [TreasuryAction::Transfer {
        asset: asset.clone(),
        amount,
        recipient: recipient.to_string(),
    }];
    let ctx = build_context(deps.as_ref(), &env, &action)?;
    let outcome = check_actions(&ctx, &action)?;
    save_limits(deps.storage, &outcome.limits)?;

    budget.bucket = bucket_after;
    BUDGETS.save(deps.storage, (&info.sender, &key), &budget)?;

    Ok(Response::new()
        .add_message(transfer_msg(&asset, amount, recipient.as_str())?)
        .add_attribute("action", "draw_budget")
        .add_attribute("spender", info.sender)
        .add_attribute("asset", key)
        .add_attribute("amount", amount)
        .add_attribute("recipient", recipient)
        .add_attribute("available", bucket_after.level))
}
