//! Reading the world the policy check needs: balances, prices, pause state.

use crate::error::ContractError;
use crate::state::{load_limits, load_policy, DAO, POLICY_VERSION};
use cosmwasm_std::{Addr, Deps, Env, StdResult, Uint128};
use steward_types::asset::{query_balance, AssetInfo};
use steward_types::handle::{CoreContract, OracleContract};
use steward_types::policy::{Policy, PolicyContext, PriceInfo, TreasuryAction};
use steward_types::roles;
use steward_types::treasury::policy_balances;

/// The treasury's balance of one asset.
pub fn balance_of(deps: Deps, treasury: &Addr, asset: &AssetInfo) -> StdResult<Uint128> {
    query_balance(&deps.querier, treasury, asset)
}

/// Prices are needed to value a movement against the NAV limit and to bound a
/// swap's output. Without either, plain transfers and budget changes do not
/// depend on the oracle at all.
pub fn needs_prices(policy: &Policy, actions: &[TreasuryAction]) -> bool {
    policy.max_nav_share_bps.is_some()
        || actions
            .iter()
            .any(|a| matches!(a, TreasuryAction::Swap { .. }))
}

/// Oracle prices of the assets the policy lists; the oracle is found through
/// dao-core at call time.
fn oracle_prices(deps: Deps, policy: &Policy) -> StdResult<Vec<PriceInfo>> {
    let oracle = CoreContract(DAO.load(deps.storage)?).oracle(&deps.querier)?;
    let assets: Vec<_> = policy.allowances.iter().map(|a| a.info.clone()).collect();
    OracleContract(oracle).prices(&deps.querier, &assets)
}

/// The one place the policy context is assembled, for execution and queries
/// alike. Prices are fetched only when `actions` need them.
pub fn build_context(
    deps: Deps,
    env: &Env,
    actions: &[TreasuryAction],
) -> StdResult<PolicyContext> {
    let policy = load_policy(deps.storage)?;
    let prices = if needs_prices(&policy, actions) {
        oracle_prices(deps, &policy)?
    } else {
        vec![]
    };
    Ok(PolicyContext {
        balances: policy_balances(&deps.querier, &env.contract.address, &policy)?,
        policy_version: POLICY_VERSION.load(deps.storage)?,
        now: env.block.time.seconds(),
        prices,
        limits: load_limits(deps.storage)?,
        policy,
    })
}

/// Refuses while dao-core reports a pause that has not yet run out.
pub fn ensure_not_paused(deps: Deps, env: &Env) -> Result<(), ContractError> {
    let dao = CoreContract(DAO.load(deps.storage)?);
    match dao.paused_until(&deps.querier, &env.block)? {
        Some(expiration) => Err(ContractError::Paused { expiration }),
        None => Ok(()),
    }
}

/// Only dao-core may call privileged messages.
pub fn ensure_dao(deps: Deps, sender: &Addr) -> Result<(), ContractError> {
    if DAO.load(deps.storage)? != *sender {
        return Err(ContractError::Unauthorized {
            sender: sender.clone(),
            role: roles::DAO,
        });
    }
    Ok(())
}
