//! The pair's own instantiate message; execute and query messages are the
//! Astroport pair interface in `steward_types::treasury::pair`.

use cosmwasm_schema::cw_serde;
use steward_types::asset::AssetInfo;

pub use steward_types::treasury::pair::{
    Asset, Cw20HookMsg, ExecuteMsg, PoolResponse, QueryMsg, SimulationResponse,
};

/// Creates a pool of two assets; funds sent along become its first reserves.
#[cw_serde]
pub struct InstantiateMsg {
    /// The two assets of the pool (different from each other).
    pub assets: [AssetInfo; 2],
    /// Fee taken from the output, in basis points (at most 10000).
    pub fee_bps: u16,
    /// Whether to enforce `belief_price` / `max_spread` as Astroport does;
    /// `false` makes a hostile venue for tests.
    pub honor_max_spread: bool,
}
