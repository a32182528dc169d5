//! What the oracle keeps for anyone to re-check from chain state, across the
//! real contracts: each recommendation's signatures with their key ids, and
//! each asset's recent prices.

use cosmwasm_std::{to_json_vec, Decimal};
use steward_oracle::ContractError as OracleError;
use steward_testing::TestKey;
use steward_tests::suite::{
    contract_error, transfer, Suite, SuiteBuilder, ADVISOR, ADVISOR_ED, USD,
};
use steward_types::asset::AssetInfo;
use steward_types::crypto::{digest, verify_signature};
use steward_types::handle::DaoContracts;
use steward_types::oracle::{self, PriceHistoryResponse, SignaturesResponse};

fn signatures(s: &Suite, id: u64) -> anyhow::Result<SignaturesResponse> {
    Ok(s.oracle_contract().signatures(&s.app.wrap(), id)?)
}

/// A DAO whose two advisors (secp256k1 and ed25519) must both sign.
fn two_of_two() -> Suite {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        quorum: 2,
        ..SuiteBuilder::default()
    }
    .build();
    s.set_default_prices().unwrap();
    s
}

#[test]
fn stored_signatures_verify_against_the_registered_keys() {
    let mut s = two_of_two();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    let bytes = to_json_vec(&payload).unwrap();
    let sigs = vec![
        s.advisor_ed.advisor_signature(ADVISOR_ED, &bytes),
        s.advisor.advisor_signature(ADVISOR, &bytes),
    ];
    let id = s.submit_signed(&bytes, sigs.clone()).unwrap();

    // Everything the check needs comes from the oracle's state: the payload
    // bytes, the signatures with their key ids, the registered keys.
    let stored = signatures(&s, id).unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.signatures, sigs);
    let rec = s.recommendation(id).recommendation;
    assert_eq!(rec.payload_bytes.as_slice(), bytes.as_slice());
    let keys = s
        .oracle_contract()
        .advisors(&s.app.wrap(), None, None)
        .unwrap();
    let hash = digest(&rec.payload_bytes);
    for sig in &stored.signatures {
        let key = keys
            .advisors
            .iter()
            .find(|k| k.id == sig.key_id)
            .expect("a stored signature's key is registered");
        assert!(
            verify_signature(
                s.app.api(),
                key.algorithm,
                &key.public_key,
                &hash,
                &sig.signature
            ),
            "{}",
            sig.key_id
        );
        // And not over any other bytes.
        let mut other = rec.payload_bytes.to_vec();
        other.push(b' ');
        assert!(!verify_signature(
            s.app.api(),
            key.algorithm,
            &key.public_key,
            &digest(&other),
            &sig.signature
        ));
    }
    assert_eq!(rec.signers, vec![ADVISOR_ED, ADVISOR]);
}

#[test]
fn a_signature_from_a_key_that_does_not_count_is_refused_and_nothing_is_stored() {
    let mut s = two_of_two();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    let bytes = to_json_vec(&payload).unwrap();
    let good = s.advisor.advisor_signature(ADVISOR, &bytes);

    // A key the oracle does not know.
    let stranger = TestKey::secp256k1(77).advisor_signature("stranger", &bytes);
    let err = s
        .submit_signed(&bytes, vec![good.clone(), stranger])
        .unwrap_err();
    assert_eq!(
        contract_error::<OracleError>(&err),
        Some(&OracleError::UnknownAdvisorKey {
            id: "stranger".into()
        }),
        "{err:#}"
    );
    // A registered id signed by another key.
    let forged = TestKey::secp256k1(78).advisor_signature(ADVISOR_ED, &bytes);
    let err = s
        .submit_signed(&bytes, vec![good.clone(), forged])
        .unwrap_err();
    assert_eq!(
        contract_error::<OracleError>(&err),
        Some(&OracleError::BadSignature {
            key_id: ADVISOR_ED.into()
        }),
        "{err:#}"
    );
    // A revoked key.
    let core = s.core.clone();
    let oracle_addr = s.oracle.clone();
    s.exec(
        &core,
        &oracle_addr,
        &oracle::ExecuteMsg::RevokeAdvisor {
            id: ADVISOR_ED.into(),
        },
    )
    .unwrap();
    let revoked = s.advisor_ed.advisor_signature(ADVISOR_ED, &bytes);
    let err = s.submit_signed(&bytes, vec![good, revoked]).unwrap_err();
    assert!(
        matches!(
            contract_error::<OracleError>(&err),
            Some(OracleError::InactiveAdvisorKey { id, .. }) if id == ADVISOR_ED
        ),
        "{err:#}"
    );
    // No recommendation, so no signatures.
    let err = signatures(&s, 1).unwrap_err();
    assert!(
        format!("{err:#}").contains("recommendation 1 not found"),
        "{err:#}"
    );
}

#[test]
fn each_accepted_price_update_extends_the_history_newest_first() {
    let mut s = SuiteBuilder::default().build();
    // An asset the suite's own feeds leave alone.
    let eur = AssetInfo::native("ueur");
    let history = |s: &Suite, start_after: Option<u64>| -> PriceHistoryResponse {
        s.oracle_contract()
            .price_history(
                &s.app.wrap(),
                &AssetInfo::native("ueur"),
                start_after,
                Some(2),
            )
            .unwrap()
    };
    assert!(history(&s, None).points.is_empty());
    let mut times = vec![];
    for i in 1..=3u64 {
        s.next_block();
        s.submit_prices(vec![(eur.clone(), Decimal::percent(100 + i))])
            .unwrap();
        times.push(s.now());
    }
    // The same publish time again is refused and adds nothing.
    assert!(s
        .submit_prices(vec![(eur.clone(), Decimal::percent(500))])
        .is_err());

    let first = history(&s, None);
    assert_eq!(first.asset, eur);
    assert_eq!(first.capacity, steward_oracle::state::PRICE_HISTORY_LEN);
    let seen: Vec<(u64, Decimal)> = first
        .points
        .iter()
        .map(|p| (p.publish_time, p.price))
        .collect();
    assert_eq!(
        seen,
        vec![
            (times[2], Decimal::percent(103)),
            (times[1], Decimal::percent(102))
        ]
    );
    let rest = history(&s, Some(times[1]));
    assert_eq!(rest.points.len(), 1);
    assert_eq!(rest.points[0].publish_time, times[0]);
    assert_eq!(rest.points[0].price, Decimal::percent(101));
}
