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

/// A proposal stored whole by the first layout is split by the migration and
/// reads back the same, can still be voted on, and its failures are kept.
#[test]
fn whole_proposals_are_split() {
    use crate::state::{load_proposal, PROPOSAL_CONTENTS, PROPOSAL_VOTES};
    use crate::tests::harness::{text_action, transfer};
    use steward_types::proposal::ProposalAction;
    use steward_types::threshold::{Status, Vote};

    let mut suite = Suite::new(default_config());
    let alice = crate::tests::harness::addr("alice");
    let open = suite.propose(&alice, text_action());
    let failed = suite.propose(
        &alice,
        vec![ProposalAction::Treasury {
            actions: vec![transfer(5)],
        }],
    );
    suite.vote("alice", failed, Vote::Yes).unwrap();
    suite.vote("bob", failed, Vote::Yes).unwrap();
    suite.reply_err(failed, "out of funds").unwrap();

    // Rewrite both in the first layout, as an older code version left them.
    let before: Vec<_> = [open, failed]
        .iter()
        .map(|id| suite.proposal(*id))
        .collect();
    for id in [open, failed] {
        let whole = load_proposal(&suite.deps.storage, id).unwrap();
        PROPOSAL_VOTES.remove(&mut suite.deps.storage, id);
        PROPOSAL_CONTENTS.remove(&mut suite.deps.storage, id);
        crate::state::PROPOSAL_FAILURES.remove(&mut suite.deps.storage, id);
        crate::migrations::v1::save_whole(&mut suite.deps.storage, id, &whole);
    }
    assert!(load_proposal(&suite.deps.storage, open).is_err());
    // An older code version recorded no layout.
    cosmwasm_std::Storage::remove(
        &mut suite.deps.storage,
        steward_types::migrate::LAYOUT_VERSION_KEY.as_bytes(),
    );

    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(crate::tests::harness::attr(&res, "proposals_split"), "2");
    let after: Vec<_> = [open, failed]
        .iter()
        .map(|id| suite.proposal(*id))
        .collect();
    assert_eq!(before, after);
    assert_eq!(after[1].proposal.failed_executions, 1);
    assert_eq!(
        after[1].proposal.execution_failures[0].error,
        "out of funds"
    );
    assert_eq!(after[1].status, Status::Passed);

    // The moved open proposal still takes votes; the layout is recorded now,
    // so a second migration runs no step.
    suite.vote("carol", open, Vote::No).unwrap();
    assert_eq!(suite.proposal(open).proposal.votes.no.u128(), 30);
    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert!(res.attributes.iter().all(|a| a.key != "proposals_split"));
    assert_eq!(
        crate::tests::harness::attr(&res, "layout"),
        crate::migrations::LAYOUT.to_string()
    );
}
