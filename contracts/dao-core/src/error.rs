use cosmwasm_std::{Addr, OverflowError, StdError, Uint128};
use cw_utils::{Duration, Expiration, ParseReplyError, PaymentError};
use steward_types::core::DaoTextError;
use steward_types::duration::DurationError;
use steward_types::migrate::MigrationError;
use thiserror::Error;

/// The shared rule's error, as this contract's own variants.
impl From<DaoTextError> for ContractError {
    fn from(e: DaoTextError) -> Self {
        match e {
            DaoTextError::InvalidName { len, max } => ContractError::InvalidName { len, max },
            DaoTextError::DescriptionTooLong { len, max } => {
                ContractError::DescriptionTooLong { len, max }
            }
        }
    }
}

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
    Overflow(#[from] OverflowError),

    #[error("{sender} is not the {role}")]
    Unauthorized { sender: Addr, role: &'static str },

    #[error("name must be 1 to {max} bytes long, got {len}")]
    InvalidName { len: usize, max: usize },

    #[error("description is {len} bytes long, at most {max} allowed")]
    DescriptionTooLong { len: usize, max: usize },

    #[error("{module} label must be 1 to {max} bytes long, got {len}")]
    InvalidLabel {
        module: &'static str,
        len: usize,
        max: usize,
    },

    #[error("{module} code id must be non-zero")]
    ZeroCodeId { module: &'static str },

    #[error("members mode needs at least one member")]
    NoMembers,

    #[error("cw20 staking mode takes no members ({count} given): power comes from stake")]
    MembersWithStaking { count: usize },

    #[error("membership changes need members mode; in staking mode power comes from stake")]
    MembershipByStake,

    #[error("{count} member changes, at most {max} allowed")]
    TooManyMemberChanges { count: usize, max: usize },

    #[error("a member update must add or remove someone")]
    EmptyMemberUpdate,

    #[error("member {addr} is listed twice")]
    DuplicateMember { addr: Addr },

    #[error("member {addr} has weight zero; remove it instead")]
    ZeroWeight { addr: Addr },

    #[error("{addr} is both added and removed")]
    ConflictingMemberChange { addr: Addr },

    #[error("{addr} is not a member")]
    NotAMember { addr: Addr },

    #[error("removing every member would leave the DAO without voting power")]
    NoMembersLeft,

    #[error("unbonding period must be non-zero")]
    ZeroUnbondingPeriod,

    #[error("{token} does not answer as a cw20 token: {reason}")]
    InvalidToken { token: Addr, reason: String },

    #[error("unknown reply id {id}")]
    UnknownReplyId { id: u64 },

    #[error("instantiating the {module} failed: {reason}")]
    ModuleInstantiateFailed {
        module: &'static str,
        reason: String,
    },

    #[error("the {module} instantiate reply carries no response data")]
    MissingInstantiateData { module: &'static str },

    #[error("cannot read the {module} instantiate reply: {source}")]
    BadInstantiateData {
        module: &'static str,
        source: ParseReplyError,
    },

    #[error("the {module} is already recorded at {addr}")]
    ModuleAlreadySet { module: &'static str, addr: Addr },

    #[error("the {module} is not recorded yet")]
    ModuleNotSet { module: &'static str },

    #[error("paused until {expiration}")]
    Paused { expiration: Expiration },

    #[error("not paused")]
    NotPaused,

    #[error("pause duration must be non-zero")]
    ZeroPauseDuration,

    #[error(
        "a change of dao-core's code or admin is already pending (executable at {executable_at})"
    )]
    UpgradeAlreadyPending { executable_at: Expiration },

    #[error("no change of dao-core's code or admin is pending")]
    NoPendingUpgrade,

    #[error("the pending change of dao-core's code or admin runs from {executable_at}, not yet")]
    UpgradeNotYetExecutable { executable_at: Expiration },

    #[error("twice the unbonding period {unbonding_period} overflows")]
    UpgradeDelayOverflow { unbonding_period: Duration },

    #[error("{requested} governance tokens would leave dao-core, but only {surplus} are not staked or unbonding")]
    TransferBeyondSurplus {
        requested: Uint128,
        surplus: Uint128,
    },

    #[error("the guardian cannot end the pause the DAO voted (until {dao_until})")]
    GuardianCannotEndDaoPause { dao_until: Expiration },

    #[error("the guardian may only lengthen the pause the DAO voted (until {dao_until}); {requested} does not")]
    GuardianCannotShortenPause {
        dao_until: Expiration,
        requested: Expiration,
    },

    #[error("a proposal execution needs at least one message")]
    NoMessages,

    #[error("{count} messages, at most {max} allowed")]
    TooManyMessages { count: usize, max: usize },

    #[error("message {index} could move staked governance tokens held by the DAO")]
    StakedTokensLocked { index: usize },

    #[error("staking is disabled: voting power comes from member weights")]
    StakingDisabled,

    #[error("only the governance token {expected} can be staked, not {sender}")]
    WrongToken { sender: Addr, expected: Addr },

    #[error("cw20 hook message is not a dao-core ReceiveMsg: {reason}")]
    InvalidReceiveMsg { reason: String },

    #[error("amount must be non-zero")]
    ZeroAmount,

    #[error("cannot unstake {requested}: {staked} staked")]
    InsufficientStake { staked: Uint128, requested: Uint128 },

    #[error("{addr} already has {count} pending claims, at most {max} allowed")]
    TooManyClaims {
        addr: Addr,
        count: usize,
        max: usize,
    },

    #[error("{addr} has no released claim")]
    NothingToClaim { addr: Addr },
}
