//! Checks on a batch of actions that need the treasury's own storage. The
//! address and asset checks live on the action type
//! (`steward_types::policy::TreasuryAction::validate`), shared with the oracle
//! and the advisor.

use crate::error::ContractError;
use crate::state::BUDGETS;
use cosmwasm_std::{Addr, Storage};
use steward_types::policy::TreasuryAction;

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
