use super::*;
use crate::state::{MAX_CLOCK_SKEW_SECONDS, MAX_PRICE_QUERY_ASSETS};
use steward_types::acceptance::AcceptanceError;
use steward_types::oracle::{FeederListResponse, OracleConfigError, PricesResponse};
use steward_types::payload::MAX_PAYLOAD_BYTES;
use steward_types::policy::PriceInfo;
use steward_types::roles;

fn stake() -> AssetInfo {
    AssetInfo::native(DENOM)
}
fn atom() -> AssetInfo {
    AssetInfo::native(OTHER)
}

fn prices_of(suite: &Suite, assets: Vec<AssetInfo>) -> Vec<PriceInfo> {
    let res: PricesResponse = suite.query(QueryMsg::Prices { assets });
    res.prices
}

#[test]
fn signed_prices_are_stored_and_listed() {
    let mut suite = Suite::new();
    let now = suite.now();
    let payload = suite.price_payload(
        "feeder-1",
        now - 5,
        &[
            (stake(), Decimal::percent(150)),
            (atom(), Decimal::percent(900)),
        ],
    );
    let res = suite.submit_prices(&payload, &feeder_key()).unwrap();
    assert_eq!(attr(&res, "action"), "submit_prices");
    assert_eq!(attr(&res, "feeder"), "feeder-1");

    let prices = prices_of(&suite, vec![stake(), AssetInfo::native("unpriced"), atom()]);
    assert_eq!(
        prices,
        vec![
            PriceInfo {
                asset: stake(),
                price: Decimal::percent(150),
                publish_time: now - 5
            },
            PriceInfo {
                asset: atom(),
                price: Decimal::percent(900),
                publish_time: now - 5
            },
        ]
    );

    // ListPrices walks asset keys in order, paginated
    let page: PricesResponse = suite.query(QueryMsg::ListPrices {
        start_after: None,
        limit: Some(1),
    });
    assert_eq!(page.prices.len(), 1);
    assert_eq!(page.prices[0].asset, atom());
    let page: PricesResponse = suite.query(QueryMsg::ListPrices {
        start_after: Some(atom().key()),
        limit: Some(10),
    });
    assert_eq!(page.prices.len(), 1);
    assert_eq!(page.prices[0].asset, stake());
}

#[test]
fn replayed_or_older_update_is_refused_newer_accepted() {
    let mut suite = Suite::new();
    let now = suite.now();
    let first = suite.price_payload("feeder-1", now - 10, &[(stake(), Decimal::one())]);
    suite.submit_prices(&first, &feeder_key()).unwrap();

    let err = suite.submit_prices(&first, &feeder_key()).unwrap_err();
    assert_eq!(
        err,
        ContractError::StalePriceUpdate {
            asset: stake().key(),
            stored: now - 10,
            got: now - 10
        }
    );
    let older = suite.price_payload("feeder-1", now - 20, &[(stake(), Decimal::percent(5))]);
    let err = suite.submit_prices(&older, &feeder_key()).unwrap_err();
    assert_eq!(
        err,
        ContractError::StalePriceUpdate {
            asset: stake().key(),
            stored: now - 10,
            got: now - 20
        }
    );
    let newer = suite.price_payload("feeder-1", now - 9, &[(stake(), Decimal::percent(5))]);
    suite.submit_prices(&newer, &feeder_key()).unwrap();
    assert_eq!(
        prices_of(&suite, vec![stake()])[0].price,
        Decimal::percent(5)
    );
}

#[test]
fn an_update_is_all_or_nothing() {
    let mut suite = Suite::new();
    let now = suite.now();
    let first = suite.price_payload("feeder-1", now - 10, &[(atom(), Decimal::one())]);
    suite.submit_prices(&first, &feeder_key()).unwrap();
    // stake would be new, atom is stale: neither is written
    let mixed = suite.price_payload(
        "feeder-1",
        now - 10,
        &[(stake(), Decimal::one()), (atom(), Decimal::percent(3))],
    );
    assert!(matches!(
        suite.submit_prices(&mixed, &feeder_key()).unwrap_err(),
        ContractError::StalePriceUpdate { .. }
    ));
    assert!(prices_of(&suite, vec![stake()]).is_empty());
    assert_eq!(prices_of(&suite, vec![atom()])[0].price, Decimal::one());
}

#[test]
fn wrong_feeder_key_is_refused() {
    let mut suite = Suite::new();
    let payload = suite.price_payload("feeder-1", suite.now(), &[(stake(), Decimal::one())]);
    let err = suite
        .submit_prices(&payload, &TestKey::secp256k1(77))
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BadSignature {
            key_id: "feeder-1".into()
        }
    );
    assert!(prices_of(&suite, vec![stake()]).is_empty());
}

#[test]
fn unknown_feeder_is_refused() {
    let mut suite = Suite::new();
    let payload = suite.price_payload("nobody", suite.now(), &[(stake(), Decimal::one())]);
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::UnknownFeeder {
            id: "nobody".into()
        }
    );
}

#[test]
fn stale_update_is_refused() {
    let mut suite = Suite::new();
    let now = suite.now();
    let payload = suite.price_payload(
        "feeder-1",
        now - MAX_PRICE_AGE - 1,
        &[(stake(), Decimal::one())],
    );
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::StalePrices {
            publish_time: now - MAX_PRICE_AGE - 1,
            now,
            max_age: MAX_PRICE_AGE
        }
    );
    // exactly at the age limit is still accepted
    let payload = suite.price_payload(
        "feeder-1",
        now - MAX_PRICE_AGE,
        &[(stake(), Decimal::one())],
    );
    suite.submit_prices(&payload, &feeder_key()).unwrap();
}

#[test]
fn update_from_the_future_is_refused() {
    let mut suite = Suite::new();
    let now = suite.now();
    let t = now + MAX_CLOCK_SKEW_SECONDS + 1;
    let payload = suite.price_payload("feeder-1", t, &[(stake(), Decimal::one())]);
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::PricesInFuture {
            publish_time: t,
            now,
            max_skew: MAX_CLOCK_SKEW_SECONDS
        }
    );
    let payload = suite.price_payload(
        "feeder-1",
        now + MAX_CLOCK_SKEW_SECONDS,
        &[(stake(), Decimal::one())],
    );
    suite.submit_prices(&payload, &feeder_key()).unwrap();
}

#[test]
fn zero_price_is_refused() {
    let mut suite = Suite::new();
    let payload = suite.price_payload("feeder-1", suite.now(), &[(stake(), Decimal::zero())]);
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::ZeroPrice {
            asset: stake().key()
        }
    );
}

#[test]
fn duplicate_or_invalid_asset_is_refused() {
    let mut suite = Suite::new();
    let now = suite.now();
    let payload = suite.price_payload(
        "feeder-1",
        now,
        &[(stake(), Decimal::one()), (stake(), Decimal::percent(2))],
    );
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::DuplicatePriceAsset {
            asset: stake().key()
        }
    );
    let bad = AssetInfo::cw20("not-an-address");
    let payload = suite.price_payload("feeder-1", now, &[(bad.clone(), Decimal::one())]);
    assert!(matches!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::InvalidAsset { ref asset, .. } if *asset == bad.key()
    ));
}

#[test]
fn price_domain_is_checked() {
    let mut suite = Suite::new();
    let mut payload = suite.price_payload("feeder-1", suite.now(), &[(stake(), Decimal::one())]);
    payload.chain_id = "elsewhere-1".into();
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::Acceptance(AcceptanceError::WrongChainId {
            expected: "cosmos-testnet-14002".into(),
            got: "elsewhere-1".into()
        })
    );
    let mut payload = suite.price_payload("feeder-1", suite.now(), &[(stake(), Decimal::one())]);
    let other = suite.addr("other-oracle").into_string();
    payload.oracle = other.clone();
    assert_eq!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::Acceptance(AcceptanceError::WrongOracle {
            expected: suite.env.contract.address.to_string(),
            got: other
        })
    );
}

#[test]
fn malformed_or_oversized_price_payload_is_refused() {
    let mut suite = Suite::new();
    let relayer = suite.relayer.clone();
    let bytes = b"{\"feeder\":\"feeder-1\"}".to_vec();
    let err = suite
        .exec(
            &relayer,
            ExecuteMsg::SubmitPrices {
                signature: feeder_key().sign(&bytes),
                payload: Binary::from(bytes),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::MalformedPayload { .. }));

    // an empty price list is malformed too
    let payload = suite.price_payload("feeder-1", suite.now(), &[]);
    assert!(matches!(
        suite.submit_prices(&payload, &feeder_key()).unwrap_err(),
        ContractError::MalformedPayload { .. }
    ));

    let big = vec![b' '; MAX_PAYLOAD_BYTES + 1];
    let err = suite
        .exec(
            &relayer,
            ExecuteMsg::SubmitPrices {
                signature: feeder_key().sign(&big),
                payload: Binary::from(big),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::PayloadTooLarge {
            size: MAX_PAYLOAD_BYTES + 1,
            max: MAX_PAYLOAD_BYTES
        }
    );
}

#[test]
fn ed25519_feeder_and_feeder_management() {
    let mut suite = Suite::new();
    let ed = TestKey::ed25519(60);
    let res = suite
        .exec_dao(ExecuteMsg::RegisterFeeder {
            feeder: ed.feeder("feeder-2"),
        })
        .unwrap();
    assert_eq!(attr(&res, "replaced"), "false");
    let payload = suite.price_payload("feeder-2", suite.now(), &[(atom(), Decimal::one())]);
    suite.submit_prices(&payload, &ed).unwrap();

    // replacing feeder-2's key: the old key no longer signs for it
    let new_key = TestKey::secp256k1(61);
    let res = suite
        .exec_dao(ExecuteMsg::RegisterFeeder {
            feeder: new_key.feeder("feeder-2"),
        })
        .unwrap();
    assert_eq!(attr(&res, "replaced"), "true");
    suite.advance(1);
    let payload = suite.price_payload("feeder-2", suite.now(), &[(atom(), Decimal::one())]);
    assert_eq!(
        suite.submit_prices(&payload, &ed).unwrap_err(),
        ContractError::BadSignature {
            key_id: "feeder-2".into()
        }
    );
    suite.submit_prices(&payload, &new_key).unwrap();

    let list: FeederListResponse = suite.query(QueryMsg::Feeders {
        start_after: None,
        limit: None,
    });
    let ids: Vec<_> = list.feeders.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, vec!["feeder-1", "feeder-2"]);
    let list: FeederListResponse = suite.query(QueryMsg::Feeders {
        start_after: Some("feeder-1".into()),
        limit: Some(1),
    });
    assert_eq!(list.feeders[0].id, "feeder-2");
    assert_eq!(list.feeders[0].public_key, new_key.public_key());

    // removal
    suite
        .exec_dao(ExecuteMsg::RemoveFeeder {
            id: "feeder-2".into(),
        })
        .unwrap();
    suite.advance(1);
    let payload = suite.price_payload("feeder-2", suite.now(), &[(atom(), Decimal::one())]);
    assert_eq!(
        suite.submit_prices(&payload, &new_key).unwrap_err(),
        ContractError::UnknownFeeder {
            id: "feeder-2".into()
        }
    );
    assert_eq!(
        suite
            .exec_dao(ExecuteMsg::RemoveFeeder {
                id: "feeder-2".into()
            })
            .unwrap_err(),
        ContractError::UnknownFeeder {
            id: "feeder-2".into()
        }
    );
}

#[test]
fn feeder_registration_is_validated_and_dao_only() {
    let mut suite = Suite::new();
    let mut bad = TestKey::ed25519(62).feeder("f");
    bad.public_key = Binary::from(vec![9u8; 64]);
    assert!(matches!(
        suite
            .exec_dao(ExecuteMsg::RegisterFeeder { feeder: bad })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidPublicKey { .. })
    ));
    assert!(matches!(
        suite
            .exec_dao(ExecuteMsg::RegisterFeeder {
                feeder: TestKey::ed25519(62).feeder("")
            })
            .unwrap_err(),
        ContractError::Config(OracleConfigError::InvalidId { .. })
    ));

    let stranger = suite.addr("stranger");
    let unauthorized = ContractError::Unauthorized {
        sender: stranger.clone(),
        role: roles::DAO,
    };
    assert_eq!(
        suite
            .exec(
                &stranger,
                ExecuteMsg::RegisterFeeder {
                    feeder: TestKey::ed25519(62).feeder("f")
                }
            )
            .unwrap_err(),
        unauthorized
    );
    assert_eq!(
        suite
            .exec(
                &stranger,
                ExecuteMsg::RemoveFeeder {
                    id: "feeder-1".into()
                }
            )
            .unwrap_err(),
        unauthorized
    );
}

#[test]
fn prices_query_is_bounded() {
    let suite = Suite::new();
    let assets: Vec<AssetInfo> = (0..=MAX_PRICE_QUERY_ASSETS)
        .map(|i| AssetInfo::native(format!("u{i}")))
        .collect();
    assert_eq!(
        suite.query_err(QueryMsg::Prices { assets }),
        ContractError::TooManyAssets {
            count: MAX_PRICE_QUERY_ASSETS + 1,
            max: MAX_PRICE_QUERY_ASSETS
        }
    );
}
