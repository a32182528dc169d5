//! The migration rule.

use crate::contract::{migrate, CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractError;
use crate::tests::harness::{default_config, Suite};
use steward_types::migrate::{MigrateMsg, MigrationError};

#[test]
fn same_version_migrates() {
    let mut suite = Suite::new(default_config());
    migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    let v = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(v.version, CONTRACT_VERSION);
}

#[test]
fn older_version_upgrades() {
    let mut suite = Suite::new(default_config());
    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    let v = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(v.version, CONTRACT_VERSION);
}

#[test]
fn other_contract_state_is_refused() {
    let mut suite = Suite::new(default_config());
    cw2::set_contract_version(
        &mut suite.deps.storage,
        "crates.io:steward-treasury",
        "0.1.0",
    )
    .unwrap();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Migration(MigrationError::WrongContract {
            stored: "crates.io:steward-treasury".into(),
            expected: CONTRACT_NAME.into(),
        })
    );
}

#[test]
fn downgrade_is_refused() {
    let mut suite = Suite::new(default_config());
    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Migration(MigrationError::Downgrade {
            stored: "99.0.0".into(),
            new: CONTRACT_VERSION.into(),
        })
    );
}

#[test]
fn unversioned_state_is_refused() {
    let mut suite = Suite::new(default_config());
    suite.deps.storage = cosmwasm_std::testing::MockStorage::default();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert!(matches!(
        err,
        ContractError::Migration(MigrationError::Std(_))
    ));
}

#[test]
fn malformed_stored_version_is_refused() {
    let mut suite = Suite::new(default_config());
    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "latest").unwrap();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Migration(MigrationError::BadVersion {
            version: "latest".into()
        })
    );
}
