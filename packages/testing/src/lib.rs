//! Test support shared by every contract's unit tests, the cross-contract
//! suites and the VM tests. It depends on no contract, so a contract's own
//! tests can use it as a dev-dependency.
//!
//! - [`MockDao`]: the DAO around a contract under test (dao-core, the
//!   proposal module, the treasury, the oracle, cw20 tokens), answering every
//!   query Steward's contracts make of each other, smart and raw, in JSON.
//! - [`querier`]: that mock installed in cosmwasm-std's `MockQuerier`.
//! - [`TestKey`]: a fixed advisor or feeder key that signs as they do.
//! - [`defaults`]: the messages most tests start from.
//!
//! Test keys only: never use them for value.

pub mod dao;
pub mod defaults;
pub mod key;
pub mod querier;

pub use dao::{Answer, MockDao, Request};
pub use key::TestKey;
pub use querier::{mock_deps, SharedDao};
