//! Steward treasury: holds native and cw20 assets and moves them only as
//! dao-core directs, inside the policy the DAO set (allowances per period,
//! NAV share, recipient and venue allowlists, reserves). Swaps go through
//! allow-listed Astroport-style pairs with the minimum output checked on-chain.

pub mod budget;
pub mod context;
pub mod contract;
pub mod error;
pub mod execute;
pub mod migrations;
pub mod query;
pub mod state;
pub mod swap;
pub mod validate;

pub use crate::error::ContractError;

#[cfg(test)]
mod tests;
