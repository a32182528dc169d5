//! Signed briefings for voters: one per proposal per advisor, published while
//! the proposal's voting is open and replaceable by a later one until it
//! closes. A briefing informs; nothing in the suite acts on it.

use crate::error::ContractError;
use crate::recommendations::ensure_domain;
use crate::state::{StoredBriefing, ADVISORS, BRIEFINGS, CONFIG};
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Order, Response};
use cw_storage_plus::Bound;
use steward_types::acceptance::ensure_not_issued_in_future;
use steward_types::briefing::{BriefingEnvelope, MAX_BRIEFING_BYTES};
use steward_types::crypto::{digest, digest_hex, verify_signature};
use steward_types::handle::{CoreContract, ProposalContract};
use steward_types::oracle::{AdvisorSignature, BriefingListResponse, BriefingResponse};
use steward_types::page;
use steward_types::threshold::Status;

/// Verifies then parses, like a recommendation: the signature is checked over
/// the exact bytes before any field of the payload is trusted.
pub fn submit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    payload: Binary,
    signature: AdvisorSignature,
) -> Result<Response, ContractError> {
    if payload.len() > MAX_BRIEFING_BYTES {
        return Err(ContractError::PayloadTooLarge {
            size: payload.len(),
            max: MAX_BRIEFING_BYTES,
        });
    }

    // 1. a registered, active advisor key that verifies over sha256(payload)
    let now = env.block.time.seconds();
    let key_id = signature.key_id;
    let key = ADVISORS
        .may_load(deps.storage, &key_id)?
        .ok_or_else(|| ContractError::UnknownAdvisorKey { id: key_id.clone() })?;
    key.check_active(now)
        .map_err(|reason| ContractError::InactiveAdvisorKey {
            id: key_id.clone(),
            reason,
        })?;
    if !verify_signature(
        deps.api,
        key.algorithm,
        &key.public_key,
        &digest(&payload),
        &signature.signature,
    ) {
        return Err(ContractError::BadSignature { key_id });
    }

    // 2. only now parse what was signed (all but the facts, see
    // `BriefingEnvelope`)
    let parsed = BriefingEnvelope::parse(&payload)
        .map_err(|reason| ContractError::MalformedBriefing { reason })?;
    if parsed.advisor != key_id {
        return Err(ContractError::BriefingSignerMismatch {
            advisor: parsed.advisor,
            key_id,
        });
    }

    // 3. domain separation and time
    ensure_domain(&env, &parsed.chain_id, &parsed.oracle)?;
    ensure_not_issued_in_future(parsed.issued_at, now)?;

    // 4. the proposal exists and its voting is open
    let proposal_id = parsed.proposal_id;
    let status = proposal_status(deps.as_ref(), proposal_id)?;
    if status != Status::Open {
        return Err(ContractError::ProposalNotOpen {
            proposal_id,
            status,
        });
    }

    // 5. a replacement is newer, so an older signed briefing relayed again
    // cannot overwrite the advisor's latest word
    let slot = (proposal_id, key_id.as_str());
    let replaced = BRIEFINGS.may_load(deps.storage, slot)?;
    if let Some(stored) = &replaced {
        if parsed.issued_at <= stored.issued_at {
            return Err(ContractError::StaleBriefing {
                proposal_id,
                advisor: key_id,
                issued_at: parsed.issued_at,
                stored_issued_at: stored.issued_at,
            });
        }
    }

    let payload_hash = digest_hex(&payload);
    BRIEFINGS.save(
        deps.storage,
        slot,
        &StoredBriefing {
            payload,
            signature: signature.signature,
            issued_at: parsed.issued_at,
            submitted_by: info.sender,
            submitted_at: now,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "submit_briefing")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("advisor", &key_id)
        .add_attribute("payload_hash", payload_hash)
        .add_attribute("replaced", replaced.is_some().to_string()))
}

/// The proposal's status now, asked of the DAO's proposal module.
fn proposal_status(deps: Deps, proposal_id: u64) -> Result<Status, ContractError> {
    let unreadable = |e: cosmwasm_std::StdError| ContractError::ProposalUnreadable {
        proposal_id,
        reason: e.to_string(),
    };
    let config = CONFIG.load(deps.storage)?;
    let proposals = CoreContract(config.dao)
        .proposal_module(&deps.querier)
        .map_err(unreadable)?;
    ProposalContract(proposals)
        .status(&deps.querier, proposal_id)
        .map_err(unreadable)
}

fn response(
    proposal_id: u64,
    advisor: String,
    stored: StoredBriefing,
) -> Result<BriefingResponse, ContractError> {
    // Parsed when accepted, so this only fails if the payload type changed
    // shape since; say so rather than answer half a briefing.
    let envelope = BriefingEnvelope::parse(&stored.payload)
        .map_err(|reason| ContractError::MalformedBriefing { reason })?;
    Ok(BriefingResponse {
        proposal_id,
        advisor,
        issued_at: envelope.issued_at,
        summary: envelope.summary,
        payload_hash: digest_hex(&stored.payload),
        payload_bytes: stored.payload,
        signature: stored.signature,
        submitted_by: stored.submitted_by,
        submitted_at: stored.submitted_at,
    })
}

pub fn briefing(
    deps: Deps,
    proposal_id: u64,
    advisor: String,
) -> Result<BriefingResponse, ContractError> {
    let stored = BRIEFINGS
        .may_load(deps.storage, (proposal_id, advisor.as_str()))?
        .ok_or_else(|| ContractError::BriefingNotFound {
            proposal_id,
            advisor: advisor.clone(),
        })?;
    response(proposal_id, advisor, stored)
}

pub fn briefings(
    deps: Deps,
    proposal_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<BriefingListResponse, ContractError> {
    let start = start_after.as_deref().map(Bound::exclusive);
    let briefings = page(
        BRIEFINGS
            .prefix(proposal_id)
            .range(deps.storage, start, None, Order::Ascending),
        limit,
        |(advisor, stored)| response(proposal_id, advisor, stored),
    )?;
    Ok(BriefingListResponse { briefings })
}
