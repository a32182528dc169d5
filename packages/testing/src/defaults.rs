//! The messages most tests start from; a test changes the field its case is
//! about and says why.

use cosmwasm_std::Uint128;
use cw_utils::Duration;
use steward_types::asset::AssetInfo;
use steward_types::oracle::{AdvisorKeyMsg, FeederMsg};
use steward_types::policy::{Policy, TreasuryAction};
use steward_types::proposal::{Config, Timelock};
use steward_types::threshold::{PercentageThreshold, Threshold};
use steward_types::{oracle, treasury};

/// A day's period, no allowance (nothing may move), 1% slippage, prices at
/// most ten minutes old, no allowlists or reserves.
pub fn policy() -> Policy {
    Policy {
        period_seconds: 86_400,
        allowances: vec![],
        max_nav_share_bps: None,
        recipient_allowlist: None,
        venue_allowlist: vec![],
        min_reserves: vec![],
        max_slippage_bps: 100,
        max_price_age_seconds: 600,
    }
}

/// A majority of all power passes; 100 blocks to vote; no timelock on plain
/// proposals, 10 blocks on adoptions with `vetoer` able to veto them; 100
/// blocks to execute once passed.
pub fn proposal_config(vetoer: &str) -> Config {
    Config {
        threshold: Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Majority {},
        },
        voting_period: Duration::Height(100),
        min_voting_period: None,
        allow_revoting: false,
        only_members_execute: false,
        timelock: None,
        adoption_timelock: Timelock {
            duration: Duration::Height(10),
            vetoer: vetoer.to_string(),
        },
        execution_window: Some(Duration::Height(100)),
        governance: None,
    }
}

/// The treasury with `policy`.
pub fn treasury_instantiate(policy: Policy) -> treasury::InstantiateMsg {
    treasury::InstantiateMsg { policy }
}

/// The oracle with `advisors` at quorum 1, `feeders`, prices at most ten
/// minutes old, no outcome horizon.
pub fn oracle_instantiate(
    advisors: Vec<AdvisorKeyMsg>,
    feeders: Vec<FeederMsg>,
) -> oracle::InstantiateMsg {
    oracle::InstantiateMsg {
        quorum: 1,
        advisors,
        feeders,
        max_price_age_seconds: 600,
        outcome_horizon_seconds: None,
    }
}

/// A transfer of `amount` of the native `denom` to `recipient`.
pub fn transfer(denom: &str, amount: u128, recipient: &str) -> TreasuryAction {
    TreasuryAction::Transfer {
        asset: AssetInfo::native(denom),
        amount: Uint128::new(amount),
        recipient: recipient.to_string(),
    }
}
