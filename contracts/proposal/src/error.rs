use cosmwasm_std::{Addr, StdError};
use cw_utils::{Expiration, PaymentError};
use steward_types::duration::DurationError;
use steward_types::governance::GovernanceViolation;
use steward_types::migrate::MigrationError;
use steward_types::oracle::RecommendationStatus;
use steward_types::policy::StalePolicyVersion;
use steward_types::proposal::ConfigError;
use steward_types::threshold::{Status, Vote};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Migration(#[from] MigrationError),

    #[error("{0}")]
    Duration(#[from] DurationError),

    #[error("{0}")]
    Config(#[from] ConfigError),

    #[error("{0}")]
    Governance(#[from] GovernanceViolation),

    #[error("recommendation {id} cannot be adopted: {reason}")]
    RecommendationSignersInvalid { id: u64, reason: String },

    #[error(
        "proposal {proposal_id} can no longer be executed: its execution window ended at {ended}"
    )]
    ExecutionWindowOver { proposal_id: u64, ended: Expiration },

    #[error("{sender} is not the {role}")]
    Unauthorized { sender: Addr, role: &'static str },

    #[error("{address} has no voting power")]
    NotMember { address: Addr },

    #[error("title is empty")]
    EmptyTitle {},

    #[error("title is {len} bytes, at most {max}")]
    TitleTooLong { len: usize, max: usize },

    #[error("description is {len} bytes, at most {max}")]
    DescriptionTooLong { len: usize, max: usize },

    #[error("a proposal needs at least one action")]
    NoActions {},

    #[error("{count} governance changes, at most {max}")]
    TooManyGovernanceChanges { count: usize, max: usize },

    #[error("{count} actions, at most {max}")]
    TooManyActions { count: usize, max: usize },

    #[error("total voting power at height {height} is zero")]
    ZeroTotalPower { height: u64 },

    #[error("recommendation {id} not found in the oracle: {error}")]
    RecommendationNotFound { id: u64, error: String },

    #[error("recommendation {id} expired at {expires_at}")]
    RecommendationExpired { id: u64, expires_at: u64 },

    #[error("recommendation {id} is already {status:?}")]
    RecommendationConsumed {
        id: u64,
        status: RecommendationStatus,
    },

    #[error("recommendation {0}")]
    StalePolicyVersion(#[from] StalePolicyVersion),

    #[error("proposal {proposal_id} not found")]
    ProposalNotFound { proposal_id: u64 },

    #[error("voting on proposal {proposal_id} closed ({expiration})")]
    VotingClosed {
        proposal_id: u64,
        expiration: Expiration,
    },

    #[error("proposal {proposal_id} is {status}, not open")]
    NotOpen { proposal_id: u64, status: Status },

    #[error("{voter} had no voting power at height {height}")]
    NoVotingPowerAtHeight { voter: Addr, height: u64 },

    #[error("rationale is {len} bytes, at most {max}")]
    RationaleTooLong { len: usize, max: usize },

    #[error("{voter} already voted on proposal {proposal_id} and revoting is off")]
    AlreadyVoted { proposal_id: u64, voter: Addr },

    #[error("{voter} already voted {vote} on proposal {proposal_id}")]
    SameVote {
        proposal_id: u64,
        voter: Addr,
        vote: Vote,
    },

    #[error("proposal {proposal_id} is {status}, not passed")]
    NotPassed { proposal_id: u64, status: Status },

    #[error("timelock of proposal {proposal_id} runs until {ends}")]
    TimelockNotOver { proposal_id: u64, ends: Expiration },

    #[error("the DAO is paused until {until}")]
    DaoPaused { until: Expiration },

    #[error("proposal {proposal_id} has no timelock")]
    NoTimelock { proposal_id: u64 },

    #[error("timelock of proposal {proposal_id} is over ({ended})")]
    TimelockOver { proposal_id: u64, ended: Expiration },

    #[error("proposal {proposal_id} is {status}; only rejected or failed proposals can be closed")]
    CannotClose { proposal_id: u64, status: Status },

    #[error("unexpected reply {id}: {reason}")]
    UnexpectedReply { id: u64, reason: &'static str },
}
