//! Weighted membership (members mode), snapshotted every block.

use std::collections::BTreeSet;

use cosmwasm_std::{Addr, Api, DepsMut, Env, MessageInfo, Response, Storage, Uint128};
use cw_utils::nonpayable;
use steward_types::core::{Member, MAX_MEMBER_CHANGES};

use crate::config::ensure_dao;
use crate::error::ContractError;
use crate::power::{
    current_power, set_initial_power, set_power, set_total_power, total_power, update_power,
};
use crate::state::{Voting, CONFIG};

/// Checks addresses and weights of members to add or reweigh; refuses a
/// repeated address.
fn validate_members(api: &dyn Api, members: &[Member]) -> Result<Vec<(Addr, u64)>, ContractError> {
    let mut seen = BTreeSet::new();
    members
        .iter()
        .map(|member| {
            let addr = api.addr_validate(&member.addr)?;
            if member.weight == 0 {
                return Err(ContractError::ZeroWeight { addr });
            }
            if !seen.insert(addr.clone()) {
                return Err(ContractError::DuplicateMember { addr });
            }
            Ok((addr, member.weight))
        })
        .collect()
}

fn ensure_change_count(count: usize) -> Result<(), ContractError> {
    if count > MAX_MEMBER_CHANGES {
        return Err(ContractError::TooManyMemberChanges {
            count,
            max: MAX_MEMBER_CHANGES,
        });
    }
    Ok(())
}

/// Records the initial members at `height`, at instantiate (nothing stored
/// yet); returns the total weight. Totals add up in `Uint128`, as power is
/// stored, here and in [`update_members`].
pub fn init_members(
    storage: &mut dyn Storage,
    api: &dyn Api,
    height: u64,
    members: &[Member],
) -> Result<Uint128, ContractError> {
    if members.is_empty() {
        return Err(ContractError::NoMembers);
    }
    ensure_change_count(members.len())?;
    let members = validate_members(api, members)?;
    let mut total = Uint128::zero();
    for (addr, weight) in &members {
        total = total.checked_add((*weight).into())?;
        set_initial_power(storage, addr, (*weight).into(), height)?;
    }
    set_total_power(storage, total, height)?;
    Ok(total)
}

pub fn update_members(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    add: Vec<Member>,
    remove: Vec<String>,
) -> Result<Response, ContractError> {
    ensure_dao(&env, &info)?;
    nonpayable(&info)?;
    if CONFIG.load(deps.storage)?.voting != Voting::Members {
        return Err(ContractError::MembershipByStake);
    }
    if add.is_empty() && remove.is_empty() {
        return Err(ContractError::EmptyMemberUpdate);
    }
    ensure_change_count(add.len() + remove.len())?;

    let add = validate_members(deps.api, &add)?;
    let added: BTreeSet<&Addr> = add.iter().map(|(addr, _)| addr).collect();
    let mut removed = BTreeSet::new();
    let mut remove_addrs = Vec::with_capacity(remove.len());
    for addr in &remove {
        let addr = deps.api.addr_validate(addr)?;
        if added.contains(&addr) {
            return Err(ContractError::ConflictingMemberChange { addr });
        }
        if !removed.insert(addr.clone()) {
            return Err(ContractError::DuplicateMember { addr });
        }
        remove_addrs.push(addr);
    }

    // Every check happens before the first write, so a refused update leaves
    // no partial snapshot behind, even where a caller keeps a failed
    // message's writes (a unit test's storage does).
    let height = env.block.height;
    let mut total = total_power(deps.storage, None)?;
    for addr in &remove_addrs {
        let weight = current_power(deps.storage, addr)?;
        if weight.is_zero() {
            return Err(ContractError::NotAMember { addr: addr.clone() });
        }
        total = total.checked_sub(weight)?;
    }
    // Every added weight is above zero, so only removals can leave no one.
    if add.is_empty() && total.is_zero() {
        return Err(ContractError::NoMembersLeft);
    }

    for addr in &remove_addrs {
        set_power(deps.storage, addr, Uint128::zero(), height)?;
    }
    // An added member's record is read once, as it changes: the update's
    // cost per member is what decides how many fit in one transaction.
    for (addr, weight) in &add {
        let (before, after) = update_power(deps.storage, addr, height, |_| {
            Ok::<_, ContractError>(Uint128::from(*weight))
        })?;
        total = total.checked_sub(before)?.checked_add(after)?;
    }
    set_total_power(deps.storage, total, height)?;

    Ok(Response::new()
        .add_attribute("action", "update_members")
        .add_attribute("sender", info.sender)
        .add_attribute("added", add.len().to_string())
        .add_attribute("removed", remove_addrs.len().to_string())
        .add_attribute("total_weight", total.to_string()))
}
