use super::*;
use crate::contract::{migrate, CONTRACT_NAME, CONTRACT_VERSION};
use steward_types::migrate::{MigrateMsg, MigrationError};

#[test]
fn migrates_from_an_older_or_the_same_version() {
    let mut suite = Suite::new();
    migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();

    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "version"), CONTRACT_VERSION);
    let version = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(version.version, CONTRACT_VERSION);
    // state survives
    assert!(suite.advisor("alpha").active);
}

#[test]
fn refuses_another_contracts_state() {
    let mut suite = Suite::new();
    cw2::set_contract_version(
        &mut suite.deps.storage,
        "crates.io:steward-treasury",
        "0.1.0",
    )
    .unwrap();
    assert_eq!(
        migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::WrongContract {
            stored: "crates.io:steward-treasury".into(),
            expected: CONTRACT_NAME.into()
        })
    );
}

#[test]
fn refuses_a_downgrade() {
    let mut suite = Suite::new();
    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert_eq!(
        migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::Downgrade {
            stored: "99.0.0".into(),
            new: CONTRACT_VERSION.into()
        })
    );
}

#[test]
fn refuses_a_contract_without_version() {
    let mut suite = Suite::bare();
    assert!(matches!(
        migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::Std(_))
    ));
}
