use crate::context::build_context;
use crate::error::ContractError;
use crate::state::{load_limits, load_policy, BUDGETS, POLICY_VERSION};
use cosmwasm_std::{Deps, Env, Order, StdResult, Uint128};
use cw_storage_plus::Bound;
use steward_types::asset::AssetInfo;
use steward_types::page;
use steward_types::policy::{validate_actions, TreasuryAction};
use steward_types::treasury::{
    policy_balances, Budget, BudgetListResponse, BudgetResponse, CheckActionsResponse,
    PolicyResponse, PolicyStateResponse,
};

pub fn policy(deps: Deps) -> StdResult<PolicyResponse> {
    Ok(PolicyResponse {
        policy: load_policy(deps.storage)?,
        version: POLICY_VERSION.load(deps.storage)?,
    })
}

/// Everything but prices, for readers off the chain (the advisor, the web
/// app, simulations); the oracle reads the same values raw
/// (`TreasuryContract::policy_context`) and asks this only when they are not
/// stored.
pub fn policy_state(deps: Deps, env: &Env) -> StdResult<PolicyStateResponse> {
    let policy = load_policy(deps.storage)?;
    Ok(PolicyStateResponse::new(
        policy.clone(),
        POLICY_VERSION.load(deps.storage)?,
        policy_balances(&deps.querier, &env.contract.address, &policy)?,
        &load_limits(deps.storage)?,
        env.block.time.seconds(),
    ))
}

/// The check `Execute` runs, on the context it would build, with the usage
/// before and after. Policy violations are the answer; anything else (a bad
/// address, an unreachable oracle) is a query error.
pub fn check(
    deps: Deps,
    env: &Env,
    actions: Vec<TreasuryAction>,
) -> Result<CheckActionsResponse, ContractError> {
    validate_actions(deps.api, &env.contract.address, &actions)?;
    let ctx = build_context(deps, env, &actions)?;
    Ok(CheckActionsResponse::new(&ctx, &actions))
}

pub fn budget(
    deps: Deps,
    env: &Env,
    spender: String,
    asset: AssetInfo,
) -> StdResult<BudgetResponse> {
    let spender = deps.api.addr_validate(&spender)?;
    let budget = BUDGETS
        .may_load(deps.storage, (&spender, &asset.key()))?
        .map(Budget::from);
    let available = budget
        .as_ref()
        .map(|b| b.available(env.block.time.seconds()))
        .unwrap_or(Uint128::zero());
    Ok(BudgetResponse { budget, available })
}

pub fn list_budgets(
    deps: Deps,
    start_after: Option<(String, String)>,
    limit: Option<u32>,
) -> StdResult<BudgetListResponse> {
    let start = start_after
        .map(|(spender, asset)| {
            Ok::<_, cosmwasm_std::StdError>((deps.api.addr_validate(&spender)?, asset))
        })
        .transpose()?;
    let min = start
        .as_ref()
        .map(|(spender, asset)| Bound::exclusive((spender, asset.as_str())));
    let budgets = page(
        BUDGETS.range(deps.storage, min, None, Order::Ascending),
        limit,
        |(_, budget)| StdResult::Ok(Budget::from(budget)),
    )?;
    Ok(BudgetListResponse { budgets })
}
