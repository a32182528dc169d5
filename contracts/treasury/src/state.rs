//! What the treasury stores. Records are the treasury's own types, apart
//! from the messages (`StoredPolicy`, `StoredLimits`, `StoredBudget`): the API can change
//! without moving stored state, and a change of stored state is a new layout
//! (`migrations`). The policy's and the limits' stored types live in the shared
//! package (`steward_types::treasury::stored`), because the oracle reads them
//! raw; the conversions, there and below, are where the two meet.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use steward_types::asset::AssetInfo;
use steward_types::bucket::Bucket;
use steward_types::policy::{Limits, Policy};
use steward_types::treasury::stored::{self, StoredLimits, StoredPolicy};
use steward_types::treasury::Budget;

/// Storage namespaces, spelled once (the policy's, its version's and the
/// limits' are in the shared package: the other contracts read them raw).
pub mod keys {
    pub const DAO: &str = "dao";
    pub const BUDGETS: &str = "budgets";
    pub const RETIRED_BUDGETS: &str = "retired_budgets";
    pub const PENDING_SWAPS: &str = "pending_swaps";
}

/// dao-core: the only address that can move funds or change the policy.
pub const DAO: Item<Addr> = Item::new(keys::DAO);
/// The policy in force; read and written through [`load_policy`] and
/// [`save_policy`].
const POLICY: Item<StoredPolicy> = Item::new(stored::POLICY_KEY);
/// The policy's version: 1 at instantiate, bumped by each `UpdatePolicy`.
pub const POLICY_VERSION: Item<u64> = Item::new(stored::POLICY_VERSION_KEY);
/// The continuous limits' state (as returned by the policy check); read and
/// written through [`load_limits`] and [`save_limits`].
pub const LIMITS: Item<StoredLimits> = Item::new(stored::LIMITS_KEY);
/// Budgets by (spender, asset key).
pub const BUDGETS: Map<(&Addr, &str), StoredBudget> = Map::new(keys::BUDGETS);
/// Removed budgets that were not full, by (spender, asset key): setting the
/// budget again resumes from what was drawn instead of starting full.
pub const RETIRED_BUDGETS: Map<(&Addr, &str), StoredBudget> = Map::new(keys::RETIRED_BUDGETS);
/// Swaps dispatched in the current execution and awaiting their `SettleSwap`,
/// by the swap's index in the action list. Every record is removed by its
/// settlement; a failed execution reverts them with everything else.
pub const PENDING_SWAPS: Map<u64, PendingSwap> = Map::new(keys::PENDING_SWAPS);

/// The policy in force.
pub fn load_policy(storage: &dyn Storage) -> StdResult<Policy> {
    Ok(POLICY.load(storage)?.into())
}

/// Stores `policy` as the one in force.
pub fn save_policy(storage: &mut dyn Storage, policy: &Policy) -> StdResult<()> {
    POLICY.save(storage, &policy.into())
}

/// The limits' state now.
pub fn load_limits(storage: &dyn Storage) -> StdResult<Limits> {
    Ok(LIMITS.load(storage)?.into())
}

/// Stores `limits` as the limits' state.
pub fn save_limits(storage: &mut dyn Storage, limits: &Limits) -> StdResult<()> {
    LIMITS.save(storage, &limits.into())
}

/// A budget as stored: the fields of [`Budget`] (see it for their meaning).
#[cw_serde]
pub struct StoredBudget {
    /// Who may draw.
    pub spender: Addr,
    /// Which asset.
    pub asset: AssetInfo,
    /// Most the budget holds, refilled per `period_seconds`.
    pub amount_per_period: Uint128,
    /// The refill period in seconds.
    pub period_seconds: u64,
    /// What may be drawn, as of the bucket's `updated_at`.
    pub bucket: Bucket,
}

impl From<StoredBudget> for Budget {
    fn from(b: StoredBudget) -> Self {
        Budget {
            spender: b.spender,
            asset: b.asset,
            amount_per_period: b.amount_per_period,
            period_seconds: b.period_seconds,
            bucket: b.bucket,
        }
    }
}

/// What the settlement of one swap checks.
#[cw_serde]
pub struct PendingSwap {
    /// The asset that must arrive.
    pub ask_asset: AssetInfo,
    /// The treasury's ask-asset balance just before this swap's message runs:
    /// the balance at the start of the execution, less the ask asset that earlier
    /// actions of the same execution send out, plus what earlier swaps into the
    /// same asset were seen to deliver (added by their settlements).
    pub baseline: Uint128,
    /// Least the balance must rise by.
    pub min_out: Uint128,
}
