//! Steward's simulator: the real contracts (dao-core, proposal, treasury,
//! oracle) in cw-multi-test, epoch after epoch, with the advisor library
//! signing for real.
//!
//! | module | what |
//! |---|---|
//! | [`scenario`] | the TOML scenario file |
//! | [`prices`] | seeded GBM with correlation and jumps, or a CSV |
//! | [`world`] | the scenario's DAO, tokens, pairs, feeder and advisor key |
//! | [`engine`] | one path: prices → signed feed → advisor → proposal → votes → timelock → execution |
//! | [`monitor`] | policy limits checked from bank and cw20 balances |
//! | [`outcomes`] | executed adoptions scored by the oracle a horizon later; the advisors' outcome record read back |
//! | [`attack`] | attack moves and their closed-form loss bounds |
//! | [`metrics`] | return, volatility, Sharpe, drawdown, turnover; the fixed rebalance |
//! | [`montecarlo`] | paths on every core; the scorecard and the summary |
//! | [`report`] | CSV, JSON, SVG/PNG charts, the HTML report |
//! | [`bench`] | throughput beside cw3-flex-multisig + cw4-group |

pub mod attack;
pub mod bench;
pub mod engine;
pub mod error;
pub mod metrics;
pub mod monitor;
pub mod montecarlo;
pub mod outcomes;
pub mod prices;
pub mod report;
pub mod scenario;
pub mod world;

pub use error::{SimError, SimResult};
pub use scenario::Scenario;
