//! What the treasury stores. Records are the treasury's own types, apart
//! from the messages (`StoredPolicy`, `StoredLimits`, `StoredBudget`): the API can change
//! without moving stored state, and a change of stored state is a new layout
//! (`migrations`). The conversions below are where the two meet.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::bucket::Bucket;
use steward_types::policy::{AssetBucket, Limits, Policy};
use steward_types::treasury::Budget;

/// Storage namespaces, spelled once (the policy version's is in the shared
/// package: the other contracts read it raw).
pub mod keys {
    pub const DAO: &str = "dao";
    pub const POLICY: &str = "policy";
    pub const LIMITS: &str = "limits";
    pub const BUDGETS: &str = "budgets";
    pub const RETIRED_BUDGETS: &str = "retired_budgets";
    pub const PENDING_SWAPS: &str = "pending_swaps";
}

/// dao-core: the only address that can move funds or change the policy.
pub const DAO: Item<Addr> = Item::new(keys::DAO);
/// The policy in force; read and written through [`load_policy`] and
/// [`save_policy`].
const POLICY: Item<StoredPolicy> = Item::new(keys::POLICY);
/// The policy's version: 1 at instantiate, bumped by each `UpdatePolicy`.
pub const POLICY_VERSION: Item<u64> =
    Item::new(steward_types::treasury::stored::POLICY_VERSION_KEY);
/// The continuous limits' state (as returned by the policy check); read and
/// written through [`load_limits`] and [`save_limits`].
pub const LIMITS: Item<StoredLimits> = Item::new(keys::LIMITS);
/// Budgets by (spender, asset key).
pub const BUDGETS: Map<(&Addr, &str), StoredBudget> = Map::new(keys::BUDGETS);
/// Removed budgets that were not full, by (spender, asset key): setting the
/// budget again resumes from what was drawn instead of starting full.
pub const RETIRED_BUDGETS: Map<(&Addr, &str), StoredBudget> = Map::new(keys::RETIRED_BUDGETS);
/// Swaps dispatched in the current execution and awaiting their `SettleSwap`,
/// by the swap's index in the action list. Every record is removed by its
/// settlement; a failed execution reverts them with everything else.
pub const PENDING_SWAPS: Map<u64, PendingSwap> = Map::new(keys::PENDING_SWAPS);

/// The policy as stored: the fields of [`Policy`] (see it for their meaning).
#[cw_serde]
pub struct StoredPolicy {
    /// Length of a spending period in seconds.
    pub period_seconds: u64,
    /// How much of each asset may leave per period.
    pub allowances: Vec<AssetAmount>,
    /// Most of the NAV that may leave per period, in basis points.
    pub max_nav_share_bps: Option<u16>,
    /// Recipients transfers and draws may pay; `None`: any.
    pub recipient_allowlist: Option<Vec<String>>,
    /// Pairs swaps may go through.
    pub venue_allowlist: Vec<String>,
    /// Balance each listed asset must keep.
    pub min_reserves: Vec<AssetAmount>,
    /// Largest slippage a swap may ask for, in basis points.
    pub max_slippage_bps: u16,
    /// Oldest price accepted for a valuation, in seconds.
    pub max_price_age_seconds: u64,
}

impl From<StoredPolicy> for Policy {
    fn from(p: StoredPolicy) -> Self {
        Policy {
            period_seconds: p.period_seconds,
            allowances: p.allowances,
            max_nav_share_bps: p.max_nav_share_bps,
            recipient_allowlist: p.recipient_allowlist,
            venue_allowlist: p.venue_allowlist,
            min_reserves: p.min_reserves,
            max_slippage_bps: p.max_slippage_bps,
            max_price_age_seconds: p.max_price_age_seconds,
        }
    }
}

impl From<&Policy> for StoredPolicy {
    fn from(p: &Policy) -> Self {
        StoredPolicy {
            period_seconds: p.period_seconds,
            allowances: p.allowances.clone(),
            max_nav_share_bps: p.max_nav_share_bps,
            recipient_allowlist: p.recipient_allowlist.clone(),
            venue_allowlist: p.venue_allowlist.clone(),
            min_reserves: p.min_reserves.clone(),
            max_slippage_bps: p.max_slippage_bps,
            max_price_age_seconds: p.max_price_age_seconds,
        }
    }
}

/// The policy in force.
pub fn load_policy(storage: &dyn Storage) -> StdResult<Policy> {
    Ok(POLICY.load(storage)?.into())
}

/// Stores `policy` as the one in force.
pub fn save_policy(storage: &mut dyn Storage, policy: &Policy) -> StdResult<()> {
    POLICY.save(storage, &policy.into())
}

/// The limits as stored: the fields of [`Limits`] (see it for their meaning).
#[cw_serde]
pub struct StoredLimits {
    /// One bucket per asset the policy lists.
    pub assets: Vec<StoredAssetBucket>,
    /// The NAV-share bucket.
    pub nav_share: Bucket,
}

/// One asset's bucket as stored: the fields of [`AssetBucket`].
#[cw_serde]
pub struct StoredAssetBucket {
    /// The asset.
    pub asset: AssetInfo,
    /// Its bucket.
    pub bucket: Bucket,
}

impl From<StoredLimits> for Limits {
    fn from(l: StoredLimits) -> Self {
        Limits {
            assets: l
                .assets
                .into_iter()
                .map(|a| AssetBucket {
                    asset: a.asset,
                    bucket: a.bucket,
                })
                .collect(),
            nav_share: l.nav_share,
        }
    }
}

impl From<&Limits> for StoredLimits {
    fn from(l: &Limits) -> Self {
        StoredLimits {
            assets: l
                .assets
                .iter()
                .map(|a| StoredAssetBucket {
                    asset: a.asset.clone(),
                    bucket: a.bucket,
                })
                .collect(),
            nav_share: l.nav_share,
        }
    }
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
