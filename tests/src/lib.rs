//! Multi-test suites, simulations and the demo across Steward's four contracts.
//!
//! - [`suite`] builds a whole DAO in a cw-multi-test `App` and drives it;
//! - [`pair`] is a small constant-product pair that speaks the Astroport pair
//!   interface, the swap venue in tests;
//! - [`signer`] holds fixed test keys (secp256k1 and ed25519) that sign payloads.

pub mod pair;
pub mod signer;
pub mod suite;
