//! Signed briefings in the oracle, across the real contracts: published for an
//! open proposal by a registered advisor key, replaceable by a later one until
//! voting ends, refused after, and readable back with what anyone needs to
//! verify them against the registered key.

use cosmwasm_std::{to_json_vec, Binary};
use cw_multi_test::Executor;
use steward_oracle::ContractError as OracleError;
use steward_testing::TestKey;
use steward_tests::suite::{
    contract_error, transfer, Suite, SuiteBuilder, ADVISOR, ADVISOR_ED, USD, VOTING_PERIOD,
};
use steward_types::acceptance::AcceptanceError;
use steward_types::briefing::BriefingPayload;
use steward_types::crypto::{digest, digest_hex, verify_signature};
use steward_types::handle::DaoContracts;
use steward_types::oracle::{self, AdvisorSignature, BriefingListResponse, BriefingResponse};
use steward_types::proposal::ProposalAction;
use steward_types::threshold::Status;

fn suite() -> Suite {
    SuiteBuilder {
        advisors_at_genesis: true,
        ..SuiteBuilder::default()
    }
    .build()
}

/// An open proposal moving 1000 uusd to the recipient.
fn open_proposal(s: &mut Suite) -> u64 {
    let recipient = s.actors.recipient.clone();
    let member = s.member(0);
    s.propose(
        &member,
        vec![ProposalAction::Treasury {
            actions: vec![transfer(USD, 1_000, &recipient)],
        }],
    )
    .unwrap()
}

fn submit_with(s: &mut Suite, bytes: &[u8], signature: AdvisorSignature) -> anyhow::Result<()> {
    s.app.execute_contract(
        s.actors.relayer.clone(),
        s.oracle.clone(),
        &oracle::ExecuteMsg::SubmitBriefing {
            payload: Binary::from(bytes),
            signature,
        },
        &[],
    )?;
    Ok(())
}

fn signer<'a>(s: &'a Suite, advisor: &str) -> &'a TestKey {
    if advisor == ADVISOR_ED {
        &s.advisor_ed
    } else {
        &s.advisor
    }
}

fn submit(s: &mut Suite, payload: &BriefingPayload) -> anyhow::Result<Vec<u8>> {
    let bytes = to_json_vec(payload).unwrap();
    let sig = signer(s, &payload.advisor).advisor_signature(&payload.advisor, &bytes);
    submit_with(s, &bytes, sig)?;
    Ok(bytes)
}

fn read(s: &Suite, proposal_id: u64, advisor: &str) -> anyhow::Result<BriefingResponse> {
    Ok(s.oracle_contract()
        .briefing(&s.app.wrap(), proposal_id, advisor)?)
}

/// The payload from the stored bytes, as any reader parses it.
fn parsed(stored: &BriefingResponse) -> BriefingPayload {
    BriefingPayload::parse(&stored.payload_bytes).unwrap()
}

fn oracle_error(err: &anyhow::Error) -> &OracleError {
    contract_error::<OracleError>(err).unwrap_or_else(|| panic!("not an oracle error: {err:#}"))
}

#[test]
fn a_briefing_is_published_read_back_and_verifies_against_the_registered_key() {
    let mut s = suite();
    let id = open_proposal(&mut s);
    let now = s.now();
    let payload = s.briefing(ADVISOR, id, now, "Moves 1000 uusd to the recipient.");
    let bytes = submit(&mut s, &payload).unwrap();

    let stored = read(&s, id, ADVISOR).unwrap();
    assert_eq!(parsed(&stored), payload);
    assert_eq!(stored.summary, payload.summary);
    assert_eq!(stored.issued_at, now);
    assert_eq!(stored.payload_bytes.as_slice(), bytes.as_slice());
    assert_eq!(stored.payload_hash, digest_hex(&bytes));
    assert_eq!(stored.submitted_by, s.actors.relayer);
    // Anyone re-checks it from chain state: the registered key, the stored
    // bytes, the stored signature.
    let key = s.advisor_info(ADVISOR);
    assert!(verify_signature(
        s.app.api(),
        key.algorithm,
        &key.public_key,
        &digest(&stored.payload_bytes),
        &stored.signature,
    ));
    let mut tampered = stored.payload_bytes.to_vec();
    tampered[10] ^= 1;
    assert!(!verify_signature(
        s.app.api(),
        key.algorithm,
        &key.public_key,
        &digest(&tampered),
        &stored.signature,
    ));
}

#[test]
fn a_briefing_is_replaced_by_a_later_one_never_by_an_older_one() {
    let mut s = suite();
    let id = open_proposal(&mut s);
    let t0 = s.now();
    let first = s.briefing(ADVISOR, id, t0, "First reading.");
    let first_bytes = to_json_vec(&first).unwrap();
    let first_sig = s.advisor.advisor_signature(ADVISOR, &first_bytes);
    submit_with(&mut s, &first_bytes, first_sig.clone()).unwrap();

    s.advance(60);
    let second = s.briefing(ADVISOR, id, t0 + 60, "Second reading, after new prices.");
    submit(&mut s, &second).unwrap();
    assert_eq!(parsed(&read(&s, id, ADVISOR).unwrap()), second);

    // The first, validly signed, relayed again: refused, the latest stays.
    let err = submit_with(&mut s, &first_bytes, first_sig).unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::StaleBriefing {
            proposal_id: id,
            advisor: ADVISOR.into(),
            issued_at: t0,
            stored_issued_at: t0 + 60,
        }
    );
    assert_eq!(parsed(&read(&s, id, ADVISOR).unwrap()), second);

    // One per advisor: a second advisor's briefing sits beside it, and the
    // list pages in advisor id order.
    let other = s.briefing(ADVISOR_ED, id, t0 + 60, "Another advisor's reading.");
    submit(&mut s, &other).unwrap();
    let page = |start_after: Option<&str>| -> BriefingListResponse {
        s.oracle_contract()
            .briefings(&s.app.wrap(), id, start_after.map(Into::into), Some(1))
            .unwrap()
    };
    let p1 = page(None);
    assert_eq!(p1.briefings.len(), 1);
    assert_eq!(p1.briefings[0].advisor, ADVISOR);
    let p2 = page(Some(ADVISOR));
    assert_eq!(p2.briefings.len(), 1);
    assert_eq!(p2.briefings[0].advisor, ADVISOR_ED);
    assert!(page(Some(ADVISOR_ED)).briefings.is_empty());
}

#[test]
fn briefings_are_refused_once_voting_ends() {
    let mut s = suite();
    let passed = open_proposal(&mut s);
    let expired = open_proposal(&mut s);
    s.all_vote_yes(passed).unwrap();
    assert_eq!(s.proposal(passed).status, Status::Passed);
    let now = s.now();
    let err = {
        let p = s.briefing(ADVISOR, passed, now, "Too late.");
        submit(&mut s, &p)
    }
    .unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::ProposalNotOpen {
            proposal_id: passed,
            status: Status::Passed,
        }
    );

    // Open while its voting period runs; once it is over, refused.
    {
        let p = s.briefing(ADVISOR, expired, now, "In time.");
        submit(&mut s, &p)
    }
    .unwrap();
    s.advance(VOTING_PERIOD + 1);
    let status = s.proposal(expired).status;
    assert_ne!(status, Status::Open);
    let later = s.now();
    let err = {
        let p = s.briefing(ADVISOR, expired, later, "Too late.");
        submit(&mut s, &p)
    }
    .unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::ProposalNotOpen {
            proposal_id: expired,
            status,
        }
    );

    // A proposal that does not exist cannot be briefed either.
    let err = {
        let p = s.briefing(ADVISOR, 99, later, "Nothing.");
        submit(&mut s, &p)
    }
    .unwrap_err();
    assert!(matches!(
        oracle_error(&err),
        OracleError::ProposalUnreadable {
            proposal_id: 99,
            ..
        }
    ));
}

#[test]
fn briefings_from_unregistered_or_mismatched_keys_are_refused() {
    let mut s = suite();
    let id = open_proposal(&mut s);
    let now = s.now();

    // A key the oracle never registered.
    let stranger = TestKey::secp256k1(77);
    let payload = s.briefing("stranger", id, now, "Trust me.");
    let bytes = to_json_vec(&payload).unwrap();
    let err = submit_with(
        &mut s,
        &bytes,
        stranger.advisor_signature("stranger", &bytes),
    )
    .unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::UnknownAdvisorKey {
            id: "stranger".into()
        }
    );

    // A registered id, signed by another key.
    let payload = s.briefing(ADVISOR, id, now, "Forged.");
    let bytes = to_json_vec(&payload).unwrap();
    let err = submit_with(&mut s, &bytes, stranger.advisor_signature(ADVISOR, &bytes)).unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::BadSignature {
            key_id: ADVISOR.into()
        }
    );

    // One registered advisor cannot publish in another's name.
    let ed_sig = s.advisor_ed.advisor_signature(ADVISOR_ED, &bytes);
    let err = submit_with(&mut s, &bytes, ed_sig).unwrap_err();
    assert_eq!(
        oracle_error(&err),
        &OracleError::BriefingSignerMismatch {
            advisor: ADVISOR.into(),
            key_id: ADVISOR_ED.into(),
        }
    );

    // Another chain's briefing, validly signed.
    let mut foreign = s.briefing(ADVISOR, id, now, "Elsewhere.");
    foreign.chain_id = "other-chain".into();
    let err = submit(&mut s, &foreign).unwrap_err();
    assert!(matches!(
        oracle_error(&err),
        OracleError::Acceptance(AcceptanceError::WrongChainId { got, .. }) if got == "other-chain"
    ));

    // A summary over its bound, validly signed.
    let long = s.briefing(ADVISOR, id, now, &"x".repeat(2_000));
    let err = submit(&mut s, &long).unwrap_err();
    assert!(matches!(
        oracle_error(&err),
        OracleError::MalformedBriefing { reason } if reason.contains("summary.text is 2000 bytes")
    ));
    // Nothing of the refused ones was stored (a query error arrives as text).
    let err = read(&s, id, ADVISOR).unwrap_err().to_string();
    assert!(
        err.contains(&format!(
            "no briefing of advisor {ADVISOR} on proposal {id}"
        )),
        "{err}"
    );
}
