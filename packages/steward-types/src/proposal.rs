//! Messages of `steward-proposal`: proposals, votes, timelock and execution.

use crate::duration::{ensure_bounded, DurationError};
use crate::governance::{
    GovernanceChange, GovernancePolicy, GovernancePolicyError, GovernanceViolation,
};
use crate::json::ModuleMsg;
use crate::threshold::{Status, Threshold, ThresholdError, Vote, Votes};
use crate::{core, oracle, policy::TreasuryAction, treasury};
use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Api, Binary, CosmosMsg, Uint128};
use cw_utils::{Duration, Expiration};

/// Longest proposal title.
pub const MAX_TITLE_LEN: usize = 128;
/// Longest proposal description.
pub const MAX_DESCRIPTION_LEN: usize = 4096;
/// Longest vote rationale.
pub const MAX_RATIONALE_LEN: usize = 1024;
/// Most actions in one proposal.
pub const MAX_PROPOSAL_ACTIONS: usize = 16;

/// A timelock after passing, during which the vetoer can stop execution.
#[cw_serde]
pub struct Timelock {
    /// How long after passing execution waits. In the same unit as
    /// `voting_period` (a timelock may start at the voting period's expiration).
    pub duration: Duration,
    /// Who may veto during the timelock.
    pub vetoer: String,
}

/// How proposals are decided.
#[cw_serde]
pub struct Config {
    /// When a proposal passes.
    pub threshold: Threshold,
    /// How long voting stays open.
    pub voting_period: Duration,
    /// Voting stays open at least this long even when the outcome is decided
    /// (no early pass or reject before it). `None`: decide as soon as certain.
    pub min_voting_period: Option<Duration>,
    /// Whether a voter may change their vote while voting is open (which also
    /// disables early pass and reject).
    pub allow_revoting: bool,
    /// Whether only members (power > 0 now) may execute passed proposals.
    pub only_members_execute: bool,
    /// Timelock for plain proposals, if any.
    pub timelock: Option<Timelock>,
    /// Timelock for proposals that adopt an advisor recommendation; mandatory.
    pub adoption_timelock: Timelock,
    /// How long a passed proposal stays executable once its timelock (if any)
    /// is over, in the voting period's unit. A failed execution is recorded and
    /// the proposal stays executable until then; afterwards it reads
    /// `ExecutionFailed` and can be closed. `None`: executable until executed.
    #[serde(default)]
    pub execution_window: Option<Duration>,
    /// The bounds on configuration changes an advisor may recommend (which
    /// parameters, how far per step, how often). `None`: none may be
    /// recommended; the DAO still changes its config by `UpdateProposalConfig`.
    #[serde(default)]
    pub governance: Option<GovernancePolicy>,
}

/// Instantiated by dao-core, which becomes the DAO this module serves.
#[cw_serde]
pub struct InstantiateMsg {
    /// How proposals are decided.
    pub config: Config,
}

/// Which module a migration targets.
#[cw_serde]
#[derive(Copy)]
pub enum ModuleKind {
    /// dao-core itself (its admin must be dao-core).
    Core,
    /// The proposal module.
    Proposal,
    /// The treasury.
    Treasury,
    /// The oracle.
    Oracle,
}

/// One thing a proposal does when executed; each becomes a message from dao-core.
#[cw_serde]
pub enum ProposalAction {
    /// Treasury actions (transfers, swaps, budgets), checked against the policy.
    Treasury {
        /// The actions.
        actions: Vec<TreasuryAction>,
    },
    /// Any treasury message (e.g. `UpdatePolicy`). The treasury parses it
    /// when the proposal executes; one it refuses fails the execution.
    TreasuryMsg {
        /// The message.
        msg: ModuleMsg<treasury::ExecuteMsg>,
    },
    /// Any oracle message (advisor keys, quorum, feeders, recommendation
    /// status). The oracle parses it when the proposal executes.
    OracleMsg {
        /// The message.
        msg: ModuleMsg<oracle::ExecuteMsg>,
    },
    /// Any dao-core message (members, config, pause). dao-core parses it when
    /// the proposal executes.
    CoreMsg {
        /// The message.
        msg: ModuleMsg<core::ExecuteMsg>,
    },
    /// Change this module's config.
    UpdateProposalConfig {
        /// The new config.
        config: Config,
    },
    /// Migrate a module to new code.
    Migrate {
        /// Which module.
        module: ModuleKind,
        /// The new code id.
        code_id: u64,
        /// The migrate message (JSON).
        msg: Binary,
    },
    /// Anything else, sent as is by dao-core.
    Cosmos {
        /// The message.
        msg: CosmosMsg,
    },
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Create a proposal with typed actions. Members only.
    Propose {
        /// Title.
        title: String,
        /// Description.
        description: String,
        /// What it does when executed, in order.
        actions: Vec<ProposalAction>,
    },
    /// Propose adopting an advisor recommendation: copies its actions and payload
    /// hash from the oracle. Refuses an expired, consumed or stale-policy
    /// recommendation. Always timelocked. Members only.
    ProposeAdoption {
        /// Id of the recommendation in the oracle.
        recommendation_id: u64,
        /// Optional note from the proposer.
        description: Option<String>,
    },
    /// Vote on an open proposal with the power held at its start height.
    Vote {
        /// The proposal.
        proposal_id: u64,
        /// The ballot.
        vote: Vote,
        /// Why, optionally.
        rationale: Option<String>,
    },
    /// Execute a passed proposal whose timelock is over.
    Execute {
        /// The proposal.
        proposal_id: u64,
    },
    /// Veto a passed proposal during its timelock. Vetoer only.
    Veto {
        /// The proposal.
        proposal_id: u64,
    },
    /// Close a rejected proposal, or one whose execution failed.
    Close {
        /// The proposal.
        proposal_id: u64,
    },
    /// Replace the config. The DAO only.
    UpdateConfig {
        /// The new config.
        config: Config,
    },
    /// Apply an adopted recommendation's configuration changes, within the
    /// governance policy (checked again here, against the config in force).
    /// The DAO only, as part of executing an adoption proposal.
    ApplyGovernance {
        /// The changes, as the advisor signed them.
        changes: Vec<GovernanceChange>,
    },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The config and the DAO this module serves.
    #[returns(ConfigResponse)]
    Config {},
    /// One proposal.
    #[returns(ProposalResponse)]
    Proposal {
        /// The proposal.
        proposal_id: u64,
    },
    /// Proposals in id order.
    #[returns(ProposalListResponse)]
    ListProposals {
        /// Start after this id.
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Proposals in reverse id order (newest first).
    #[returns(ProposalListResponse)]
    ReverseProposals {
        /// Start before this id.
        start_before: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Number of proposals created.
    #[returns(u64)]
    ProposalCount {},
    /// Which recommendation a proposal adopts, and its status: what the
    /// oracle asks before it lets dao-core mark a recommendation adopted or
    /// executed (only an adoption proposal being executed may).
    #[returns(AdoptionResponse)]
    Adoption {
        /// The proposal.
        proposal_id: u64,
    },
    /// One voter's ballot on a proposal.
    #[returns(VoteResponse)]
    GetVote {
        /// The proposal.
        proposal_id: u64,
        /// The voter.
        voter: String,
    },
    /// The governance policy and when the last advisor change executed.
    #[returns(crate::governance::GovernanceState)]
    Governance {},
    /// What advisor-recommended configuration changes would do now: the config
    /// after them, or why the governance policy refuses them. The oracle asks
    /// this at submission; the proposal module runs the same check when an
    /// adoption executes.
    #[returns(GovernanceCheckResponse)]
    CheckGovernance {
        /// The changes.
        changes: Vec<GovernanceChange>,
    },
    /// Ballots on a proposal in voter order.
    #[returns(VoteListResponse)]
    ListVotes {
        /// The proposal.
        proposal_id: u64,
        /// Start after this voter.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
}

/// The verdict of the governance policy on recommended config changes.
#[cw_serde]
pub enum GovernanceCheckResponse {
    /// Within the policy now: the config the changes would leave.
    Passed {
        /// The config after the changes.
        config: Config,
    },
    /// Refused, with the reason.
    Refused {
        /// Why.
        violation: GovernanceViolation,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    /// How proposals are decided.
    pub config: Config,
    /// The DAO (dao-core) this module serves.
    pub dao: Addr,
}

/// Where a proposal's actions come from.
#[cw_serde]
pub enum ProposalKind {
    /// Typed actions written by a member.
    Actions {
        /// The actions.
        actions: Vec<ProposalAction>,
    },
    /// Adoption of an advisor recommendation.
    Adoption {
        /// Recommendation id in the oracle.
        recommendation_id: u64,
        /// Hex sha256 of the signed payload.
        payload_hash: String,
        /// Key id of the advisor that issued it.
        advisor: String,
        /// The treasury policy version it was signed against.
        policy_version: u64,
        /// The recommended treasury actions, copied from the oracle.
        actions: Vec<TreasuryAction>,
        /// The recommended proposal-config changes, copied from the oracle.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        governance: Vec<GovernanceChange>,
    },
}

impl ProposalKind {
    /// The recommendation it adopts; `None` for typed actions.
    pub fn adopts(&self) -> Option<u64> {
        match self {
            ProposalKind::Adoption {
                recommendation_id, ..
            } => Some(*recommendation_id),
            ProposalKind::Actions { .. } => None,
        }
    }
}

/// A proposal as stored.
#[cw_serde]
pub struct Proposal {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Who proposed it.
    pub proposer: Addr,
    /// Height at which voting power is read.
    pub start_height: u64,
    /// Time it was created (Unix seconds).
    pub start_time: u64,
    /// When voting closes.
    pub expiration: Expiration,
    /// Before this, the outcome is not decided early.
    pub min_voting_period: Option<Expiration>,
    /// The threshold in force when it was created.
    pub threshold: Threshold,
    /// Total power at the start height.
    pub total_power: Uint128,
    /// Whether votes may change.
    pub allow_revoting: bool,
    /// Timelock that applies once passed.
    pub timelock: Option<Timelock>,
    /// What it does.
    pub kind: ProposalKind,
    /// Power cast so far.
    pub votes: Votes,
    /// Stored status; the current status is in [`ProposalResponse`].
    pub status: Status,
    /// Set when a vote made it pass. `None` when it passed by time alone; its
    /// timelock then counts from the end of the minimum voting period (if the
    /// pass was already certain then) or from `expiration`.
    pub passed_at: Option<PassedAt>,
    /// The execution window in force when it was created (see `Config`).
    #[serde(default)]
    pub execution_window: Option<Duration>,
    /// How many executions failed so far.
    #[serde(default)]
    pub failed_executions: u32,
    /// The most recent failed executions, oldest first (at most
    /// `MAX_RECORDED_FAILURES`).
    #[serde(default)]
    pub execution_failures: Vec<ExecutionFailure>,
}

/// Most failed executions a proposal keeps on record (the count keeps them all).
pub const MAX_RECORDED_FAILURES: usize = 5;
/// Longest error text kept for one failed execution, in bytes.
pub const MAX_FAILURE_ERROR_LEN: usize = 512;

/// One failed execution of a passed proposal: nothing it would have done happened.
#[cw_serde]
pub struct ExecutionFailure {
    /// Block height of the attempt.
    pub height: u64,
    /// Block time of the attempt (Unix seconds).
    pub time: u64,
    /// Who called `Execute`.
    pub executor: Addr,
    /// The error dao-core's execution returned, cut to `MAX_FAILURE_ERROR_LEN` bytes.
    pub error: String,
}

/// When a proposal passed, to time its timelock.
#[cw_serde]
pub struct PassedAt {
    /// Height.
    pub height: u64,
    /// Unix seconds.
    pub time: u64,
}

#[cw_serde]
pub struct ProposalResponse {
    /// The id.
    pub id: u64,
    /// The proposal.
    pub proposal: Proposal,
    /// Its status now (an open proposal may have passed or been rejected).
    pub status: Status,
    /// For a passed, timelocked proposal: when it becomes executable.
    pub timelock_ends: Option<Expiration>,
    /// For a passed proposal with an execution window: when it stops being executable.
    #[serde(default)]
    pub execution_ends: Option<Expiration>,
}

/// What a proposal adopts; see `QueryMsg::Adoption`.
#[cw_serde]
pub struct AdoptionResponse {
    /// The recommendation it adopts; `None` for a plain proposal.
    pub recommendation_id: Option<u64>,
    /// Its stored status: `Executed` while its execution runs (it is recorded
    /// before dispatch) and after it succeeded.
    pub status: Status,
}

#[cw_serde]
pub struct ProposalListResponse {
    /// The page.
    pub proposals: Vec<ProposalResponse>,
}

/// One ballot.
#[cw_serde]
pub struct VoteInfo {
    /// Who voted.
    pub voter: Addr,
    /// How.
    pub vote: Vote,
    /// With how much power.
    pub power: Uint128,
    /// Why, if given.
    pub rationale: Option<String>,
}

#[cw_serde]
pub struct VoteResponse {
    /// The ballot, if the voter voted.
    pub vote: Option<VoteInfo>,
}

#[cw_serde]
pub struct VoteListResponse {
    /// The page.
    pub votes: Vec<VoteInfo>,
}

/// Why a proposal config is refused. Each carries the values that explain it.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum ConfigError {
    #[error("{0}")]
    Threshold(#[from] ThresholdError),

    #[error("{0}")]
    Duration(#[from] DurationError),

    #[error("{0}")]
    GovernancePolicy(#[from] GovernancePolicyError),

    #[error("{field} must be non-zero")]
    ZeroDuration { field: &'static str },

    #[error("{field} ({found}) must be in the same unit as the voting period ({voting_period})")]
    DurationUnitMismatch {
        field: &'static str,
        voting_period: Duration,
        found: Duration,
    },

    #[error("minimum voting period ({min}) is longer than the voting period ({voting_period})")]
    MinVotingPeriodTooLong {
        min: Duration,
        voting_period: Duration,
    },

    #[error("{field} {vetoer} is not a valid address: {error}")]
    InvalidVetoer {
        field: &'static str,
        vetoer: String,
        error: String,
    },
}

fn is_zero(d: &Duration) -> bool {
    matches!(d, Duration::Height(0) | Duration::Time(0))
}

fn same_unit(a: &Duration, b: &Duration) -> bool {
    matches!(
        (a, b),
        (Duration::Height(_), Duration::Height(_)) | (Duration::Time(_), Duration::Time(_))
    )
}

/// Non-zero and at most ten years, so no expiration computed from it can
/// pass the end of the clock.
fn ensure_nonzero(field: &'static str, d: &Duration) -> Result<(), ConfigError> {
    if is_zero(d) {
        return Err(ConfigError::ZeroDuration { field });
    }
    ensure_bounded(field, d)?;
    Ok(())
}

fn ensure_unit_of_voting_period(
    field: &'static str,
    d: &Duration,
    voting_period: &Duration,
) -> Result<(), ConfigError> {
    if same_unit(d, voting_period) {
        Ok(())
    } else {
        Err(ConfigError::DurationUnitMismatch {
            field,
            voting_period: *voting_period,
            found: *d,
        })
    }
}

impl Timelock {
    /// A non-zero duration in the voting period's unit (a proposal that
    /// passes at the end of its vote starts its timelock at the voting
    /// period's expiration, which is only known in that unit), and a valid
    /// vetoer; the two field names say which timelock an error is about.
    fn validate(
        &self,
        api: &dyn Api,
        (duration_field, vetoer_field): (&'static str, &'static str),
        voting_period: &Duration,
    ) -> Result<(), ConfigError> {
        ensure_nonzero(duration_field, &self.duration)?;
        ensure_unit_of_voting_period(duration_field, &self.duration, voting_period)?;
        api.addr_validate(&self.vetoer)
            .map_err(|e| ConfigError::InvalidVetoer {
                field: vetoer_field,
                vetoer: self.vetoer.clone(),
                error: e.to_string(),
            })?;
        Ok(())
    }
}

impl Config {
    /// Checks a config before it is stored or proposed: the threshold, every
    /// duration (non-zero, bounded, in the voting period's unit), the
    /// vetoers' addresses and the governance policy. The proposal module
    /// runs it on instantiate, `UpdateConfig`, a proposed config and an
    /// adopted governance change; the deploy tool runs it on its config file.
    pub fn validate(&self, api: &dyn Api) -> Result<(), ConfigError> {
        self.threshold.validate()?;
        ensure_nonzero("voting_period", &self.voting_period)?;
        if let Some(min) = &self.min_voting_period {
            ensure_nonzero("min_voting_period", min)?;
            ensure_unit_of_voting_period("min_voting_period", min, &self.voting_period)?;
            if let (Duration::Height(m), Duration::Height(v))
            | (Duration::Time(m), Duration::Time(v)) = (min, &self.voting_period)
            {
                if m > v {
                    return Err(ConfigError::MinVotingPeriodTooLong {
                        min: *min,
                        voting_period: self.voting_period,
                    });
                }
            }
        }
        if let Some(timelock) = &self.timelock {
            timelock.validate(
                api,
                ("timelock.duration", "timelock.vetoer"),
                &self.voting_period,
            )?;
        }
        if let Some(window) = &self.execution_window {
            ensure_nonzero("execution_window", window)?;
            ensure_unit_of_voting_period("execution_window", window, &self.voting_period)?;
        }
        self.adoption_timelock.validate(
            api,
            ("adoption_timelock.duration", "adoption_timelock.vetoer"),
            &self.voting_period,
        )?;
        if let Some(governance) = &self.governance {
            governance.validate()?;
        }
        Ok(())
    }
}

/// What the proposal module stores under documented keys that other
/// contracts read raw (see `handle`).
pub mod stored {
    use cw_storage_plus::Map;
    use serde::{Deserialize, Serialize};

    use crate::threshold::Status;

    /// Namespace of each proposal's vote state, keyed by proposal id
    /// (big-endian u64). Of its JSON fields, `status` and `adopts` are read
    /// raw by the oracle ([`AdoptionView`]); the rest is the module's own.
    pub const PROPOSAL_VOTES_KEY: &str = "proposal_votes";

    /// The one field of a `ProposalResponse` a reader may need alone: the
    /// status now. Read without the rest (serde skips it), so the reader does
    /// not carry the parser of every message a proposal may hold.
    #[derive(Deserialize)]
    pub struct StatusView {
        /// The status at the queried block.
        pub status: Status,
    }

    /// The two fields of a stored vote state that say what a proposal adopts
    /// and where it stands; the other fields are skipped unread.
    #[derive(Serialize, Deserialize)]
    pub struct AdoptionView {
        /// The stored status.
        pub status: Status,
        /// The recommendation it adopts; `None` for a plain proposal.
        #[serde(default)]
        pub adopts: Option<u64>,
    }

    /// The vote states read as [`AdoptionView`]s (raw, by other contracts).
    pub const ADOPTION_VIEWS: Map<u64, AdoptionView> = Map::new(PROPOSAL_VOTES_KEY);
}
