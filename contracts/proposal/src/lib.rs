//! Steward's proposal module: members propose (typed actions, or the adoption
//! of an advisor recommendation), vote with the power they held at the
//! proposal's start height, and execute passed proposals through dao-core
//! after their timelock, during which a vetoer may stop them.

pub mod config;
pub mod contract;
pub mod error;
pub mod execution;
pub mod governance;
pub mod lifecycle;
pub mod migrations;
pub mod propose;
pub mod query;
pub mod state;
pub mod status;
pub mod vote;

pub use crate::error::ContractError;

#[cfg(test)]
mod tests;
