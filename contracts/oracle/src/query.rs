//! Read-only views; every list paginates.

use crate::error::ContractError;
use crate::recommendations::ensure_signers_valid;
use crate::state::{
    assemble, effective_status, load_recommendation, load_state, recommendations, status_key,
    AdvisorKey, RecommendationState, ADVISORS, CONFIG, FEEDERS, MAX_PRICE_QUERY_ASSETS, PRICES,
    RECOMMENDATION_SIGNATURES, SCAN_FACTOR,
};
use cosmwasm_std::{Deps, Env, Order, StdResult};
use cw_storage_plus::Bound;
use std::iter::Peekable;
use steward_types::asset::AssetInfo;
use steward_types::oracle::{
    AdoptionTermsResponse, AdvisorListResponse, AdvisorResponse, ConfigResponse,
    FeederListResponse, FeederResponse, PricesResponse, Recommendation, RecommendationListResponse,
    RecommendationResponse, RecommendationStatus, SignaturesResponse,
};
use steward_types::{page, page_limit};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        dao: config.dao,
        quorum: config.quorum,
        max_price_age_seconds: config.max_price_age_seconds,
        outcome_horizon_seconds: config.outcome_horizon_seconds,
    })
}

fn rec_response(rec: Recommendation, now: u64) -> RecommendationResponse {
    RecommendationResponse {
        status: effective_status(rec.status, rec.payload.expires_at, now),
        recommendation: rec,
    }
}

pub fn recommendation(
    deps: Deps,
    env: Env,
    id: u64,
) -> Result<RecommendationResponse, ContractError> {
    let rec = load_recommendation(deps.storage, id)?;
    Ok(rec_response(rec, env.block.time.seconds()))
}

pub fn adoption_terms(
    deps: Deps,
    env: Env,
    id: u64,
) -> Result<AdoptionTermsResponse, ContractError> {
    let rec = load_recommendation(deps.storage, id)?;
    let now = env.block.time.seconds();
    let status = effective_status(rec.status, rec.payload.expires_at, now);
    let quorum = CONFIG.load(deps.storage)?.quorum;
    let signer_problem = ensure_signers_valid(
        deps.storage,
        rec.id,
        &rec.payload.advisor,
        &rec.signers,
        quorum,
        now,
    )
    .err()
    .map(|e| e.to_string());
    Ok(AdoptionTermsResponse::new(rec, status, signer_problem))
}

pub fn signatures(deps: Deps, id: u64) -> Result<SignaturesResponse, ContractError> {
    let signatures = match RECOMMENDATION_SIGNATURES.may_load(deps.storage, id)? {
        Some(signatures) => signatures.into_iter().map(Into::into).collect(),
        // Stored before the oracle kept signatures, or not stored at all.
        None => {
            load_state(deps.storage, id)?;
            vec![]
        }
    };
    Ok(SignaturesResponse { id, signatures })
}

type RecItem = StdResult<(u64, RecommendationState)>;

/// Recommendations in id order, filtered by effective status.
///
/// `Adopted`, `Executed`, `Rejected` and no filter read the status index (or
/// the map) directly. `Pending` walks stored-pending entries and skips those
/// past expiry; `Expired` merges stored-expired entries with stored-pending
/// ones past expiry. For these two the walk reads at most `limit × SCAN_FACTOR`
/// stored entries, so a query stays bounded by its page size; a page can
/// therefore come back short while more matches lie further on, when many
/// pending recommendations expired without `ExpireRecommendation` being called.
pub fn recommendations_page(
    deps: Deps,
    env: Env,
    status: Option<RecommendationStatus>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<RecommendationListResponse> {
    let limit = page_limit(limit);
    let max_scan = limit * SCAN_FACTOR;
    let now = env.block.time.seconds();
    let map = recommendations();
    let by_status = |s: RecommendationStatus| {
        map.idx.status.prefix(status_key(s)).range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
    };

    let recs: Vec<(u64, RecommendationState)> = match status {
        None => map
            .range(
                deps.storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            )
            .take(limit)
            .collect::<StdResult<_>>()?,
        Some(RecommendationStatus::Pending) => {
            let mut out = vec![];
            for item in by_status(RecommendationStatus::Pending).take(max_scan) {
                let (id, state) = item?;
                if state.effective_status(now) == RecommendationStatus::Pending {
                    out.push((id, state));
                    if out.len() == limit {
                        break;
                    }
                }
            }
            out
        }
        Some(RecommendationStatus::Expired) => merge_expired(
            by_status(RecommendationStatus::Expired).peekable(),
            by_status(RecommendationStatus::Pending).peekable(),
            now,
            limit,
            max_scan,
        )?,
        Some(s) => by_status(s).take(limit).collect::<StdResult<_>>()?,
    };
    let recommendations = recs
        .into_iter()
        .map(|(id, state)| {
            let rec = assemble(deps.storage, id, state)
                .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?;
            Ok(rec_response(rec, now))
        })
        .collect::<StdResult<_>>()?;
    Ok(RecommendationListResponse { recommendations })
}

/// Walks two id-ordered streams (stored expired, stored pending) as one, in id
/// order, keeping the effectively expired ones.
fn merge_expired(
    mut expired: Peekable<impl Iterator<Item = RecItem>>,
    mut pending: Peekable<impl Iterator<Item = RecItem>>,
    now: u64,
    limit: usize,
    max_scan: usize,
) -> StdResult<Vec<(u64, RecommendationState)>> {
    let mut out = vec![];
    let mut scanned = 0;
    while out.len() < limit && scanned < max_scan {
        let take_expired = match (expired.peek(), pending.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(Ok((a, _))), Some(Ok((b, _)))) => a < b,
            // surface a storage error from whichever side holds it
            (Some(Err(_)), _) => true,
            (_, Some(Err(_))) => false,
        };
        let next = if take_expired {
            expired.next()
        } else {
            pending.next()
        };
        scanned += 1;
        if let Some(item) = next {
            let (id, state) = item?;
            if state.effective_status(now) == RecommendationStatus::Expired {
                out.push((id, state));
            }
        }
    }
    Ok(out)
}

fn advisor_response(id: String, key: AdvisorKey, now: u64) -> AdvisorResponse {
    AdvisorResponse {
        active: key.is_active(now),
        id,
        algorithm: key.algorithm,
        public_key: key.public_key,
        active_from: key.active_from,
        expires_at: key.expires_at,
        revoked: key.revoked,
        last_nonce: key.last_nonce,
        record: key.record,
    }
}

pub fn advisor(deps: Deps, env: Env, id: String) -> Result<AdvisorResponse, ContractError> {
    let key = ADVISORS
        .may_load(deps.storage, &id)?
        .ok_or_else(|| ContractError::UnknownAdvisorKey { id: id.clone() })?;
    Ok(advisor_response(id, key, env.block.time.seconds()))
}

pub fn advisors(
    deps: Deps,
    env: Env,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AdvisorListResponse> {
    let now = env.block.time.seconds();
    let advisors = page(
        ADVISORS.range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        ),
        limit,
        |(id, key)| StdResult::Ok(advisor_response(id, key, now)),
    )?;
    Ok(AdvisorListResponse { advisors })
}

pub fn prices(deps: Deps, assets: Vec<AssetInfo>) -> Result<PricesResponse, ContractError> {
    if assets.len() > MAX_PRICE_QUERY_ASSETS {
        return Err(ContractError::TooManyAssets {
            count: assets.len(),
            max: MAX_PRICE_QUERY_ASSETS,
        });
    }
    let mut prices = vec![];
    for asset in assets {
        if let Some(price) = PRICES.may_load(deps.storage, &asset.key())? {
            prices.push(price);
        }
    }
    Ok(PricesResponse { prices })
}

pub fn list_prices(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<PricesResponse> {
    let prices = page(
        PRICES.range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        ),
        limit,
        |(_, price)| StdResult::Ok(price),
    )?;
    Ok(PricesResponse { prices })
}

pub fn feeders(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<FeederListResponse> {
    let feeders = page(
        FEEDERS.range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        ),
        limit,
        |(id, f)| {
            StdResult::Ok(FeederResponse {
                id,
                algorithm: f.algorithm,
                public_key: f.public_key,
            })
        },
    )?;
    Ok(FeederListResponse { feeders })
}
