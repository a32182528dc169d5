//! The migration rule every Steward contract follows.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Env, StdError, Storage};
use cw_storage_plus::Item;

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
    #[error("stored state is in layout {stored}, newer than layout {supported} this code reads")]
    LayoutTooNew { stored: u32, supported: u32 },
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

/// Namespace of a contract's storage layout version (`Item<u32>`), the same in
/// every contract.
pub const LAYOUT_VERSION_KEY: &str = "layout_version";
const LAYOUT_VERSION: Item<u32> = Item::new(LAYOUT_VERSION_KEY);

/// What a layout step moved: `(what, how many)`, for the response's
/// attributes.
pub type Moved = Vec<(&'static str, u64)>;

/// One step of a contract's storage layout: it moves state written in layout
/// `layout - 1` into layout `layout`, and says what it moved.
pub struct LayoutStep<E> {
    /// The layout it leaves the state in.
    pub layout: u32,
    /// The move.
    pub run: fn(&mut dyn Storage, &Env) -> Result<Moved, E>,
}

/// The layout `storage` is in. State written before layouts were numbered
/// records none and reads as layout 0: the first step of every contract
/// finds its old data by its old keys, so it serves any of those layouts.
pub fn stored_layout(storage: &dyn Storage) -> Result<u32, StdError> {
    Ok(LAYOUT_VERSION.may_load(storage)?.unwrap_or(0))
}

/// Records that `storage` is in `layout` (at instantiation: the newest).
pub fn set_layout(storage: &mut dyn Storage, layout: u32) -> Result<(), StdError> {
    LAYOUT_VERSION.save(storage, &layout)
}

/// Runs, in order, every step above the stored layout, then records the
/// newest. Refuses state in a layout newer than the newest step (a
/// downgrade that would misread it). Returns what the steps moved.
pub fn migrate_layout<E: From<MigrationError> + From<StdError>>(
    storage: &mut dyn Storage,
    env: &Env,
    steps: &[LayoutStep<E>],
) -> Result<Moved, E> {
    let newest = steps.last().map_or(0, |step| step.layout);
    let stored = stored_layout(storage)?;
    if stored > newest {
        return Err(MigrationError::LayoutTooNew {
            stored,
            supported: newest,
        }
        .into());
    }
    let mut moved = vec![];
    for step in steps.iter().filter(|step| step.layout > stored) {
        moved.extend((step.run)(storage, env)?);
    }
    set_layout(storage, newest)?;
    Ok(moved)
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use cosmwasm_std::testing::{mock_env, MockStorage};

    #[derive(Debug, PartialEq)]
    enum TestError {
        Migration(MigrationError),
        Std(StdError),
    }
    impl From<MigrationError> for TestError {
        fn from(e: MigrationError) -> Self {
            TestError::Migration(e)
        }
    }
    impl From<StdError> for TestError {
        fn from(e: StdError) -> Self {
            TestError::Std(e)
        }
    }

    fn mark(storage: &mut dyn Storage, step: &[u8]) -> Result<Moved, TestError> {
        let mut ran = storage.get(b"ran").unwrap_or_default();
        ran.extend_from_slice(step);
        storage.set(b"ran", &ran);
        Ok(vec![("steps", 1)])
    }

    const STEPS: [LayoutStep<TestError>; 2] = [
        LayoutStep {
            layout: 1,
            run: |s, _| mark(s, b"1"),
        },
        LayoutStep {
            layout: 2,
            run: |s, _| mark(s, b"2"),
        },
    ];

    #[test]
    fn each_step_above_the_stored_layout_runs_once_in_order() {
        let mut storage = MockStorage::new();
        let moved = migrate_layout(&mut storage, &mock_env(), &STEPS).unwrap();
        assert_eq!(moved, vec![("steps", 1), ("steps", 1)]);
        assert_eq!(storage.get(b"ran").unwrap(), b"12");
        assert_eq!(stored_layout(&storage).unwrap(), 2);

        // Already in the newest layout: nothing runs.
        migrate_layout(&mut storage, &mock_env(), &STEPS).unwrap();
        assert_eq!(storage.get(b"ran").unwrap(), b"12");

        // From layout 1, only the second step.
        let mut storage = MockStorage::new();
        set_layout(&mut storage, 1).unwrap();
        migrate_layout(&mut storage, &mock_env(), &STEPS).unwrap();
        assert_eq!(storage.get(b"ran").unwrap(), b"2");
    }

    #[test]
    fn a_newer_layout_is_refused_and_left_alone() {
        let mut storage = MockStorage::new();
        set_layout(&mut storage, 3).unwrap();
        let err = migrate_layout(&mut storage, &mock_env(), &STEPS).unwrap_err();
        assert_eq!(
            err,
            TestError::Migration(MigrationError::LayoutTooNew {
                stored: 3,
                supported: 2
            })
        );
        assert_eq!(stored_layout(&storage).unwrap(), 3);
        assert_eq!(storage.get(b"ran"), None);
    }
}
