//! Outcomes of executed recommendations: the treasury balances their actions
//! move, taken before and after execution, scored a horizon later against
//! holding at the prices then (`steward_types::outcome::value_added`), and
//! counted in the issuing advisor's record.
//!
//! The proposal module reads the balances before it dispatches an adoption;
//! dao-core then runs the treasury's `Execute` and the oracle's `MarkExecuted`
//! as the messages of that one transaction, so nothing else can move the
//! treasury's balances between the two readings: the difference is exactly
//! what the actions did.

use crate::advisors::ensure_dao;
use crate::error::ContractError;
use crate::state::{load_outcome, save_outcome, Config, ADVISORS, CONFIG, PRICES};
use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Storage};
use steward_types::asset::{query_balance, AssetAmount, AssetInfo};
use steward_types::handle::CoreContract;
use steward_types::oracle::{Outcome, OutcomeResponse, RealisedOutcome};
use steward_types::outcome::{validate_horizon, value_added, value_at, ValuationError};
use steward_types::policy::PriceInfo;

/// Balances of `assets` held by `treasury` now.
fn balances(deps: Deps, treasury: &Addr, assets: &[AssetInfo]) -> StdResult<Vec<AssetAmount>> {
    assets
        .iter()
        .map(|asset| {
            Ok(AssetAmount::new(
                asset.clone(),
                query_balance(&deps.querier, treasury, asset)?,
            ))
        })
        .collect()
}

/// Stored prices of the assets in `balances` (any age; unpriced ones left out).
fn stored_prices(storage: &dyn Storage, balances: &[AssetAmount]) -> StdResult<Vec<PriceInfo>> {
    let mut prices = vec![];
    for b in balances {
        if let Some(price) = PRICES.may_load(storage, &b.info.key())? {
            prices.push(price);
        }
    }
    Ok(prices)
}

/// At execution, when a horizon is set and the actions moved funds: reads the
/// balances of the moved assets again and stores the outcome of `id`, due a
/// horizon from now. Bounded: the assets are those of at most `MAX_ACTIONS`
/// actions of at most two assets each.
pub fn record_start(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    id: u64,
    advisor: &str,
    before: Vec<AssetAmount>,
) -> Result<(), ContractError> {
    let Some(horizon_seconds) = config.outcome_horizon_seconds else {
        return Ok(());
    };
    if before.is_empty() {
        return Ok(());
    }
    let treasury = CoreContract(config.dao.clone()).treasury(&deps.querier)?;
    let assets: Vec<AssetInfo> = before.iter().map(|b| b.info.clone()).collect();
    let after = balances(deps.as_ref(), &treasury, &assets)?;
    let prices_at_execution = stored_prices(deps.storage, &after)?;
    let executed_at = env.block.time.seconds();
    let due_at =
        executed_at
            .checked_add(horizon_seconds)
            .ok_or(ContractError::OutcomeDueOverflow {
                id,
                executed_at,
                horizon_seconds,
            })?;
    let outcome = Outcome {
        id,
        advisor: advisor.to_string(),
        value_at_execution: value_at(&after, &prices_at_execution),
        before,
        after,
        executed_at,
        prices_at_execution,
        due_at,
        realised: None,
    };
    save_outcome(deps.storage, &outcome)?;
    Ok(())
}

/// Anyone may score a due outcome, once: the figure depends only on stored
/// balances and the oracle's prices, not on who asks. A price problem leaves
/// it unscored, to be scored after a fresh feed.
pub fn record(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut outcome =
        load_outcome(deps.storage, id)?.ok_or(ContractError::OutcomeNotTracked { id })?;
    if let Some(realised) = &outcome.realised {
        return Err(ContractError::OutcomeAlreadyRecorded {
            id,
            recorded_at: realised.recorded_at,
        });
    }
    let now = env.block.time.seconds();
    if now < outcome.due_at {
        return Err(ContractError::OutcomeNotDue {
            id,
            due_at: outcome.due_at,
            now,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let prices = stored_prices(deps.storage, &outcome.after)?;
    let value = value_added(
        &outcome.before,
        &outcome.after,
        &prices,
        now,
        config.max_price_age_seconds,
    )
    .map_err(|e| match e {
        ValuationError::PriceMissing { asset } => ContractError::OutcomePriceMissing { id, asset },
        ValuationError::ZeroPrice { asset } => ContractError::OutcomePriceZero { id, asset },
        ValuationError::PriceStale {
            asset,
            publish_time,
            now,
            max_age,
        } => ContractError::OutcomePriceStale {
            id,
            asset,
            publish_time,
            now,
            max_age,
        },
        ValuationError::Overflow { asset } => ContractError::OutcomeOverflow { id, asset },
    })?;
    outcome.realised = Some(RealisedOutcome {
        value_added: value,
        prices,
        recorded_at: now,
        recorded_by: info.sender.clone(),
    });
    save_outcome(deps.storage, &outcome)?;

    // Advisor ids are never deleted (revocation keeps them), so the record exists.
    let mut advisor = ADVISORS.load(deps.storage, &outcome.advisor)?;
    let record = &mut advisor.record;
    record.outcomes_recorded += 1;
    if value > cosmwasm_std::Int256::zero() {
        record.outcome_hits += 1;
    }
    // Shown, never acted on: saturating keeps a record unscored for no one.
    record.value_added = record.value_added.saturating_add(value);
    record.worst_outcome = Some(record.worst_outcome.map_or(value, |w| w.min(value)));
    ADVISORS.save(deps.storage, &outcome.advisor, &advisor)?;

    Ok(Response::new()
        .add_attribute("action", "record_outcome")
        .add_attribute("id", id.to_string())
        .add_attribute("advisor", &outcome.advisor)
        .add_attribute("value_added", value.to_string())
        .add_attribute("recorded_by", info.sender))
}

/// dao-core sets the horizon for recommendations executed from now on.
pub fn set_horizon(
    deps: DepsMut,
    info: MessageInfo,
    seconds: Option<u64>,
) -> Result<Response, ContractError> {
    let mut config = ensure_dao(deps.as_ref(), &info.sender)?;
    validate_horizon(seconds)?;
    config.outcome_horizon_seconds = seconds;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_outcome_horizon")
        .add_attribute(
            "seconds",
            seconds.map_or_else(|| "none".to_string(), |s| s.to_string()),
        ))
}

pub fn query(deps: Deps, id: u64) -> Result<OutcomeResponse, ContractError> {
    Ok(OutcomeResponse {
        id,
        outcome: load_outcome(deps.storage, id)?,
    })
}
