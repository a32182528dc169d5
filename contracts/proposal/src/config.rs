//! Config validation and replacement.

use crate::error::ContractError;
use crate::state::{CONFIG, DAO};
use cosmwasm_std::{Api, Decimal, DepsMut, MessageInfo, Response};
use cw_utils::Duration;
use steward_types::duration::ensure_bounded;
use steward_types::proposal::{Config, Timelock};
use steward_types::threshold::{PercentageThreshold, Threshold};

fn check_percentage(field: &'static str, p: &PercentageThreshold) -> Result<(), ContractError> {
    match p {
        PercentageThreshold::Majority {} => Ok(()),
        PercentageThreshold::Percent(value) => {
            if value.is_zero() || *value > Decimal::one() {
                Err(ContractError::InvalidPercentage {
                    field,
                    value: *value,
                })
            } else {
                Ok(())
            }
        }
    }
}

/// Refuses a threshold no proposal could sensibly be decided by.
pub fn validate_threshold(threshold: &Threshold) -> Result<(), ContractError> {
    match threshold {
        Threshold::AbsolutePercentage { percentage } => check_percentage("percentage", percentage),
        Threshold::ThresholdQuorum { threshold, quorum } => {
            check_percentage("threshold", threshold)?;
            check_percentage("quorum", quorum)
        }
        Threshold::AbsoluteCount { threshold } => {
            if threshold.is_zero() {
                Err(ContractError::ZeroAbsoluteCount {})
            } else {
                Ok(())
            }
        }
    }
}

fn is_zero(d: &Duration) -> bool {
    matches!(d, Duration::Height(0) | Duration::Time(0))
}

fn same_unit(a: &Duration, b: &Duration) -> bool {
    matches!(
        (a, b),
        (Duration::Height(_), Duration::Height(_)) | (Duration::Time(_), Duration::Time(_))
    )
}

/// Non-zero and at most ten years, so no expiration computed from it can
/// pass the end of the clock.
fn nonzero(field: &'static str, d: &Duration) -> Result<(), ContractError> {
    if is_zero(d) {
        return Err(ContractError::ZeroDuration { field });
    }
    ensure_bounded(field, d)?;
    Ok(())
}

fn unit_of_voting_period(
    field: &'static str,
    d: &Duration,
    voting_period: &Duration,
) -> Result<(), ContractError> {
    if same_unit(d, voting_period) {
        Ok(())
    } else {
        Err(ContractError::DurationUnitMismatch {
            field,
            voting_period: *voting_period,
            found: *d,
        })
    }
}

fn validate_timelock(
    api: &dyn Api,
    duration_field: &'static str,
    vetoer_field: &'static str,
    timelock: &Timelock,
    voting_period: &Duration,
) -> Result<(), ContractError> {
    nonzero(duration_field, &timelock.duration)?;
    // A proposal that passes at the end of its vote starts its timelock at the
    // voting period's expiration, which is only known in that unit.
    unit_of_voting_period(duration_field, &timelock.duration, voting_period)?;
    api.addr_validate(&timelock.vetoer)
        .map_err(|e| ContractError::InvalidVetoer {
            field: vetoer_field,
            vetoer: timelock.vetoer.clone(),
            error: e.to_string(),
        })?;
    Ok(())
}

/// Checks a config before it is stored or proposed.
pub fn validate_config(api: &dyn Api, config: &Config) -> Result<(), ContractError> {
    validate_threshold(&config.threshold)?;
    nonzero("voting_period", &config.voting_period)?;
    if let Some(min) = &config.min_voting_period {
        nonzero("min_voting_period", min)?;
        unit_of_voting_period("min_voting_period", min, &config.voting_period)?;
        if let (Duration::Height(m), Duration::Height(v)) | (Duration::Time(m), Duration::Time(v)) =
            (min, &config.voting_period)
        {
            if m > v {
                return Err(ContractError::MinVotingPeriodTooLong {
                    min: *min,
                    voting_period: config.voting_period,
                });
            }
        }
    }
    if let Some(timelock) = &config.timelock {
        validate_timelock(
            api,
            "timelock.duration",
            "timelock.vetoer",
            timelock,
            &config.voting_period,
        )?;
    }
    if let Some(window) = &config.execution_window {
        nonzero("execution_window", window)?;
        unit_of_voting_period("execution_window", window, &config.voting_period)?;
    }
    validate_timelock(
        api,
        "adoption_timelock.duration",
        "adoption_timelock.vetoer",
        &config.adoption_timelock,
        &config.voting_period,
    )?;
    if let Some(governance) = &config.governance {
        governance.validate()?;
    }
    Ok(())
}

/// Replaces the config. The DAO only (through a passed proposal).
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    config: Config,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let dao = DAO.load(deps.storage)?;
    if info.sender != dao {
        return Err(ContractError::Unauthorized {
            sender: info.sender,
            role: "dao",
        });
    }
    validate_config(deps.api, &config)?;
    CONFIG.save(deps.storage, &config)?;
    // Open proposals keep the threshold, periods and timelock they were created with.
    Ok(Response::new().add_attribute("action", "update_config"))
}
