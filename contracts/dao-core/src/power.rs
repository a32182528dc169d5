//! Voting power, now or at the start of a past block, and its changes.

use cosmwasm_std::{Addr, StdError, StdResult, Storage, Uint128};
use steward_types::core::stored::{PowerRecord, POWER_RECORDS};

use crate::state::{ChangeSet, POWER, POWER_CHANGELOG, TOTAL_POWER};

/// Power of `addr`. With a height, the power at the start of that block (a
/// change made during block h counts from h + 1); without, the current power.
pub fn voting_power(storage: &dyn Storage, addr: &Addr, height: Option<u64>) -> StdResult<Uint128> {
    let record = match height {
        Some(h) => POWER.may_load_at_height(storage, addr, h)?,
        None => POWER.may_load(storage, addr)?,
    };
    Ok(record.map(|r| r.power).unwrap_or_default())
}

/// Total power, with the same height rule as [`voting_power`].
pub fn total_power(storage: &dyn Storage, height: Option<u64>) -> StdResult<Uint128> {
    let record = match height {
        Some(h) => TOTAL_POWER.may_load_at_height(storage, h)?,
        None => TOTAL_POWER.may_load(storage)?,
    };
    Ok(record.map(|r| r.power).unwrap_or_default())
}

/// Power of `addr` now (zero when it has none).
pub fn current_power(storage: &dyn Storage, addr: &Addr) -> StdResult<Uint128> {
    voting_power(storage, addr, None)
}

/// Changes `addr`'s power from the block at `height` on to `change(power
/// now)`; returns the power before and after. Zero takes the address off the
/// list (its snapshots still tell what it held before).
///
/// This writes what `SnapshotMap::save` would, with one read of the current
/// record instead of two (the caller's and the snapshot's): a 1,000-member
/// update saves 1,000 reads. The first change of a key in a block keeps the
/// value from before the block, as the snapshot map's own rule does.
pub fn update_power<E: From<StdError>>(
    storage: &mut dyn Storage,
    addr: &Addr,
    height: u64,
    change: impl FnOnce(Uint128) -> Result<Uint128, E>,
) -> Result<(Uint128, Uint128), E> {
    let old = POWER_RECORDS.may_load(storage, addr)?;
    let before = old.as_ref().map(|r| r.power).unwrap_or_default();
    let after = change(before)?;
    if !POWER_CHANGELOG.has(storage, (addr, height)) {
        POWER_CHANGELOG.save(storage, (addr, height), &ChangeSet { old })?;
    }
    write_record(storage, addr, after, height)?;
    Ok((before, after))
}

/// Sets `addr`'s power from the block at `height` on, whatever it was.
pub fn set_power(
    storage: &mut dyn Storage,
    addr: &Addr,
    power: Uint128,
    height: u64,
) -> StdResult<()> {
    update_power::<StdError>(storage, addr, height, |_| Ok(power)).map(|_| ())
}

/// Records the power of an address that has none, at instantiate (nothing is
/// stored yet, so there is nothing to read): the changelog says it had none
/// before `height`.
pub fn set_initial_power(
    storage: &mut dyn Storage,
    addr: &Addr,
    power: Uint128,
    height: u64,
) -> StdResult<()> {
    POWER_CHANGELOG.save(storage, (addr, height), &ChangeSet { old: None })?;
    write_record(storage, addr, power, height)
}

fn write_record(
    storage: &mut dyn Storage,
    addr: &Addr,
    power: Uint128,
    height: u64,
) -> StdResult<()> {
    if power.is_zero() {
        POWER_RECORDS.remove(storage, addr);
        return Ok(());
    }
    POWER_RECORDS.save(
        storage,
        addr,
        &PowerRecord {
            power,
            changed_at: height,
        },
    )
}

/// Sets the total power from the block at `height` on.
pub fn set_total_power(storage: &mut dyn Storage, power: Uint128, height: u64) -> StdResult<()> {
    TOTAL_POWER.save(
        storage,
        &PowerRecord {
            power,
            changed_at: height,
        },
        height,
    )
}
