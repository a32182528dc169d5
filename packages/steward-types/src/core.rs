//! Messages of `steward-core`, the DAO's identity and the only address that can
//! change anything.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, CosmosMsg, Uint128, WasmMsg};
use cw20::Cw20ReceiveMsg;
use cw_utils::{Duration, Expiration};

/// Most members in one instantiate or `UpdateMembers`. 1,000 take about 15 M
/// gas (the README's gas section); on a chain whose block gas limit is lower,
/// send smaller batches.
pub const MAX_MEMBER_CHANGES: usize = 1_000;
/// Longest DAO name.
pub const MAX_NAME_LEN: usize = 64;
/// Longest DAO description.
pub const MAX_DESCRIPTION_LEN: usize = 1024;
/// Why a DAO's name or description is refused.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum DaoTextError {
    #[error("name must be 1 to {max} bytes long, got {len}")]
    InvalidName { len: usize, max: usize },

    #[error("description is {len} bytes long, at most {max} allowed")]
    DescriptionTooLong { len: usize, max: usize },
}

/// A DAO name: 1 to [`MAX_NAME_LEN`] bytes.
pub fn validate_name(name: &str) -> Result<(), DaoTextError> {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(DaoTextError::InvalidName {
            len: name.len(),
            max: MAX_NAME_LEN,
        });
    }
    Ok(())
}

/// A DAO description: at most [`MAX_DESCRIPTION_LEN`] bytes.
pub fn validate_description(description: &str) -> Result<(), DaoTextError> {
    if description.len() > MAX_DESCRIPTION_LEN {
        return Err(DaoTextError::DescriptionTooLong {
            len: description.len(),
            max: MAX_DESCRIPTION_LEN,
        });
    }
    Ok(())
}

/// Most messages in one proposal execution.
pub const MAX_PROPOSAL_MSGS: usize = 32;

/// Whether proposal messages only address dao-core itself (members, config,
/// pause), carrying no funds. Such proposals run even while the DAO is paused,
/// so governance can always unpause or replace a guardian that keeps pausing.
/// dao-core and the proposal module both apply this one rule.
pub fn governs_only_itself(dao: &Addr, msgs: &[CosmosMsg]) -> bool {
    !msgs.is_empty()
        && msgs.iter().all(|msg| {
            matches!(msg, CosmosMsg::Wasm(WasmMsg::Execute { contract_addr, funds, .. })
                if contract_addr == dao.as_str() && funds.is_empty())
        })
}

/// A voting member and its weight.
#[cw_serde]
pub struct Member {
    /// Member address.
    pub addr: String,
    /// Voting weight; zero is refused (remove the member instead).
    pub weight: u64,
}

/// Where voting power comes from.
#[cw_serde]
pub enum VotingConfig {
    /// Power is each member's weight.
    Members {},
    /// Power is the amount of a cw20 governance token staked in dao-core.
    Cw20Staked {
        /// The governance token.
        token: String,
        /// How long unstaked tokens wait before they can be claimed.
        unbonding_period: Duration,
    },
}

/// Code id, label and message to instantiate one module with.
#[cw_serde]
pub struct ModuleInstantiate {
    /// Stored code id of the module.
    pub code_id: u64,
    /// Contract label on chain.
    pub label: String,
    /// JSON of the module's `InstantiateMsg` (`steward_types::{proposal,
    /// treasury, oracle}::InstantiateMsg`). Opaque here, as in DAO DAO, so
    /// dao-core does not carry the other modules' message types: the module
    /// itself validates it, and a bad one fails the whole instantiation.
    pub msg: Binary,
}

impl ModuleInstantiate {
    /// A module instantiation from its typed message.
    pub fn new(
        code_id: u64,
        label: impl Into<String>,
        msg: &impl serde::Serialize,
    ) -> cosmwasm_std::StdResult<Self> {
        Ok(ModuleInstantiate {
            code_id,
            label: label.into(),
            msg: cosmwasm_std::to_json_binary(msg)?,
        })
    }
}

/// Creates a whole DAO: dao-core instantiates proposal, treasury and oracle
/// (admin = dao-core) and records their addresses.
#[cw_serde]
pub struct InstantiateMsg {
    /// DAO name.
    pub name: String,
    /// DAO description.
    pub description: String,
    /// Initial weighted members: required (non-empty) in `Members` mode, empty
    /// in `Cw20Staked` mode (power comes from stake alone).
    pub members: Vec<Member>,
    /// Source of voting power.
    pub voting: VotingConfig,
    /// An address that may pause and unpause the DAO besides governance.
    pub guardian: Option<String>,
    /// The proposal module (`proposal::InstantiateMsg`).
    pub proposal: ModuleInstantiate,
    /// The treasury module (`treasury::InstantiateMsg`).
    pub treasury: ModuleInstantiate,
    /// The oracle module (`oracle::InstantiateMsg`).
    pub oracle: ModuleInstantiate,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Run the messages of a passed proposal as the DAO. Proposal module only;
    /// refused while paused, unless every message addresses dao-core itself
    /// (see `governs_only_itself`). In `Cw20Staked` mode, messages that could move the
    /// stakers' tokens held by dao-core are refused (governance tokens dao-core
    /// holds beyond the stakes and unbonding claims may be transferred), and a
    /// proposal that changes dao-core's own code or admin is not run but
    /// scheduled: it waits twice the unbonding period (see `ExecuteUpgrade`),
    /// and until then stakers unbond at once.
    ExecuteProposal {
        /// Messages to dispatch, in order; all succeed or none does.
        msgs: Vec<CosmosMsg>,
    },
    /// Add, reweigh and remove members. The DAO itself only (through a proposal).
    UpdateMembers {
        /// Members to add or whose weight to set.
        add: Vec<Member>,
        /// Addresses to remove.
        remove: Vec<String>,
    },
    /// Replace name, description and guardian. The DAO itself only.
    UpdateConfig {
        /// New name.
        name: String,
        /// New description.
        description: String,
        /// New guardian, or none.
        guardian: Option<String>,
    },
    /// Stop treasury movements and proposal execution for a while. The DAO
    /// itself or the guardian.
    Pause {
        /// How long; a height or a time duration.
        duration: Duration,
    },
    /// End a pause early. The DAO itself or the guardian.
    Unpause {},
    /// Stake governance tokens: a cw20 `Send` whose message is `ReceiveMsg::Stake {}`.
    /// Accepted from the configured governance token only.
    Receive(Cw20ReceiveMsg),
    /// Start unbonding staked tokens; they can be claimed after the unbonding period.
    Unstake {
        /// How much to unstake.
        amount: Uint128,
    },
    /// Collect every unbonded claim of the sender. While a change of dao-core's
    /// code or admin is pending, every claim is released at once.
    Claim {},
    /// Run the pending change of dao-core's own code or admin (staking mode)
    /// once its delay is over. Anyone; refused while paused.
    ExecuteUpgrade {},
    /// Drop the pending change of dao-core's own code or admin. The DAO itself
    /// only (through a passed proposal).
    CancelUpgrade {},
}

/// The message a cw20 `Send` to dao-core carries.
#[cw_serde]
pub enum ReceiveMsg {
    /// Stake the sent tokens for voting power.
    Stake {},
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Name, description, guardian and voting mode.
    #[returns(ConfigResponse)]
    Config {},
    /// Addresses of the three modules.
    #[returns(ModulesResponse)]
    Modules {},
    /// Whether the DAO is paused, and until when.
    #[returns(PauseInfoResponse)]
    PauseInfo {},
    /// The change of dao-core's own code or admin waiting out its delay, if any.
    #[returns(PendingUpgradeResponse)]
    PendingUpgrade {},
    /// Voting power of an address at a height (default: now). Power recorded at
    /// height h counts from the start of block h + 1, as in cw4.
    #[returns(VotingPowerResponse)]
    VotingPowerAtHeight {
        /// The voter.
        address: String,
        /// The height; defaults to the current one.
        height: Option<u64>,
    },
    /// Total voting power at a height (default: now).
    #[returns(VotingPowerResponse)]
    TotalPowerAtHeight {
        /// The height; defaults to the current one.
        height: Option<u64>,
    },
    /// Members (or stakers, in staking mode) in address order.
    #[returns(MembersResponse)]
    ListMembers {
        /// Start after this address.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Pending unbonding claims of an address.
    #[returns(ClaimsResponse)]
    Claims {
        /// The staker.
        address: String,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    /// DAO name.
    pub name: String,
    /// DAO description.
    pub description: String,
    /// The guardian, if any.
    pub guardian: Option<Addr>,
    /// Source of voting power.
    pub voting: VotingConfig,
}

#[cw_serde]
pub struct ModulesResponse {
    /// The proposal module.
    pub proposal: Addr,
    /// The treasury.
    pub treasury: Addr,
    /// The oracle.
    pub oracle: Addr,
}

#[cw_serde]
pub enum PauseInfoResponse {
    /// Paused until the expiration.
    Paused {
        /// When the pause ends by itself.
        expiration: Expiration,
    },
    /// Not paused.
    Unpaused {},
}

#[cw_serde]
pub struct PendingUpgradeResponse {
    /// The pending change; `None` when there is none.
    pub upgrade: Option<PendingUpgrade>,
}

/// A passed proposal that changes dao-core's own code or admin, in staking
/// mode: no message can bind the code dao-core migrates to, so stakers get
/// longer than the unbonding period to leave with their stake first.
#[cw_serde]
pub struct PendingUpgrade {
    /// The proposal's messages, run together by `ExecuteUpgrade`.
    pub msgs: Vec<CosmosMsg>,
    /// From when `ExecuteUpgrade` may run them (twice the unbonding period
    /// after the proposal executed).
    pub executable_at: Expiration,
}

#[cw_serde]
pub struct VotingPowerResponse {
    /// Voting power.
    pub power: Uint128,
    /// Height it was read at.
    pub height: u64,
}

#[cw_serde]
pub struct MembersResponse {
    /// Members (weight = power; in staking mode, the staked amount).
    pub members: Vec<MemberPower>,
}

#[cw_serde]
pub struct MemberPower {
    /// Member address.
    pub addr: Addr,
    /// Current power.
    pub power: Uint128,
}

#[cw_serde]
pub struct ClaimsResponse {
    /// Unbonding amounts and when each can be claimed.
    pub claims: Vec<Claim>,
}

#[cw_serde]
pub struct Claim {
    /// Amount unbonding.
    pub amount: Uint128,
    /// When it can be claimed.
    pub release_at: Expiration,
}

/// What dao-core stores under documented keys that other contracts read raw.
/// A raw read loads no contract code, so it costs a storage read, not a call
/// into dao-core: a vote reads its voter's power this way.
pub mod stored {
    use cosmwasm_schema::cw_serde;
    use cosmwasm_std::{Addr, BlockInfo, Uint128};
    use cw_storage_plus::{Item, Map};
    use cw_utils::Expiration;

    // Power keys and fields are short on purpose: a membership change writes
    // one record and one changelog entry per member, and every byte of a
    // stored key or value costs 30 gas per write (a 1,000-member update
    // writes 2,000 of them).

    /// Namespace of [`POWER_RECORDS`].
    pub const POWER_RECORDS_KEY: &str = "pw";
    /// Namespace of [`TOTAL_POWER_RECORD`].
    pub const TOTAL_POWER_RECORD_KEY: &str = "tp";
    /// Namespace of [`DAO_PAUSE`].
    pub const DAO_PAUSE_KEY: &str = "paused_until";
    /// Namespace of [`GUARDIAN_PAUSE`].
    pub const GUARDIAN_PAUSE_KEY: &str = "guardian_paused_until";
    /// When the pause the DAO itself voted ends; absent when never paused or
    /// unpaused.
    pub const DAO_PAUSE: Item<Expiration> = Item::new(DAO_PAUSE_KEY);
    /// When the guardian's own pause ends. The guardian may start or lengthen
    /// a pause, never end or shorten one the DAO voted, so the two are kept
    /// apart.
    pub const GUARDIAN_PAUSE: Item<Expiration> = Item::new(GUARDIAN_PAUSE_KEY);

    /// The pause in force at `block`, if any, given the DAO's and the
    /// guardian's stored ends: the later end of those not yet run out. While
    /// both run they share a unit (dao-core's `pause::pause` sees to it), so
    /// the later one is well defined. dao-core answers `PauseInfo` with this,
    /// and the other contracts read the two ends raw and run it themselves.
    pub fn active_pause(
        dao: Option<Expiration>,
        guardian: Option<Expiration>,
        block: &BlockInfo,
    ) -> Option<Expiration> {
        let dao = dao.filter(|expiration| !expiration.is_expired(block));
        let guardian = guardian.filter(|expiration| !expiration.is_expired(block));
        match (dao, guardian) {
            (Some(d), Some(g)) => Some(if g > d { g } else { d }),
            (d, g) => d.or(g),
        }
    }

    /// Namespace of each module's address (`Item<Addr>`).
    pub const PROPOSAL_MODULE_KEY: &str = "module_proposal";
    /// See [`PROPOSAL_MODULE_KEY`].
    pub const TREASURY_MODULE_KEY: &str = "module_treasury";
    /// See [`PROPOSAL_MODULE_KEY`].
    pub const ORACLE_MODULE_KEY: &str = "module_oracle";

    /// An address's voting power now and the block it last changed in; kept
    /// beside the power snapshots, written with them. Stored as
    /// `{"p": "<power>", "h": <height>}`; the long field names of the layout
    /// before are read too (see dao-core's migration).
    #[cw_serde]
    pub struct PowerRecord {
        /// The power now.
        #[serde(rename = "p", alias = "power")]
        pub power: Uint128,
        /// The height of the block of its last change.
        #[serde(rename = "h", alias = "changed_at")]
        pub changed_at: u64,
    }

    impl PowerRecord {
        /// The power at the start of block `height`, when this record alone
        /// tells it: a change made during block h counts from h + 1, so the
        /// current power holds at every height after the last change. `None`
        /// when it changed at or after `height` (ask the snapshots).
        pub fn at_height(&self, height: u64) -> Option<Uint128> {
            (self.changed_at < height).then_some(self.power)
        }
    }

    /// Each member's (or staker's) power record. An address that never had
    /// power has none; one that lost it keeps a record of zero.
    pub const POWER_RECORDS: Map<&Addr, PowerRecord> = Map::new(POWER_RECORDS_KEY);
    /// The total power's record.
    pub const TOTAL_POWER_RECORD: Item<PowerRecord> = Item::new(TOTAL_POWER_RECORD_KEY);
}
