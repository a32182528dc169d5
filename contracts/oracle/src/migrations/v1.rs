//! Layout 1, v0.1.0's: each recommendation kept as its state and its body
//! instead of whole, as the layouts before it kept them. Each move finds its
//! old data by its old keys, so it does nothing to state already in this
//! layout.

use cosmwasm_std::{Order, StdResult, Storage};
use cw_storage_plus::{Index, IndexList, IndexedMap, MultiIndex};
use steward_types::oracle::Recommendation;

use crate::state::{
    recommendations, status_key, RecommendationBody, RecommendationState, RECOMMENDATION_BODIES,
    RECOMMENDATION_PAYLOADS,
};

/// The first layout's status index.
pub(crate) struct WholeIndexes<'a> {
    pub(crate) status: MultiIndex<'a, u8, Recommendation, u64>,
}

impl IndexList<Recommendation> for WholeIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Recommendation>> + '_> {
        let v: Vec<&dyn Index<Recommendation>> = vec![&self.status];
        Box::new(v.into_iter())
    }
}

/// The first layout: each recommendation stored whole, its payload both
/// parsed and as bytes, so every status change rewrote both.
pub(crate) fn whole_recommendations<'a>() -> IndexedMap<u64, Recommendation, WholeIndexes<'a>> {
    IndexedMap::new(
        "recommendations",
        WholeIndexes {
            status: MultiIndex::new(
                |_pk, r: &Recommendation| status_key(r.status),
                "recommendations",
                "recommendations__status",
            ),
        },
    )
}

/// Splits every whole recommendation into its state and body, and removes the
/// whole one with its index entry. Returns how many moved.
pub fn split_whole_recommendations(storage: &mut dyn Storage) -> StdResult<u64> {
    let old = whole_recommendations();
    let whole: Vec<(u64, Recommendation)> = old
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    for (id, rec) in &whole {
        let state = RecommendationState {
            status: rec.status,
            proposal_id: rec.proposal_id,
            advisor: rec.payload.advisor.clone(),
            expires_at: rec.payload.expires_at,
        };
        RECOMMENDATION_PAYLOADS.save(storage, *id, &rec.payload_bytes);
        let body = RecommendationBody {
            payload_hash: rec.payload_hash.clone(),
            signers: rec.signers.clone(),
            submitted_by: rec.submitted_by.clone(),
            submitted_at: rec.submitted_at,
        };
        recommendations().save(storage, *id, &state)?;
        RECOMMENDATION_BODIES.save(storage, *id, &body)?;
        old.remove(storage, *id)?;
    }
    Ok(whole.len() as u64)
}

/// The step into layout 1 (see `migrations`).
pub fn migrate(
    storage: &mut dyn Storage,
    _env: &cosmwasm_std::Env,
) -> Result<steward_types::migrate::Moved, crate::error::ContractError> {
    Ok(vec![(
        "recommendations_split",
        split_whole_recommendations(storage)?,
    )])
}
