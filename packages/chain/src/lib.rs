//! A small blocking client for a wasmd node's REST (LCD) API, shared by the
//! advisor and the deploy tool: queries, accounts and balances, secp256k1
//! account keys from a BIP-39 mnemonic, transactions built and signed with
//! cosmrs, simulation, broadcast and waiting for inclusion.
//!
//! | module | what |
//! |---|---|
//! | [`address`] | bech32 addresses of one chain as a `cosmwasm_std::Api` |
//! | [`http`] | JSON over HTTP (ureq) with errors naming the URL |
//! | [`node`] | REST queries, simulate, broadcast, transaction lookup |
//! | [`keys`] | mnemonic → secp256k1 account key at `m/44'/118'/0'/0/0` |
//! | [`tx`] | wasm and bank messages, signing |
//! | [`client`] | one account: simulate → fee → sign → broadcast → wait |

#![warn(missing_docs)]

pub mod address;
pub mod client;
pub mod error;
pub mod http;
pub mod keys;
pub mod node;
pub mod tx;

pub use address::Bech32Api;
pub use client::{Client, GasSettings};
pub use error::{ChainError, Result};
pub use keys::{AccountKey, Mnemonic};
pub use node::{Node, TxResult};
