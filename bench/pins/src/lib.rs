//! Nothing of its own: the dependencies of this crate are the contracts
//! `scripts/build-wasm --bench` builds from crates.io for `scripts/bench-chain`.
