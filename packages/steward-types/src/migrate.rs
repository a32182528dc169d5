//! The migration rule every Steward contract follows.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{StdError, Storage};

/// Migration message of every Steward contract.
#[cw_serde]
pub struct MigrateMsg {}

/// Why a migration is refused.
#[derive(thiserror::Error, Debug, PartialEq)]
pub enum MigrationError {
    #[error("cannot migrate state of contract {stored} into {expected}")]
    WrongContract { stored: String, expected: String },
    #[error("cannot migrate from version {stored} down to {new}")]
    Downgrade { stored: String, new: String },
    #[error("version {version} is not a semantic version")]
    BadVersion { version: String },
    #[error("{0}")]
    Std(#[from] StdError),
}

fn parse_version(version: &str) -> Result<(u64, u64, u64), MigrationError> {
    let bad = || MigrationError::BadVersion {
        version: version.to_string(),
    };
    // Pre-release and build suffixes are not used for ordering here.
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let mut parts = core.split('.').map(|p| p.parse::<u64>().map_err(|_| bad()));
    let v = (
        parts.next().ok_or_else(bad)??,
        parts.next().ok_or_else(bad)??,
        parts.next().ok_or_else(bad)??,
    );
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(v)
}

/// Refuses another contract's state and a downgrade, then records the new
/// cw2 version. Migrating to the same version is allowed (a redeploy of a fix
/// that kept its version number).
pub fn ensure_migration(
    storage: &mut dyn Storage,
    contract: &str,
    version: &str,
) -> Result<(), MigrationError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != contract {
        return Err(MigrationError::WrongContract {
            stored: stored.contract,
            expected: contract.to_string(),
        });
    }
    if parse_version(version)? < parse_version(&stored.version)? {
        return Err(MigrationError::Downgrade {
            stored: stored.version,
            new: version.to_string(),
        });
    }
    cw2::set_contract_version(storage, contract, version)?;
    Ok(())
}
