//! The signed recommendation and the signed price update.
//!
//! Sign the bytes, send the bytes: the advisor serialises a payload to JSON once,
//! signs `sha256(bytes)`, and submits those same bytes; the oracle verifies the
//! signatures over them, then parses. No canonical form is needed. Unknown
//! fields are refused, so nothing signed goes unread.

use crate::asset::AssetInfo;
use crate::governance::{GovernanceChange, MAX_GOVERNANCE_CHANGES};
use crate::policy::{TreasuryAction, MAX_ACTIONS};
use cosmwasm_schema::cw_serde;
use cosmwasm_std::Decimal;

/// Largest payload the oracle accepts, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024;
/// Longest identifier (key id, strategy name, model id, …).
pub const MAX_ID_LEN: usize = 64;
/// Longest rationale text.
pub const MAX_RATIONALE_LEN: usize = 1024;
/// Longest URI.
pub const MAX_URI_LEN: usize = 256;
/// Most prices in one signed price update.
pub const MAX_PRICES: usize = 32;

/// What an advisor signs: a proposed set of treasury actions and where it came from.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct RecommendationPayload {
    /// Chain the recommendation is for (domain separation).
    pub chain_id: String,
    /// Oracle contract the recommendation is for (domain separation).
    pub oracle: String,
    /// Key id of the advisor that issues it; its nonce sequence is used.
    pub advisor: String,
    /// Strictly increasing per advisor.
    pub nonce: u64,
    /// When it was issued (Unix seconds).
    pub issued_at: u64,
    /// After this time (Unix seconds) it can no longer be submitted or adopted.
    pub expires_at: u64,
    /// The treasury policy version it was computed against.
    pub policy_version: u64,
    /// The chain state it was computed from.
    pub state: StateRef,
    /// The proposed treasury actions.
    pub actions: Vec<TreasuryAction>,
    /// The proposed proposal-config changes, bounded by the DAO's governance
    /// policy. Left out of the JSON when empty, so a treasury-only payload
    /// reads and signs as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub governance: Vec<GovernanceChange>,
    /// How it was produced.
    pub provenance: Provenance,
}

/// The chain state a recommendation was computed from.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct StateRef {
    /// Block height of the snapshot.
    pub height: u64,
    /// Hex sha256 of the snapshot the strategy read (balances and prices).
    pub digest: String,
}

/// Where a recommendation came from.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Strategy name, e.g. `rebalance`.
    pub strategy: String,
    /// Strategy version.
    pub strategy_version: String,
    /// Language model id, when a model took part.
    pub model_id: Option<String>,
    /// Hex sha256 of the strategy config (and prompt, for a model).
    pub config_digest: String,
    /// Why.
    pub rationale: Rationale,
    /// Confidence in basis points (0..=10000).
    pub confidence_bps: u16,
}

/// A recommendation's reasoning.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Rationale {
    /// A short explanation for voters.
    pub text: String,
    /// Where a longer report lives.
    pub uri: Option<String>,
    /// Hex sha256 of that report.
    pub digest: Option<String>,
}

/// A signed price update from a registered feeder.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct PricePayload {
    /// Chain the update is for.
    pub chain_id: String,
    /// Oracle contract the update is for.
    pub oracle: String,
    /// Feeder id that signed it.
    pub feeder: String,
    /// When the prices were observed (Unix seconds); must increase per asset.
    pub publish_time: u64,
    /// The prices.
    pub prices: Vec<PriceQuote>,
}

/// One price in a [`PricePayload`].
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct PriceQuote {
    /// The priced asset.
    pub asset: AssetInfo,
    /// Quote units per smallest unit of the asset.
    pub price: Decimal,
}

fn check_len(field: &str, value: &str, max: usize) -> Result<(), String> {
    if value.len() > max {
        return Err(format!("{field} is {} bytes, at most {max}", value.len()));
    }
    Ok(())
}

fn check_id(field: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{field} is empty"));
    }
    check_len(field, value, MAX_ID_LEN)
}

fn check_hex_digest(field: &str, value: &str) -> Result<(), String> {
    if value.len() != 64 || !value.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("{field} must be 64 hex characters (sha256)"));
    }
    Ok(())
}

impl RecommendationPayload {
    /// Parses payload bytes and checks their shape (sizes, counts, digests).
    /// Domain, time, nonce and policy are the oracle's checks, not this one's.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() > MAX_PAYLOAD_BYTES {
            return Err(format!(
                "payload is {} bytes, at most {MAX_PAYLOAD_BYTES}",
                bytes.len()
            ));
        }
        let payload: Self = cosmwasm_std::from_json(bytes).map_err(|e| e.to_string())?;
        payload.validate_shape()?;
        Ok(payload)
    }

    /// Checks sizes, counts and digests.
    pub fn validate_shape(&self) -> Result<(), String> {
        check_id("chain_id", &self.chain_id)?;
        check_id("advisor", &self.advisor)?;
        check_len("oracle", &self.oracle, 128)?;
        if self.expires_at <= self.issued_at {
            return Err(format!(
                "expires_at {} is not after issued_at {}",
                self.expires_at, self.issued_at
            ));
        }
        if self.actions.is_empty() && self.governance.is_empty() {
            return Err("no actions and no governance changes".into());
        }
        if self.governance.len() > MAX_GOVERNANCE_CHANGES {
            return Err(format!(
                "{} governance changes, at most {MAX_GOVERNANCE_CHANGES}",
                self.governance.len()
            ));
        }
        if self.actions.len() > MAX_ACTIONS {
            return Err(format!(
                "{} actions, at most {MAX_ACTIONS}",
                self.actions.len()
            ));
        }
        check_hex_digest("state.digest", &self.state.digest)?;
        let p = &self.provenance;
        check_id("provenance.strategy", &p.strategy)?;
        check_id("provenance.strategy_version", &p.strategy_version)?;
        if let Some(model) = &p.model_id {
            check_id("provenance.model_id", model)?;
        }
        check_hex_digest("provenance.config_digest", &p.config_digest)?;
        check_len(
            "provenance.rationale.text",
            &p.rationale.text,
            MAX_RATIONALE_LEN,
        )?;
        if let Some(uri) = &p.rationale.uri {
            check_len("provenance.rationale.uri", uri, MAX_URI_LEN)?;
        }
        if let Some(d) = &p.rationale.digest {
            check_hex_digest("provenance.rationale.digest", d)?;
        }
        if p.confidence_bps > 10_000 {
            return Err(format!("confidence_bps {} is over 10000", p.confidence_bps));
        }
        Ok(())
    }
}

impl PricePayload {
    /// Parses price-update bytes and checks their shape.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() > MAX_PAYLOAD_BYTES {
            return Err(format!(
                "payload is {} bytes, at most {MAX_PAYLOAD_BYTES}",
                bytes.len()
            ));
        }
        let payload: Self = cosmwasm_std::from_json(bytes).map_err(|e| e.to_string())?;
        check_id("chain_id", &payload.chain_id)?;
        check_id("feeder", &payload.feeder)?;
        if payload.prices.is_empty() {
            return Err("no prices".into());
        }
        if payload.prices.len() > MAX_PRICES {
            return Err(format!(
                "{} prices, at most {MAX_PRICES}",
                payload.prices.len()
            ));
        }
        Ok(payload)
    }
}
