//! The authorization matrix: every execute variant of every contract, sent by
//! every role, on a fresh DAO each time. Exactly the intended roles succeed.

use cosmwasm_std::{
    to_json_binary, to_json_vec, Addr, Binary, CosmosMsg, Decimal, Uint128, WasmMsg,
};
use cw_multi_test::Executor;
use cw_utils::Duration;
use steward_tests::suite::{transfer, Suite, SuiteBuilder, ADVISOR, ATOM, FEEDER, USD};
use steward_types::asset::AssetInfo;
use steward_types::handle::DaoContracts;
use steward_types::policy::TreasuryAction;
use steward_types::proposal::ProposalAction;
use steward_types::threshold::{Status, Vote};
use steward_types::{core, oracle, proposal, treasury};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Member,
    NonMember,
    Relayer,
    DaoCore,
    Proposal,
    Treasury,
    Oracle,
    Guardian,
    Vetoer,
    Spender,
}

use Role::*;
const ALL: &[Role] = &[
    Member, NonMember, Relayer, DaoCore, Proposal, Treasury, Oracle, Guardian, Vetoer, Spender,
];

fn address(s: &Suite, role: Role) -> Addr {
    match role {
        Member => s.member(0),
        NonMember => s.actors.outsider.clone(),
        Relayer => s.actors.relayer.clone(),
        DaoCore => s.core.clone(),
        Proposal => s.proposal.clone(),
        Treasury => s.treasury.clone(),
        Oracle => s.oracle.clone(),
        Guardian => s.actors.guardian.clone(),
        Vetoer => s.actors.vetoer.clone(),
        Spender => s.actors.spender.clone(),
    }
}

/// One execute variant: how to prepare the DAO and the message to send.
struct Case {
    name: &'static str,
    allowed: &'static [Role],
    staking: bool,
    prepare: fn(&mut Suite) -> (Addr, Binary),
}

fn bin<T: serde::Serialize>(msg: &T) -> Binary {
    to_json_binary(msg).unwrap()
}

/// Runs a message as dao-core would (the test acts as the contract).
fn as_core<T: serde::Serialize + std::fmt::Debug>(s: &mut Suite, contract: &Addr, msg: &T) {
    let core = s.core.clone();
    s.exec(&core, contract, msg).unwrap();
}

fn open_proposal(s: &mut Suite) -> u64 {
    let alice = s.member(0);
    let recipient = s.actors.recipient.clone();
    s.propose(
        &alice,
        vec![ProposalAction::Treasury {
            actions: vec![transfer(USD, 10, &recipient)],
        }],
    )
    .unwrap()
}

fn submitted_recommendation(s: &mut Suite) -> u64 {
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 10, &recipient)]);
    s.submit(&payload).unwrap()
}

/// A recommendation whose adoption proposal is being executed: its stored
/// status is `Executed` from dispatch on, which is what the oracle checks
/// before it lets dao-core mark the recommendation adopted or executed.
fn executing_adoption(s: &mut Suite) -> (u64, u64) {
    let id = submitted_recommendation(s);
    let alice = s.member(0);
    let proposal_id = s.propose_adoption(&alice, id).unwrap();
    let module = s.proposal.clone();
    let mut storage = s.app.contract_storage_mut(&module);
    steward_proposal::state::PROPOSAL_VOTES
        .update(&mut *storage, proposal_id, |p| {
            let mut p = p.unwrap();
            p.status = Status::Executed;
            Ok::<_, cosmwasm_std::StdError>(p)
        })
        .unwrap();
    (id, proposal_id)
}

fn signed_recommendation(s: &mut Suite) -> Binary {
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 10, &recipient)]);
    let bytes = to_json_vec(&payload).unwrap();
    let signatures = vec![s.advisor.advisor_signature(ADVISOR, &bytes)];
    bin(&oracle::ExecuteMsg::SubmitRecommendation {
        payload: bytes.into(),
        signatures,
    })
}

fn cases() -> Vec<Case> {
    vec![
        // ---- dao-core ----
        Case {
            name: "core ExecuteProposal",
            allowed: &[Proposal],
            staking: false,
            prepare: |s| {
                let inner: CosmosMsg = WasmMsg::Execute {
                    contract_addr: s.core.to_string(),
                    msg: bin(&core::ExecuteMsg::UpdateConfig {
                        name: "Renamed".into(),
                        description: "d".into(),
                        guardian: None,
                    }),
                    funds: vec![],
                }
                .into();
                (
                    s.core.clone(),
                    bin(&core::ExecuteMsg::ExecuteProposal { msgs: vec![inner] }),
                )
            },
        },
        Case {
            name: "core UpdateMembers",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let add = vec![core::Member {
                    addr: s.actors.outsider.to_string(),
                    weight: 5,
                }];
                (
                    s.core.clone(),
                    bin(&core::ExecuteMsg::UpdateMembers {
                        add,
                        remove: vec![],
                    }),
                )
            },
        },
        Case {
            name: "core UpdateConfig",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let msg = core::ExecuteMsg::UpdateConfig {
                    name: "n".into(),
                    description: "d".into(),
                    guardian: None,
                };
                (s.core.clone(), bin(&msg))
            },
        },
        Case {
            name: "core Pause",
            allowed: &[DaoCore, Guardian],
            staking: false,
            prepare: |s| {
                (
                    s.core.clone(),
                    bin(&core::ExecuteMsg::Pause {
                        duration: Duration::Time(60),
                    }),
                )
            },
        },
        Case {
            // A pause the guardian started: both may end it (the guardian
            // may not end one the DAO voted, see tests/security.rs).
            name: "core Unpause",
            allowed: &[DaoCore, Guardian],
            staking: false,
            prepare: |s| {
                let (core, guardian) = (s.core.clone(), s.actors.guardian.clone());
                s.exec(
                    &guardian,
                    &core,
                    &core::ExecuteMsg::Pause {
                        duration: Duration::Time(60),
                    },
                )
                .unwrap();
                (core, bin(&core::ExecuteMsg::Unpause {}))
            },
        },
        Case {
            name: "core Receive (stake; only the governance token may call it)",
            allowed: &[],
            staking: true,
            prepare: |s| {
                let msg = cw20::Cw20ReceiveMsg {
                    sender: s.member(0).to_string(),
                    amount: Uint128::new(100),
                    msg: bin(&core::ReceiveMsg::Stake {}),
                };
                (s.core.clone(), bin(&core::ExecuteMsg::Receive(msg)))
            },
        },
        Case {
            name: "core Unstake",
            allowed: &[Member],
            staking: true,
            prepare: |s| {
                (
                    s.core.clone(),
                    bin(&core::ExecuteMsg::Unstake {
                        amount: Uint128::new(100),
                    }),
                )
            },
        },
        Case {
            name: "core Claim",
            allowed: &[Member],
            staking: true,
            prepare: |s| {
                let (core, alice) = (s.core.clone(), s.member(0));
                s.exec(
                    &alice,
                    &core,
                    &core::ExecuteMsg::Unstake {
                        amount: Uint128::new(100),
                    },
                )
                .unwrap();
                s.advance(8 * 86_400);
                (core, bin(&core::ExecuteMsg::Claim {}))
            },
        },
        // ---- proposal ----
        Case {
            name: "proposal Propose",
            allowed: &[Member],
            staking: false,
            prepare: |s| {
                let recipient = s.actors.recipient.clone();
                let msg = proposal::ExecuteMsg::Propose {
                    title: "t".into(),
                    description: "d".into(),
                    actions: vec![ProposalAction::Treasury {
                        actions: vec![transfer(USD, 1, &recipient)],
                    }],
                };
                (s.proposal.clone(), bin(&msg))
            },
        },
        Case {
            name: "proposal ProposeAdoption",
            allowed: &[Member],
            staking: false,
            prepare: |s| {
                let id = submitted_recommendation(s);
                let msg = proposal::ExecuteMsg::ProposeAdoption {
                    recommendation_id: id,
                    description: None,
                };
                (s.proposal.clone(), bin(&msg))
            },
        },
        Case {
            name: "proposal Vote",
            allowed: &[Member],
            staking: false,
            prepare: |s| {
                let id = open_proposal(s);
                let msg = proposal::ExecuteMsg::Vote {
                    proposal_id: id,
                    vote: Vote::Yes,
                    rationale: Some("why".into()),
                };
                (s.proposal.clone(), bin(&msg))
            },
        },
        Case {
            name: "proposal Execute",
            allowed: ALL,
            staking: false,
            prepare: |s| {
                let id = open_proposal(s);
                s.all_vote_yes(id).unwrap();
                s.wait_timelock(id);
                (
                    s.proposal.clone(),
                    bin(&proposal::ExecuteMsg::Execute { proposal_id: id }),
                )
            },
        },
        Case {
            name: "proposal Veto",
            allowed: &[Vetoer],
            staking: false,
            prepare: |s| {
                let rec = submitted_recommendation(s);
                let alice = s.member(0);
                let id = s.propose_adoption(&alice, rec).unwrap();
                s.all_vote_yes(id).unwrap();
                (
                    s.proposal.clone(),
                    bin(&proposal::ExecuteMsg::Veto { proposal_id: id }),
                )
            },
        },
        Case {
            name: "proposal Close",
            allowed: ALL,
            staking: false,
            prepare: |s| {
                let id = open_proposal(s);
                for i in 0..3 {
                    let m = s.member(i);
                    if s.proposal(id).status == steward_types::threshold::Status::Open {
                        s.vote(&m, id, Vote::No).unwrap();
                    }
                }
                (
                    s.proposal.clone(),
                    bin(&proposal::ExecuteMsg::Close { proposal_id: id }),
                )
            },
        },
        Case {
            name: "proposal UpdateConfig",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let cfg = s.proposal_contract().config(&s.app.wrap()).unwrap();
                (
                    s.proposal.clone(),
                    bin(&proposal::ExecuteMsg::UpdateConfig { config: cfg.config }),
                )
            },
        },
        // ---- treasury ----
        Case {
            name: "treasury Execute",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let recipient = s.actors.recipient.clone();
                let msg = treasury::ExecuteMsg::Execute {
                    actions: vec![transfer(USD, 10, &recipient)],
                    recommendation_id: None,
                    expected_policy_version: None,
                };
                (s.treasury.clone(), bin(&msg))
            },
        },
        Case {
            name: "treasury UpdatePolicy",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let policy = s.policy().policy;
                (
                    s.treasury.clone(),
                    bin(&treasury::ExecuteMsg::UpdatePolicy { policy }),
                )
            },
        },
        Case {
            name: "treasury DrawBudget",
            allowed: &[Spender],
            staking: false,
            prepare: |s| {
                let treasury = s.treasury.clone();
                let set = TreasuryAction::SetBudget {
                    spender: s.actors.spender.to_string(),
                    asset: AssetInfo::native(USD),
                    amount_per_period: Uint128::new(1_000),
                    period_seconds: 86_400,
                };
                let msg = treasury::ExecuteMsg::Execute {
                    actions: vec![set],
                    recommendation_id: None,
                    expected_policy_version: None,
                };
                as_core(s, &treasury, &msg);
                let draw = treasury::ExecuteMsg::DrawBudget {
                    asset: AssetInfo::native(USD),
                    amount: Uint128::new(100),
                    recipient: None,
                };
                (treasury, bin(&draw))
            },
        },
        Case {
            // A deposit notice keeps no ledger: whoever calls it changes nothing
            // but events, so it is open (the tokens themselves move only by cw20).
            name: "treasury Receive (deposit notice)",
            allowed: ALL,
            staking: false,
            prepare: |s| {
                let msg = cw20::Cw20ReceiveMsg {
                    sender: s.member(0).to_string(),
                    amount: Uint128::new(100),
                    msg: bin(&treasury::ReceiveMsg::Deposit {}),
                };
                (s.treasury.clone(), bin(&treasury::ExecuteMsg::Receive(msg)))
            },
        },
        // ---- oracle ----
        Case {
            name: "oracle SubmitRecommendation",
            allowed: ALL,
            staking: false,
            prepare: |s| (s.oracle.clone(), signed_recommendation(s)),
        },
        Case {
            name: "oracle SubmitPrices",
            allowed: ALL,
            staking: false,
            prepare: |s| {
                s.next_block();
                let payload = steward_types::payload::PricePayload {
                    chain_id: s.app.block_info().chain_id,
                    oracle: s.oracle.to_string(),
                    feeder: FEEDER.into(),
                    publish_time: s.now(),
                    prices: vec![steward_types::payload::PriceQuote {
                        asset: AssetInfo::native(ATOM),
                        price: Decimal::percent(1_100),
                    }],
                };
                let bytes = to_json_vec(&payload).unwrap();
                let signature = s.feeder.sign(&bytes);
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::SubmitPrices {
                        payload: bytes.into(),
                        signature,
                    }),
                )
            },
        },
        Case {
            name: "oracle ExpireRecommendation",
            allowed: ALL,
            staking: false,
            prepare: |s| {
                let id = submitted_recommendation(s);
                s.advance(2 * 86_400);
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::ExpireRecommendation { id }),
                )
            },
        },
        Case {
            name: "oracle RegisterAdvisor",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let key = steward_testing::TestKey::ed25519(42).advisor_key("advisor-new");
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::RegisterAdvisor { key }),
                )
            },
        },
        Case {
            name: "oracle RotateAdvisor",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let key = steward_testing::TestKey::secp256k1(43);
                let msg = oracle::ExecuteMsg::RotateAdvisor {
                    id: ADVISOR.into(),
                    algorithm: key.algorithm(),
                    public_key: key.public_key(),
                    active_from: None,
                    expires_at: None,
                };
                (s.oracle.clone(), bin(&msg))
            },
        },
        Case {
            name: "oracle RevokeAdvisor",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::RevokeAdvisor { id: ADVISOR.into() }),
                )
            },
        },
        Case {
            name: "oracle SetQuorum",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::SetQuorum { quorum: 2 }),
                )
            },
        },
        Case {
            name: "oracle RegisterFeeder",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let feeder = steward_testing::TestKey::secp256k1(44).feeder("feeder-2");
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::RegisterFeeder { feeder }),
                )
            },
        },
        Case {
            name: "oracle RemoveFeeder",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::RemoveFeeder { id: FEEDER.into() }),
                )
            },
        },
        Case {
            name: "oracle MarkExecuted",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let (id, proposal_id) = executing_adoption(s);
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::MarkExecuted {
                        id,
                        proposal_id,
                        balances_before: vec![],
                    }),
                )
            },
        },
        Case {
            name: "oracle MarkRejected",
            allowed: &[DaoCore],
            staking: false,
            prepare: |s| {
                let id = submitted_recommendation(s);
                (
                    s.oracle.clone(),
                    bin(&oracle::ExecuteMsg::MarkRejected { id }),
                )
            },
        },
    ]
}

#[test]
fn exactly_the_intended_roles_succeed() {
    let mut mismatches = vec![];
    let mut runs = 0;
    for case in cases() {
        for &role in ALL {
            let mut s = SuiteBuilder {
                advisors_at_genesis: true,
                staking: case.staking,
                ..SuiteBuilder::default()
            }
            .build();
            let (contract, msg) = (case.prepare)(&mut s);
            let sender = address(&s, role);
            let result = s.app.execute(
                sender,
                WasmMsg::Execute {
                    contract_addr: contract.to_string(),
                    msg,
                    funds: vec![],
                }
                .into(),
            );
            runs += 1;
            let expected = case.allowed.contains(&role);
            if result.is_ok() != expected {
                mismatches.push(format!(
                    "{} as {role:?}: expected {}, got {}",
                    case.name,
                    if expected { "success" } else { "refusal" },
                    match &result {
                        Ok(_) => "success".to_string(),
                        Err(e) => format!("refusal: {}", e.root_cause()),
                    }
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {runs} mismatched:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // 31 execute variants × 10 roles.
    assert_eq!(runs, cases().len() * ALL.len());
}
