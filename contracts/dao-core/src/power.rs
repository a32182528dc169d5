//! Voting power, now or at the start of a past block.

use cosmwasm_std::{Addr, StdResult, Storage, Uint128};

use crate::state::{Voting, MEMBERS, STAKED, TOTAL_STAKED, TOTAL_WEIGHT};

/// Power of `addr`. With a height, the power at the start of that block (a
/// change made during block h counts from h + 1); without, the current power.
pub fn voting_power(
    storage: &dyn Storage,
    voting: &Voting,
    addr: &Addr,
    height: Option<u64>,
) -> StdResult<Uint128> {
    let power = match (voting, height) {
        (Voting::Members, Some(h)) => MEMBERS
            .may_load_at_height(storage, addr, h)?
            .map(Uint128::from),
        (Voting::Members, None) => MEMBERS.may_load(storage, addr)?.map(Uint128::from),
        (Voting::Cw20Staked { .. }, Some(h)) => STAKED.may_load_at_height(storage, addr, h)?,
        (Voting::Cw20Staked { .. }, None) => STAKED.may_load(storage, addr)?,
    };
    Ok(power.unwrap_or_default())
}

/// Total power, with the same height rule as [`voting_power`].
pub fn total_power(
    storage: &dyn Storage,
    voting: &Voting,
    height: Option<u64>,
) -> StdResult<Uint128> {
    let power = match (voting, height) {
        (Voting::Members, Some(h)) => TOTAL_WEIGHT
            .may_load_at_height(storage, h)?
            .map(Uint128::from),
        (Voting::Members, None) => TOTAL_WEIGHT.may_load(storage)?.map(Uint128::from),
        (Voting::Cw20Staked { .. }, Some(h)) => TOTAL_STAKED.may_load_at_height(storage, h)?,
        (Voting::Cw20Staked { .. }, None) => TOTAL_STAKED.may_load(storage)?,
    };
    Ok(power.unwrap_or_default())
}
