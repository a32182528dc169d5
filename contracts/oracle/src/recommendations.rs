//! Signed recommendations: verification at submission, then their lifecycle
//! (Pending → Executed | Expired | Rejected) and each advisor's record. An
//! adoption passes through `Adopted` only inside the transaction that executes
//! it (`MarkExecuted` records both at once).

use crate::advisors::ensure_dao;
use crate::error::ContractError;
use crate::outcomes;
use crate::state::{
    load_state, recommendations, Config, RecommendationBody, RecommendationState, StoredSignature,
    ADVISORS, CONFIG, LAST_RECOMMENDATION_ID, MAX_SIGNATURES, PAYLOAD_HASHES, PRICES,
    RECOMMENDATION_BODIES, RECOMMENDATION_PAYLOADS, RECOMMENDATION_SIGNATURES,
};
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Storage};
use steward_types::acceptance::{self, Acceptance};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::crypto::{digest, digest_hex, verify_signature};
use steward_types::governance::GovernanceVerdict;
use steward_types::handle::{CoreContract, ProposalContract, TreasuryContract};
use steward_types::oracle::{AdvisorSignature, RecommendationStatus, TrackRecord};
use steward_types::payload::{RecommendationPayload, MAX_PAYLOAD_BYTES};
use steward_types::policy::{
    check_actions, validate_actions, Policy, PolicyContext, PriceInfo, TreasuryAction,
};
use steward_types::threshold::Status;

/// Verifies then parses: signatures are checked over the exact bytes before
/// any field of the payload is trusted. Each check has its own error.
pub fn submit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    payload: Binary,
    signatures: Vec<AdvisorSignature>,
) -> Result<Response, ContractError> {
    // 1. sizes and distinct signers
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(ContractError::PayloadTooLarge {
            size: payload.len(),
            max: MAX_PAYLOAD_BYTES,
        });
    }
    if signatures.is_empty() {
        return Err(ContractError::NoSignatures {});
    }
    if signatures.len() > MAX_SIGNATURES {
        return Err(ContractError::TooManySignatures {
            count: signatures.len(),
            max: MAX_SIGNATURES,
        });
    }
    for (i, sig) in signatures.iter().enumerate() {
        if signatures[..i].iter().any(|s| s.key_id == sig.key_id) {
            return Err(ContractError::DuplicateSigner {
                key_id: sig.key_id.clone(),
            });
        }
    }

    // 2. every signature: known, active key that verifies over sha256(payload).
    // Distinct ids are distinct keys (the registry refuses a key held by
    // another id), so one private key never counts twice.
    let now = env.block.time.seconds();
    let hash = digest(&payload);
    for sig in &signatures {
        let key = ADVISORS
            .may_load(deps.storage, &sig.key_id)?
            .ok_or_else(|| ContractError::UnknownAdvisorKey {
                id: sig.key_id.clone(),
            })?;
        key.check_active(now)
            .map_err(|reason| ContractError::InactiveAdvisorKey {
                id: sig.key_id.clone(),
                reason,
            })?;
        if !verify_signature(
            deps.api,
            key.algorithm,
            &key.public_key,
            &hash,
            &sig.signature,
        ) {
            return Err(ContractError::BadSignature {
                key_id: sig.key_id.clone(),
            });
        }
    }

    // 3. quorum: every signature verified above, so all of them count.
    let config = CONFIG.load(deps.storage)?;
    let signed = signatures.len() as u32;
    if signed < config.quorum {
        return Err(ContractError::QuorumNotMet {
            signed,
            quorum: config.quorum,
        });
    }

    // 4. only now parse what was signed
    let parsed = RecommendationPayload::parse(&payload)
        .map_err(|reason| ContractError::MalformedPayload { reason })?;

    // 5. the issuing advisor vouches for it itself
    let signers: Vec<String> = signatures.iter().map(|s| s.key_id.clone()).collect();
    if !signers.contains(&parsed.advisor) {
        return Err(ContractError::AdvisorNotSigner {
            advisor: parsed.advisor,
            signers,
        });
    }

    // 6. the same bytes only once (never keyed on signature bytes, which are malleable)
    let payload_hash = digest_hex(&payload);
    if let Some(id) = PAYLOAD_HASHES.may_load(deps.storage, &payload_hash)? {
        return Err(ContractError::ReplayedPayload {
            hash: payload_hash,
            id,
        });
    }

    // 7. domain, the advisor's next nonce, the time window and the policy
    // version: the check the advisor runs before signing (the id is a
    // verified signer, so it exists)
    let mut advisor = ADVISORS.load(deps.storage, &parsed.advisor)?;
    let dao = CoreContract(config.dao.clone());
    let treasury = TreasuryContract(dao.treasury(&deps.querier)?);
    let ctx = treasury.policy_context(&deps.querier, now)?;
    Acceptance {
        chain_id: &env.block.chain_id,
        oracle: env.contract.address.as_str(),
        now,
        last_nonce: advisor.last_nonce,
        policy_version: ctx.policy_version,
    }
    .check(&parsed)?;

    // 8. the treasury's policy, as it stands now
    check_policy(deps.as_ref(), &dao, &treasury, ctx, &parsed)?;

    let id = LAST_RECOMMENDATION_ID.may_load(deps.storage)?.unwrap_or(0) + 1;
    LAST_RECOMMENDATION_ID.save(deps.storage, &id)?;
    PAYLOAD_HASHES.save(deps.storage, &payload_hash, &id)?;
    advisor.last_nonce = Some(parsed.nonce);
    advisor.record.submitted += 1;
    ADVISORS.save(deps.storage, &parsed.advisor, &advisor)?;

    let response = Response::new()
        .add_attribute("action", "submit_recommendation")
        .add_attribute("id", id.to_string())
        .add_attribute("advisor", &parsed.advisor)
        .add_attribute("payload_hash", &payload_hash)
        .add_attribute("nonce", parsed.nonce.to_string())
        .add_attribute("signers", signers.join(","));
    let state = RecommendationState {
        status: RecommendationStatus::Pending,
        proposal_id: None,
        advisor: parsed.advisor,
        expires_at: parsed.expires_at,
    };
    recommendations().save(deps.storage, id, &state)?;
    RECOMMENDATION_PAYLOADS.save(deps.storage, id, &payload);
    let body = RecommendationBody {
        payload_hash,
        signers,
        submitted_by: info.sender,
        submitted_at: now,
    };
    RECOMMENDATION_BODIES.save(deps.storage, id, &body)?;
    // Every signature verified above and counted toward the quorum (any other
    // refused the whole submission), so all are kept, for anyone to re-check.
    let stored: Vec<StoredSignature> = signatures.iter().map(StoredSignature::from).collect();
    RECOMMENDATION_SIGNATURES.save(deps.storage, id, &stored)?;
    Ok(response)
}

/// A signed payload names this chain and this oracle (domain separation), or
/// is refused with what it named instead.
pub(crate) fn ensure_domain(env: &Env, chain_id: &str, oracle: &str) -> Result<(), ContractError> {
    Ok(acceptance::ensure_domain(
        &env.block.chain_id,
        env.contract.address.as_str(),
        chain_id,
        oracle,
    )?)
}

/// Runs the shared policy check on the payload's actions with the treasury's
/// policy, balances and limits (`ctx`, read where the treasury keeps them, the
/// treasury found through dao-core at submission) and this oracle's own
/// prices, and asks the proposal module for the governance policy's verdict on
/// its config changes (the check it runs again when they execute).
fn check_policy(
    deps: Deps,
    dao: &CoreContract,
    treasury: &TreasuryContract,
    mut ctx: PolicyContext,
    payload: &RecommendationPayload,
) -> Result<(), ContractError> {
    // The treasury's own checks on addresses and assets, so a payload it would
    // refuse at execution is refused here.
    validate_actions(deps.api, treasury.addr(), &payload.actions)?;
    // A recommendation of config changes alone moves no funds.
    if !payload.actions.is_empty() {
        ctx.prices = prices_for(deps.storage, &ctx.policy, &payload.actions)?;
        check_actions(&ctx, &payload.actions)?;
    }
    if !payload.governance.is_empty() {
        let verdict = ProposalContract(dao.proposal_module(&deps.querier)?)
            .check_governance(&deps.querier, payload.governance.clone())?;
        if let GovernanceVerdict::Refused { violation } = verdict {
            return Err(ContractError::GovernanceOutsidePolicy(violation));
        }
    }
    Ok(())
}

/// Stored prices of every asset the policy lists or the actions name. Bounded:
/// the treasury's policy lists at most `MAX_POLICY_ASSETS`, and a payload holds
/// at most `MAX_ACTIONS` actions of at most two assets each.
fn prices_for(
    storage: &dyn Storage,
    policy: &Policy,
    actions: &[TreasuryAction],
) -> StdResult<Vec<PriceInfo>> {
    let mut assets: Vec<&AssetInfo> = policy.allowances.iter().map(|a| &a.info).collect();
    for action in actions {
        match action {
            TreasuryAction::Transfer { asset, .. } | TreasuryAction::SetBudget { asset, .. } => {
                assets.push(asset)
            }
            TreasuryAction::Swap {
                offer_asset,
                ask_asset,
                ..
            } => {
                assets.push(offer_asset);
                assets.push(ask_asset);
            }
            TreasuryAction::RemoveBudget { .. } => {}
        }
    }
    let mut prices: Vec<PriceInfo> = vec![];
    for asset in assets {
        if prices.iter().any(|p| &p.asset == asset) {
            continue;
        }
        if let Some(price) = PRICES.may_load(storage, &asset.key())? {
            prices.push(price);
        }
    }
    Ok(prices)
}

/// Stores the new status and counts it in the issuing advisor's record.
fn transition(
    storage: &mut dyn Storage,
    id: u64,
    mut state: RecommendationState,
    to: RecommendationStatus,
    count: fn(&mut TrackRecord),
) -> Result<Response, ContractError> {
    let from = state.status;
    state.status = to;
    recommendations().save(storage, id, &state)?;
    // Advisor ids are never deleted (revocation keeps them), so the record exists.
    let mut advisor = ADVISORS.load(storage, &state.advisor)?;
    count(&mut advisor.record);
    ADVISORS.save(storage, &state.advisor, &advisor)?;
    Ok(status_changed(id, &state.advisor, from, to))
}

/// The attributes of a status change.
fn status_changed(
    id: u64,
    advisor: &str,
    from: RecommendationStatus,
    to: RecommendationStatus,
) -> Response {
    Response::new()
        .add_attribute("action", "recommendation_status")
        .add_attribute("id", id.to_string())
        .add_attribute("advisor", advisor)
        .add_attribute("from", format!("{from:?}"))
        .add_attribute("to", format!("{to:?}"))
}

/// The keys that signed `rec` must still vouch for it at `now`: the issuing
/// advisor's key is active (not revoked, not expired), and the signers whose
/// keys are still active meet the quorum in force. A revoked or expired key
/// stops what it signed from being adopted, not only what it would sign next.
pub fn ensure_signers_valid(
    storage: &dyn Storage,
    id: u64,
    issuer: &str,
    signers: &[String],
    quorum: u32,
    now: u64,
) -> Result<(), ContractError> {
    ADVISORS
        .load(storage, issuer)?
        .check_active(now)
        .map_err(|reason| ContractError::IssuerKeyInactive {
            id,
            key_id: issuer.to_string(),
            reason,
        })?;
    let mut valid = 0u32;
    for key_id in signers {
        // Bounded: at most MAX_SIGNATURES signers were accepted.
        if let Some(key) = ADVISORS.may_load(storage, key_id)? {
            if key.is_active(now) {
                valid += 1;
            }
        }
    }
    if valid < quorum {
        return Err(ContractError::SignersBelowQuorum { id, valid, quorum });
    }
    Ok(())
}

/// Only the adoption proposal of recommendation `id`, while it executes, may
/// mark it adopted or executed: dao-core runs any passed proposal's messages,
/// so a plain proposal could otherwise carry `MarkAdopted` and skip the
/// adoption safeguards (its mandatory timelock and vetoer).
fn ensure_adopting_proposal(
    deps: Deps,
    config: &Config,
    id: u64,
    proposal_id: u64,
) -> Result<(), ContractError> {
    let unreadable = |e: cosmwasm_std::StdError| ContractError::AdoptingProposalUnreadable {
        id,
        proposal_id,
        reason: e.to_string(),
    };
    let proposals = CoreContract(config.dao.clone())
        .proposal_module(&deps.querier)
        .map_err(unreadable)?;
    let adoption = ProposalContract(proposals)
        .adoption(&deps.querier, proposal_id)
        .map_err(unreadable)?;
    if adoption.recommendation_id != Some(id) || adoption.status != Status::Executed {
        return Err(ContractError::NotAdoptingProposal {
            id,
            proposal_id,
            adopts: adoption.recommendation_id,
            status: adoption.status,
        });
    }
    Ok(())
}

/// Records the adoption and execution of pending recommendation `id` by
/// proposal `proposal_id`, as the last message of that proposal's execution
/// (after the treasury's): every adoption check runs here, and a refusal
/// undoes the whole execution. `balances_before` are the treasury's balances
/// of the assets the actions move, read by the proposal module before it
/// dispatched them; nothing else runs in between, so the outcome is exactly
/// what the actions did.
pub fn mark_executed(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    proposal_id: u64,
    balances_before: Vec<AssetAmount>,
) -> Result<Response, ContractError> {
    let config = ensure_dao(deps.as_ref(), &info.sender)?;
    let mut state = load_state(deps.storage, id)?;
    let now = env.block.time.seconds();
    if state.status != RecommendationStatus::Pending {
        return Err(ContractError::InvalidTransition {
            id,
            from: state.status,
            to: RecommendationStatus::Executed,
        });
    }
    if now >= state.expires_at {
        return Err(ContractError::AdoptionAfterExpiry {
            id,
            expires_at: state.expires_at,
            now,
        });
    }
    let body = RECOMMENDATION_BODIES.load(deps.storage, id)?;
    ensure_signers_valid(
        deps.storage,
        id,
        &state.advisor,
        &body.signers,
        config.quorum,
        now,
    )?;
    ensure_adopting_proposal(deps.as_ref(), &config, id, proposal_id)?;
    outcomes::record_start(
        deps.branch(),
        &env,
        &config,
        id,
        &state.advisor,
        balances_before,
    )?;
    state.proposal_id = Some(proposal_id);
    // Pending to executed in one write: the adoption is counted here too.
    transition(
        deps.storage,
        id,
        state,
        RecommendationStatus::Executed,
        |r| {
            r.adopted += 1;
            r.executed += 1;
        },
    )
    .map(|res| res.add_attribute("proposal_id", proposal_id.to_string()))
}

pub fn mark_rejected(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    ensure_dao(deps.as_ref(), &info.sender)?;
    let state = load_state(deps.storage, id)?;
    // Effective status: a pending one past its expiry is already expired.
    let from = state.effective_status(env.block.time.seconds());
    if !matches!(
        from,
        RecommendationStatus::Pending | RecommendationStatus::Adopted
    ) {
        return Err(ContractError::InvalidTransition {
            id,
            from,
            to: RecommendationStatus::Rejected,
        });
    }
    transition(
        deps.storage,
        id,
        state,
        RecommendationStatus::Rejected,
        |r| r.rejected += 1,
    )
}

/// Anyone may record an expiry; it only writes down what time already decided.
pub fn expire(deps: DepsMut, env: Env, id: u64) -> Result<Response, ContractError> {
    let state = load_state(deps.storage, id)?;
    if state.status != RecommendationStatus::Pending {
        return Err(ContractError::InvalidTransition {
            id,
            from: state.status,
            to: RecommendationStatus::Expired,
        });
    }
    let now = env.block.time.seconds();
    if now < state.expires_at {
        return Err(ContractError::NotYetExpired {
            id,
            expires_at: state.expires_at,
            now,
        });
    }
    transition(
        deps.storage,
        id,
        state,
        RecommendationStatus::Expired,
        |r| r.expired += 1,
    )
}
