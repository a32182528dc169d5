//! Layout 1, v0.1.0's: each proposal kept in three parts (vote state,
//! content, failures) instead of whole, as the layouts before it kept them.
//! Each move finds its old data by its old key, so it does nothing to state
//! already in this layout.

use crate::state::{split, PROPOSAL_CONTENTS, PROPOSAL_FAILURES, PROPOSAL_VOTES};
use cosmwasm_std::{Order, StdResult, Storage};
use cw_storage_plus::Map;
use steward_types::proposal::Proposal;

/// The first layout: each proposal stored whole, so every vote loaded and
/// saved its actions too.
const WHOLE_PROPOSALS: Map<u64, Proposal> = Map::new("proposals");

/// Splits every whole proposal into its vote state, content and failure
/// record, and removes the whole one. Returns how many moved.
pub fn split_whole_proposals(storage: &mut dyn Storage) -> StdResult<u64> {
    let whole: Vec<(u64, Proposal)> = WHOLE_PROPOSALS
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    for (id, proposal) in &whole {
        let (content, state, failures) = split(proposal.clone());
        PROPOSAL_CONTENTS.save(storage, *id, &content)?;
        PROPOSAL_VOTES.save(storage, *id, &state)?;
        if failures.count > 0 {
            PROPOSAL_FAILURES.save(storage, *id, &failures)?;
        }
        WHOLE_PROPOSALS.remove(storage, *id);
    }
    Ok(whole.len() as u64)
}

#[cfg(test)]
pub(crate) fn save_whole(storage: &mut dyn Storage, id: u64, proposal: &Proposal) {
    WHOLE_PROPOSALS.save(storage, id, proposal).unwrap();
}

/// The step into layout 1 (see `migrations`).
pub fn migrate(
    storage: &mut dyn Storage,
    _env: &cosmwasm_std::Env,
) -> Result<steward_types::migrate::Moved, crate::error::ContractError> {
    Ok(vec![("proposals_split", split_whole_proposals(storage)?)])
}
