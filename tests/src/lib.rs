//! Multi-test suites, simulations and the demo across Steward's four contracts.
//!
//! - [`suite`] builds a whole DAO in a cw-multi-test `App` and drives it;
//! - the swap venue is the constant-product pair of `steward-pair`
//!   (`contracts/pair`), which speaks the Astroport pair interface;
//! - [`invariants`] generates random message sequences and checks the
//!   invariants after every step (tests/tests/invariants.rs runs it);
//! - the test keys that sign payloads are `steward_testing::TestKey`.

pub mod invariants;
pub mod suite;
