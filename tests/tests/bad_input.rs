//! Bad input across the contracts: each message gets its own specific error,
//! and the raw storage of all four contracts and every balance stay as they were.

use cosmwasm_std::{coin, to_json_vec, Addr, Coin, Record, Uint128};
use cw_multi_test::Executor;
use cw_utils::Duration;
use steward_tests::suite::{contract_error, transfer, Suite, SuiteBuilder, ADVISOR, USD};
use steward_types::acceptance::AcceptanceError;
use steward_types::oracle::ExecuteMsg as OracleMsg;
use steward_types::payload::RecommendationPayload;
use steward_types::policy::PolicyViolation;
use steward_types::proposal::{ExecuteMsg as ProposalMsg, ProposalAction};
use steward_types::threshold::Vote;
use steward_types::{core, treasury, AssetInfo};

use steward_core::ContractError as CoreError;
use steward_oracle::ContractError as OracleError;
use steward_proposal::ContractError as ProposalError;
use steward_treasury::ContractError as TreasuryError;

/// Everything a failed message could have touched.
#[allow(deprecated)] // query_all_balances: fine for a test of a few denoms
fn state(s: &Suite) -> (Vec<Vec<Record>>, Vec<Coin>) {
    let contracts = [&s.core, &s.proposal, &s.treasury, &s.oracle];
    let raw = contracts.iter().map(|c| s.app.dump_wasm_raw(c)).collect();
    let mut balances = vec![];
    for who in [&s.treasury, &s.core, &s.actors.recipient, &s.actors.relayer] {
        balances.extend(s.app.wrap().query_all_balances(who).unwrap());
    }
    (raw, balances)
}

fn setup() -> (Suite, RecommendationPayload) {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        ..SuiteBuilder::default()
    }
    .build();
    let recipient = s.actors.recipient.clone();
    // Some coins to attach where none are expected.
    for who in [s.member(0), s.actors.relayer.clone()] {
        s.app
            .send_tokens(s.actors.deployer.clone(), who, &[coin(1_000, USD)])
            .unwrap();
    }
    let first = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    s.submit(&first).unwrap();
    s.next_block();
    (s, first)
}

/// Sends `msg` and returns the error, asserting that nothing changed.
fn refused<M: serde::Serialize + std::fmt::Debug>(
    s: &mut Suite,
    sender: &Addr,
    contract: &Addr,
    msg: &M,
    funds: &[Coin],
) -> anyhow::Error {
    let before = state(s);
    let err = s
        .app
        .execute_contract(sender.clone(), contract.clone(), msg, funds)
        .unwrap_err();
    assert_eq!(
        state(s),
        before,
        "state changed after a refused message: {err}"
    );
    err
}

fn submit_msg(bytes: &[u8], sig: cosmwasm_std::Binary) -> OracleMsg {
    OracleMsg::SubmitRecommendation {
        payload: bytes.to_vec().into(),
        signatures: vec![steward_types::oracle::AdvisorSignature {
            key_id: ADVISOR.into(),
            signature: sig,
        }],
    }
}

macro_rules! assert_refused {
    ($err:expr, $ty:ty, $pat:pat) => {{
        let err = $err;
        let inner = contract_error::<$ty>(&err)
            .unwrap_or_else(|| panic!("not a {}: {err:?}", stringify!($ty)));
        assert!(
            matches!(inner, $pat),
            "expected {}, got {inner:?}",
            stringify!($pat)
        );
    }};
}

#[test]
fn recommendation_submissions_refused_for_each_cause() {
    let (mut s, first) = setup();
    let relayer = s.actors.relayer.clone();
    let oracle = s.oracle.clone();
    let recipient = s.actors.recipient.clone();

    // Signed with a different key: bad signature.
    let p = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    let bytes = to_json_vec(&p).unwrap();
    let forged = s.advisor_ed.sign(&bytes);
    assert_refused!(
        refused(&mut s, &relayer, &oracle, &submit_msg(&bytes, forged), &[]),
        OracleError,
        OracleError::BadSignature { .. }
    );

    // A flipped byte in a real signature.
    let mut sig = s.advisor.sign(&bytes).to_vec();
    sig[10] ^= 1;
    assert_refused!(
        refused(
            &mut s,
            &relayer,
            &oracle,
            &submit_msg(&bytes, sig.into()),
            &[]
        ),
        OracleError,
        OracleError::BadSignature { .. }
    );

    // Unknown key id.
    let msg = OracleMsg::SubmitRecommendation {
        payload: bytes.clone().into(),
        signatures: vec![steward_types::oracle::AdvisorSignature {
            key_id: "nobody".into(),
            signature: s.advisor.sign(&bytes),
        }],
    };
    assert_refused!(
        refused(&mut s, &relayer, &oracle, &msg, &[]),
        OracleError,
        OracleError::UnknownAdvisorKey { .. }
    );

    // Validly signed bytes that are not a payload.
    let junk = br#"{"hello":"world"}"#;
    let sig = s.advisor.sign(junk);
    assert_refused!(
        refused(&mut s, &relayer, &oracle, &submit_msg(junk, sig), &[]),
        OracleError,
        OracleError::MalformedPayload { .. }
    );

    type Case = (fn(&mut RecommendationPayload), fn(&OracleError) -> bool);
    let cases: Vec<Case> = vec![
        (
            |p| p.chain_id = "other-chain".into(),
            |e| {
                matches!(
                    e,
                    OracleError::Acceptance(AcceptanceError::WrongChainId { .. })
                )
            },
        ),
        (
            |p| p.oracle = "cosmwasm1elsewhere".into(),
            |e| {
                matches!(
                    e,
                    OracleError::Acceptance(AcceptanceError::WrongOracle { .. })
                )
            },
        ),
        (
            |p| p.nonce = 1,
            |e| {
                matches!(
                    e,
                    OracleError::Acceptance(AcceptanceError::ReplayedNonce { .. })
                )
            },
        ),
        (
            |p| {
                p.issued_at -= 10 * 86_400;
                p.expires_at = p.issued_at + 60
            },
            |e| matches!(e, OracleError::Acceptance(AcceptanceError::Expired { .. })),
        ),
        (
            |p| p.policy_version = 7,
            |e| {
                matches!(
                    e,
                    OracleError::Acceptance(AcceptanceError::StalePolicyVersion(_))
                )
            },
        ),
        (
            |p| {
                if let steward_types::policy::TreasuryAction::Transfer { amount, .. } =
                    &mut p.actions[0]
                {
                    *amount = Uint128::new(999_000_000);
                }
            },
            |e| {
                matches!(
                    e,
                    OracleError::ActionsOutsidePolicy(PolicyViolation::AllowanceExceeded { .. })
                )
            },
        ),
    ];
    for (mutate, expected) in cases {
        let mut p = s.payload(vec![transfer(USD, 1_000, &recipient)]);
        mutate(&mut p);
        let bytes = to_json_vec(&p).unwrap();
        let sig = s.advisor.sign(&bytes);
        let err = refused(&mut s, &relayer, &oracle, &submit_msg(&bytes, sig), &[]);
        let inner = contract_error::<OracleError>(&err).expect("oracle error");
        assert!(expected(inner), "unexpected error {inner:?} for {p:?}");
    }

    // The very same bytes again: replayed payload.
    let bytes = to_json_vec(&first).unwrap();
    let sig = s.advisor.sign(&bytes);
    assert_refused!(
        refused(
            &mut s,
            &relayer,
            &oracle,
            &submit_msg(&bytes, sig.clone()),
            &[]
        ),
        OracleError,
        OracleError::ReplayedPayload { .. }
    );
    // Funds are not expected.
    let p = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    let bytes = to_json_vec(&p).unwrap();
    let sig = s.advisor.sign(&bytes);
    assert_refused!(
        refused(
            &mut s,
            &relayer,
            &oracle,
            &submit_msg(&bytes, sig),
            &[coin(1, USD)]
        ),
        OracleError,
        OracleError::Payment(_)
    );
    // Oversized payload.
    let big = vec![b' '; 17 * 1024];
    let sig = s.advisor.sign(&big);
    assert_refused!(
        refused(&mut s, &relayer, &oracle, &submit_msg(&big, sig), &[]),
        OracleError,
        OracleError::PayloadTooLarge { .. }
    );
}

#[test]
fn proposal_messages_refused() {
    let (mut s, _) = setup();
    let (alice, outsider, proposal) = (s.member(0), s.actors.outsider.clone(), s.proposal.clone());
    let recipient = s.actors.recipient.clone();
    let action = || ProposalAction::Treasury {
        actions: vec![transfer(USD, 1, &recipient)],
    };
    let propose = |title: String, n: usize| ProposalMsg::Propose {
        title,
        description: "d".into(),
        actions: (0..n).map(|_| action()).collect(),
    };

    assert_refused!(
        refused(&mut s, &outsider, &proposal, &propose("t".into(), 1), &[]),
        ProposalError,
        ProposalError::NotMember { .. }
    );
    assert_refused!(
        refused(&mut s, &alice, &proposal, &propose("t".repeat(129), 1), &[]),
        ProposalError,
        ProposalError::TitleTooLong { .. }
    );
    assert_refused!(
        refused(&mut s, &alice, &proposal, &propose(String::new(), 1), &[]),
        ProposalError,
        ProposalError::EmptyTitle {}
    );
    assert_refused!(
        refused(&mut s, &alice, &proposal, &propose("t".into(), 0), &[]),
        ProposalError,
        ProposalError::NoActions {}
    );
    assert_refused!(
        refused(&mut s, &alice, &proposal, &propose("t".into(), 17), &[]),
        ProposalError,
        ProposalError::TooManyActions { .. }
    );
    assert_refused!(
        refused(
            &mut s,
            &alice,
            &proposal,
            &propose("t".into(), 1),
            &[coin(5, USD)]
        ),
        ProposalError,
        ProposalError::Payment(_)
    );
    let vote = ProposalMsg::Vote {
        proposal_id: 99,
        vote: Vote::Yes,
        rationale: None,
    };
    assert_refused!(
        refused(&mut s, &alice, &proposal, &vote, &[]),
        ProposalError,
        ProposalError::ProposalNotFound { .. }
    );
    let adopt = ProposalMsg::ProposeAdoption {
        recommendation_id: 42,
        description: None,
    };
    assert_refused!(
        refused(&mut s, &alice, &proposal, &adopt, &[]),
        ProposalError,
        ProposalError::RecommendationNotFound { .. }
    );

    let id = s.propose(&alice, vec![action()]).unwrap();
    let long = ProposalMsg::Vote {
        proposal_id: id,
        vote: Vote::Yes,
        rationale: Some("x".repeat(1_025)),
    };
    assert_refused!(
        refused(&mut s, &alice, &proposal, &long, &[]),
        ProposalError,
        ProposalError::RationaleTooLong { .. }
    );
    assert_refused!(
        refused(
            &mut s,
            &alice,
            &proposal,
            &ProposalMsg::Execute { proposal_id: id },
            &[]
        ),
        ProposalError,
        ProposalError::NotPassed { .. }
    );
    assert_refused!(
        refused(
            &mut s,
            &alice,
            &proposal,
            &ProposalMsg::Close { proposal_id: id },
            &[]
        ),
        ProposalError,
        ProposalError::CannotClose { .. }
    );
    s.vote(&alice, id, Vote::Yes).unwrap();
    let again = ProposalMsg::Vote {
        proposal_id: id,
        vote: Vote::No,
        rationale: None,
    };
    assert_refused!(
        refused(&mut s, &alice, &proposal, &again, &[]),
        ProposalError,
        ProposalError::AlreadyVoted { .. }
    );
}

#[test]
fn treasury_and_core_messages_refused() {
    let (mut s, _) = setup();
    let (alice, guardian, spender) = (
        s.member(0),
        s.actors.guardian.clone(),
        s.actors.spender.clone(),
    );
    let (core_addr, treasury_addr, oracle) = (s.core.clone(), s.treasury.clone(), s.oracle.clone());
    let recipient = s.actors.recipient.clone();

    let exec = treasury::ExecuteMsg::Execute {
        actions: vec![transfer(USD, 1, &recipient)],
        recommendation_id: None,
        expected_policy_version: None,
    };
    assert_refused!(
        refused(&mut s, &alice, &treasury_addr, &exec, &[]),
        TreasuryError,
        TreasuryError::Unauthorized { .. }
    );
    let draw = |amount: u128| treasury::ExecuteMsg::DrawBudget {
        asset: AssetInfo::native(USD),
        amount: Uint128::new(amount),
        recipient: None,
    };
    assert_refused!(
        refused(&mut s, &spender, &treasury_addr, &draw(10), &[]),
        TreasuryError,
        TreasuryError::BudgetNotFound { .. }
    );
    let zero = treasury::ExecuteMsg::Execute {
        actions: vec![transfer(USD, 0, &recipient)],
        recommendation_id: None,
        expected_policy_version: None,
    };
    assert_refused!(
        refused(&mut s, &core_addr, &treasury_addr, &zero, &[]),
        TreasuryError,
        TreasuryError::Policy(PolicyViolation::ZeroAmount { .. })
    );
    let stale = treasury::ExecuteMsg::Execute {
        actions: vec![transfer(USD, 1, &recipient)],
        recommendation_id: None,
        expected_policy_version: Some(9),
    };
    assert_refused!(
        refused(&mut s, &core_addr, &treasury_addr, &stale, &[]),
        TreasuryError,
        TreasuryError::StalePolicyVersion(_)
    );

    let add = core::ExecuteMsg::UpdateMembers {
        add: vec![core::Member {
            addr: alice.to_string(),
            weight: 100,
        }],
        remove: vec![],
    };
    assert_refused!(
        refused(&mut s, &alice, &core_addr, &add, &[]),
        CoreError,
        CoreError::Unauthorized { .. }
    );
    let zero_weight = core::ExecuteMsg::UpdateMembers {
        add: vec![core::Member {
            addr: alice.to_string(),
            weight: 0,
        }],
        remove: vec![],
    };
    assert_refused!(
        refused(&mut s, &core_addr, &core_addr, &zero_weight, &[]),
        CoreError,
        CoreError::ZeroWeight { .. }
    );
    let unstake = core::ExecuteMsg::Unstake {
        amount: Uint128::new(1),
    };
    assert_refused!(
        refused(&mut s, &alice, &core_addr, &unstake, &[]),
        CoreError,
        CoreError::StakingDisabled
    );
    let pause = core::ExecuteMsg::Pause {
        duration: Duration::Time(0),
    };
    assert_refused!(
        refused(&mut s, &guardian, &core_addr, &pause, &[]),
        CoreError,
        CoreError::ZeroPauseDuration
    );
    let long_name = core::ExecuteMsg::UpdateConfig {
        name: "n".repeat(65),
        description: "d".into(),
        guardian: None,
    };
    assert_refused!(
        refused(&mut s, &core_addr, &core_addr, &long_name, &[]),
        CoreError,
        CoreError::InvalidName { .. }
    );

    let mark = OracleMsg::MarkExecuted {
        id: 77,
        proposal_id: 1,
        balances_before: vec![],
    };
    assert_refused!(
        refused(&mut s, &core_addr, &oracle, &mark, &[]),
        OracleError,
        OracleError::RecommendationNotFound { .. }
    );
    let quorum = OracleMsg::SetQuorum { quorum: 5 };
    assert_refused!(
        refused(&mut s, &core_addr, &oracle, &quorum, &[]),
        OracleError,
        OracleError::Config(steward_types::oracle::OracleConfigError::QuorumOutOfRange { .. })
    );
}
