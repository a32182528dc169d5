//! Outcomes in storage: the compact form round-trips to the API's `Outcome`,
//! costs less than half the bytes, and an outcome written whole before it is
//! still read.

use crate::state::{load_outcome, save_outcome};
use cosmwasm_std::testing::MockStorage;
use cosmwasm_std::{to_json_vec, Addr, Decimal, Int256, Uint128};
use cw_storage_plus::Map;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::oracle::{Outcome, RealisedOutcome};
use steward_types::outcome::value_at;
use steward_types::policy::PriceInfo;

fn outcome(id: u64) -> Outcome {
    let usd = AssetInfo::native("uusd");
    let token = AssetInfo::cw20("wasm1n3sy4286tes87wzn9p42yujtjut233m072ra65");
    let after = vec![
        AssetAmount::new(usd.clone(), 48_000_000u128),
        AssetAmount::new(token.clone(), 9_999_000u128),
    ];
    let prices_at_execution = vec![PriceInfo {
        asset: usd.clone(),
        price: Decimal::percent(101),
        publish_time: 1_700_000_000,
    }];
    Outcome {
        id,
        advisor: "advisor-1".into(),
        before: vec![
            AssetAmount::new(usd, 50_000_000u128),
            AssetAmount::new(token, 10_000_000u128),
        ],
        value_at_execution: value_at(&after, &prices_at_execution),
        after,
        executed_at: 1_700_000_100,
        prices_at_execution,
        due_at: 1_700_000_120,
        realised: None,
    }
}

#[test]
fn the_compact_form_round_trips_and_is_smaller() {
    let mut storage = MockStorage::new();
    let mut written = outcome(3);
    save_outcome(&mut storage, &written).unwrap();
    assert_eq!(load_outcome(&storage, 3).unwrap(), Some(written.clone()));
    assert_eq!(load_outcome(&storage, 4).unwrap(), None);

    let stored =
        cosmwasm_std::Storage::get(&storage, &Map::<u64, Outcome>::new("outcomes").key(3)).unwrap();
    let whole = to_json_vec(&written).unwrap();
    assert!(
        stored.len() * 2 < whole.len(),
        "{} bytes stored, {} as the API's Outcome",
        stored.len(),
        whole.len()
    );

    written.realised = Some(RealisedOutcome {
        value_added: Int256::from(-2_000_000i128),
        prices: written.prices_at_execution.clone(),
        recorded_at: 1_700_000_200,
        recorded_by: Addr::unchecked("anyone"),
    });
    save_outcome(&mut storage, &written).unwrap();
    assert_eq!(load_outcome(&storage, 3).unwrap(), Some(written));
}

#[test]
fn an_outcome_stored_whole_is_still_read() {
    let mut storage = MockStorage::new();
    let legacy = Map::<u64, Outcome>::new("outcomes");
    let mut old = outcome(7);
    // Written by the earlier layout, with the figure it stored then.
    old.value_at_execution = Uint128::new(48_480_000);
    legacy.save(&mut storage, 7, &old).unwrap();
    assert_eq!(load_outcome(&storage, 7).unwrap(), Some(old.clone()));
    // Rewritten in the compact form when next saved (at scoring).
    save_outcome(&mut storage, &old).unwrap();
    assert!(legacy.load(&storage, 7).is_err());
    assert_eq!(
        load_outcome(&storage, 7).unwrap().unwrap().before,
        old.before
    );
}

#[test]
fn an_outcome_unreadable_in_both_forms_has_its_own_error() {
    let mut storage = MockStorage::new();
    let key = Map::<u64, Outcome>::new("outcomes").key(9);
    cosmwasm_std::Storage::set(&mut storage, &key, b"{\"neither\":1}");
    assert!(matches!(
        load_outcome(&storage, 9),
        Err(crate::error::ContractError::StoredOutcomeUnreadable { id: 9, .. })
    ));
}
