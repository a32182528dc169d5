//! Moves state written in an earlier layout into the current one. Each step
//! finds its old data by its old keys, so running it on state already in the
//! current layout does nothing.

use cosmwasm_std::{Addr, Order, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use steward_types::core::stored::{PowerRecord, POWER_RECORDS, TOTAL_POWER_RECORD};

use crate::state::{POWER_CHANGELOG_KEY, TOTAL_POWER_CHANGELOG_KEY};

/// A snapshot changelog entry: the value before the change at its height
/// (cw-storage-plus's own layout, `{"old": …}`).
#[derive(Serialize, Deserialize)]
struct ChangeSet<T> {
    old: Option<T>,
}

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

/// Rewrites the first layout's power snapshots as power records (the value
/// with the height of its last change), history included, and removes the
/// old entries. Returns how many addresses moved.
pub fn move_power_snapshots(storage: &mut dyn Storage) -> StdResult<u64> {
    let members = move_map::<u64>(storage, &MEMBERS)? + move_map::<Uint128>(storage, &STAKED)?;
    move_item::<u64>(storage, &TOTAL_WEIGHT)?;
    move_item::<Uint128>(storage, &TOTAL_STAKED)?;
    Ok(members)
}

/// A value set at `changed_at` as a record.
fn record<V: Into<Uint128>>(value: V, changed_at: u64) -> PowerRecord {
    PowerRecord {
        power: value.into(),
        changed_at,
    }
}

/// Each changelog entry's old value was set by the previous change of the same
/// key (at its height), or before any change on record (height 0).
fn move_map<V>(storage: &mut dyn Storage, old: &OldSnapshot) -> StdResult<u64>
where
    V: Serialize + DeserializeOwned + Into<Uint128>,
{
    let primary: Map<&Addr, V> = Map::new(old.primary);
    let changelog: Map<(&Addr, u64), ChangeSet<V>> = Map::new(old.changelog);
    let new_changelog: Map<(&Addr, u64), ChangeSet<PowerRecord>> = Map::new(POWER_CHANGELOG_KEY);

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
    V: Serialize + DeserializeOwned + Into<Uint128>,
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
