use cosmwasm_std::{Addr, StdError, Uint128};
use cw_utils::{Expiration, PaymentError};
use steward_types::migrate::MigrationError;
use steward_types::policy::{InvalidAction, PolicyError, PolicyViolation, StalePolicyVersion};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("policy violation: {0}")]
    Policy(#[from] PolicyViolation),

    #[error("{0}")]
    Migration(#[from] MigrationError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("invalid policy: {0}")]
    InvalidPolicy(#[from] PolicyError),

    #[error("{sender} is not the {role}")]
    Unauthorized { sender: Addr, role: &'static str },

    #[error("the DAO is paused until {expiration}")]
    Paused { expiration: Expiration },

    #[error("actions {0}")]
    StalePolicyVersion(#[from] StalePolicyVersion),

    #[error("{0}")]
    InvalidAction(#[from] InvalidAction),

    #[error("no budget of {spender} for {asset}")]
    BudgetNotFound { spender: String, asset: String },

    #[error("budget exceeded: {requested} requested, {available} available now")]
    BudgetExceeded {
        available: Uint128,
        requested: Uint128,
    },

    #[error("stored state predates continuous limits and holds budgets ({reason}); remove them before migrating")]
    UnsupportedStateLayout { reason: String },

    #[error("amount is zero")]
    ZeroAmount {},

    #[error("swap output too low: received {received}, at least {min_out} required")]
    SwapOutputTooLow { received: Uint128, min_out: Uint128 },

    #[error("no pending swap for action {action_index}")]
    NoPendingSwap { action_index: u64 },

    #[error("invalid cw20 hook message: {reason}")]
    InvalidReceiveMsg { reason: String },
}
