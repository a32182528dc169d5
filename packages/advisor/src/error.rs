//! Every way the advisor can fail. One variant per failure, carrying the values
//! that explain it; none of them ever carries key material.

use steward_types::acceptance::AcceptanceError;
use steward_types::governance::GovernanceViolation;
use steward_types::policy::InvalidAction;
use steward_types::PolicyViolation;
use thiserror::Error;

/// An advisor failure. Whatever the variant, nothing was signed.
#[derive(Debug, Error)]
pub enum AdvisorError {
    /// A file could not be read.
    #[error("cannot read {path}: {reason}")]
    ReadFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },

    /// A file could not be written.
    #[error("cannot write {path}: {reason}")]
    WriteFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },

    /// The snapshot does not parse or is inconsistent.
    #[error("malformed snapshot: {reason}")]
    MalformedSnapshot {
        /// What is wrong.
        reason: String,
    },

    /// The payload does not parse or fails its shape check.
    #[error("malformed payload: {reason}")]
    MalformedPayload {
        /// What is wrong.
        reason: String,
    },

    /// The signed recommendation file does not parse.
    #[error("malformed signed recommendation: {reason}")]
    MalformedSigned {
        /// What is wrong.
        reason: String,
    },

    /// The TOML config does not parse.
    #[error("malformed config: {reason}")]
    MalformedConfig {
        /// What is wrong.
        reason: String,
    },

    /// The config parses but a value is unusable.
    #[error("invalid config: {field}: {reason}")]
    InvalidConfig {
        /// The field, as a TOML path.
        field: String,
        /// Why.
        reason: String,
    },

    /// A pair given by its assets alone matches no venue of the deployment
    /// file, or more than one.
    #[error("invalid config: {field}: {}", venue_match_words(assets, matches))]
    PairVenueUnresolved {
        /// The field, as a TOML path (`strategy.pairs[0].address`).
        field: String,
        /// The two assets looked for.
        assets: [String; 2],
        /// The venues trading them (none, or more than one).
        matches: Vec<String>,
    },

    /// The deployment file does not parse or lacks an address.
    #[error("malformed deployment file: {reason}")]
    MalformedDeployment {
        /// What is wrong.
        reason: String,
    },

    /// An asset string is neither `native:<denom>` nor `cw20:<address>`.
    #[error("invalid asset {value:?}: expected native:<denom> or cw20:<address>")]
    InvalidAsset {
        /// The string.
        value: String,
    },

    /// An asset the strategy needs is not one the treasury's policy lists.
    #[error("unknown asset {asset}: {context}")]
    UnknownAsset {
        /// The asset key.
        asset: String,
        /// Where it was referenced.
        context: String,
    },

    /// A price in the snapshot is zero.
    #[error("price of {asset} is zero")]
    ZeroPrice {
        /// The asset key.
        asset: String,
    },

    /// The snapshot has no price for an asset the strategy values.
    #[error("no price for {asset} in the snapshot")]
    MissingPrice {
        /// The asset key.
        asset: String,
    },

    /// A price series is not strictly increasing in time.
    #[error("price history of {asset} is malformed: {reason}")]
    BadPriceHistory {
        /// The asset key.
        asset: String,
        /// What is wrong.
        reason: String,
    },

    /// A value overflowed while a strategy computed.
    #[error("arithmetic overflow computing {what}")]
    Overflow {
        /// What was being computed.
        what: String,
    },

    /// The payload's domain differs from the snapshot it is checked against.
    #[error("payload {field} is {got}, the snapshot says {expected}")]
    DomainMismatch {
        /// The payload field.
        field: &'static str,
        /// The snapshot's value.
        expected: String,
        /// The payload's value.
        got: String,
    },

    /// The oracle would refuse the payload at the snapshot's time: domain,
    /// nonce, time window (with its clock skew) or policy version
    /// (`steward_types::acceptance`, the oracle's own rules).
    #[error("refused to sign: the oracle would refuse it: {0}")]
    Unacceptable(#[from] AcceptanceError),

    /// The actions fail the treasury policy: nothing is signed.
    #[error("refused to sign: {strategy} recommendation fails the policy: {violation}")]
    PolicyRefused {
        /// The strategy that proposed them.
        strategy: String,
        /// The shared policy check's verdict.
        violation: PolicyViolation,
    },

    /// The config changes fall outside the DAO's governance policy: nothing is signed.
    #[error("refused to sign: {strategy} recommendation fails the governance policy: {violation}")]
    GovernanceRefused {
        /// The strategy that proposed them.
        strategy: String,
        /// The governance policy's verdict.
        violation: GovernanceViolation,
    },

    /// Config changes were proposed but the snapshot holds no governance
    /// state to check them against.
    #[error("{strategy} proposes config changes, but the snapshot has no governance state: read it with the proposal module's address (or dao-core's)")]
    NoGovernanceState {
        /// The strategy.
        strategy: String,
    },

    /// An action names an address or asset the treasury cannot use (the
    /// oracle refuses it at submission): nothing is signed.
    #[error(
        "refused to sign: {strategy} recommendation names what the treasury cannot use: {error}"
    )]
    InvalidAction {
        /// The strategy that proposed them.
        strategy: String,
        /// The shared action check's verdict.
        error: InvalidAction,
    },

    /// The model's answer parses, but its actions fail the treasury policy
    /// (or name an asset it does not list): nothing is signed.
    #[error(
        "refused to sign: the model's answer fails the policy: {reason}; the answer was {answer}"
    )]
    ModelAnswerRefused {
        /// Why: the shared policy check's verdict, or the unlisted asset.
        reason: String,
        /// The parsed answer, as compact JSON (actions, rationale, confidence).
        answer: String,
    },

    /// The model's answer is not the JSON object the prompt asks for.
    #[error("model answer rejected: {reason}")]
    ModelAnswerMalformed {
        /// Why it was rejected.
        reason: String,
    },

    /// The model endpoint failed on every attempt.
    #[error("model endpoint failed after {attempts} attempts: {last}")]
    ModelUnavailable {
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },

    /// Signing a digest failed (practically unreachable with a valid key).
    #[error("signing failed: {reason}")]
    Signing {
        /// Why.
        reason: String,
    },

    /// A failure of the shared chain client (`steward-chain`): a node or
    /// model endpoint that cannot be reached, times out or answers an error
    /// status or a malformed body; a missing or malformed mnemonic; a
    /// transaction that cannot be built or that the node refuses; a relayer
    /// account that does not exist yet. Its message is the chain client's.
    #[error(transparent)]
    Chain(#[from] steward_chain::ChainError),

    /// The replayed payload differs from the given one.
    #[error("replay mismatch at {path}: payload has {got}, re-derived {expected}")]
    ReplayMismatch {
        /// The first differing field, as a JSON path.
        path: String,
        /// The re-derived value.
        expected: String,
        /// The payload's value.
        got: String,
    },
}

impl AdvisorError {
    /// `InvalidConfig` from a field name and a reason.
    pub fn config(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AdvisorError::InvalidConfig {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// `Overflow` while computing `what`.
    pub fn overflow(what: impl Into<String>) -> Self {
        AdvisorError::Overflow { what: what.into() }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = AdvisorError> = std::result::Result<T, E>;

/// Why a pair given by its assets has no one venue, in words.
fn venue_match_words(assets: &[String; 2], matches: &[String]) -> String {
    let [a, b] = assets;
    if matches.is_empty() {
        format!("the deployment file lists no venue trading {a} and {b}: give the address, or redeploy so its venues list the pair")
    } else {
        format!(
            "the deployment file lists {} venues trading {a} and {b} ({}): give the address",
            matches.len(),
            matches.join(", ")
        )
    }
}
