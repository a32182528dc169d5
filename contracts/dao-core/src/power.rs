//! Voting power, now or at the start of a past block, and its changes.

use cosmwasm_std::{Addr, StdResult, Storage, Uint128};
use steward_types::core::stored::PowerRecord;

use crate::state::{POWER, TOTAL_POWER};

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

/// Sets `addr`'s power from the block at `height` on. Zero takes the address
/// off the list (its snapshots still tell what it held before).
pub fn set_power(
    storage: &mut dyn Storage,
    addr: &Addr,
    power: Uint128,
    height: u64,
) -> StdResult<()> {
    if power.is_zero() {
        return POWER.remove(storage, addr, height);
    }
    POWER.save(
        storage,
        addr,
        &PowerRecord {
            power,
            changed_at: height,
        },
        height,
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
