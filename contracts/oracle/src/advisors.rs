//! The advisor key registry and the quorum. Every change comes from dao-core.

use crate::error::ContractError;
use crate::state::{
    AdvisorKey, Config, ADVISORS, ADVISOR_KEY_OWNERS, CONFIG, LIVE_ADVISORS, MAX_ADVISORS,
};
use cosmwasm_std::{
    Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Order, Response, StdResult, Storage,
};
use steward_types::crypto::{key_fingerprint, KeyAlgorithm};
use steward_types::oracle::{
    validate_key, validate_quorum, AdvisorKeyMsg, OracleConfigError, TrackRecord,
};
use steward_types::roles;

/// Loads the config and refuses any sender but dao-core.
pub fn ensure_dao(deps: Deps, sender: &Addr) -> Result<Config, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if sender != config.dao {
        return Err(ContractError::Unauthorized {
            sender: sender.clone(),
            role: roles::DAO,
        });
    }
    Ok(config)
}

/// The validity window of a new key: `active_from` defaults to now; an expiry
/// must come after activation and must not already be past.
fn key_window(
    id: &str,
    active_from: Option<u64>,
    expires_at: Option<u64>,
    now: u64,
) -> Result<(u64, Option<u64>), ContractError> {
    let active_from = active_from.unwrap_or(now);
    if let Some(expires_at) = expires_at {
        if expires_at <= active_from {
            return Err(ContractError::InvalidKeyWindow {
                id: id.to_string(),
                active_from,
                expires_at,
            });
        }
        if expires_at <= now {
            return Err(ContractError::KeyAlreadyExpired {
                id: id.to_string(),
                expires_at,
                now,
            });
        }
    }
    Ok((active_from, expires_at))
}

/// Refuses a public key that already stands behind another advisor id.
fn ensure_key_free(
    storage: &dyn Storage,
    id: &str,
    fingerprint: &[u8],
) -> Result<(), ContractError> {
    match ADVISOR_KEY_OWNERS.may_load(storage, fingerprint)? {
        Some(holder) if holder != id => Err(OracleConfigError::DuplicatePublicKey {
            id: id.to_string(),
            holder,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Number of advisor keys not revoked. Bounded: at most `MAX_ADVISORS` exist.
fn live_count(storage: &dyn Storage) -> usize {
    LIVE_ADVISORS
        .keys_raw(storage, None, None, Order::Ascending)
        .take(MAX_ADVISORS + 1)
        .count()
}

/// Number of keys that can sign at `now`: walks the live set only (at most
/// `MAX_ADVISORS` entries).
pub fn active_count(storage: &dyn Storage, now: u64) -> StdResult<u32> {
    let ids = LIVE_ADVISORS
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_ADVISORS)
        .collect::<StdResult<Vec<String>>>()?;
    let mut active = 0;
    for id in ids {
        if ADVISORS.load(storage, &id)?.is_active(now) {
            active += 1;
        }
    }
    Ok(active)
}

/// Validates and stores a new advisor key (instantiation and `RegisterAdvisor`).
pub fn add_advisor(
    storage: &mut dyn Storage,
    msg: &AdvisorKeyMsg,
    now: u64,
) -> Result<(), ContractError> {
    msg.validate()?;
    let (active_from, expires_at) = key_window(&msg.id, msg.active_from, msg.expires_at, now)?;
    // A revoked id stays taken: its nonces and record belong to it for good.
    if ADVISORS.has(storage, &msg.id) {
        return Err(OracleConfigError::DuplicateAdvisor { id: msg.id.clone() }.into());
    }
    let live = live_count(storage);
    if live >= MAX_ADVISORS {
        return Err(OracleConfigError::TooManyAdvisors {
            count: live + 1,
            max: MAX_ADVISORS,
        }
        .into());
    }
    let fingerprint = key_fingerprint(msg.algorithm, &msg.public_key);
    ensure_key_free(storage, &msg.id, &fingerprint)?;

    let key = AdvisorKey {
        algorithm: msg.algorithm,
        public_key: msg.public_key.clone(),
        active_from,
        expires_at,
        revoked: false,
        last_nonce: None,
        record: TrackRecord::default(),
    };
    ADVISORS.save(storage, &msg.id, &key)?;
    LIVE_ADVISORS.save(storage, &msg.id, &Empty {})?;
    ADVISOR_KEY_OWNERS.save(storage, &fingerprint, &msg.id)?;
    Ok(())
}

pub fn register(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    key: AdvisorKeyMsg,
) -> Result<Response, ContractError> {
    ensure_dao(deps.as_ref(), &info.sender)?;
    add_advisor(deps.storage, &key, env.block.time.seconds())?;
    Ok(Response::new()
        .add_attribute("action", "register_advisor")
        .add_attribute("id", key.id))
}

#[allow(clippy::too_many_arguments)]
pub fn rotate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: String,
    algorithm: KeyAlgorithm,
    public_key: Binary,
    active_from: Option<u64>,
    expires_at: Option<u64>,
) -> Result<Response, ContractError> {
    ensure_dao(deps.as_ref(), &info.sender)?;
    let mut key = ADVISORS
        .may_load(deps.storage, &id)?
        .ok_or_else(|| ContractError::UnknownAdvisorKey { id: id.clone() })?;
    // Revocation is final; rotation must not bring a revoked id back.
    if key.revoked {
        return Err(ContractError::AdvisorRevoked { id });
    }
    validate_key(&id, algorithm, &public_key)?;
    let now = env.block.time.seconds();
    let (active_from, expires_at) = key_window(&id, active_from, expires_at, now)?;
    let new_fingerprint = key_fingerprint(algorithm, &public_key);
    ensure_key_free(deps.storage, &id, &new_fingerprint)?;

    ADVISOR_KEY_OWNERS.remove(
        deps.storage,
        &key_fingerprint(key.algorithm, &key.public_key),
    );
    ADVISOR_KEY_OWNERS.save(deps.storage, &new_fingerprint, &id)?;
    // Nonce sequence and track record stay with the id.
    key.algorithm = algorithm;
    key.public_key = public_key;
    key.active_from = active_from;
    key.expires_at = expires_at;
    ADVISORS.save(deps.storage, &id, &key)?;
    Ok(Response::new()
        .add_attribute("action", "rotate_advisor")
        .add_attribute("id", id))
}

pub fn revoke(deps: DepsMut, info: MessageInfo, id: String) -> Result<Response, ContractError> {
    ensure_dao(deps.as_ref(), &info.sender)?;
    let mut key = ADVISORS
        .may_load(deps.storage, &id)?
        .ok_or_else(|| ContractError::UnknownAdvisorKey { id: id.clone() })?;
    if key.revoked {
        return Err(ContractError::AdvisorRevoked { id });
    }
    // Not refused when it leaves fewer active keys than the quorum: revoking a
    // compromised key must always be possible; the DAO lowers the quorum next.
    key.revoked = true;
    ADVISORS.save(deps.storage, &id, &key)?;
    LIVE_ADVISORS.remove(deps.storage, &id);
    Ok(Response::new()
        .add_attribute("action", "revoke_advisor")
        .add_attribute("id", id))
}

pub fn set_quorum(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    quorum: u32,
) -> Result<Response, ContractError> {
    let mut config = ensure_dao(deps.as_ref(), &info.sender)?;
    let active = active_count(deps.storage, env.block.time.seconds())?;
    validate_quorum(quorum, active)?;
    config.quorum = quorum;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_quorum")
        .add_attribute("quorum", quorum.to_string()))
}
