//! steward-oracle: the registry of advisor keys, signed recommendations and
//! their lifecycle, each advisor's track record, signed price feeds, and
//! signed briefings for voters about open proposals.
//! Every change of keys, feeders, quorum or status comes from dao-core.

pub mod advisors;
pub mod briefings;
pub mod contract;
pub mod error;
pub mod feeds;
pub mod history;
pub mod migrations;
pub mod outcomes;
pub mod query;
pub mod recommendations;
pub mod state;

pub use crate::error::ContractError;

#[cfg(test)]
mod tests;
