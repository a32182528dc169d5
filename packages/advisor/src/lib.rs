//! Steward's off-chain advisor.
//!
//! It reads treasury state and prices (from a wasmd node's REST API, or from a
//! snapshot file), runs a strategy, checks the result with the same policy
//! function the treasury and the oracle run, signs `sha256(payload)` with a
//! key derived from a mnemonic, and submits the signed payload to the oracle.
//!
//! | module | what |
//! |---|---|
//! | [`snapshot`] | the input: a `PolicyContext` plus chain id, oracle, height, nonce, budgets, price history |
//! | [`strategy`] | the `Strategy` trait: rebalance, risk, runway, language model |
//! | [`recommend`] | payload building, the pre-signing check, signing |
//! | [`brief`] | signed briefings for voters about open proposals: computed facts, a bounded summary |
//! | [`replay`] | re-derive a payload from its snapshot and compare |
//! | [`keys`] | BIP-39 mnemonic → secp256k1 (BIP-32) or ed25519 (SLIP-10) keys |
//! | [`node`], [`tx`], [`submit`] | REST queries, the `MsgExecuteContract` transaction, broadcasting |
//! | [`run`] | the scheduled loop |
//! | [`config`], [`deployment`] | the TOML config and the deployment file |
//!
//! The advisor takes no free-text commands: its only inputs are chain state,
//! its own config and its key.

#![warn(missing_docs)]

pub mod asset;
pub mod brief;
pub mod config;
pub mod deployment;
pub mod error;
pub mod keys;
pub mod node;
pub mod recommend;
pub mod replay;
pub mod run;
pub mod sample;
pub mod snapshot;
pub mod strategy;
pub mod submit;
pub mod tx;

pub use config::Config;
pub use error::{AdvisorError, Result};
pub use keys::{AdvisorKey, Mnemonic};
pub use recommend::{Envelope, EnvelopeOverrides, Outcome, SignedRecommendation};
pub use snapshot::Snapshot;
pub use strategy::{Advice, Strategy, StrategyConfig};

use std::path::Path;

/// Reads a whole file, with the path in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| AdvisorError::ReadFile {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Writes a whole file (through a temporary file and a rename, so a reader
/// never sees half of it), with the path in the error.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |e: std::io::Error| AdvisorError::WriteFile {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}
