use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};
use steward_types::asset::AssetInfo;
use steward_types::policy::{Limits, Policy};
use steward_types::treasury::Budget;

/// dao-core: the only address that can move funds or change the policy.
pub const DAO: Item<Addr> = Item::new("dao");
/// The policy in force.
pub const POLICY: Item<Policy> = Item::new("policy");
/// The policy's version: 1 at instantiate, bumped by each `UpdatePolicy`.
pub const POLICY_VERSION: Item<u64> =
    Item::new(steward_types::treasury::stored::POLICY_VERSION_KEY);
/// The continuous limits' state (as returned by the policy check).
pub const LIMITS: Item<Limits> = Item::new("limits");
/// Budgets by (spender, asset key).
pub const BUDGETS: Map<(&Addr, &str), Budget> = Map::new("budgets");
/// Removed budgets that were not full, by (spender, asset key): setting the
/// budget again resumes from what was drawn instead of starting full.
pub const RETIRED_BUDGETS: Map<(&Addr, &str), Budget> = Map::new("retired_budgets");
/// Swaps dispatched in the current execution and awaiting their reply, by reply
/// id (= the swap's index in the action list). Every record is removed by its
/// reply; a failed execution reverts them with everything else.
pub const PENDING_SWAPS: Map<u64, PendingSwap> = Map::new("pending_swaps");

/// What the reply of one swap checks.
#[cw_serde]
pub struct PendingSwap {
    /// The asset that must arrive.
    pub ask_asset: AssetInfo,
    /// The treasury's ask-asset balance just before this swap's message runs:
    /// the balance at the start of the execution, less the ask asset that earlier
    /// actions of the same execution send out, plus what earlier swaps into the
    /// same asset were seen to deliver (added by their replies).
    pub baseline: Uint128,
    /// Least the balance must rise by.
    pub min_out: Uint128,
}
