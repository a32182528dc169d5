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

/// Power snapshots written in the first layout (plain weights) are rewritten
/// as power records with their history: every height reads as before, and
/// the current records tell when each last changed.
#[test]
fn first_layout_power_snapshots_move_with_their_history() {
    use crate::migrations::v1::first_layout;
    use crate::state::TOTAL_POWER;
    use steward_types::core::stored::{PowerRecord, POWER_RECORDS, TOTAL_POWER_RECORD};

    // A first-layout history: alice 5 from height 10, 7 from 20; bob 3 from
    // 10, removed at 30.
    let mut deps = mock_dependencies();
    let mut env = mock_env();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.1.0").unwrap();
    let (alice, bob) = (addr("alice"), addr("bob"));
    first_layout::set(&mut deps.storage, &alice, Some(5), 5, 10);
    first_layout::set(&mut deps.storage, &bob, Some(3), 8, 10);
    first_layout::set(&mut deps.storage, &alice, Some(7), 10, 20);
    first_layout::set(&mut deps.storage, &bob, None, 7, 30);
    env.block.height = 40;

    let res = migrate(deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "power_records_moved"), "1");

    let at = |h| {
        (
            power_at(&deps, &env, &alice, Some(h)),
            power_at(&deps, &env, &bob, Some(h)),
        )
    };
    assert_eq!(at(10), (0, 0), "a change in block 10 counts from 11");
    assert_eq!(at(11), (5, 3));
    assert_eq!(at(21), (7, 3));
    assert_eq!(at(31), (7, 0));
    assert_eq!(power_at(&deps, &env, &alice, None), 7);
    assert_eq!(
        POWER_RECORDS.load(&deps.storage, &alice).unwrap(),
        PowerRecord {
            power: 7u128.into(),
            changed_at: 20
        }
    );
    assert!(POWER_RECORDS
        .may_load(&deps.storage, &bob)
        .unwrap()
        .is_none());
    assert_eq!(
        TOTAL_POWER
            .may_load_at_height(&deps.storage, 21)
            .unwrap()
            .unwrap()
            .power
            .u128(),
        10
    );
    assert_eq!(
        TOTAL_POWER_RECORD.load(&deps.storage).unwrap(),
        PowerRecord {
            power: 7u128.into(),
            changed_at: 30
        }
    );
    // Nothing of the first layout is left, so a second migration moves nothing.
    assert!(first_layout::MEMBERS
        .may_load(&deps.storage, &alice)
        .unwrap()
        .is_none());
    // The layout is recorded now: a second migration runs no step.
    let res = migrate(deps.as_mut(), env, MigrateMsg {}).unwrap();
    assert!(res
        .attributes
        .iter()
        .all(|a| a.key != "power_records_moved"));
    assert_eq!(attr(&res, "layout"), crate::migrations::LAYOUT.to_string());
}

/// Power records written under the second layout's long keys and field names
/// move to the current keys with their history, so a DAO deployed with that
/// layout keeps every member's power.
#[test]
fn second_layout_power_records_move_with_their_history() {
    use crate::migrations::v1::second_layout;
    use steward_types::core::stored::{PowerRecord, POWER_RECORDS, TOTAL_POWER_RECORD};

    let mut deps = mock_dependencies();
    let mut env = mock_env();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.1.0").unwrap();
    let (alice, bob) = (addr("alice"), addr("bob"));
    second_layout::set(&mut deps.storage, &alice, Some(5), 5, 10);
    second_layout::set(&mut deps.storage, &bob, Some(3), 8, 10);
    second_layout::set(&mut deps.storage, &alice, Some(7), 10, 20);
    second_layout::set(&mut deps.storage, &bob, None, 7, 30);
    env.block.height = 40;

    let res = migrate(deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "power_records_moved"), "1");

    let at = |h| {
        (
            power_at(&deps, &env, &alice, Some(h)),
            power_at(&deps, &env, &bob, Some(h)),
            total_at(&deps, &env, Some(h)),
        )
    };
    assert_eq!(at(10), (0, 0, 0), "a change in block 10 counts from 11");
    assert_eq!(at(11), (5, 3, 8));
    assert_eq!(at(21), (7, 3, 10));
    assert_eq!(at(31), (7, 0, 7));
    assert_eq!(
        POWER_RECORDS.load(&deps.storage, &alice).unwrap(),
        PowerRecord {
            power: 7u128.into(),
            changed_at: 20
        }
    );
    assert_eq!(
        TOTAL_POWER_RECORD.load(&deps.storage).unwrap(),
        PowerRecord {
            power: 7u128.into(),
            changed_at: 30
        }
    );
    assert!(second_layout::POWER
        .may_load(&deps.storage, &alice)
        .unwrap()
        .is_none());
    assert!(second_layout::TOTAL_POWER
        .may_load(&deps.storage)
        .unwrap()
        .is_none());
    // The layout is recorded now: a second migration runs no step.
    let res = migrate(deps.as_mut(), env, MigrateMsg {}).unwrap();
    assert!(res
        .attributes
        .iter()
        .all(|a| a.key != "power_records_moved"));
    assert_eq!(attr(&res, "layout"), crate::migrations::LAYOUT.to_string());
}

/// Stored records are short (`{"p":…,"h":…}`) and the long field names of the
/// layout before still read.
#[test]
fn power_records_are_stored_short_and_read_long() {
    use steward_types::core::stored::PowerRecord;
    let record = PowerRecord {
        power: 7u128.into(),
        changed_at: 20,
    };
    assert_eq!(
        cosmwasm_std::to_json_string(&record).unwrap(),
        r#"{"p":"7","h":20}"#
    );
    let long: PowerRecord = cosmwasm_std::from_json(r#"{"power":"7","changed_at":20}"#).unwrap();
    assert_eq!(long, record);
}
