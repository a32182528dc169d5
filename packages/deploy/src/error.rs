//! Everything the deploy tool can refuse or fail at, each with the values
//! that explain it. A failure of the node or of a transaction keeps the
//! client's own error and says what was being done.

use crate::config::{ConfigError, DisplayError};
use steward_chain::ChainError;
use thiserror::Error;

/// Why a `steward-deploy` command stopped.
#[derive(Debug, Error)]
pub enum DeployError {
    /// The DAO config is refused, on a field.
    #[error("{file}: {error}")]
    Config {
        /// The config file.
        file: String,
        /// The field and why.
        error: ConfigError,
    },

    /// The DAO config, checked without a file (a test or a library caller).
    #[error("{0}")]
    ConfigField(#[from] ConfigError),

    /// An asset's display disagrees with its token's `TokenInfo`.
    #[error("{0}")]
    Display(#[from] DisplayError),

    /// A file cannot be read or written.
    #[error("cannot {action} {path}: {reason}")]
    File {
        /// `read`, `write` or `create`.
        action: &'static str,
        /// The file or directory.
        path: String,
        /// The operating system's reason.
        reason: String,
    },

    /// A deployment file that does not parse.
    #[error("{path} is not a deployment file: {reason}")]
    MalformedDeployment {
        /// The file.
        path: String,
        /// The parser's reason.
        reason: String,
    },

    /// The deployment file names no DAO yet.
    #[error("{path} names no DAO: deploy first")]
    NoDao {
        /// The deployment file.
        path: String,
    },

    /// A wasm artifact is missing or unreadable.
    #[error("artifact {path} is missing or unreadable ({reason}): run scripts/build-wasm")]
    ArtifactUnreadable {
        /// The file.
        path: String,
        /// The operating system's reason.
        reason: String,
    },

    /// A file that is not wasm.
    #[error("{path} is not a wasm file")]
    NotWasm {
        /// The file.
        path: String,
    },

    /// An artifact differs from the checksum its build listed.
    #[error("{path} has sha256 {checksum}, but checksums.txt lists {listed}: rebuild with scripts/build-wasm")]
    ChecksumMismatch {
        /// The file.
        path: String,
        /// Its sha256.
        checksum: String,
        /// What checksums.txt lists.
        listed: String,
    },

    /// What the node reports storing is not the artifact.
    #[error("{artifact} was stored as code {code_id} with checksum {reported:?}, not its sha256 {expected}")]
    StoredChecksumMismatch {
        /// The artifact.
        artifact: String,
        /// The code id the node gave it.
        code_id: u64,
        /// The checksums the node reported.
        reported: Vec<String>,
        /// The artifact's sha256.
        expected: String,
    },

    /// The node answers for another chain.
    #[error("the node at {rest} runs chain {found:?}, not {expected:?} ({network})")]
    WrongChain {
        /// The node's REST URL.
        rest: String,
        /// The chain id it reports.
        found: String,
        /// The network's chain id.
        expected: String,
        /// The network's name.
        network: &'static str,
    },

    /// The signer's account does not exist on the chain yet.
    #[error("account {address} has no funds on {chain_id}: send it some {denom} first (a faucet, on a testnet)")]
    AccountUnfunded {
        /// The account.
        address: String,
        /// The chain.
        chain_id: String,
        /// The fee denom.
        denom: &'static str,
    },

    /// The signer cannot pay the fees of what is about to be sent.
    #[error("account {address} holds {balance}{denom}, about {need}{denom} is needed for fees: fund it first")]
    FeesUnfunded {
        /// The account.
        address: String,
        /// Its balance of the fee denom.
        balance: u128,
        /// The fees estimated for the command.
        need: u128,
        /// The fee denom.
        denom: &'static str,
    },

    /// A test mnemonic on a public network.
    #[error("refusing to use {what} on the public network {network}: it is public, anyone can take the funds; use your own mnemonic")]
    TestMnemonicOnPublicNetwork {
        /// Which test mnemonic.
        what: String,
        /// The network.
        network: &'static str,
    },

    /// The node or a transaction failed while doing something.
    #[error("{doing}: {source}")]
    Chain {
        /// What was being done.
        doing: String,
        /// The client's error (boxed: it is large, and rare).
        source: Box<ChainError>,
    },

    /// A transaction succeeded but its events lack what it should report.
    #[error("{what} reported no {missing}")]
    MissingInEvents {
        /// The transaction.
        what: String,
        /// What is missing.
        missing: &'static str,
    },

    /// The deployment file names a live DAO made from another config or code.
    #[error("dao-core {core} already runs on {chain_id} from another config or code: a live DAO changes through its proposals (steward-deploy migrate); pass --new-dao to create a second DAO")]
    LiveDaoDiffers {
        /// The live dao-core.
        core: String,
        /// The chain.
        chain_id: String,
    },

    /// dao-core exists but still has the deployer as its admin.
    #[error("dao-core was instantiated at {core} (tx {tx_hash}), but making it its own admin failed: {source}; its admin is still {deployer}: set it with MsgUpdateAdmin before using the DAO")]
    AdminHandoverFailed {
        /// The new dao-core.
        core: String,
        /// The instantiation's transaction.
        tx_hash: String,
        /// Its admin now.
        deployer: String,
        /// Why the handover failed.
        source: Box<ChainError>,
    },

    /// `migrate --module` names no module.
    #[error("unknown module {0:?}: expected core, proposal, treasury or oracle")]
    UnknownModule(String),

    /// A `--price` argument that does not parse.
    #[error("price {input:?}: {reason}")]
    BadPrice {
        /// The argument.
        input: String,
        /// Why.
        reason: String,
    },

    /// A `--price` of zero.
    #[error("price {input:?} is zero")]
    ZeroPrice {
        /// The argument.
        input: String,
    },

    /// The feeder key could not sign.
    #[error("signing the prices: {0}")]
    Signing(String),
}

impl DeployError {
    /// A client error, saying what was being done.
    pub fn chain(doing: impl Into<String>) -> impl FnOnce(ChainError) -> DeployError {
        let doing = doing.into();
        move |source| DeployError::Chain {
            doing,
            source: Box::new(source),
        }
    }
}
