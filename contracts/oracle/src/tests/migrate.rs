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

/// Recommendations stored whole by the first layout are split by the
/// migration: they read back the same, lists by status still find them, and
/// their status still changes.
#[test]
fn whole_recommendations_are_split() {
    use crate::migrations::v1::whole_recommendations;
    use crate::state::{load_recommendation, recommendations, RECOMMENDATION_BODIES};
    use cosmwasm_std::Storage;
    use steward_types::oracle::{QueryMsg, RecommendationListResponse, RecommendationStatus};

    let mut suite = Suite::new();
    let a = suite.submit_ok(1, 3_600);
    let b = suite.submit_ok(2, 3_600);
    let before = (suite.recommendation(a), suite.recommendation(b));
    for id in [a, b] {
        let whole = load_recommendation(&suite.deps.storage, id).unwrap();
        recommendations()
            .remove(&mut suite.deps.storage, id)
            .unwrap();
        RECOMMENDATION_BODIES.remove(&mut suite.deps.storage, id);
        whole_recommendations()
            .save(&mut suite.deps.storage, id, &whole)
            .unwrap();
    }
    assert!(load_recommendation(&suite.deps.storage, a).is_err());
    // An older code version recorded no layout.
    suite
        .deps
        .storage
        .remove(steward_types::migrate::LAYOUT_VERSION_KEY.as_bytes());

    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "recommendations_split"), "2");
    assert_eq!((suite.recommendation(a), suite.recommendation(b)), before);
    let pending: RecommendationListResponse = suite.query(QueryMsg::Recommendations {
        status: Some(RecommendationStatus::Pending),
        start_after: None,
        limit: None,
    });
    assert_eq!(pending.recommendations.len(), 2);
    // Nothing of the old layout is left (its index neither).
    assert_eq!(
        whole_recommendations()
            .idx
            .status
            .prefix(0)
            .keys(
                &suite.deps.storage,
                None,
                None,
                cosmwasm_std::Order::Ascending
            )
            .count(),
        0
    );
    suite.exec_dao(ExecuteMsg::MarkRejected { id: a }).unwrap();
    assert_eq!(
        suite.recommendation(a).status,
        RecommendationStatus::Rejected
    );
    // The layout is recorded now: a second migration runs no step.
    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert!(res
        .attributes
        .iter()
        .all(|a| a.key != "recommendations_split"));
    assert_eq!(attr(&res, "layout"), crate::migrations::LAYOUT.to_string());
}
