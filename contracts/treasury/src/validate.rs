//! Address and asset checks on actions, before the policy check sees them.
//!
//! The policy compares recipients and pairs as strings against its allowlists;
//! validating first means only canonical addresses reach that comparison and
//! the messages the treasury sends.

use crate::error::ContractError;
use crate::state::BUDGETS;
use cosmwasm_std::{Addr, Api, Storage};
use steward_types::asset::AssetInfo;
use steward_types::policy::TreasuryAction;

fn asset(api: &dyn Api, index: u32, info: &AssetInfo) -> Result<(), ContractError> {
    info.validate(api).map_err(|e| ContractError::InvalidAsset {
        index,
        asset: info.key(),
        reason: e.to_string(),
    })
}

/// A valid address other than the treasury's own: a payment to itself would
/// leave the balance unchanged and so hide a short swap output in the same
/// execution.
pub fn recipient(
    api: &dyn Api,
    treasury: &Addr,
    index: u32,
    recipient: &str,
) -> Result<Addr, ContractError> {
    let addr = api
        .addr_validate(recipient)
        .map_err(|e| ContractError::InvalidRecipient {
            index,
            recipient: recipient.to_string(),
            reason: e.to_string(),
        })?;
    if addr == *treasury {
        return Err(ContractError::RecipientIsTreasury { index });
    }
    Ok(addr)
}

fn spender(api: &dyn Api, index: u32, spender: &str) -> Result<Addr, ContractError> {
    api.addr_validate(spender)
        .map_err(|e| ContractError::InvalidSpender {
            index,
            spender: spender.to_string(),
            reason: e.to_string(),
        })
}

/// Checks every address and asset the actions name.
pub fn actions(
    api: &dyn Api,
    treasury: &Addr,
    actions: &[TreasuryAction],
) -> Result<(), ContractError> {
    for (index, action) in actions.iter().enumerate() {
        let index = index as u32;
        match action {
            TreasuryAction::Transfer {
                asset: info,
                recipient: to,
                ..
            } => {
                asset(api, index, info)?;
                recipient(api, treasury, index, to)?;
            }
            TreasuryAction::Swap {
                pair,
                offer_asset,
                ask_asset,
                ..
            } => {
                api.addr_validate(pair)
                    .map_err(|e| ContractError::InvalidPair {
                        index,
                        pair: pair.clone(),
                        reason: e.to_string(),
                    })?;
                asset(api, index, offer_asset)?;
                asset(api, index, ask_asset)?;
            }
            TreasuryAction::SetBudget {
                spender: who,
                asset: info,
                ..
            }
            | TreasuryAction::RemoveBudget {
                spender: who,
                asset: info,
            } => {
                spender(api, index, who)?;
                asset(api, index, info)?;
            }
        }
    }
    Ok(())
}

/// Every `RemoveBudget` must name a budget that exists at its point in the
/// batch (stored, or set by an earlier action and not removed since), so a
/// failing batch is refused before anything is written.
pub fn removals(storage: &dyn Storage, actions: &[TreasuryAction]) -> Result<(), ContractError> {
    for (i, action) in actions.iter().enumerate() {
        let TreasuryAction::RemoveBudget { spender, asset } = action else {
            continue;
        };
        // Addresses were validated by `actions`.
        let addr = Addr::unchecked(spender);
        let mut exists = BUDGETS.has(storage, (&addr, &asset.key()));
        for earlier in &actions[..i] {
            match earlier {
                TreasuryAction::SetBudget {
                    spender: s,
                    asset: a,
                    ..
                } if s == spender && a == asset => exists = true,
                TreasuryAction::RemoveBudget {
                    spender: s,
                    asset: a,
                } if s == spender && a == asset => exists = false,
                _ => {}
            }
        }
        if !exists {
            return Err(ContractError::BudgetNotFound {
                spender: spender.clone(),
                asset: asset.key(),
            });
        }
    }
    Ok(())
}
