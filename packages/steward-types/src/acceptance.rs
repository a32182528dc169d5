//! What a signed payload must say to be accepted, besides its signatures and
//! the policy check: this chain and this oracle (domain separation), the
//! issuing advisor's next nonce, a time window that is open now (with a bounded
//! clock skew for `issued_at`), and the treasury's current policy version.
//!
//! The oracle runs [`Acceptance::check`] at submission; the advisor runs the
//! same check on its snapshot before it signs, so it never signs what the
//! oracle would refuse for these reasons. Briefings use the domain and skew
//! rules alone.

use crate::payload::RecommendationPayload;
use crate::policy::{ensure_policy_version, StalePolicyVersion};
use thiserror::Error;

/// How far `issued_at` may be ahead of the block time: the advisor's clock or
/// its snapshot may run a little ahead of the chain.
pub const MAX_CLOCK_SKEW_SECONDS: u64 = 300;

/// Largest step of an advisor's nonce over its last accepted one: one payload
/// with nonce `u64::MAX` must not use up the advisor's nonces for good.
pub const MAX_NONCE_STEP: u64 = 1_000_000_000;

/// Why a payload is not accepted (its signatures and policy aside).
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum AcceptanceError {
    /// Signed for another chain.
    #[error("payload is for chain {got}, this is {expected}")]
    WrongChainId {
        /// This chain.
        expected: String,
        /// The payload's.
        got: String,
    },
    /// Signed for another oracle.
    #[error("payload is for oracle {got}, this is {expected}")]
    WrongOracle {
        /// This oracle.
        expected: String,
        /// The payload's.
        got: String,
    },
    /// The nonce is not above the advisor's last accepted one.
    #[error("nonce {nonce} of advisor {advisor} is not above its last nonce {last}")]
    ReplayedNonce {
        /// The issuing advisor.
        advisor: String,
        /// The payload's nonce.
        nonce: u64,
        /// The last accepted nonce.
        last: u64,
    },
    /// The nonce jumps too far.
    #[error(
        "nonce {nonce} of advisor {advisor} is more than {max_step} above its last nonce {last:?}"
    )]
    NonceStepTooLarge {
        /// The issuing advisor.
        advisor: String,
        /// The payload's nonce.
        nonce: u64,
        /// The last accepted nonce, if any (none counts as 0).
        last: Option<u64>,
        /// [`MAX_NONCE_STEP`].
        max_step: u64,
    },
    /// Its time window has closed.
    #[error("recommendation expired at {expires_at}, now {now}")]
    Expired {
        /// The payload's expiry.
        expires_at: u64,
        /// The time it was judged at.
        now: u64,
    },
    /// Issued further ahead than the clock skew allows.
    #[error("issued_at {issued_at} is more than {max_skew}s after now {now}")]
    IssuedInFuture {
        /// The payload's issue time.
        issued_at: u64,
        /// The time it was judged at.
        now: u64,
        /// [`MAX_CLOCK_SKEW_SECONDS`].
        max_skew: u64,
    },
    /// Signed against another policy version.
    #[error("payload {0}")]
    StalePolicyVersion(#[from] StalePolicyVersion),
}

/// The payload names `chain_id` and `oracle`, the ones it is judged on.
pub fn ensure_domain(
    expected_chain_id: &str,
    expected_oracle: &str,
    chain_id: &str,
    oracle: &str,
) -> Result<(), AcceptanceError> {
    if chain_id != expected_chain_id {
        return Err(AcceptanceError::WrongChainId {
            expected: expected_chain_id.to_string(),
            got: chain_id.to_string(),
        });
    }
    if oracle != expected_oracle {
        return Err(AcceptanceError::WrongOracle {
            expected: expected_oracle.to_string(),
            got: oracle.to_string(),
        });
    }
    Ok(())
}

/// `issued_at` is at most [`MAX_CLOCK_SKEW_SECONDS`] after `now`.
pub fn ensure_not_issued_in_future(issued_at: u64, now: u64) -> Result<(), AcceptanceError> {
    if issued_at > now.saturating_add(MAX_CLOCK_SKEW_SECONDS) {
        return Err(AcceptanceError::IssuedInFuture {
            issued_at,
            now,
            max_skew: MAX_CLOCK_SKEW_SECONDS,
        });
    }
    Ok(())
}

/// `nonce` is above `last` (the advisor's last accepted nonce, none yet
/// counting as 0) by at most [`MAX_NONCE_STEP`].
pub fn ensure_next_nonce(
    advisor: &str,
    nonce: u64,
    last: Option<u64>,
) -> Result<(), AcceptanceError> {
    if let Some(last) = last {
        if nonce <= last {
            return Err(AcceptanceError::ReplayedNonce {
                advisor: advisor.to_string(),
                nonce,
                last,
            });
        }
    }
    if nonce - last.unwrap_or(0) > MAX_NONCE_STEP {
        return Err(AcceptanceError::NonceStepTooLarge {
            advisor: advisor.to_string(),
            nonce,
            last,
            max_step: MAX_NONCE_STEP,
        });
    }
    Ok(())
}

/// Where and when a recommendation payload is judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance<'a> {
    /// The chain it must name.
    pub chain_id: &'a str,
    /// The oracle it must name.
    pub oracle: &'a str,
    /// The block time it is judged at.
    pub now: u64,
    /// The issuing advisor's last accepted nonce.
    pub last_nonce: Option<u64>,
    /// The treasury's policy version now.
    pub policy_version: u64,
}

impl Acceptance<'_> {
    /// Domain, nonce, time window and policy version, in that order.
    pub fn check(&self, payload: &RecommendationPayload) -> Result<(), AcceptanceError> {
        ensure_domain(
            self.chain_id,
            self.oracle,
            &payload.chain_id,
            &payload.oracle,
        )?;
        ensure_next_nonce(&payload.advisor, payload.nonce, self.last_nonce)?;
        if self.now >= payload.expires_at {
            return Err(AcceptanceError::Expired {
                expires_at: payload.expires_at,
                now: self.now,
            });
        }
        ensure_not_issued_in_future(payload.issued_at, self.now)?;
        ensure_policy_version(payload.policy_version, self.policy_version)?;
        Ok(())
    }
}
