use cosmwasm_schema::cw_serde;
use cw_storage_plus::Item;
use steward_types::asset::AssetInfo;

/// The pool's settings, checked at instantiation.
#[cw_serde]
pub struct Config {
    /// The two assets of the pool.
    pub assets: [AssetInfo; 2],
    /// Fee taken from the output, in basis points.
    pub fee_bps: u16,
    /// Whether `belief_price` / `max_spread` are enforced.
    pub honor_max_spread: bool,
}

pub const CONFIG: Item<Config> = Item::new("config");
