//! steward-pair: a constant-product pair (x·y = k, a fee in basis points taken
//! from the output) that speaks the part of the Astroport pair interface the
//! treasury uses: `Swap` with native funds, a cw20 `Send` carrying
//! `Cw20HookMsg::Swap`, and the `Pool` and `Simulation` queries. Its reserves
//! are its own balances, so liquidity is whatever is sent to it (with the
//! instantiation, or later).
//!
//! It is the swap venue of the multi-test suites, the end-to-end run on a
//! wasmd node and the demo. With `honor_max_spread: false` it ignores
//! `belief_price` / `max_spread`, standing in for a hostile venue, so tests can
//! show that the treasury's own minimum-output check holds.

pub mod contract;
pub mod error;
pub mod msg;
pub mod pool;
pub mod state;
pub mod swap;

pub use crate::error::ContractError;

#[cfg(test)]
mod tests;
