use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, BlockInfo, CosmosMsg, StdResult, Storage, Uint128};
use cw_controllers::Claims;
use cw_storage_plus::{Item, Map, SnapshotItem, SnapshotMap, Strategy};
use cw_utils::{Duration, Expiration};
use serde::{Deserialize, Serialize};
use steward_types::core::stored::{self, PowerRecord};
use steward_types::core::{PendingUpgrade, VotingConfig};

/// Storage namespaces, spelled once (the power records', the modules' and the
/// pauses' are in the shared package: the other contracts read them raw).
pub mod keys {
    pub const CONFIG: &str = "config";
    pub const CLAIMS: &str = "claims";
    pub const TOTAL_UNBONDING: &str = "total_unbonding";
    pub const PENDING_UPGRADE: &str = "pending_upgrade";
    pub const POWER_CHECKPOINTS: &str = "pw_k";
    pub const TOTAL_POWER_CHECKPOINTS: &str = "tp_k";
}

/// Validated counterpart of [`VotingConfig`].
#[cw_serde]
pub enum Voting {
    /// Power is each member's weight.
    Members,
    /// Power is the amount of `token` staked here.
    Cw20Staked {
        token: Addr,
        unbonding_period: Duration,
    },
}

impl Voting {
    pub fn to_msg(&self) -> VotingConfig {
        match self {
            Voting::Members => VotingConfig::Members {},
            Voting::Cw20Staked {
                token,
                unbonding_period,
            } => VotingConfig::Cw20Staked {
                token: token.to_string(),
                unbonding_period: *unbonding_period,
            },
        }
    }
}

#[cw_serde]
pub struct Config {
    pub name: String,
    pub description: String,
    pub guardian: Option<Addr>,
    /// Fixed at instantiate: switching the source of power would orphan either
    /// the member snapshots or the stakes.
    pub voting: Voting,
}

/// Name, description, guardian and the source of voting power.
pub const CONFIG: Item<Config> = Item::new(keys::CONFIG);

/// The three modules dao-core instantiates; each is recorded by its reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    Proposal,
    Treasury,
    Oracle,
}

impl Module {
    pub const ALL: [Module; 3] = [Module::Proposal, Module::Treasury, Module::Oracle];

    pub const fn name(self) -> &'static str {
        match self {
            Module::Proposal => "proposal",
            Module::Treasury => "treasury",
            Module::Oracle => "oracle",
        }
    }

    /// Reply id of the module's instantiate submessage.
    pub const fn reply_id(self) -> u64 {
        match self {
            Module::Proposal => 1,
            Module::Treasury => 2,
            Module::Oracle => 3,
        }
    }

    pub fn from_reply_id(id: u64) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.reply_id() == id)
    }

    pub const fn item(self) -> Item<Addr> {
        match self {
            Module::Proposal => PROPOSAL_MODULE,
            Module::Treasury => TREASURY_MODULE,
            Module::Oracle => ORACLE_MODULE,
        }
    }
}

/// The proposal module: the only address that may make dao-core act.
pub const PROPOSAL_MODULE: Item<Addr> = Item::new(stored::PROPOSAL_MODULE_KEY);
/// The treasury module, which holds the DAO's funds.
pub const TREASURY_MODULE: Item<Addr> = Item::new(stored::TREASURY_MODULE_KEY);
/// The oracle module: advisor keys, recommendations and prices.
pub const ORACLE_MODULE: Item<Addr> = Item::new(stored::ORACLE_MODULE_KEY);

/// When the pause the DAO itself voted ends; absent when never paused or unpaused.
pub const DAO_PAUSE: Item<Expiration> = Item::new(stored::DAO_PAUSE_KEY);
/// When the guardian's own pause ends. The guardian may start or lengthen a
/// pause, never end or shorten one the DAO voted, so the two are kept apart.
pub const GUARDIAN_PAUSE: Item<Expiration> = Item::new(stored::GUARDIAN_PAUSE_KEY);

/// The DAO's pause in force at `block`, if any.
pub fn active_dao_pause(storage: &dyn Storage, block: &BlockInfo) -> StdResult<Option<Expiration>> {
    Ok(DAO_PAUSE
        .may_load(storage)?
        .filter(|expiration| !expiration.is_expired(block)))
}

/// The pause in force at `block`, if any (the rule is
/// `steward_types::core::stored::active_pause`, which the other contracts run
/// on the same two items read raw).
pub fn active_pause(storage: &dyn Storage, block: &BlockInfo) -> StdResult<Option<Expiration>> {
    Ok(stored::active_pause(
        DAO_PAUSE.may_load(storage)?,
        GUARDIAN_PAUSE.may_load(storage)?,
        block,
    ))
}

// Snapshots are written every block (as cw4-group does) so that any past
// height can be read: a proposal reads power at its start height.

/// Namespace of [`POWER`]'s changelog: the value before each change.
pub const POWER_CHANGELOG_KEY: &str = "pw_c";
/// Namespace of [`TOTAL_POWER`]'s changelog.
pub const TOTAL_POWER_CHANGELOG_KEY: &str = "tp_c";

/// Each member's weight (members mode) or each staker's stake (staking mode),
/// with the block it last changed in. The mode is fixed at instantiate, so one
/// map serves both. Its current records live under the documented
/// `stored::POWER_RECORDS_KEY`, which the proposal module reads raw. Writes go
/// through `power::update_power`, which keeps this map's changelog itself.
pub const POWER: SnapshotMap<&Addr, PowerRecord> = SnapshotMap::new(
    stored::POWER_RECORDS_KEY,
    keys::POWER_CHECKPOINTS,
    POWER_CHANGELOG_KEY,
    Strategy::EveryBlock,
);

/// A snapshot changelog entry: the value before the change at its height.
/// cw-storage-plus's own layout (`{"old": …}`), which it does not export.
#[derive(Serialize, Deserialize)]
pub struct ChangeSet<T> {
    pub old: Option<T>,
}

/// [`POWER`]'s changelog, as its snapshot map reads it.
pub const POWER_CHANGELOG: Map<(&Addr, u64), ChangeSet<PowerRecord>> =
    Map::new(POWER_CHANGELOG_KEY);

/// The sum of [`POWER`], kept the same way (`stored::TOTAL_POWER_RECORD_KEY`).
pub const TOTAL_POWER: SnapshotItem<PowerRecord> = SnapshotItem::new(
    stored::TOTAL_POWER_RECORD_KEY,
    keys::TOTAL_POWER_CHECKPOINTS,
    TOTAL_POWER_CHANGELOG_KEY,
    Strategy::EveryBlock,
);

/// Unbonding tokens waiting for their release.
pub const CLAIMS: Claims = Claims::new(keys::CLAIMS);

/// Sum of every unbonding claim not yet collected (staking mode): with
/// `TOTAL_POWER`, what of dao-core's token balance belongs to stakers.
/// Absent on a DAO created before it was kept: read as zero.
pub const TOTAL_UNBONDING: Item<Uint128> = Item::new(keys::TOTAL_UNBONDING);

/// A change of dao-core's own code or admin waiting out its delay (staking mode).
pub const PENDING_UPGRADE: Item<StoredUpgrade> = Item::new(keys::PENDING_UPGRADE);

/// A pending upgrade as stored: the fields of [`PendingUpgrade`], dao-core's
/// own type so the API can change without moving stored state.
#[cw_serde]
pub struct StoredUpgrade {
    /// The proposal's messages, run together by `ExecuteUpgrade`.
    pub msgs: Vec<CosmosMsg>,
    /// From when `ExecuteUpgrade` may run them.
    pub executable_at: Expiration,
}

impl From<StoredUpgrade> for PendingUpgrade {
    fn from(u: StoredUpgrade) -> Self {
        PendingUpgrade {
            msgs: u.msgs,
            executable_at: u.executable_at,
        }
    }
}

/// Most unbonding claims one address may have pending: `Claim` walks them all,
/// so the list must stay short.
pub const MAX_CLAIMS: usize = 32;
