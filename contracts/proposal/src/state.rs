//! What this module stores. A proposal is kept in three parts, so each step
//! loads and writes only what it needs: a vote reads and writes the small
//! [`VoteState`], never the proposal's content (its actions, title and
//! description), so its gas does not grow with what the proposal does; a failed
//! execution writes only the [`FailureRecord`]. Queries assemble the
//! [`Proposal`] of the API from the three.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use cw_utils::{Duration, Expiration};
use steward_types::governance::GovernancePolicy;
use steward_types::proposal::{
    Config, ExecutionFailure, PassedAt, Proposal, ProposalKind, Timelock, VoteInfo,
};
use steward_types::threshold::{Status, Threshold, Vote, Votes};

use crate::error::ContractError;

/// Storage namespaces, spelled once (the vote states' is in the shared
/// package: the oracle reads it). The three proposal maps are keyed by
/// proposal id (big-endian u64).
pub mod keys {
    pub const CONFIG: &str = "config";
    pub const DAO: &str = "dao";
    pub const PROPOSAL_COUNT: &str = "proposal_count";
    pub const PROPOSAL_CONTENTS: &str = "proposal_contents";
    pub const PROPOSAL_FAILURES: &str = "proposal_failures";
    pub const BALLOTS: &str = "ballots";
    pub const GOVERNANCE_LAST_CHANGE: &str = "governance_last_change";
}

/// How proposals are decided (validated); read and written through
/// [`load_config`] and [`save_config`].
const CONFIG: Item<StoredConfig> = Item::new(keys::CONFIG);
/// dao-core, recorded at instantiate.
pub const DAO: Item<Addr> = Item::new(keys::DAO);
/// Proposals created so far; the last id.
pub const PROPOSAL_COUNT: Item<u64> = Item::new(keys::PROPOSAL_COUNT);
/// The voting part of each proposal, by id (from 1).
pub const PROPOSAL_VOTES: Map<u64, VoteState> =
    Map::new(steward_types::proposal::stored::PROPOSAL_VOTES_KEY);
/// What each proposal says and does, by id; written once, at creation.
pub const PROPOSAL_CONTENTS: Map<u64, ProposalContent> = Map::new(keys::PROPOSAL_CONTENTS);
/// Failed executions by proposal id; absent until the first.
pub const PROPOSAL_FAILURES: Map<u64, FailureRecord> = Map::new(keys::PROPOSAL_FAILURES);
/// Ballots by (proposal id, voter).
pub const BALLOTS: Map<(u64, &Addr), Ballot> = Map::new(keys::BALLOTS);
/// When the last advisor-recommended config change executed (Unix seconds);
/// absent until the first. The governance policy's interval counts from it.
pub const GOVERNANCE_LAST_CHANGE: Item<u64> = Item::new(keys::GOVERNANCE_LAST_CHANGE);

/// The config as stored: the fields of [`Config`] (see it for their meaning),
/// the module's own type so the API can change without moving stored state.
#[cw_serde]
pub struct StoredConfig {
    /// What passes a proposal.
    pub threshold: Threshold,
    /// How long voting runs.
    pub voting_period: Duration,
    /// Before this, the outcome is not decided early.
    pub min_voting_period: Option<Duration>,
    /// Whether a voter may change its vote.
    pub allow_revoting: bool,
    /// Whether only members may execute.
    pub only_members_execute: bool,
    /// The timelock of plain proposals, if any.
    pub timelock: Option<Timelock>,
    /// The timelock of adoptions.
    pub adoption_timelock: Timelock,
    /// How long a passed proposal stays executable.
    #[serde(default)]
    pub execution_window: Option<Duration>,
    /// The bounds on advisor-recommended config changes.
    #[serde(default)]
    pub governance: Option<GovernancePolicy>,
}

impl From<StoredConfig> for Config {
    fn from(c: StoredConfig) -> Self {
        Config {
            threshold: c.threshold,
            voting_period: c.voting_period,
            min_voting_period: c.min_voting_period,
            allow_revoting: c.allow_revoting,
            only_members_execute: c.only_members_execute,
            timelock: c.timelock,
            adoption_timelock: c.adoption_timelock,
            execution_window: c.execution_window,
            governance: c.governance,
        }
    }
}

impl From<&Config> for StoredConfig {
    fn from(c: &Config) -> Self {
        StoredConfig {
            threshold: c.threshold.clone(),
            voting_period: c.voting_period,
            min_voting_period: c.min_voting_period,
            allow_revoting: c.allow_revoting,
            only_members_execute: c.only_members_execute,
            timelock: c.timelock.clone(),
            adoption_timelock: c.adoption_timelock.clone(),
            execution_window: c.execution_window,
            governance: c.governance.clone(),
        }
    }
}

/// The config in force.
pub fn load_config(storage: &dyn Storage) -> StdResult<Config> {
    Ok(CONFIG.load(storage)?.into())
}

/// Stores `config` as the one in force.
pub fn save_config(storage: &mut dyn Storage, config: &Config) -> StdResult<()> {
    CONFIG.save(storage, &config.into())
}

/// A ballot as stored: the fields of [`VoteInfo`].
#[cw_serde]
pub struct Ballot {
    /// Who voted.
    pub voter: Addr,
    /// How.
    pub vote: Vote,
    /// With how much power.
    pub power: Uint128,
    /// Why, if given.
    pub rationale: Option<String>,
}

impl From<Ballot> for VoteInfo {
    fn from(b: Ballot) -> Self {
        VoteInfo {
            voter: b.voter,
            vote: b.vote,
            power: b.power,
            rationale: b.rationale,
        }
    }
}

/// The part of a proposal its votes read and write, and everything its status
/// depends on (see `status`).
#[cw_serde]
pub struct VoteState {
    /// Height at which voting power is read.
    pub start_height: u64,
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
    /// The execution window in force when it was created.
    pub execution_window: Option<Duration>,
    /// Power cast so far.
    pub votes: Votes,
    /// Stored status; the current one is `status::current_status`.
    pub status: Status,
    /// Set when a vote made it pass (see [`Proposal::passed_at`]).
    pub passed_at: Option<PassedAt>,
    /// The recommendation it adopts; `None` for a plain proposal. Kept here
    /// (and read raw by the oracle) so that what a proposal adopts is known
    /// without loading its content.
    #[serde(default)]
    pub adopts: Option<u64>,
}

/// What a proposal says and does.
#[cw_serde]
pub struct ProposalContent {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Who proposed it.
    pub proposer: Addr,
    /// Time it was created (Unix seconds).
    pub start_time: u64,
    /// What it does.
    pub kind: ProposalKind,
}

/// A proposal's failed executions.
#[cw_serde]
#[derive(Default)]
pub struct FailureRecord {
    /// How many executions failed so far.
    pub count: u32,
    /// The most recent, oldest first (at most `MAX_RECORDED_FAILURES`).
    pub recent: Vec<ExecutionFailure>,
}

/// Loads a proposal's voting part or names the missing id.
pub fn load_vote_state(
    storage: &dyn Storage,
    proposal_id: u64,
) -> Result<VoteState, ContractError> {
    PROPOSAL_VOTES
        .may_load(storage, proposal_id)?
        .ok_or(ContractError::ProposalNotFound { proposal_id })
}

/// Loads a proposal's content or names the missing id.
pub fn load_content(
    storage: &dyn Storage,
    proposal_id: u64,
) -> Result<ProposalContent, ContractError> {
    PROPOSAL_CONTENTS
        .may_load(storage, proposal_id)?
        .ok_or(ContractError::ProposalNotFound { proposal_id })
}

/// Stores a new proposal in its parts.
pub fn save_new(
    storage: &mut dyn Storage,
    proposal_id: u64,
    content: &ProposalContent,
    state: &VoteState,
) -> StdResult<()> {
    PROPOSAL_CONTENTS.save(storage, proposal_id, content)?;
    PROPOSAL_VOTES.save(storage, proposal_id, state)
}

/// The API's view of a proposal: its parts put together.
pub fn assemble(content: ProposalContent, state: VoteState, failures: FailureRecord) -> Proposal {
    Proposal {
        title: content.title,
        description: content.description,
        proposer: content.proposer,
        start_height: state.start_height,
        start_time: content.start_time,
        expiration: state.expiration,
        min_voting_period: state.min_voting_period,
        threshold: state.threshold,
        total_power: state.total_power,
        allow_revoting: state.allow_revoting,
        timelock: state.timelock,
        kind: content.kind,
        votes: state.votes,
        status: state.status,
        passed_at: state.passed_at,
        execution_window: state.execution_window,
        failed_executions: failures.count,
        execution_failures: failures.recent,
    }
}

/// The parts of a proposal: the inverse of [`assemble`] (used by the
/// migration from the single-record layout).
pub fn split(p: Proposal) -> (ProposalContent, VoteState, FailureRecord) {
    let adopts = p.kind.adopts();
    (
        ProposalContent {
            title: p.title,
            description: p.description,
            proposer: p.proposer,
            start_time: p.start_time,
            kind: p.kind,
        },
        VoteState {
            start_height: p.start_height,
            expiration: p.expiration,
            min_voting_period: p.min_voting_period,
            threshold: p.threshold,
            total_power: p.total_power,
            allow_revoting: p.allow_revoting,
            timelock: p.timelock,
            execution_window: p.execution_window,
            votes: p.votes,
            status: p.status,
            passed_at: p.passed_at,
            adopts,
        },
        FailureRecord {
            count: p.failed_executions,
            recent: p.execution_failures,
        },
    )
}

/// A whole proposal, assembled from its parts.
pub fn load_proposal(storage: &dyn Storage, proposal_id: u64) -> Result<Proposal, ContractError> {
    let state = load_vote_state(storage, proposal_id)?;
    let content = load_content(storage, proposal_id)?;
    let failures = PROPOSAL_FAILURES
        .may_load(storage, proposal_id)?
        .unwrap_or_default();
    Ok(assemble(content, state, failures))
}
