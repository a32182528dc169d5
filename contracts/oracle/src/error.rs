use crate::state::Inactive;
use cosmwasm_std::{Addr, StdError};
use cw_utils::PaymentError;
use steward_types::acceptance::AcceptanceError;
use steward_types::governance::GovernanceViolation;
use steward_types::migrate::MigrationError;
use steward_types::oracle::{OracleConfigError, RecommendationStatus};
use steward_types::outcome::HorizonError;
use steward_types::policy::{InvalidAction, PolicyViolation};
use steward_types::threshold::Status;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Migration(#[from] MigrationError),

    #[error("{sender} is not the {role}")]
    Unauthorized { sender: Addr, role: &'static str },

    // ---- configuration and key registry ----
    /// The rules the deploy tool checks too (`steward_types::oracle`).
    #[error("{0}")]
    Config(#[from] OracleConfigError),

    #[error("key {id}: expires_at {expires_at} is not after active_from {active_from}")]
    InvalidKeyWindow {
        id: String,
        active_from: u64,
        expires_at: u64,
    },

    #[error("key {id}: expires_at {expires_at} is already past (now {now})")]
    KeyAlreadyExpired {
        id: String,
        expires_at: u64,
        now: u64,
    },

    #[error("advisor key {id} is revoked")]
    AdvisorRevoked { id: String },

    #[error("unknown feeder {id}")]
    UnknownFeeder { id: String },

    // ---- recommendation submission, in the order the checks run ----
    #[error("payload is {size} bytes, at most {max}")]
    PayloadTooLarge { size: usize, max: usize },

    #[error("no signatures")]
    NoSignatures {},

    #[error("{count} signatures, at most {max}")]
    TooManySignatures { count: usize, max: usize },

    #[error("key {key_id} signed twice")]
    DuplicateSigner { key_id: String },

    #[error("unknown advisor key {id}")]
    UnknownAdvisorKey { id: String },

    #[error("advisor key {id} is inactive: {reason}")]
    InactiveAdvisorKey { id: String, reason: Inactive },

    #[error("recommendation {id}: its issuing advisor's key {key_id} is {reason}")]
    IssuerKeyInactive {
        id: u64,
        key_id: String,
        reason: Inactive,
    },

    #[error("recommendation {id}: {valid} of its signers' keys are still active, the quorum is {quorum}")]
    SignersBelowQuorum { id: u64, valid: u32, quorum: u32 },

    #[error("recommendation {id}: proposal {proposal_id} is not its adoption proposal being executed (it adopts {adopts:?}, status {status})")]
    NotAdoptingProposal {
        id: u64,
        proposal_id: u64,
        adopts: Option<u64>,
        status: Status,
    },

    #[error("recommendation {id}: proposal {proposal_id} cannot be read from the proposal module: {reason}")]
    AdoptingProposalUnreadable {
        id: u64,
        proposal_id: u64,
        reason: String,
    },

    #[error("signature of key {key_id} does not verify")]
    BadSignature { key_id: String },

    #[error("{signed} verified signatures, quorum is {quorum}")]
    QuorumNotMet { signed: u32, quorum: u32 },

    #[error("malformed payload: {reason}")]
    MalformedPayload { reason: String },

    #[error("advisor {advisor} named by the payload did not sign it (signers: {signers:?})")]
    AdvisorNotSigner {
        advisor: String,
        signers: Vec<String>,
    },

    #[error("payload {hash} was already submitted as recommendation {id}")]
    ReplayedPayload { hash: String, id: u64 },

    /// Domain, nonce, time window, policy version: the rules the advisor
    /// checks before signing (`steward_types::acceptance`).
    #[error("{0}")]
    Acceptance(#[from] AcceptanceError),

    #[error("actions outside policy: {0}")]
    ActionsOutsidePolicy(#[from] PolicyViolation),

    #[error("config changes outside the governance policy: {0}")]
    GovernanceOutsidePolicy(GovernanceViolation),

    #[error("actions the treasury cannot run: {0}")]
    InvalidAction(#[from] InvalidAction),

    // ---- prices ----
    #[error("price update published at {publish_time} is older than {max_age}s (now {now})")]
    StalePrices {
        publish_time: u64,
        now: u64,
        max_age: u64,
    },

    #[error("price update published at {publish_time} is more than {max_skew}s after now {now}")]
    PricesInFuture {
        publish_time: u64,
        now: u64,
        max_skew: u64,
    },

    #[error("price of {asset} published at {got} is not newer than the stored one of {stored}")]
    StalePriceUpdate {
        asset: String,
        stored: u64,
        got: u64,
    },

    #[error("price of {asset} is zero")]
    ZeroPrice { asset: String },

    #[error("price of {asset} is listed twice")]
    DuplicatePriceAsset { asset: String },

    #[error("invalid asset {asset}: {reason}")]
    InvalidAsset { asset: String, reason: String },

    // ---- recommendation status ----
    #[error("recommendation {id} not found")]
    RecommendationNotFound { id: u64 },

    #[error("recommendation {id} is stored incompletely: {reason}")]
    StoredRecommendationUnreadable { id: u64, reason: String },

    #[error("the outcome of recommendation {id} is stored unreadably: {reason}")]
    StoredOutcomeUnreadable { id: u64, reason: String },

    #[error("recommendation {id} cannot go from {from:?} to {to:?}")]
    InvalidTransition {
        id: u64,
        from: RecommendationStatus,
        to: RecommendationStatus,
    },

    #[error(
        "recommendation {id} expired at {expires_at} and can no longer be adopted (now {now})"
    )]
    AdoptionAfterExpiry { id: u64, expires_at: u64, now: u64 },

    #[error("recommendation {id} expires at {expires_at}, now {now}")]
    NotYetExpired { id: u64, expires_at: u64, now: u64 },

    // ---- queries ----
    #[error("{count} assets asked for, at most {max}")]
    TooManyAssets { count: usize, max: usize },

    // ---- briefings ----
    #[error("briefing is signed by key {key_id} but names advisor {advisor}")]
    BriefingSignerMismatch { advisor: String, key_id: String },

    #[error("malformed briefing: {reason}")]
    MalformedBriefing { reason: String },

    #[error("proposal {proposal_id} cannot be read from the proposal module: {reason}")]
    ProposalUnreadable { proposal_id: u64, reason: String },

    #[error("proposal {proposal_id} is {status}: briefings are accepted while voting is open")]
    ProposalNotOpen { proposal_id: u64, status: Status },

    #[error("briefing of advisor {advisor} on proposal {proposal_id} issued at {issued_at} is not later than the stored one issued at {stored_issued_at}")]
    StaleBriefing {
        proposal_id: u64,
        advisor: String,
        issued_at: u64,
        stored_issued_at: u64,
    },

    #[error("no briefing of advisor {advisor} on proposal {proposal_id}")]
    BriefingNotFound { proposal_id: u64, advisor: String },

    // ---- outcomes ----
    #[error("{0}")]
    InvalidOutcomeHorizon(#[from] HorizonError),

    #[error("recommendation {id}: executed at {executed_at}, a horizon of {horizon_seconds}s is past the end of the clock")]
    OutcomeDueOverflow {
        id: u64,
        executed_at: u64,
        horizon_seconds: u64,
    },

    #[error("recommendation {id} has no outcome to score (not executed, no treasury actions, or no horizon set when it was)")]
    OutcomeNotTracked { id: u64 },

    #[error("recommendation {id}: its outcome was already recorded at {recorded_at}")]
    OutcomeAlreadyRecorded { id: u64, recorded_at: u64 },

    #[error("recommendation {id}: its outcome is due at {due_at}, now {now}")]
    OutcomeNotDue { id: u64, due_at: u64, now: u64 },

    #[error("recommendation {id}: no price for {asset} to score its outcome")]
    OutcomePriceMissing { id: u64, asset: String },

    #[error("recommendation {id}: the price of {asset} is zero")]
    OutcomePriceZero { id: u64, asset: String },

    #[error("recommendation {id}: the price of {asset} published at {publish_time} is older than {max_age}s (now {now}); score it after a fresh feed")]
    OutcomePriceStale {
        id: u64,
        asset: String,
        publish_time: u64,
        now: u64,
        max_age: u64,
    },

    #[error("recommendation {id}: the value of {asset} does not fit")]
    OutcomeOverflow { id: u64, asset: String },
}
