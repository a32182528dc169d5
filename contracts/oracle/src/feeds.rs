//! Price feeders (registered by dao-core) and the signed price updates they publish.

use crate::advisors::ensure_dao;
use crate::error::ContractError;
use crate::history;
use crate::recommendations::ensure_domain;
use crate::state::{Feeder, CONFIG, FEEDERS, MAX_CLOCK_SKEW_SECONDS, PRICES};
use cosmwasm_std::{Binary, DepsMut, Env, MessageInfo, Response};
use steward_types::crypto::{digest, verify_signature};
use steward_types::oracle::{FeederMsg, PricePoint};
use steward_types::payload::{PricePayload, MAX_PAYLOAD_BYTES};
use steward_types::policy::PriceInfo;

/// Validates a feeder message into its stored form.
pub fn feeder_from_msg(msg: &FeederMsg) -> Result<Feeder, ContractError> {
    msg.validate()?;
    Ok(Feeder {
        algorithm: msg.algorithm,
        public_key: msg.public_key.clone(),
    })
}

pub fn register_feeder(
    deps: DepsMut,
    info: MessageInfo,
    feeder: FeederMsg,
) -> Result<Response, ContractError> {
    ensure_dao(deps.as_ref(), &info.sender)?;
    let stored = feeder_from_msg(&feeder)?;
    let replaced = FEEDERS.has(deps.storage, &feeder.id);
    FEEDERS.save(deps.storage, &feeder.id, &stored)?;
    Ok(Response::new()
        .add_attribute("action", "register_feeder")
        .add_attribute("id", feeder.id)
        .add_attribute("replaced", replaced.to_string()))
}

pub fn remove_feeder(
    deps: DepsMut,
    info: MessageInfo,
    id: String,
) -> Result<Response, ContractError> {
    ensure_dao(deps.as_ref(), &info.sender)?;
    if !FEEDERS.has(deps.storage, &id) {
        return Err(ContractError::UnknownFeeder { id });
    }
    FEEDERS.remove(deps.storage, &id);
    Ok(Response::new()
        .add_attribute("action", "remove_feeder")
        .add_attribute("id", id))
}

/// Any relayer may submit; the feeder's signature over `sha256(payload)` is
/// what makes it. Any registered feeder may price any asset: per asset, the
/// newest `publish_time` wins, so a replayed or older update changes nothing.
pub fn submit_prices(
    deps: DepsMut,
    env: Env,
    payload: Binary,
    signature: Binary,
) -> Result<Response, ContractError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(ContractError::PayloadTooLarge {
            size: payload.len(),
            max: MAX_PAYLOAD_BYTES,
        });
    }
    // The signing key is named inside the payload, so it is read first; no
    // other field is trusted before the signature verifies.
    let update = PricePayload::parse(&payload)
        .map_err(|reason| ContractError::MalformedPayload { reason })?;
    let feeder = FEEDERS
        .may_load(deps.storage, &update.feeder)?
        .ok_or_else(|| ContractError::UnknownFeeder {
            id: update.feeder.clone(),
        })?;
    if !verify_signature(
        deps.api,
        feeder.algorithm,
        &feeder.public_key,
        &digest(&payload),
        &signature,
    ) {
        return Err(ContractError::BadSignature {
            key_id: update.feeder,
        });
    }

    ensure_domain(&env, &update.chain_id, &update.oracle)?;

    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time.seconds();
    let publish_time = update.publish_time;
    if now.saturating_sub(publish_time) > config.max_price_age_seconds {
        return Err(ContractError::StalePrices {
            publish_time,
            now,
            max_age: config.max_price_age_seconds,
        });
    }
    if publish_time > now.saturating_add(MAX_CLOCK_SKEW_SECONDS) {
        return Err(ContractError::PricesInFuture {
            publish_time,
            now,
            max_skew: MAX_CLOCK_SKEW_SECONDS,
        });
    }

    // At most MAX_PRICES quotes (checked by the parser).
    let mut accepted = Vec::with_capacity(update.prices.len());
    for (i, quote) in update.prices.iter().enumerate() {
        let asset = quote.asset.key();
        quote
            .asset
            .validate(deps.api)
            .map_err(|e| ContractError::InvalidAsset {
                asset: asset.clone(),
                reason: e.to_string(),
            })?;
        if update.prices[..i].iter().any(|q| q.asset == quote.asset) {
            return Err(ContractError::DuplicatePriceAsset { asset });
        }
        if quote.price.is_zero() {
            return Err(ContractError::ZeroPrice { asset });
        }
        if let Some(stored) = PRICES.may_load(deps.storage, &asset)? {
            if publish_time <= stored.publish_time {
                return Err(ContractError::StalePriceUpdate {
                    asset,
                    stored: stored.publish_time,
                    got: publish_time,
                });
            }
        }
        accepted.push((
            asset,
            PriceInfo {
                asset: quote.asset.clone(),
                price: quote.price,
                publish_time,
            },
        ));
    }
    // Stored only once every quote passed: all or nothing. Each accepted
    // price also goes into its asset's history.
    for (key, info) in &accepted {
        PRICES.save(deps.storage, key, info)?;
        history::record(
            deps.storage,
            key,
            &PricePoint {
                price: info.price,
                publish_time,
            },
        )?;
    }

    Ok(Response::new()
        .add_attribute("action", "submit_prices")
        .add_attribute("feeder", update.feeder)
        .add_attribute("publish_time", publish_time.to_string())
        .add_attribute("count", update.prices.len().to_string()))
}
