use cosmwasm_std::testing::{mock_dependencies, mock_env};
use steward_types::migrate::{MigrateMsg, MigrationError};

use super::*;
use crate::contract::{migrate, CONTRACT_NAME, CONTRACT_VERSION};

#[test]
fn migrate_records_the_new_version() {
    let (mut deps, env) = setup_members();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "action"), "migrate");
    assert_eq!(attr(&res, "version"), CONTRACT_VERSION);
    let version = cw2::get_contract_version(&deps.storage).unwrap();
    assert_eq!(version.version, CONTRACT_VERSION);

    // The same version again is allowed (a redeployed fix).
    migrate(deps.as_mut(), env, MigrateMsg {}).unwrap();
}

#[test]
fn migrate_refuses_another_contract() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, "crates.io:steward-treasury", "0.0.1").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::WrongContract {
            stored: "crates.io:steward-treasury".to_string(),
            expected: CONTRACT_NAME.to_string(),
        })
    );
}

#[test]
fn migrate_refuses_a_downgrade() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::Downgrade {
            stored: "99.0.0".to_string(),
            new: CONTRACT_VERSION.to_string(),
        })
    );
}
