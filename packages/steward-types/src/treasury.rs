//! Messages of `steward-treasury`, and the Astroport pair interface it speaks.

use crate::asset::{query_balance, AssetAmount, AssetInfo};
use crate::bucket::Bucket;
use crate::policy::{
    check_actions, usage_after, usage_at, Limits, Policy, PolicyContext, PolicyUsage,
    PolicyViolation, PriceInfo, SwapQuote, TreasuryAction,
};
pub use crate::policy::{AssetLimit, NavLimit};
use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, QuerierWrapper, StdResult, Uint128};
use cw20::Cw20ReceiveMsg;

/// Instantiated by dao-core, which becomes the only address that can move funds
/// or change the policy.
#[cw_serde]
pub struct InstantiateMsg {
    /// The initial policy (version 1).
    pub policy: Policy,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Run treasury actions under the policy. dao-core only; refused while paused.
    Execute {
        /// The actions, in order; all or none.
        actions: Vec<TreasuryAction>,
        /// The recommendation these actions adopt, if any (recorded in events).
        recommendation_id: Option<u64>,
        /// Refuse when the policy version differs (an adopted recommendation was
        /// signed against this version).
        expected_policy_version: Option<u64>,
    },
    /// Replace the policy and bump its version. dao-core only.
    UpdatePolicy {
        /// The new policy.
        policy: Policy,
    },
    /// Draw from the sender's own budget. Refused while paused; the draw also
    /// passes the policy (allowance, NAV share, reserve, recipient allowlist).
    DrawBudget {
        /// The budget's asset.
        asset: AssetInfo,
        /// How much.
        amount: Uint128,
        /// Who receives it (default: the spender).
        recipient: Option<String>,
    },
    /// Deposit cw20 tokens (a cw20 `Send` with message `ReceiveMsg::Deposit {}`).
    Receive(Cw20ReceiveMsg),
    /// Check one swap's output: the ask balance must have risen by the swap's
    /// minimum. `Execute` sends it to the treasury itself right after each
    /// swap message, so it runs after the swap and everything the swap
    /// dispatched, and its failure reverts the whole execution. Any other
    /// sender is refused.
    SettleSwap {
        /// The swap's index in the `Execute`'s actions.
        action_index: u64,
    },
}

/// The message a cw20 `Send` to the treasury carries.
#[cw_serde]
pub enum ReceiveMsg {
    /// Deposit the sent tokens.
    Deposit {},
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The policy and its version.
    #[returns(PolicyResponse)]
    Policy {},
    /// What the policy check needs from the treasury: policy, version, balances
    /// of listed assets, and its limits at the query's block time (what may
    /// leave now and the refill rates). Prices come from the oracle.
    #[returns(PolicyStateResponse)]
    PolicyState {},
    /// The policy check of actions now, as the treasury would run it on
    /// `Execute`: balances and limits before; then either the balances and
    /// limits after and each swap's minimum output, or why it refuses. Not a
    /// refusal but a query error: an invalid address, an unreachable oracle.
    #[returns(CheckActionsResponse)]
    CheckActions {
        /// The actions.
        actions: Vec<TreasuryAction>,
    },
    /// One budget.
    #[returns(BudgetResponse)]
    Budget {
        /// The spender.
        spender: String,
        /// The asset.
        asset: AssetInfo,
    },
    /// Budgets in (spender, asset) order.
    #[returns(BudgetListResponse)]
    ListBudgets {
        /// Start after this (spender, asset key) pair.
        start_after: Option<(String, String)>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct PolicyResponse {
    /// The policy.
    pub policy: Policy,
    /// Its version; starts at 1, bumped by each `UpdatePolicy`.
    pub version: u64,
}

#[cw_serde]
pub struct PolicyStateResponse {
    /// The policy.
    pub policy: Policy,
    /// Its version.
    pub policy_version: u64,
    /// Balance of each asset the policy lists.
    pub balances: Vec<AssetAmount>,
    /// The block time the limits are given at (Unix seconds).
    pub now: u64,
    /// The limits' state at `now`, as the policy check starts from it.
    pub limits: Limits,
    /// Per listed asset: what may leave now and how fast that refills.
    pub asset_limits: Vec<AssetLimit>,
    /// The NAV cap: the share of NAV that may leave now and how fast that
    /// refills; `None` when the policy has no NAV cap.
    pub nav_limit: Option<NavLimit>,
}

impl PolicyStateResponse {
    /// The answer for a policy, its version, balances and stored limits at
    /// `now`: the limits are refilled up to `now` and summarised per limit.
    pub fn new(
        policy: Policy,
        policy_version: u64,
        balances: Vec<AssetAmount>,
        stored: &Limits,
        now: u64,
    ) -> Self {
        let limits = stored.at(&policy, now);
        let asset_limits = limits.asset_limits(&policy);
        let nav_limit = limits.nav_limit(&policy);
        PolicyStateResponse {
            policy,
            policy_version,
            balances,
            now,
            limits,
            asset_limits,
            nav_limit,
        }
    }

    /// The one way a [`PolicyContext`] is built from this answer (the oracle
    /// at submission, the advisor from a node): the treasury's policy,
    /// balances and limits at `now`, with the caller's `prices`.
    pub fn into_context(self, prices: Vec<PriceInfo>) -> PolicyContext {
        PolicyContext {
            policy: self.policy,
            policy_version: self.policy_version,
            now: self.now,
            balances: self.balances,
            prices,
            limits: self.limits,
        }
    }
}

/// The treasury's balance of every asset `policy` lists (bounded by
/// `MAX_POLICY_ASSETS`), as the policy check counts them: the treasury's own
/// context and the oracle's raw-read one both take them from here.
pub fn policy_balances(
    querier: &QuerierWrapper,
    treasury: &Addr,
    policy: &Policy,
) -> StdResult<Vec<AssetAmount>> {
    policy
        .allowances
        .iter()
        .map(|a| {
            Ok(AssetAmount::new(
                a.info.clone(),
                query_balance(querier, treasury, &a.info)?,
            ))
        })
        .collect()
}

/// What the policy check says of actions now: the balances and limits it
/// starts from, and either what the actions leave behind or why they are
/// refused. Every figure is the check's own; a reader recomputes nothing.
#[cw_serde]
pub struct CheckActionsResponse {
    /// Balances and what each limit lets leave now, before the actions; given
    /// whether or not they pass.
    pub before: PolicyUsage,
    /// Whether the actions pass, and what follows from it.
    pub verdict: CheckVerdict,
}

/// The policy check's answer on actions.
#[cw_serde]
pub enum CheckVerdict {
    /// The actions pass the policy now.
    Passed {
        /// Balances and limits right after the actions, at the same block
        /// time; each swap's output is counted at its `min_out`, the least
        /// the treasury accepts (it may receive more).
        after: PolicyUsage,
        /// Per swap, in action order: its output at oracle prices and the
        /// minimum the treasury enforces on-chain (below it the whole
        /// execution reverts).
        swaps: Vec<SwapQuote>,
    },
    /// The treasury would refuse the actions now.
    Refused {
        /// Why, with the values that explain it.
        violation: PolicyViolation,
        /// The same in words, as the treasury's refusal says it.
        reason: String,
    },
}

impl CheckActionsResponse {
    /// The one policy check ([`check_actions`]) of `actions` on `ctx`, with
    /// the usage before and, when they pass, after them: what the treasury's
    /// `CheckActions` answers, built the same way wherever a context is at hand.
    pub fn new(ctx: &PolicyContext, actions: &[TreasuryAction]) -> Self {
        let verdict = match check_actions(ctx, actions) {
            Ok(outcome) => CheckVerdict::Passed {
                after: usage_after(ctx, &outcome),
                swaps: outcome.swaps,
            },
            Err(violation) => CheckVerdict::Refused {
                reason: violation.to_string(),
                violation,
            },
        };
        CheckActionsResponse {
            before: usage_at(ctx),
            verdict,
        }
    }

    /// The usage after the actions, when they pass.
    pub fn after(&self) -> Option<&PolicyUsage> {
        match &self.verdict {
            CheckVerdict::Passed { after, .. } => Some(after),
            CheckVerdict::Refused { .. } => None,
        }
    }

    /// Why the actions would be refused; `None` when they pass.
    pub fn violation(&self) -> Option<&PolicyViolation> {
        match &self.verdict {
            CheckVerdict::Passed { .. } => None,
            CheckVerdict::Refused { violation, .. } => Some(violation),
        }
    }
}

#[cw_serde]
pub struct Budget {
    /// Who may draw.
    pub spender: Addr,
    /// Which asset.
    pub asset: AssetInfo,
    /// Most the budget holds, refilled per `period_seconds`.
    pub amount_per_period: Uint128,
    /// The budget refills `amount_per_period` per this many seconds, linearly.
    pub period_seconds: u64,
    /// What may be drawn, as of the bucket's `updated_at`.
    pub bucket: Bucket,
}

impl Budget {
    /// What can be drawn at `now`.
    pub fn available(&self, now: u64) -> Uint128 {
        self.bucket
            .at(self.amount_per_period, self.period_seconds, now)
            .level
    }
}

#[cw_serde]
pub struct BudgetResponse {
    /// The budget, if it exists.
    pub budget: Option<Budget>,
    /// What can be drawn now (zero without a budget).
    pub available: Uint128,
}

#[cw_serde]
pub struct BudgetListResponse {
    /// The page.
    pub budgets: Vec<Budget>,
}

/// The subset of the Astroport pair interface the treasury uses.
pub mod pair {
    use super::*;
    use cosmwasm_std::Decimal;

    /// An amount of an asset, in Astroport's shape.
    #[cw_serde]
    pub struct Asset {
        /// Which asset.
        pub info: AssetInfo,
        /// How much.
        pub amount: Uint128,
    }

    #[cw_serde]
    pub enum ExecuteMsg {
        /// Swap a native offer sent as funds.
        Swap {
            /// The offer (must match the funds).
            offer_asset: Asset,
            /// Ask asset, for pools of more than two assets.
            ask_asset_info: Option<AssetInfo>,
            /// Expected price, for the spread check.
            belief_price: Option<Decimal>,
            /// Largest spread accepted.
            max_spread: Option<Decimal>,
            /// Receiver of the output (default: sender).
            to: Option<String>,
        },
        /// Swap cw20 offers (a cw20 `Send` with `Cw20HookMsg`).
        Receive(Cw20ReceiveMsg),
    }

    /// The message of a cw20 `Send` to a pair.
    #[cw_serde]
    pub enum Cw20HookMsg {
        /// Swap the sent tokens.
        Swap {
            /// Ask asset, for pools of more than two assets.
            ask_asset_info: Option<AssetInfo>,
            /// Expected price, for the spread check.
            belief_price: Option<Decimal>,
            /// Largest spread accepted.
            max_spread: Option<Decimal>,
            /// Receiver of the output (default: sender).
            to: Option<String>,
        },
    }

    #[cw_serde]
    #[derive(QueryResponses)]
    pub enum QueryMsg {
        /// The pool's reserves.
        #[returns(PoolResponse)]
        Pool {},
        /// Output of a swap at current reserves.
        #[returns(SimulationResponse)]
        Simulation {
            /// The offer.
            offer_asset: Asset,
            /// Ask asset, for pools of more than two assets.
            ask_asset_info: Option<AssetInfo>,
        },
    }

    #[cw_serde]
    pub struct PoolResponse {
        /// Reserves.
        pub assets: Vec<Asset>,
        /// LP token supply.
        pub total_share: Uint128,
    }

    #[cw_serde]
    pub struct SimulationResponse {
        /// Output after fees.
        pub return_amount: Uint128,
        /// Shortfall against the spot price.
        pub spread_amount: Uint128,
        /// Fee taken.
        pub commission_amount: Uint128,
    }
}

/// What the treasury stores under documented keys that other contracts read
/// raw (see `handle`).
pub mod stored {
    use cosmwasm_schema::cw_serde;
    use cw_storage_plus::Item;

    use crate::asset::{AssetAmount, AssetInfo};
    use crate::bucket::Bucket;
    use crate::policy::{AssetBucket, Limits, Policy};

    /// Namespace of [`POLICY_VERSION`].
    pub const POLICY_VERSION_KEY: &str = "policy_version";
    /// The policy's version, raised by every policy change.
    pub const POLICY_VERSION: Item<u64> = Item::new(POLICY_VERSION_KEY);
    /// Namespace of [`POLICY`].
    pub const POLICY_KEY: &str = "policy";
    /// The policy in force.
    pub const POLICY: Item<StoredPolicy> = Item::new(POLICY_KEY);
    /// Namespace of [`LIMITS`].
    pub const LIMITS_KEY: &str = "limits";
    /// The continuous limits' state as the last execution left it.
    pub const LIMITS: Item<StoredLimits> = Item::new(LIMITS_KEY);

    /// The policy as stored: the fields of [`Policy`] (see it for their
    /// meaning). Its own type, so the API can change without moving stored
    /// state.
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

    /// The limits as stored: the fields of [`Limits`] (see it for their
    /// meaning).
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
}
