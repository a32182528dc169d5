//! Messages of `steward-oracle`: advisor keys, signed recommendations, signed prices.

use crate::asset::AssetAmount;
use crate::asset::AssetInfo;
use crate::briefing::BriefingSummary;
use crate::crypto::{key_fingerprint, validate_public_key, KeyAlgorithm, MalformedPublicKey};
use crate::governance::GovernanceChange;
use crate::outcome::{validate_horizon, HorizonError};
use crate::payload::RecommendationPayload;
use crate::payload::MAX_ID_LEN;
use crate::policy::{PriceInfo, TreasuryAction};
use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Decimal, Int256, Uint128};
use thiserror::Error;

/// Most advisor keys that are not revoked. Bounds the count of active keys that
/// `SetQuorum` walks; revoked keys stay stored (their id, nonce and record are
/// history) but no longer count.
pub const MAX_ADVISORS: usize = 32;
/// Most feeders registered at instantiation (later ones come one per message).
pub const MAX_INITIAL_FEEDERS: usize = 32;

/// Why an oracle configuration, key or feeder is refused: by the oracle (at
/// instantiation, `RegisterAdvisor`, `RotateAdvisor`, `SetQuorum`,
/// `RegisterFeeder`) and by the deploy tool's config check, which call the same
/// functions.
#[derive(Error, Debug, Clone, PartialEq)]
pub enum OracleConfigError {
    #[error("quorum {quorum} must be within 1..={max}")]
    QuorumOutOfRange { quorum: u32, max: u32 },

    #[error("max_price_age_seconds must be non-zero")]
    ZeroMaxPriceAge {},

    #[error("{0}")]
    Horizon(#[from] HorizonError),

    #[error("id {id:?} must be 1..={max} bytes")]
    InvalidId { id: String, max: usize },

    #[error("public key of {id}: {reason}")]
    InvalidPublicKey {
        id: String,
        reason: MalformedPublicKey,
    },

    #[error("advisor key {id} is already registered")]
    DuplicateAdvisor { id: String },

    #[error("public key of {id} is already registered for advisor {holder}")]
    DuplicatePublicKey { id: String, holder: String },

    #[error("at most {max} advisor keys may be registered and not revoked, {count} would be")]
    TooManyAdvisors { count: usize, max: usize },

    #[error("feeder {id} is listed twice")]
    DuplicateFeeder { id: String },

    #[error("at most {max} feeders at instantiation, {count} given")]
    TooManyFeeders { count: usize, max: usize },
}

/// Key and feeder ids share the payload's id rule: 1..=[`MAX_ID_LEN`] bytes.
pub fn validate_key_id(id: &str) -> Result<(), OracleConfigError> {
    if id.is_empty() || id.len() > MAX_ID_LEN {
        return Err(OracleConfigError::InvalidId {
            id: id.to_string(),
            max: MAX_ID_LEN,
        });
    }
    Ok(())
}

/// A public key its algorithm accepts, reported under the key's id.
pub fn validate_key(
    id: &str,
    algorithm: KeyAlgorithm,
    public_key: &[u8],
) -> Result<(), OracleConfigError> {
    validate_public_key(algorithm, public_key).map_err(|reason| {
        OracleConfigError::InvalidPublicKey {
            id: id.to_string(),
            reason,
        }
    })
}

/// A quorum is 1 to `max` keys: the active keys for `SetQuorum`, the listed
/// keys (at least 1) at instantiation.
pub fn validate_quorum(quorum: u32, max: u32) -> Result<(), OracleConfigError> {
    if quorum == 0 || quorum > max {
        return Err(OracleConfigError::QuorumOutOfRange { quorum, max });
    }
    Ok(())
}

impl AdvisorKeyMsg {
    /// Its id and public key (the validity window needs the time, so the oracle
    /// checks it when it stores the key).
    pub fn validate(&self) -> Result<(), OracleConfigError> {
        validate_key_id(&self.id)?;
        validate_key(&self.id, self.algorithm, &self.public_key)
    }
}

impl FeederMsg {
    /// Its id and public key.
    pub fn validate(&self) -> Result<(), OracleConfigError> {
        validate_key_id(&self.id)?;
        validate_key(&self.id, self.algorithm, &self.public_key)
    }
}

impl InstantiateMsg {
    /// The largest quorum the message may ask: its keys, or 1 with none yet
    /// (keys come later by proposal).
    pub fn max_quorum(&self) -> u32 {
        u32::try_from(self.advisors.len().max(1)).unwrap_or(u32::MAX)
    }

    /// Everything the message says on its own: the quorum, the ages, the
    /// counts, every key and feeder, and no id or public key listed twice.
    pub fn validate(&self) -> Result<(), OracleConfigError> {
        validate_quorum(self.quorum, self.max_quorum())?;
        if self.max_price_age_seconds == 0 {
            return Err(OracleConfigError::ZeroMaxPriceAge {});
        }
        validate_horizon(self.outcome_horizon_seconds)?;
        if self.advisors.len() > MAX_ADVISORS {
            return Err(OracleConfigError::TooManyAdvisors {
                count: self.advisors.len(),
                max: MAX_ADVISORS,
            });
        }
        if self.feeders.len() > MAX_INITIAL_FEEDERS {
            return Err(OracleConfigError::TooManyFeeders {
                count: self.feeders.len(),
                max: MAX_INITIAL_FEEDERS,
            });
        }
        for (i, key) in self.advisors.iter().enumerate() {
            key.validate()?;
            let earlier = &self.advisors[..i];
            if earlier.iter().any(|k| k.id == key.id) {
                return Err(OracleConfigError::DuplicateAdvisor { id: key.id.clone() });
            }
            let fingerprint = key_fingerprint(key.algorithm, &key.public_key);
            if let Some(holder) = earlier
                .iter()
                .find(|k| key_fingerprint(k.algorithm, &k.public_key) == fingerprint)
            {
                return Err(OracleConfigError::DuplicatePublicKey {
                    id: key.id.clone(),
                    holder: holder.id.clone(),
                });
            }
        }
        for (i, feeder) in self.feeders.iter().enumerate() {
            feeder.validate()?;
            if self.feeders[..i].iter().any(|f| f.id == feeder.id) {
                return Err(OracleConfigError::DuplicateFeeder {
                    id: feeder.id.clone(),
                });
            }
        }
        Ok(())
    }
}

/// Instantiated by dao-core, the only address that can change keys, feeders,
/// quorum or recommendation status.
#[cw_serde]
pub struct InstantiateMsg {
    /// Distinct active advisor keys that must sign a recommendation (at least 1).
    pub quorum: u32,
    /// Advisor keys registered from the start.
    pub advisors: Vec<AdvisorKeyMsg>,
    /// Price feeders registered from the start.
    pub feeders: Vec<FeederMsg>,
    /// Oldest price update accepted at submission, in seconds.
    pub max_price_age_seconds: u64,
    /// How long after an adopted recommendation executes its outcome is
    /// scored (seconds, 1 to ten years); unset: no outcomes are recorded.
    #[serde(default)]
    pub outcome_horizon_seconds: Option<u64>,
}

/// An advisor key to register.
#[cw_serde]
pub struct AdvisorKeyMsg {
    /// Key id, referenced by payloads and signatures.
    pub id: String,
    /// Signature algorithm.
    pub algorithm: KeyAlgorithm,
    /// Public key bytes (secp256k1: 33 or 65; ed25519: 32).
    pub public_key: Binary,
    /// Valid from this time (Unix seconds); default now.
    pub active_from: Option<u64>,
    /// Valid until this time (Unix seconds); default never.
    pub expires_at: Option<u64>,
}

/// A price feeder to register.
#[cw_serde]
pub struct FeederMsg {
    /// Feeder id, referenced by price payloads.
    pub id: String,
    /// Signature algorithm.
    pub algorithm: KeyAlgorithm,
    /// Public key bytes.
    pub public_key: Binary,
}

/// A signature over `sha256(payload)` by one advisor key.
#[cw_serde]
pub struct AdvisorSignature {
    /// Key id.
    pub key_id: String,
    /// 64-byte signature (secp256k1 r‖s, or ed25519).
    pub signature: Binary,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Submit a signed recommendation. Anyone may relay it; the signatures make it.
    SubmitRecommendation {
        /// JSON bytes of a `RecommendationPayload`, exactly as signed.
        payload: Binary,
        /// Signatures of distinct advisor keys, at least the quorum.
        signatures: Vec<AdvisorSignature>,
    },
    /// Submit a signed price update. Anyone may relay it.
    SubmitPrices {
        /// JSON bytes of a `PricePayload`, exactly as signed.
        payload: Binary,
        /// The feeder's signature over `sha256(payload)`.
        signature: Binary,
    },
    /// Record that a pending recommendation has expired. Anyone.
    ExpireRecommendation {
        /// The recommendation.
        id: u64,
    },
    /// Register an advisor key. dao-core only.
    RegisterAdvisor {
        /// The key.
        key: AdvisorKeyMsg,
    },
    /// Replace an advisor's key, keeping its id, nonce sequence and record.
    /// dao-core only.
    RotateAdvisor {
        /// The advisor's key id.
        id: String,
        /// New algorithm.
        algorithm: KeyAlgorithm,
        /// New public key.
        public_key: Binary,
        /// New key valid from (Unix seconds); default now.
        active_from: Option<u64>,
        /// New key valid until (Unix seconds); default never.
        expires_at: Option<u64>,
    },
    /// Revoke an advisor key for good. dao-core only.
    RevokeAdvisor {
        /// The key id.
        id: String,
    },
    /// Set the advisor quorum. dao-core only.
    SetQuorum {
        /// Distinct signatures needed (1..=number of active keys).
        quorum: u32,
    },
    /// Register or replace a price feeder. dao-core only.
    RegisterFeeder {
        /// The feeder.
        feeder: FeederMsg,
    },
    /// Remove a price feeder. dao-core only.
    RemoveFeeder {
        /// The feeder id.
        id: String,
    },
    /// Record that proposal `proposal_id` adopted pending recommendation `id`
    /// and executed it: the last message of that proposal's execution, after
    /// the treasury's. dao-core only, and only while that adoption proposal
    /// executes; the adoption checks (pending, unexpired, signers still valid)
    /// run here, and a refusal undoes the whole execution.
    MarkExecuted {
        /// The recommendation.
        id: u64,
        /// The adoption proposal executing it.
        proposal_id: u64,
        /// The treasury's balances of the assets the actions move, read by the
        /// proposal module before they ran (the outcome's starting point).
        balances_before: Vec<AssetAmount>,
    },
    /// Reject a pending or adopted recommendation. dao-core only.
    MarkRejected {
        /// The recommendation.
        id: u64,
    },
    /// Publish or replace a signed briefing about an open proposal. Anyone
    /// may relay it; the advisor's signature makes it. One per proposal per
    /// advisor, replaceable by a later one until voting ends.
    SubmitBriefing {
        /// JSON bytes of a `BriefingPayload`, exactly as signed.
        payload: Binary,
        /// The signature of the advisor key the payload names.
        signature: AdvisorSignature,
    },
    /// Score an executed recommendation's outcome once its horizon has
    /// passed: the realised value of what the treasury did against holding,
    /// at the oracle's current prices (each at most `max_price_age_seconds`
    /// old). Anyone, once per recommendation; refused while a price is
    /// missing or stale, and recordable again after a fresh feed.
    RecordOutcome {
        /// The recommendation.
        id: u64,
    },
    /// Set how long after execution outcomes are scored, for recommendations
    /// executed from now on (those already executed keep their due time).
    /// dao-core only.
    SetOutcomeHorizon {
        /// Seconds, 1 to ten years; `None` stops recording outcomes.
        seconds: Option<u64>,
    },
}

/// Lifecycle of a recommendation.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum RecommendationStatus {
    /// Verified and waiting for a proposal.
    Pending,
    /// A passed proposal adopted it.
    Adopted,
    /// The treasury carried it out.
    Executed,
    /// Its `expires_at` passed while pending.
    Expired,
    /// The DAO rejected it.
    Rejected,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Quorum, price age, the DAO.
    #[returns(ConfigResponse)]
    Config {},
    /// One recommendation.
    #[returns(RecommendationResponse)]
    Recommendation {
        /// The id.
        id: u64,
    },
    /// What a proposal adopting the recommendation copies and checks, without
    /// the payload bytes and provenance (lighter than `Recommendation`).
    #[returns(AdoptionTermsResponse)]
    AdoptionTerms {
        /// The id.
        id: u64,
    },
    /// Recommendations in id order, optionally of one status (effective status:
    /// a pending one past its expiry counts as expired).
    #[returns(RecommendationListResponse)]
    Recommendations {
        /// Only this status.
        status: Option<RecommendationStatus>,
        /// Start after this id.
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One advisor key and its track record.
    #[returns(AdvisorResponse)]
    Advisor {
        /// Key id.
        id: String,
    },
    /// Advisors in id order.
    #[returns(AdvisorListResponse)]
    Advisors {
        /// Start after this id.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Latest price of each asset asked for (missing ones are left out).
    #[returns(PricesResponse)]
    Prices {
        /// The assets (at most 32).
        assets: Vec<AssetInfo>,
    },
    /// All prices in asset-key order.
    #[returns(PricesResponse)]
    ListPrices {
        /// Start after this asset key.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Past prices of one asset, newest first: the oracle keeps the last
    /// `capacity` accepted updates of each asset (older ones are overwritten).
    /// An asset never priced answers an empty page.
    #[returns(PriceHistoryResponse)]
    PriceHistory {
        /// The asset.
        asset: AssetInfo,
        /// Start after this publish time (Unix seconds): the page holds points
        /// published before it. Pass the last point's time to read the next page.
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The signatures that counted toward a recommendation's quorum, with
    /// their key ids, so anyone can check them from chain state against the
    /// registered keys over `sha256(payload_bytes)`. Empty for a
    /// recommendation stored before the oracle kept its signatures.
    #[returns(SignaturesResponse)]
    Signatures {
        /// The recommendation id.
        id: u64,
    },
    /// Feeders in id order.
    #[returns(FeederListResponse)]
    Feeders {
        /// Start after this id.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One advisor's briefing about a proposal.
    #[returns(BriefingResponse)]
    Briefing {
        /// The proposal.
        proposal_id: u64,
        /// The advisor's key id.
        advisor: String,
    },
    /// The briefings about a proposal, in advisor id order.
    #[returns(BriefingListResponse)]
    Briefings {
        /// The proposal.
        proposal_id: u64,
        /// Start after this advisor id.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The outcome of one recommendation: what its execution changed, when
    /// it is due to be scored, and the score once recorded.
    #[returns(OutcomeResponse)]
    Outcome {
        /// The recommendation id.
        id: u64,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    /// The DAO (dao-core).
    pub dao: Addr,
    /// Distinct advisor signatures needed.
    pub quorum: u32,
    /// Oldest price update accepted at submission, in seconds.
    pub max_price_age_seconds: u64,
    /// How long after execution outcomes are scored; `None`: not recorded.
    #[serde(default)]
    pub outcome_horizon_seconds: Option<u64>,
}

/// A stored recommendation.
#[cw_serde]
pub struct Recommendation {
    /// Id, in submission order from 1.
    pub id: u64,
    /// Hex sha256 of the payload bytes.
    pub payload_hash: String,
    /// The parsed payload.
    pub payload: RecommendationPayload,
    /// The exact bytes that were signed.
    pub payload_bytes: Binary,
    /// Key ids whose signatures were verified.
    pub signers: Vec<String>,
    /// Who relayed it.
    pub submitted_by: Addr,
    /// Block time of submission (Unix seconds).
    pub submitted_at: u64,
    /// Stored status.
    pub status: RecommendationStatus,
    /// The proposal that adopted it.
    pub proposal_id: Option<u64>,
}

#[cw_serde]
pub struct RecommendationResponse {
    /// The recommendation.
    pub recommendation: Recommendation,
    /// Effective status now (pending past expiry reads as expired).
    pub status: RecommendationStatus,
}

/// What adopting a recommendation needs to know.
#[cw_serde]
pub struct AdoptionTermsResponse {
    /// Hex sha256 of the payload bytes.
    pub payload_hash: String,
    /// Key id of the advisor that issued it.
    pub advisor: String,
    /// The treasury policy version it was computed against.
    pub policy_version: u64,
    /// After this time (Unix seconds) it can no longer be adopted.
    pub expires_at: u64,
    /// The proposed treasury actions.
    pub actions: Vec<TreasuryAction>,
    /// The proposed proposal-config changes.
    #[serde(default)]
    pub governance: Vec<GovernanceChange>,
    /// Effective status now (pending past expiry reads as expired).
    pub status: RecommendationStatus,
    /// Why the keys that signed it no longer vouch for it (the issuer's key
    /// revoked or expired, or active signers below the quorum); `None` while
    /// they do. A recommendation with a problem here cannot be adopted.
    #[serde(default)]
    pub signer_problem: Option<String>,
}

impl AdoptionTermsResponse {
    /// The terms of `rec`, whose effective status is `status` and whose
    /// signers' standing is `signer_problem`.
    pub fn new(
        rec: Recommendation,
        status: RecommendationStatus,
        signer_problem: Option<String>,
    ) -> Self {
        AdoptionTermsResponse {
            payload_hash: rec.payload_hash,
            advisor: rec.payload.advisor,
            policy_version: rec.payload.policy_version,
            expires_at: rec.payload.expires_at,
            actions: rec.payload.actions,
            governance: rec.payload.governance,
            status,
            signer_problem,
        }
    }
}

#[cw_serde]
pub struct RecommendationListResponse {
    /// The page.
    pub recommendations: Vec<RecommendationResponse>,
}

/// An advisor's counts.
#[cw_serde]
#[derive(Default)]
pub struct TrackRecord {
    /// Recommendations accepted by the oracle.
    pub submitted: u64,
    /// Adopted by a passed proposal.
    pub adopted: u64,
    /// Carried out by the treasury.
    pub executed: u64,
    /// Rejected by the DAO.
    pub rejected: u64,
    /// Expired while pending (counted when recorded by `ExpireRecommendation`).
    pub expired: u64,
    /// Executed recommendations whose outcome `RecordOutcome` scored.
    #[serde(default)]
    pub outcomes_recorded: u64,
    /// Of those, the ones that added value (a score above zero).
    #[serde(default)]
    pub outcome_hits: u64,
    /// Sum of the scores, in quote units (negative: value lost).
    #[serde(default)]
    pub value_added: Int256,
    /// Lowest score recorded; `None` before the first.
    #[serde(default)]
    pub worst_outcome: Option<Int256>,
}

#[cw_serde]
pub struct AdvisorResponse {
    /// Key id.
    pub id: String,
    /// Algorithm.
    pub algorithm: KeyAlgorithm,
    /// Public key.
    pub public_key: Binary,
    /// Valid from (Unix seconds).
    pub active_from: u64,
    /// Valid until (Unix seconds).
    pub expires_at: Option<u64>,
    /// Revoked for good.
    pub revoked: bool,
    /// Whether it can sign now.
    pub active: bool,
    /// Last nonce accepted.
    pub last_nonce: Option<u64>,
    /// Track record.
    pub record: TrackRecord,
}

#[cw_serde]
pub struct AdvisorListResponse {
    /// The page.
    pub advisors: Vec<AdvisorResponse>,
}

#[cw_serde]
pub struct PricesResponse {
    /// Prices with their publish times.
    pub prices: Vec<PriceInfo>,
}

/// One accepted price of an asset.
#[cw_serde]
pub struct PricePoint {
    /// Quote units per smallest unit.
    pub price: Decimal,
    /// When the feeder published it (Unix seconds).
    pub publish_time: u64,
}

#[cw_serde]
pub struct PriceHistoryResponse {
    /// The asset asked for.
    pub asset: AssetInfo,
    /// The page, newest first; publish times strictly decrease.
    pub points: Vec<PricePoint>,
    /// Most points the oracle keeps per asset.
    pub capacity: u32,
}

#[cw_serde]
pub struct SignaturesResponse {
    /// The recommendation id.
    pub id: u64,
    /// The signatures that counted toward its quorum, in the order submitted;
    /// each is over `sha256` of the recommendation's `payload_bytes`.
    pub signatures: Vec<AdvisorSignature>,
}

#[cw_serde]
pub struct FeederResponse {
    /// Feeder id.
    pub id: String,
    /// Algorithm.
    pub algorithm: KeyAlgorithm,
    /// Public key.
    pub public_key: Binary,
}

#[cw_serde]
pub struct FeederListResponse {
    /// The page.
    pub feeders: Vec<FeederResponse>,
}

/// A stored briefing, with what anyone needs to check it: the exact bytes
/// signed and the signature over `sha256(payload_bytes)` by the key the
/// advisor had registered when it was submitted (see `Advisor`). The facts
/// are in the bytes only: parse them as a `BriefingPayload` (the oracle
/// checks their size and signature, not their content).
#[cw_serde]
pub struct BriefingResponse {
    /// The proposal it is about.
    pub proposal_id: u64,
    /// The advisor's key id.
    pub advisor: String,
    /// When the advisor issued it (Unix seconds).
    pub issued_at: u64,
    /// The strategy's text, labelled with who wrote it (from the bytes).
    pub summary: BriefingSummary,
    /// The exact bytes that were signed: a `BriefingPayload` in JSON.
    pub payload_bytes: Binary,
    /// Hex sha256 of the payload bytes.
    pub payload_hash: String,
    /// The advisor's signature over `sha256(payload_bytes)`.
    pub signature: Binary,
    /// Who relayed it.
    pub submitted_by: Addr,
    /// Block time of submission (Unix seconds).
    pub submitted_at: u64,
}

#[cw_serde]
pub struct BriefingListResponse {
    /// The page.
    pub briefings: Vec<BriefingResponse>,
}

/// What an executed recommendation changed and, once scored, what it realised.
#[cw_serde]
pub struct Outcome {
    /// The recommendation.
    pub id: u64,
    /// Key id of the advisor that issued it.
    pub advisor: String,
    /// Treasury balances of the assets its actions move, before they ran.
    pub before: Vec<AssetAmount>,
    /// The same balances right after (same transaction, so nothing else
    /// moved them in between).
    pub after: Vec<AssetAmount>,
    /// Block time of execution (Unix seconds).
    pub executed_at: u64,
    /// The oracle's stored prices of those assets at execution (any age;
    /// an asset never priced is left out).
    pub prices_at_execution: Vec<PriceInfo>,
    /// Value of `after` at `prices_at_execution`, unpriced assets as zero.
    pub value_at_execution: Uint128,
    /// From this time (Unix seconds) anyone may score it.
    pub due_at: u64,
    /// The score, once recorded.
    pub realised: Option<RealisedOutcome>,
}

/// A recorded score.
#[cw_serde]
pub struct RealisedOutcome {
    /// Value added against holding, in quote units
    /// (`steward_types::outcome::value_added`): negative when it lost value.
    pub value_added: Int256,
    /// The prices it was valued at.
    pub prices: Vec<PriceInfo>,
    /// Block time of recording (Unix seconds).
    pub recorded_at: u64,
    /// Who sent `RecordOutcome`.
    pub recorded_by: Addr,
}

#[cw_serde]
pub struct OutcomeResponse {
    /// The recommendation id asked for.
    pub id: u64,
    /// Its outcome; `None` when none is tracked (not executed, executed
    /// without treasury actions, or while no horizon was set).
    pub outcome: Option<Outcome>,
}

/// What the oracle stores under documented keys that other contracts read
/// raw (see `handle`).
pub mod stored {
    use cw_storage_plus::Map;

    use crate::policy::PriceInfo;

    /// Namespace of [`PRICES`].
    pub const PRICES_KEY: &str = "prices";
    /// The latest accepted price of each asset, by its key (`AssetInfo::key`).
    pub const PRICES: Map<&str, PriceInfo> = Map::new(PRICES_KEY);
}
