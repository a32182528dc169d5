use crate::error::ContractError;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Decimal, Empty, StdResult, Storage, Uint128};
use cw_storage_plus::{Index, IndexList, IndexedMap, Item, Map, MultiIndex};
use std::fmt;
use std::str::FromStr;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::crypto::KeyAlgorithm;
use steward_types::oracle::{
    AdvisorSignature, Outcome, PricePoint, RealisedOutcome, Recommendation, RecommendationStatus,
    TrackRecord,
};
use steward_types::outcome::value_at;
use steward_types::payload::RecommendationPayload;
use steward_types::policy::PriceInfo;

pub use steward_types::acceptance::{MAX_CLOCK_SKEW_SECONDS, MAX_NONCE_STEP};
pub use steward_types::oracle::{MAX_ADVISORS, MAX_INITIAL_FEEDERS};

/// Storage namespaces, spelled once (the latest prices' is in the shared
/// package: the treasury reads them raw). `OUTCOMES` holds both stored forms
/// of an outcome.
pub mod keys {
    pub const CONFIG: &str = "config";
    pub const ADVISORS: &str = "advisors";
    pub const LIVE_ADVISORS: &str = "live_advisors";
    pub const ADVISOR_KEY_OWNERS: &str = "advisor_key_owners";
    pub const FEEDERS: &str = "feeders";
    pub const PRICE_HISTORY: &str = "price_history";
    pub const PRICE_HISTORY_HEADS: &str = "price_history_heads";
    pub const RECOMMENDATION_SIGNATURES: &str = "recommendation_signatures";
    pub const LAST_RECOMMENDATION_ID: &str = "last_recommendation_id";
    pub const PAYLOAD_HASHES: &str = "payload_hashes";
    pub const RECOMMENDATION_BODIES: &str = "recommendation_bodies";
    pub const RECOMMENDATION_PAYLOADS: &str = "recommendation_payloads";
    pub const BRIEFINGS: &str = "briefings";
    pub const OUTCOMES: &str = "outcomes";
    pub const RECOMMENDATION_STATUS_INDEX: &str = "recommendation_states__status";
    pub const RECOMMENDATION_STATES: &str = "recommendation_states";
}

/// Most signatures on one recommendation.
pub const MAX_SIGNATURES: usize = 16;
/// Most assets one `Prices` query may ask for.
pub const MAX_PRICE_QUERY_ASSETS: usize = 32;
/// Price points kept per asset. A constant rather than a config field: the
/// ring's slots are laid out modulo this length, so changing it means
/// re-laying every asset's ring, which belongs in a migration, not in a
/// message. 64 covers the advisor's default history window (64 points).
pub const PRICE_HISTORY_LEN: u32 = 64;
/// A status-filtered page reads at most this many stored entries per entry it
/// may return, so skipping pending-but-expired ones stays bounded by the page limit.
pub const SCAN_FACTOR: usize = 4;

#[cw_serde]
pub struct Config {
    /// dao-core: the only address that changes keys, feeders, quorum and status.
    pub dao: Addr,
    /// Distinct advisor signatures a recommendation needs.
    pub quorum: u32,
    /// Oldest price update accepted at submission, in seconds (and the
    /// oldest a price may be to score an outcome).
    pub max_price_age_seconds: u64,
    /// How long after execution outcomes are scored; `None`: not recorded.
    /// Absent from configs stored before outcomes existed.
    #[serde(default)]
    pub outcome_horizon_seconds: Option<u64>,
}

/// A registered advisor key with its nonce sequence and track record.
#[cw_serde]
pub struct AdvisorKey {
    pub algorithm: KeyAlgorithm,
    pub public_key: Binary,
    pub active_from: u64,
    pub expires_at: Option<u64>,
    pub revoked: bool,
    pub last_nonce: Option<u64>,
    pub record: TrackRecord,
}

/// Why a registered key cannot sign now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inactive {
    NotYetActive { active_from: u64, now: u64 },
    Expired { expires_at: u64, now: u64 },
    Revoked,
}

impl fmt::Display for Inactive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Inactive::NotYetActive { active_from, now } => {
                write!(f, "not yet active (active from {active_from}, now {now})")
            }
            Inactive::Expired { expires_at, now } => {
                write!(f, "expired (expired at {expires_at}, now {now})")
            }
            Inactive::Revoked => write!(f, "revoked"),
        }
    }
}

impl AdvisorKey {
    /// `Ok` when the key can sign at `now`, else why not.
    pub fn check_active(&self, now: u64) -> Result<(), Inactive> {
        if self.revoked {
            return Err(Inactive::Revoked);
        }
        if now < self.active_from {
            return Err(Inactive::NotYetActive {
                active_from: self.active_from,
                now,
            });
        }
        if let Some(expires_at) = self.expires_at {
            if now >= expires_at {
                return Err(Inactive::Expired { expires_at, now });
            }
        }
        Ok(())
    }

    pub fn is_active(&self, now: u64) -> bool {
        self.check_active(now).is_ok()
    }
}

/// A registered price feeder.
#[cw_serde]
pub struct Feeder {
    pub algorithm: KeyAlgorithm,
    pub public_key: Binary,
}

/// The DAO, the advisor quorum and the oldest price accepted.
pub const CONFIG: Item<Config> = Item::new(keys::CONFIG);

/// Advisor keys by id, revoked ones included.
pub const ADVISORS: Map<&str, AdvisorKey> = Map::new(keys::ADVISORS);
/// Ids of advisors not revoked (at most `MAX_ADVISORS`).
pub const LIVE_ADVISORS: Map<&str, Empty> = Map::new(keys::LIVE_ADVISORS);
/// Current public key of every advisor id (revoked ones included) → that id.
/// Keyed by the normalised key so one private key can never stand behind two
/// ids and count twice toward the quorum.
pub const ADVISOR_KEY_OWNERS: Map<&[u8], String> = Map::new(keys::ADVISOR_KEY_OWNERS);

/// Feeders by id.
pub const FEEDERS: Map<&str, Feeder> = Map::new(keys::FEEDERS);

/// Latest price by asset key (`AssetInfo::key`); other contracts read it raw.
pub const PRICES: Map<&str, PriceInfo> = Map::new(steward_types::oracle::stored::PRICES_KEY);

/// Where an asset's price-history ring writes next, and how many points it
/// holds (at most `PRICE_HISTORY_LEN`).
#[cw_serde]
#[derive(Default, Copy)]
pub struct RingHead {
    /// Slot the next point goes to, in `0..PRICE_HISTORY_LEN`.
    pub next: u32,
    /// Points held, in `0..=PRICE_HISTORY_LEN`.
    pub len: u32,
}

/// The last `PRICE_HISTORY_LEN` accepted prices of each asset:
/// (asset key, slot) → point. Slots are reused in turn, so storage per asset
/// is bounded and a write costs one save whatever the history's age.
pub const PRICE_HISTORY: Map<(&str, u32), PricePoint> = Map::new(keys::PRICE_HISTORY);
/// Ring position of each asset's price history, by asset key.
pub const PRICE_HISTORY_HEADS: Map<&str, RingHead> = Map::new(keys::PRICE_HISTORY_HEADS);

/// Signatures that counted toward each recommendation's quorum, by
/// recommendation id. Apart from `recommendations` so that lists, adoption
/// terms and status changes do not load (or rewrite) up to `MAX_SIGNATURES`
/// signatures they never read.
pub const RECOMMENDATION_SIGNATURES: Map<u64, Vec<StoredSignature>> =
    Map::new(keys::RECOMMENDATION_SIGNATURES);

/// A signature as stored: the fields of [`AdvisorSignature`], the oracle's own
/// type so the API can change without moving stored state.
#[cw_serde]
pub struct StoredSignature {
    /// Key id.
    pub key_id: String,
    /// The signature bytes.
    pub signature: Binary,
}

impl From<&AdvisorSignature> for StoredSignature {
    fn from(s: &AdvisorSignature) -> Self {
        StoredSignature {
            key_id: s.key_id.clone(),
            signature: s.signature.clone(),
        }
    }
}

impl From<StoredSignature> for AdvisorSignature {
    fn from(s: StoredSignature) -> Self {
        AdvisorSignature {
            key_id: s.key_id,
            signature: s.signature,
        }
    }
}

/// Last recommendation id given out (ids start at 1).
pub const LAST_RECOMMENDATION_ID: Item<u64> = Item::new(keys::LAST_RECOMMENDATION_ID);
/// Hex payload hash → recommendation id, to refuse a payload twice.
pub const PAYLOAD_HASHES: Map<&str, u64> = Map::new(keys::PAYLOAD_HASHES);

/// The part of a recommendation its life changes, written at each status
/// change; kept apart from what was submitted (its [`RecommendationBody`]), so
/// marking it adopted or executed rewrites a few bytes, not the payload.
#[cw_serde]
pub struct RecommendationState {
    /// Stored status.
    pub status: RecommendationStatus,
    /// The proposal that adopted it.
    pub proposal_id: Option<u64>,
    /// Key id of the advisor that issued it (whose record each change counts in).
    pub advisor: String,
    /// The payload's expiry (Unix seconds): a pending one reads as expired from then.
    pub expires_at: u64,
}

impl RecommendationState {
    /// The status it has at `now` (see [`effective_status`]).
    pub fn effective_status(&self, now: u64) -> RecommendationStatus {
        effective_status(self.status, self.expires_at, now)
    }
}

/// What was submitted besides the payload, written once.
#[cw_serde]
pub struct RecommendationBody {
    /// Hex sha256 of the payload bytes.
    pub payload_hash: String,
    /// Key ids whose signatures were verified.
    pub signers: Vec<String>,
    /// Who relayed it.
    pub submitted_by: Addr,
    /// Block time of submission (Unix seconds).
    pub submitted_at: u64,
}

/// What each recommendation submitted, by id.
pub const RECOMMENDATION_BODIES: Map<u64, RecommendationBody> =
    Map::new(keys::RECOMMENDATION_BODIES);

/// Byte strings stored as they are under `namespace` + a big-endian u64 id,
/// not as JSON (whose base64 would add a third to every byte written).
pub struct RawBytes(&'static str);

impl RawBytes {
    fn key(&self, id: u64) -> Vec<u8> {
        Map::<u64, Empty>::new(self.0).key(id).to_vec()
    }

    pub fn save(&self, storage: &mut dyn Storage, id: u64, bytes: &[u8]) {
        storage.set(&self.key(id), bytes);
    }

    pub fn may_load(&self, storage: &dyn Storage, id: u64) -> Option<Vec<u8>> {
        storage.get(&self.key(id))
    }
}

/// Each recommendation's payload, the exact bytes signed (parsed and checked
/// at submission, parsed again when read).
pub const RECOMMENDATION_PAYLOADS: RawBytes = RawBytes(keys::RECOMMENDATION_PAYLOADS);

pub struct RecommendationIndexes<'a> {
    /// By stored status, so lists by status paginate without a full scan.
    pub status: MultiIndex<'a, u8, RecommendationState, u64>,
}

impl IndexList<RecommendationState> for RecommendationIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<RecommendationState>> + '_> {
        let v: Vec<&dyn Index<RecommendationState>> = vec![&self.status];
        Box::new(v.into_iter())
    }
}

/// A compact, stable index key per status.
pub fn status_key(status: RecommendationStatus) -> u8 {
    match status {
        RecommendationStatus::Pending => 0,
        RecommendationStatus::Adopted => 1,
        RecommendationStatus::Executed => 2,
        RecommendationStatus::Expired => 3,
        RecommendationStatus::Rejected => 4,
    }
}

/// Each recommendation's state by id, indexed by stored status.
pub fn recommendations<'a>() -> IndexedMap<u64, RecommendationState, RecommendationIndexes<'a>> {
    let indexes = RecommendationIndexes {
        status: MultiIndex::new(
            |_pk, r: &RecommendationState| status_key(r.status),
            keys::RECOMMENDATION_STATES,
            keys::RECOMMENDATION_STATUS_INDEX,
        ),
    };
    IndexedMap::new(keys::RECOMMENDATION_STATES, indexes)
}

/// The stored state of recommendation `id`, or `RecommendationNotFound`.
pub fn load_state(storage: &dyn Storage, id: u64) -> Result<RecommendationState, ContractError> {
    recommendations()
        .may_load(storage, id)?
        .ok_or(ContractError::RecommendationNotFound { id })
}

/// Recommendation `id` whole (the API's view): its state and body, with the
/// payload parsed from the signed bytes.
pub fn load_recommendation(
    storage: &dyn Storage,
    id: u64,
) -> Result<Recommendation, ContractError> {
    let state = load_state(storage, id)?;
    assemble(storage, id, state)
}

/// Recommendation `id` from its `state` and its stored body.
pub fn assemble(
    storage: &dyn Storage,
    id: u64,
    state: RecommendationState,
) -> Result<Recommendation, ContractError> {
    // Its state exists, so a missing part or a payload that no longer parses
    // (it was parsed and checked when accepted) is a corrupt store, not a
    // missing recommendation.
    let unreadable = |reason: String| ContractError::StoredRecommendationUnreadable { id, reason };
    let body = RECOMMENDATION_BODIES
        .may_load(storage, id)?
        .ok_or_else(|| unreadable("no body".into()))?;
    let payload_bytes = RECOMMENDATION_PAYLOADS
        .may_load(storage, id)
        .ok_or_else(|| unreadable("no payload".into()))?;
    let payload = RecommendationPayload::parse(&payload_bytes).map_err(unreadable)?;
    Ok(Recommendation {
        id,
        payload_hash: body.payload_hash,
        payload,
        payload_bytes: payload_bytes.into(),
        signers: body.signers,
        submitted_by: body.submitted_by,
        submitted_at: body.submitted_at,
        status: state.status,
        proposal_id: state.proposal_id,
    })
}

/// The status a recommendation has at `now`: a stored `Pending` past its
/// `expires_at` reads as `Expired` until `ExpireRecommendation` records it.
pub fn effective_status(
    status: RecommendationStatus,
    expires_at: u64,
    now: u64,
) -> RecommendationStatus {
    if status == RecommendationStatus::Pending && now >= expires_at {
        RecommendationStatus::Expired
    } else {
        status
    }
}

/// A briefing as stored: the exact bytes signed and the signature, plus what a
/// replacement is checked against. The payload is parsed again when read.
#[cw_serde]
pub struct StoredBriefing {
    /// The `BriefingPayload` JSON bytes, exactly as signed.
    pub payload: Binary,
    /// The advisor's signature over `sha256(payload)`.
    pub signature: Binary,
    /// The payload's `issued_at`: a replacement must be issued later.
    pub issued_at: u64,
    /// Who relayed it.
    pub submitted_by: Addr,
    /// Block time of submission (Unix seconds).
    pub submitted_at: u64,
}

/// Briefings by (proposal id, advisor key id): one per proposal per advisor.
pub const BRIEFINGS: Map<(u64, &str), StoredBriefing> = Map::new(keys::BRIEFINGS);

/// Outcomes of executed recommendations, by recommendation id. Apart from
/// `recommendations` so that scoring rewrites only its own entry. Read and
/// written through [`load_outcome`] and [`save_outcome`].
const OUTCOMES: Map<u64, StoredOutcome> = Map::new(keys::OUTCOMES);
/// The same entries as written before [`StoredOutcome`]: the API's `Outcome`
/// whole. Still read; rewritten in the compact form when next saved.
const LEGACY_OUTCOMES: Map<u64, Outcome> = Map::new(keys::OUTCOMES);

/// An [`Outcome`] as stored. One is written at every adoption's execution,
/// and each byte written costs 30 gas, so it keeps short field names, assets
/// as their `native:`/`cw20:` keys, the balances after in the order of those
/// before, and nothing derived: the id is the map key, the value at execution
/// is `value_at(after, prices)`.
#[cw_serde]
pub struct StoredOutcome {
    /// Key id of the issuing advisor.
    #[serde(rename = "v")]
    pub advisor: String,
    /// Each moved asset (its key) and its treasury balance before the actions.
    #[serde(rename = "b")]
    pub before: Vec<(String, Uint128)>,
    /// The same assets' balances right after, in the same order.
    #[serde(rename = "a")]
    pub after: Vec<Uint128>,
    /// Block time of execution (Unix seconds).
    #[serde(rename = "t")]
    pub executed_at: u64,
    /// The stored prices at execution: asset key, price, publish time.
    #[serde(rename = "p")]
    pub prices: Vec<(String, Decimal, u64)>,
    /// From this time anyone may score it.
    #[serde(rename = "d")]
    pub due_at: u64,
    /// The score, once recorded.
    #[serde(rename = "r")]
    pub realised: Option<RealisedOutcome>,
}

impl StoredOutcome {
    fn from_outcome(outcome: &Outcome) -> Self {
        StoredOutcome {
            advisor: outcome.advisor.clone(),
            before: outcome
                .before
                .iter()
                .map(|b| (b.info.key(), b.amount))
                .collect(),
            after: outcome.after.iter().map(|a| a.amount).collect(),
            executed_at: outcome.executed_at,
            prices: outcome
                .prices_at_execution
                .iter()
                .map(|p| (p.asset.key(), p.price, p.publish_time))
                .collect(),
            due_at: outcome.due_at,
            realised: outcome.realised.clone(),
        }
    }

    fn into_outcome(self, id: u64) -> Result<Outcome, ContractError> {
        let asset = |key: &str| {
            AssetInfo::from_str(key).map_err(|e| ContractError::StoredOutcomeUnreadable {
                id,
                reason: e.to_string(),
            })
        };
        if self.after.len() != self.before.len() {
            return Err(ContractError::StoredOutcomeUnreadable {
                id,
                reason: format!(
                    "{} balances after for {} assets",
                    self.after.len(),
                    self.before.len()
                ),
            });
        }
        let mut before = Vec::with_capacity(self.before.len());
        let mut after = Vec::with_capacity(self.before.len());
        for ((key, amount_before), amount_after) in self.before.iter().zip(self.after) {
            let info = asset(key)?;
            before.push(AssetAmount::new(info.clone(), *amount_before));
            after.push(AssetAmount::new(info, amount_after));
        }
        let prices_at_execution = self
            .prices
            .iter()
            .map(|(key, price, publish_time)| {
                Ok(PriceInfo {
                    asset: asset(key)?,
                    price: *price,
                    publish_time: *publish_time,
                })
            })
            .collect::<Result<Vec<_>, ContractError>>()?;
        Ok(Outcome {
            id,
            advisor: self.advisor,
            value_at_execution: value_at(&after, &prices_at_execution),
            before,
            after,
            executed_at: self.executed_at,
            prices_at_execution,
            due_at: self.due_at,
            realised: self.realised,
        })
    }
}

/// The outcome of recommendation `id`, in either stored form.
pub fn load_outcome(storage: &dyn Storage, id: u64) -> Result<Option<Outcome>, ContractError> {
    match OUTCOMES.may_load(storage, id) {
        Ok(Some(stored)) => stored.into_outcome(id).map(Some),
        Ok(None) => Ok(None),
        // Not the compact form: written before it, or unreadable in both.
        Err(compact) => LEGACY_OUTCOMES.may_load(storage, id).map_err(|legacy| {
            ContractError::StoredOutcomeUnreadable {
                id,
                reason: format!("neither stored form parses: {compact}; {legacy}"),
            }
        }),
    }
}

/// Stores `outcome` in the compact form.
pub fn save_outcome(storage: &mut dyn Storage, outcome: &Outcome) -> StdResult<()> {
    OUTCOMES.save(storage, outcome.id, &StoredOutcome::from_outcome(outcome))
}
