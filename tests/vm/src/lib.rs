//! Steward's wasm artifacts in the CosmWasm VM.
//!
//! cw-multi-test runs the contracts as native Rust; this crate runs the very
//! bytes `scripts/build-wasm` writes to `artifacts/`, in `cosmwasm-vm` 3.0 (the
//! VM wasmd runs through wasmvm), with the capabilities of a wasmd chain and
//! real gas metering. Each contract lives on its own instance; the rest of the
//! DAO is a mock querier that answers the queries the contract makes.
//!
//! - [`artifact`] finds and reads the artifacts;
//! - [`vm`] stores them in a VM cache and calls their entry points with JSON,
//!   recording the gas of each call;
//! - [`world`] is the DAO around the contract under test: addresses, keys,
//!   messages, and the answers to its queries;
//! - [`scenario`] runs instantiate, executes and queries per contract; the tests
//!   assert on its records and the `wasm-gas` binary prints them ([`report`]).
//!
//! Messages are built with `steward-types` (cosmwasm-std 2) and passed as JSON
//! bytes: the VM's own cosmwasm-std 3 types appear only at the mock querier.

pub mod artifact;
pub mod report;
pub mod scenario;
pub mod vm;
pub mod world;
