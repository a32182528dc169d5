//! `steward-core`: the DAO's identity. It instantiates the proposal, treasury
//! and oracle modules, holds the membership (weights or cw20 stakes, with
//! snapshots per block), the pause switch, and runs the messages of passed
//! proposals as the DAO.

pub mod config;
pub mod contract;
pub mod error;
pub mod members;
pub mod migrations;
pub mod pause;
pub mod power;
pub mod proposals;
pub mod query;
pub mod setup;
pub mod staking;
pub mod state;
pub mod upgrade;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
