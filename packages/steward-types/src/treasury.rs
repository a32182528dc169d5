//! Messages of `steward-treasury`, and the Astroport pair interface it speaks.

use crate::asset::{AssetAmount, AssetInfo};
use crate::policy::{PeriodUsage, Policy, PolicyViolation, TreasuryAction};
use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Uint128};
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
    /// of listed assets, and this period's usage. Prices come from the oracle.
    #[returns(PolicyStateResponse)]
    PolicyState {},
    /// Whether actions would pass the policy now, and why not.
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
    /// What was spent in the recorded period.
    pub usage: PeriodUsage,
}

#[cw_serde]
pub struct CheckActionsResponse {
    /// Why the actions would be refused; `None` when they pass.
    pub violation: Option<PolicyViolation>,
}

#[cw_serde]
pub struct Budget {
    /// Who may draw.
    pub spender: Addr,
    /// Which asset.
    pub asset: AssetInfo,
    /// Most per period.
    pub amount_per_period: Uint128,
    /// Period length in seconds (fixed windows from the Unix epoch).
    pub period_seconds: u64,
    /// Start of the period `drawn` belongs to.
    pub period_start: u64,
    /// Drawn in that period.
    pub drawn: Uint128,
}

#[cw_serde]
pub struct BudgetResponse {
    /// The budget, if it exists.
    pub budget: Option<Budget>,
    /// What can still be drawn now.
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
