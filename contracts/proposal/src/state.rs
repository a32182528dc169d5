use cosmwasm_std::Addr;
use cw_storage_plus::{Item, Map};
use steward_types::proposal::{Config, Proposal, VoteInfo};

/// How proposals are decided (validated).
pub const CONFIG: Item<Config> = Item::new("config");
/// dao-core, recorded at instantiate.
pub const DAO: Item<Addr> = Item::new("dao");
/// Proposals created so far; the last id.
pub const PROPOSAL_COUNT: Item<u64> = Item::new("proposal_count");
/// Proposals by id (from 1).
pub const PROPOSALS: Map<u64, Proposal> = Map::new("proposals");
/// Ballots by (proposal id, voter).
pub const BALLOTS: Map<(u64, &Addr), VoteInfo> = Map::new("ballots");
/// When the last advisor-recommended config change executed (Unix seconds);
/// absent until the first. The governance policy's interval counts from it.
pub const GOVERNANCE_LAST_CHANGE: Item<u64> = Item::new("governance_last_change");
