//! Every way talking to a chain can fail. One variant per failure, carrying the
//! values that explain it; none of them ever carries key material.

use thiserror::Error;

/// A failure talking to a node, or building and signing a transaction.
#[derive(Debug, Error)]
pub enum ChainError {
    /// The URL's scheme is https but this build has no TLS.
    #[error("{url} needs TLS: rebuild with --features tls")]
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

    /// The account does not exist on chain (it has never been funded).
    #[error("account {address} not found on the node: fund it first")]
    AccountNotFound {
        /// The address.
        address: String,
    },

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

    /// The transaction could not be built or signed.
    #[error("transaction could not be built: {reason}")]
    TxBuild {
        /// Why.
        reason: String,
    },

    /// The node refused the transaction at check time (nothing was included).
    #[error("transaction {txhash} rejected with code {code}: {log}")]
    TxRejected {
        /// The hash.
        txhash: String,
        /// The ABCI code.
        code: u32,
        /// The node's log.
        log: String,
    },

    /// Simulation failed: the transaction would fail, so it was not sent.
    #[error("simulation failed (nothing was sent): {log}")]
    SimulationFailed {
        /// The node's explanation (the contract's error, for a contract call).
        log: String,
    },

    /// The transaction was included in a block but failed there.
    #[error("transaction {txhash} failed in block {height} with code {code}: {log}")]
    TxFailed {
        /// The hash.
        txhash: String,
        /// The block.
        height: u64,
        /// The ABCI code.
        code: u32,
        /// The node's log.
        log: String,
    },

    /// The transaction was accepted but not seen in a block within the wait.
    #[error("transaction {txhash} was not included within {seconds}s")]
    TxNotIncluded {
        /// The hash.
        txhash: String,
        /// How long it was awaited.
        seconds: u64,
    },
}

impl ChainError {
    /// Whether the same request may succeed on a later try: a timeout, an
    /// unreachable endpoint, HTTP 429 or a 5xx status. Anything else (another
    /// HTTP status, a malformed answer, a refused transaction) will fail again.
    pub fn is_retryable(&self) -> bool {
        match self {
            ChainError::Timeout { .. } | ChainError::Unreachable { .. } => true,
            ChainError::HttpStatus { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = ChainError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retryable() {
        let url = || "u".to_string();
        let status = |status| ChainError::HttpStatus {
            url: url(),
            status,
            body: String::new(),
        };
        assert!(ChainError::Timeout {
            url: url(),
            seconds: 1
        }
        .is_retryable());
        assert!(ChainError::Unreachable {
            url: url(),
            reason: String::new()
        }
        .is_retryable());
        assert!(status(429).is_retryable());
        assert!(status(500).is_retryable());
        assert!(status(503).is_retryable());
        assert!(!status(400).is_retryable());
        assert!(!status(401).is_retryable());
        assert!(!ChainError::BadResponse {
            url: url(),
            reason: String::new()
        }
        .is_retryable());
    }
}
