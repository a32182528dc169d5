//! Layout 1, v0.1.0's: power records (the value with the height of its last
//! change) under short keys, instead of the plain snapshots or long names of
//! the layouts before it. Each move finds its old data by its old keys, so it
//! does nothing to state already in this layout.

use cosmwasm_std::{Addr, Order, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use serde::de::DeserializeOwned;
use serde::Serialize;
use steward_types::core::stored::{PowerRecord, POWER_RECORDS, TOTAL_POWER_RECORD};

use crate::state::{ChangeSet, POWER_CHANGELOG, TOTAL_POWER_CHANGELOG_KEY};

/// The namespaces of one snapshot map or item in the first layout.
struct OldSnapshot {
    primary: &'static str,
    changelog: &'static str,
}

/// The first layout kept members' weights (u64) and stakes (Uint128) in two
/// snapshot maps, and their totals in two snapshot items, with plain values.
const MEMBERS: OldSnapshot = OldSnapshot {
    primary: "members",
    changelog: "members__changelog",
};
const STAKED: OldSnapshot = OldSnapshot {
    primary: "staked",
    changelog: "staked__changelog",
};
const TOTAL_WEIGHT: OldSnapshot = OldSnapshot {
    primary: "total_weight",
    changelog: "total_weight__changelog",
};
const TOTAL_STAKED: OldSnapshot = OldSnapshot {
    primary: "total_staked",
    changelog: "total_staked__changelog",
};

/// The second layout kept power records as now, under long namespaces and
/// field names (`{"power": …, "changed_at": …}`, which `PowerRecord` still
/// reads).
const POWER_RECORDS_LONG: OldSnapshot = OldSnapshot {
    primary: "power_records",
    changelog: "power_records__changelog",
};
const TOTAL_POWER_RECORD_LONG: OldSnapshot = OldSnapshot {
    primary: "total_power_record",
    changelog: "total_power_record__changelog",
};

/// Rewrites the power snapshots of either earlier layout as power records
/// under the current keys (the value with the height of its last change),
/// history included, and removes the old entries. Returns how many addresses
/// moved.
pub fn move_power_snapshots(storage: &mut dyn Storage) -> StdResult<u64> {
    let members = move_map::<u64>(storage, &MEMBERS)?
        + move_map::<Uint128>(storage, &STAKED)?
        + move_map::<PowerRecord>(storage, &POWER_RECORDS_LONG)?;
    move_item::<u64>(storage, &TOTAL_WEIGHT)?;
    move_item::<Uint128>(storage, &TOTAL_STAKED)?;
    move_item::<PowerRecord>(storage, &TOTAL_POWER_RECORD_LONG)?;
    Ok(members)
}

/// A stored power value of an earlier layout.
trait OldPower {
    fn power(self) -> Uint128;
}

impl OldPower for u64 {
    fn power(self) -> Uint128 {
        self.into()
    }
}

impl OldPower for Uint128 {
    fn power(self) -> Uint128 {
        self
    }
}

impl OldPower for PowerRecord {
    fn power(self) -> Uint128 {
        self.power
    }
}

/// A value set at `changed_at` as a record.
fn record<V: OldPower>(value: V, changed_at: u64) -> PowerRecord {
    PowerRecord {
        power: value.power(),
        changed_at,
    }
}

/// Each changelog entry's old value was set by the previous change of the same
/// key (at its height), or before any change on record (height 0).
fn move_map<V>(storage: &mut dyn Storage, old: &OldSnapshot) -> StdResult<u64>
where
    V: Serialize + DeserializeOwned + OldPower,
{
    let primary: Map<&Addr, V> = Map::new(old.primary);
    let changelog: Map<(&Addr, u64), ChangeSet<V>> = Map::new(old.changelog);
    let new_changelog = POWER_CHANGELOG;

    let changes: Vec<((Addr, u64), ChangeSet<V>)> = changelog
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    let mut last_change: Option<(Addr, u64)> = None;
    for ((addr, height), change) in changes {
        let set_at = match &last_change {
            Some((a, h)) if *a == addr => *h,
            _ => 0,
        };
        let moved = ChangeSet {
            old: change.old.map(|v| record(v, set_at)),
        };
        new_changelog.save(storage, (&addr, height), &moved)?;
        changelog.remove(storage, (&addr, height));
        last_change = Some((addr, height));
    }

    let current: Vec<(Addr, V)> = primary
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    let moved = current.len() as u64;
    for (addr, value) in current {
        let changed_at = new_changelog
            .prefix(&addr)
            .keys(storage, None, None, Order::Descending)
            .next()
            .transpose()?
            .unwrap_or_default();
        // Written under the new primary namespace directly: a snapshot save
        // would add a changelog entry for a change that did not happen.
        POWER_RECORDS.save(storage, &addr, &record(value, changed_at))?;
        primary.remove(storage, &addr);
    }
    Ok(moved)
}

fn move_item<V>(storage: &mut dyn Storage, old: &OldSnapshot) -> StdResult<()>
where
    V: Serialize + DeserializeOwned + OldPower,
{
    let primary: Item<V> = Item::new(old.primary);
    let changelog: Map<u64, ChangeSet<V>> = Map::new(old.changelog);
    let new_changelog: Map<u64, ChangeSet<PowerRecord>> = Map::new(TOTAL_POWER_CHANGELOG_KEY);

    let changes: Vec<(u64, ChangeSet<V>)> = changelog
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    let mut set_at = 0;
    for (height, change) in changes {
        let moved = ChangeSet {
            old: change.old.map(|v| record(v, set_at)),
        };
        new_changelog.save(storage, height, &moved)?;
        changelog.remove(storage, height);
        set_at = height;
    }
    if let Some(value) = primary.may_load(storage)? {
        TOTAL_POWER_RECORD.save(storage, &record(value, set_at))?;
        primary.remove(storage);
    }
    Ok(())
}

/// The first layout, for tests: the snapshots as that code wrote them.
#[cfg(test)]
pub(crate) mod first_layout {
    use cosmwasm_std::{Addr, Storage};
    use cw_storage_plus::{SnapshotItem, SnapshotMap, Strategy};

    pub const MEMBERS: SnapshotMap<&Addr, u64> = SnapshotMap::new(
        "members",
        "members__checkpoints",
        "members__changelog",
        Strategy::EveryBlock,
    );
    pub const TOTAL_WEIGHT: SnapshotItem<u64> = SnapshotItem::new(
        "total_weight",
        "total_weight__checkpoints",
        "total_weight__changelog",
        Strategy::EveryBlock,
    );

    pub fn set(
        storage: &mut dyn Storage,
        addr: &Addr,
        weight: Option<u64>,
        total: u64,
        height: u64,
    ) {
        match weight {
            Some(w) => MEMBERS.save(storage, addr, &w, height).unwrap(),
            None => MEMBERS.remove(storage, addr, height).unwrap(),
        }
        TOTAL_WEIGHT.save(storage, &total, height).unwrap();
    }
}

/// The second layout, for tests: power records under long namespaces and
/// field names, as that code wrote them.
#[cfg(test)]
pub(crate) mod second_layout {
    use cosmwasm_schema::cw_serde;
    use cosmwasm_std::{Addr, Storage, Uint128};
    use cw_storage_plus::{SnapshotItem, SnapshotMap, Strategy};

    #[cw_serde]
    pub struct LongRecord {
        pub power: Uint128,
        pub changed_at: u64,
    }

    pub const POWER: SnapshotMap<&Addr, LongRecord> = SnapshotMap::new(
        "power_records",
        "power_records__checkpoints",
        "power_records__changelog",
        Strategy::EveryBlock,
    );
    pub const TOTAL_POWER: SnapshotItem<LongRecord> = SnapshotItem::new(
        "total_power_record",
        "total_power_record__checkpoints",
        "total_power_record__changelog",
        Strategy::EveryBlock,
    );

    pub fn set(
        storage: &mut dyn Storage,
        addr: &Addr,
        power: Option<u128>,
        total: u128,
        height: u64,
    ) {
        let record = |power: u128| LongRecord {
            power: power.into(),
            changed_at: height,
        };
        match power {
            Some(p) => POWER.save(storage, addr, &record(p), height).unwrap(),
            None => POWER.remove(storage, addr, height).unwrap(),
        }
        TOTAL_POWER.save(storage, &record(total), height).unwrap();
    }
}

/// The step into layout 1 (see `migrations`).
pub fn migrate(
    storage: &mut dyn Storage,
    _env: &cosmwasm_std::Env,
) -> Result<steward_types::migrate::Moved, crate::error::ContractError> {
    Ok(vec![(
        "power_records_moved",
        move_power_snapshots(storage)?,
    )])
}
