//! Every way the advisor can fail. One variant per failure, carrying the values
//! that explain it; none of them ever carries key material.

use steward_types::PolicyViolation;
use thiserror::Error;

/// An advisor failure. Whatever the variant, nothing was signed.
#[derive(Debug, Error)]
pub enum AdvisorError {
    /// Neither the environment variable nor a mnemonic file gave a mnemonic.
    #[error("no mnemonic: set {env} or pass --mnemonic-file")]
    MnemonicMissing {
        /// The environment variable that was read.
        env: &'static str,
    },

    /// The mnemonic file could not be read.
    #[error("cannot read the mnemonic file {path}: {reason}")]
    MnemonicFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },

    /// The mnemonic is not a valid BIP-39 English phrase. The phrase itself is
    /// never repeated in the message.
    #[error("malformed mnemonic: {reason}")]
    MnemonicMalformed {
        /// What is wrong (word count, position of an unknown word, checksum).
        reason: String,
    },

    /// HD derivation failed (practically unreachable: an invalid child key).
    #[error("key derivation failed at {path}: {reason}")]
    KeyDerivation {
        /// The derivation path.
        path: String,
        /// Why.
        reason: String,
    },

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

    /// The payload's nonce is not above the advisor's last accepted nonce.
    #[error("nonce {nonce} is not above the advisor's last nonce {last}")]
    StaleNonce {
        /// The payload's nonce.
        nonce: u64,
        /// The last nonce the oracle accepted.
        last: u64,
    },

    /// The payload has already expired at the snapshot's time.
    #[error("payload expired at {expires_at}, the snapshot's time is {now}")]
    Expired {
        /// Its expiry.
        expires_at: u64,
        /// The snapshot's time.
        now: u64,
    },

    /// The actions fail the treasury policy: nothing is signed.
    #[error("refused to sign: {strategy} recommendation fails the policy: {violation}")]
    PolicyRefused {
        /// The strategy that proposed them.
        strategy: String,
        /// The shared policy check's verdict.
        violation: PolicyViolation,
    },

    /// The URL's scheme is https but this build has no TLS.
    #[error("{url} needs TLS: rebuild steward-advisor with --features tls")]
    TlsDisabled {
        /// The URL.
        url: String,
    },

    /// A connection could not be made or broke.
    #[error("{url} is unreachable: {reason}")]
    Unreachable {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },

    /// No answer within the timeout.
    #[error("{url} did not answer within {seconds}s")]
    Timeout {
        /// The URL.
        url: String,
        /// The timeout.
        seconds: u64,
    },

    /// The server answered with an error status.
    #[error("{url} answered HTTP {status}: {body}")]
    HttpStatus {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the body.
        body: String,
    },

    /// The server answered 2xx with a body of the wrong shape.
    #[error("unexpected answer from {url}: {reason}")]
    BadResponse {
        /// The URL.
        url: String,
        /// What is wrong.
        reason: String,
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

    /// The relayer account does not exist on chain (it has never been funded).
    #[error("account {address} not found on the node: fund it before submitting")]
    AccountNotFound {
        /// The relayer address.
        address: String,
    },

    /// Signing a digest failed (practically unreachable with a valid key).
    #[error("signing failed: {reason}")]
    Signing {
        /// Why.
        reason: String,
    },

    /// The transaction could not be built or signed.
    #[error("transaction could not be built: {reason}")]
    TxBuild {
        /// Why.
        reason: String,
    },

    /// The node refused the transaction at check time.
    #[error("transaction {txhash} rejected with code {code}: {log}")]
    TxRejected {
        /// The hash.
        txhash: String,
        /// The ABCI code.
        code: u32,
        /// The node's log.
        log: String,
    },

    /// A chain failure with no advisor-specific meaning (a failed simulation
    /// or block inclusion, which the advisor's own path does not use).
    #[error("{0}")]
    Chain(steward_chain::ChainError),

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

/// The shared chain client's failures, as the advisor's own variants.
impl From<steward_chain::ChainError> for AdvisorError {
    fn from(e: steward_chain::ChainError) -> Self {
        use steward_chain::ChainError as C;
        match e {
            C::TlsDisabled { url } => AdvisorError::TlsDisabled { url },
            C::Unreachable { url, reason } => AdvisorError::Unreachable { url, reason },
            C::Timeout { url, seconds } => AdvisorError::Timeout { url, seconds },
            C::HttpStatus { url, status, body } => AdvisorError::HttpStatus { url, status, body },
            C::BadResponse { url, reason } => AdvisorError::BadResponse { url, reason },
            C::AccountNotFound { address } => AdvisorError::AccountNotFound { address },
            C::MnemonicMissing { env } => AdvisorError::MnemonicMissing { env },
            C::MnemonicFile { path, reason } => AdvisorError::MnemonicFile { path, reason },
            C::MnemonicMalformed { reason } => AdvisorError::MnemonicMalformed { reason },
            C::KeyDerivation { path, reason } => AdvisorError::KeyDerivation { path, reason },
            C::TxBuild { reason } => AdvisorError::TxBuild { reason },
            C::TxRejected { txhash, code, log } => AdvisorError::TxRejected { txhash, code, log },
            other => AdvisorError::Chain(other),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = AdvisorError> = std::result::Result<T, E>;
