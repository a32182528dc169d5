//! Layout 1, v0.1.0's: continuous limits (`limits`) instead of the
//! fixed-window usage (`usage`) of the layouts before it.

use cosmwasm_std::{Binary, Env, Order, Storage};
use steward_types::bucket::Bucket;
use steward_types::migrate::Moved;
use steward_types::policy::Limits;

use crate::error::ContractError;
use crate::state::{load_policy, save_limits, BUDGETS, LIMITS};

/// The fixed-window usage of the layouts before.
const OLD_USAGE_KEY: &[u8] = b"usage";

/// From a treasury with fixed-window usage: every limit starts empty (it fills
/// over one period, so the upgrade hands out nothing). Budgets of the old
/// layout cannot be carried over; the migration refuses while any exists.
/// State already in this layout (it has limits) is left as it is.
pub fn migrate(storage: &mut dyn Storage, env: &Env) -> Result<Moved, ContractError> {
    if LIMITS.may_load(storage)?.is_some() {
        return Ok(vec![("limits_started", 0)]);
    }
    if let Some(key) = BUDGETS
        .keys_raw(storage, None, None, Order::Ascending)
        .next()
    {
        return Err(ContractError::UnsupportedStateLayout {
            reason: format!("budget key {}", Binary::from(key)),
        });
    }
    let policy = load_policy(storage)?;
    let now = env.block.time.seconds();
    let mut limits = Limits::full(&policy, now);
    for asset in &mut limits.assets {
        asset.bucket = Bucket::empty(now);
    }
    limits.nav_share = Bucket::empty(now);
    save_limits(storage, &limits)?;
    storage.remove(OLD_USAGE_KEY);
    Ok(vec![("limits_started", 1)])
}
