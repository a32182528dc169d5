//! The governance findings of the security review, each reproduced as the
//! attacker would try it, across the real contracts.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult, Uint128,
    WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20QueryMsg};
use cw_multi_test::{ContractWrapper, Executor};
use cw_utils::Duration;
use steward_tests::suite::{transfer, Suite, SuiteBuilder, ADVISOR, USD};
use steward_types::core::{self, PauseInfoResponse};
use steward_types::handle::DaoContracts;
use steward_types::json::ModuleMsg;
use steward_types::oracle::{self, RecommendationStatus};
use steward_types::proposal::{ModuleKind, ProposalAction, Timelock};
use steward_types::threshold::{Status, Vote};

/// Code a hostile majority would migrate dao-core to: its `migrate` sends
/// every governance token dao-core holds to `to`.
mod drain {
    use super::*;

    #[cw_serde]
    pub struct MigrateMsg {
        pub token: String,
        pub to: String,
    }

    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn query(_: Deps, _: Env, _: Empty) -> StdResult<Binary> {
        to_json_binary(&())
    }
    fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> StdResult<Response> {
        let held: cw20::BalanceResponse = deps.querier.query_wasm_smart(
            &msg.token,
            &Cw20QueryMsg::Balance {
                address: env.contract.address.to_string(),
            },
        )?;
        Ok(Response::new().add_message(WasmMsg::Execute {
            contract_addr: msg.token,
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: msg.to,
                amount: held.balance,
            })?,
            funds: vec![],
        }))
    }

    pub fn store(s: &mut Suite) -> u64 {
        s.app.store_code(Box::new(
            ContractWrapper::new(execute, instantiate, query).with_migrate(migrate),
        ))
    }
}

fn pause_info(s: &Suite) -> PauseInfoResponse {
    s.core_contract().pause_info(&s.app.wrap()).unwrap()
}

fn core_msg(msg: &core::ExecuteMsg) -> ProposalAction {
    ProposalAction::CoreMsg {
        msg: ModuleMsg::new(msg).unwrap(),
    }
}

fn oracle_msg(msg: &oracle::ExecuteMsg) -> ProposalAction {
    ProposalAction::OracleMsg {
        msg: ModuleMsg::new(msg).unwrap(),
    }
}

fn token_transfer(s: &Suite, recipient: &cosmwasm_std::Addr, amount: u128) -> ProposalAction {
    ProposalAction::Cosmos {
        msg: WasmMsg::Execute {
            contract_addr: s.token.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
            })
            .unwrap(),
            funds: vec![],
        }
        .into(),
    }
}

// Finding 1: a 70 % coalition migrates dao-core to code that takes the stake.
#[test]
fn a_majority_cannot_migrate_dao_core_away_with_the_minoritys_stake() {
    let mut s = SuiteBuilder {
        staking: true,
        ..SuiteBuilder::default()
    }
    .build();
    let (alice, bob, carol) = (s.member(0), s.member(1), s.member(2));
    let staked_before = s.cw20_balance(&s.core.clone());
    assert_eq!(staked_before, 100_000);

    let code = drain::store(&mut s);
    let msg = to_json_binary(&drain::MigrateMsg {
        token: s.token.to_string(),
        to: alice.to_string(),
    })
    .unwrap();
    let id = s
        .propose(
            &alice,
            vec![ProposalAction::Migrate {
                module: ModuleKind::Core,
                code_id: code,
                msg,
            }],
        )
        .unwrap();
    s.vote(&alice, id, Vote::Yes).unwrap();
    s.vote(&bob, id, Vote::Yes).unwrap();
    assert_eq!(s.proposal(id).status, Status::Passed);
    s.wait_timelock(id);
    let _ = s.execute(&alice, id);

    // Nothing left dao-core, and the minority leaves at once with its stake.
    assert_eq!(s.cw20_balance(&s.core.clone()), staked_before);
    let carol_before = s.cw20_balance(&carol);
    s.exec(
        &carol,
        &s.core.clone(),
        &core::ExecuteMsg::Unstake {
            amount: Uint128::new(30_000),
        },
    )
    .unwrap();
    // While the change is pending, unstaking pays out at once.
    assert_eq!(s.cw20_balance(&carol), carol_before + 30_000);

    // The change runs only after twice the unbonding period (7 days here),
    // and then takes nothing but what the majority left staked itself.
    let core_addr = s.core.clone();
    let early = s
        .exec(&bob, &core_addr, &core::ExecuteMsg::ExecuteUpgrade {})
        .unwrap_err();
    assert!(format!("{early:#}").contains("not yet"), "{early:#}");
    s.advance(14 * 86_400 + 5);
    let alice_before = s.cw20_balance(&alice);
    s.exec(&bob, &core_addr, &core::ExecuteMsg::ExecuteUpgrade {})
        .unwrap();
    assert_eq!(s.cw20_balance(&core_addr), 0);
    assert_eq!(s.cw20_balance(&alice), alice_before + 70_000);
    assert_eq!(s.cw20_balance(&carol), carol_before + 30_000);
}

// Finding 2: an outsider makes an execution fail once; it must stay executable.
#[test]
fn an_execution_that_fails_once_leaves_the_proposal_executable() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    let outsider = s.actors.outsider.clone();
    let alice = s.member(0);
    let id = s
        .propose(
            &alice,
            vec![ProposalAction::Treasury {
                actions: vec![transfer(USD, 1_000_000, &recipient)],
            }],
        )
        .unwrap();
    s.all_vote_yes(id).unwrap();
    // Prices go stale: the NAV check refuses any movement for now.
    s.advance(4_000);
    s.execute(&outsider, id).unwrap();
    assert_eq!(s.balance(&recipient, USD), 0);

    s.set_default_prices().unwrap();
    s.execute(&alice, id).unwrap();
    assert_eq!(s.proposal(id).status, Status::Executed);
    assert_eq!(s.balance(&recipient, USD), 1_000_000);
}

// Finding 5: the guardian must not end or shorten a pause the DAO voted.
#[test]
fn the_guardian_cannot_end_or_shorten_a_pause_the_dao_voted() {
    let mut s = SuiteBuilder::default().build();
    let guardian = s.actors.guardian.clone();
    s.pass(vec![core_msg(&core::ExecuteMsg::Pause {
        duration: Duration::Time(30 * 86_400),
    })])
    .unwrap();
    assert!(matches!(pause_info(&s), PauseInfoResponse::Paused { .. }));

    assert!(s
        .exec(&guardian, &s.core.clone(), &core::ExecuteMsg::Unpause {})
        .is_err());
    let _ = s.exec(
        &guardian,
        &s.core.clone(),
        &core::ExecuteMsg::Pause {
            duration: Duration::Time(1),
        },
    );
    s.advance(60);
    assert!(matches!(pause_info(&s), PauseInfoResponse::Paused { .. }));
}

// Finding 6: a revoked key's pending recommendation is no longer adoptable.
#[test]
fn a_revoked_keys_recommendation_cannot_be_adopted() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    s.pass(vec![oracle_msg(&oracle::ExecuteMsg::RevokeAdvisor {
        id: ADVISOR.into(),
    })])
    .unwrap();
    let alice = s.member(0);
    assert!(s.propose_adoption(&alice, rec).is_err());
}

// Finding 6: an adoption already under way fails at execution once the key is revoked.
#[test]
fn an_adoption_fails_at_execution_once_the_signing_key_is_revoked() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    let alice = s.member(0);
    let adoption = s.propose_adoption(&alice, rec).unwrap();
    s.all_vote_yes(adoption).unwrap();
    s.pass(vec![oracle_msg(&oracle::ExecuteMsg::RevokeAdvisor {
        id: ADVISOR.into(),
    })])
    .unwrap();
    s.wait_timelock(adoption);
    let _ = s.execute(&alice, adoption);
    assert_ne!(s.proposal(adoption).status, Status::Executed);
    assert_eq!(s.balance(&recipient, USD), 0);
    assert_ne!(s.recommendation(rec).status, RecommendationStatus::Executed);
}

// Finding 9: a timelock so long that its end overflows the clock is refused.
#[test]
fn a_timelock_beyond_any_clock_is_refused() {
    let mut s = SuiteBuilder::default().build();
    let before = s.proposal_contract().config(&s.app.wrap()).unwrap();
    let mut config = before.config.clone();
    config.timelock = Some(Timelock {
        duration: Duration::Time(20_000_000_000),
        vetoer: s.actors.vetoer.to_string(),
    });
    let err = s
        .pass(vec![ProposalAction::UpdateProposalConfig { config }])
        .unwrap_err();
    assert!(
        format!("{err:#}").contains("longer than the most accepted"),
        "{err:#}"
    );
    let after = s.proposal_contract().config(&s.app.wrap()).unwrap();
    assert_eq!(after.config, before.config);
}

// Finding 10: only an adoption proposal may mark a recommendation adopted.
#[test]
fn a_plain_proposal_cannot_mark_a_recommendation_adopted() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000_000, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    let id = s
        .pass(vec![
            ProposalAction::Treasury {
                actions: payload.actions.clone(),
            },
            oracle_msg(&oracle::ExecuteMsg::MarkExecuted {
                id: rec,
                proposal_id: 99,
                balances_before: vec![],
            }),
        ])
        .unwrap();
    assert_ne!(s.proposal(id).status, Status::Executed);
    assert_eq!(s.recommendation(rec).status, RecommendationStatus::Pending);
    let record = s.advisor_info(ADVISOR).record;
    assert_eq!((record.adopted, record.executed), (0, 0));
}

// Finding 11: one payload with nonce u64::MAX must not disable the advisor id.
#[test]
fn a_huge_nonce_cannot_disable_an_advisor() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    let recipient = s.actors.recipient.clone();
    let mut payload = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    payload.nonce = u64::MAX;
    let err = s.submit(&payload).unwrap_err();
    assert!(
        format!("{err:#}").contains("is more than 1000000000 above its last nonce"),
        "{err:#}"
    );
    let next = s.payload(vec![transfer(USD, 2_000, &recipient)]);
    s.submit(&next).unwrap();
}

// Finding 13: governance tokens sent straight to dao-core can be returned.
#[test]
fn tokens_sent_to_dao_core_outside_staking_can_be_returned_and_only_they() {
    let mut s = SuiteBuilder {
        staking: true,
        ..SuiteBuilder::default()
    }
    .build();
    let donor = s.actors.deployer.clone();
    let core_addr = s.core.clone();
    s.cw20_transfer(&donor, &core_addr, 5_000);
    let donor_before = s.cw20_balance(&donor);

    let too_much = s.pass(vec![token_transfer(&s, &donor, 5_001)]).unwrap();
    assert_ne!(s.proposal(too_much).status, Status::Executed);
    let back = s.pass(vec![token_transfer(&s, &donor, 5_000)]).unwrap();
    assert_eq!(s.proposal(back).status, Status::Executed);
    assert_eq!(s.cw20_balance(&donor), donor_before + 5_000);
    assert_eq!(s.cw20_balance(&core_addr), 100_000);
}

// Finding 1 also closes the other ways to the same code: an admin change of dao-core.
#[test]
fn a_majority_cannot_hand_dao_core_to_another_admin_at_once() {
    let mut s = SuiteBuilder {
        staking: true,
        ..SuiteBuilder::default()
    }
    .build();
    let alice = s.member(0);
    let id = s
        .pass(vec![ProposalAction::Cosmos {
            msg: WasmMsg::UpdateAdmin {
                contract_addr: s.core.to_string(),
                admin: alice.to_string(),
            }
            .into(),
        }])
        .unwrap();
    let pending = s.core_contract().pending_upgrade(&s.app.wrap()).unwrap();
    assert!(pending.upgrade.is_some(), "proposal {id} waits its delay");
    let info = s.app.wrap().query_wasm_contract_info(&s.core).unwrap();
    assert_eq!(info.admin.as_ref(), Some(&s.core));
    // Alice could otherwise migrate dao-core herself, with no vote at all.
    let _ = s.app.execute(
        alice.clone(),
        WasmMsg::Migrate {
            contract_addr: s.core.to_string(),
            new_code_id: s.codes.core,
            msg: to_json_binary(&steward_types::migrate::MigrateMsg {}).unwrap(),
        }
        .into(),
    );
    assert_eq!(s.cw20_balance(&s.core.clone()), 100_000);
}

// Finding 1: while a change is pending, earlier claims are released at once,
// a second change is refused, and the DAO may cancel it (nobody else).
#[test]
fn a_pending_upgrade_releases_claims_and_only_the_dao_cancels_it() {
    let mut s = SuiteBuilder {
        staking: true,
        ..SuiteBuilder::default()
    }
    .build();
    let (alice, carol) = (s.member(0), s.member(2));
    let core_addr = s.core.clone();
    // Carol starts unbonding the ordinary way: 7 days.
    s.exec(
        &carol,
        &core_addr,
        &core::ExecuteMsg::Unstake {
            amount: Uint128::new(10_000),
        },
    )
    .unwrap();
    assert!(s
        .exec(&carol, &core_addr, &core::ExecuteMsg::Claim {})
        .is_err());

    let migrate = ProposalAction::Migrate {
        module: ModuleKind::Core,
        code_id: s.codes.core,
        msg: to_json_binary(&steward_types::migrate::MigrateMsg {}).unwrap(),
    };
    let first = s.pass(vec![migrate.clone()]).unwrap();
    assert_eq!(s.proposal(first).status, Status::Executed);
    let carol_before = s.cw20_balance(&carol);
    s.exec(&carol, &core_addr, &core::ExecuteMsg::Claim {})
        .unwrap();
    assert_eq!(s.cw20_balance(&carol), carol_before + 10_000);

    // One change at a time.
    let second = s.pass(vec![migrate]).unwrap();
    assert_eq!(s.attempt_outcome(second), Status::ExecutionFailed);
    let err = s.proposal(second).proposal.execution_failures[0]
        .error
        .clone();
    assert!(err.contains("already pending"), "{err}");

    // Only the DAO cancels it.
    assert!(s
        .exec(&alice, &core_addr, &core::ExecuteMsg::CancelUpgrade {})
        .is_err());
    s.pass(vec![core_msg(&core::ExecuteMsg::CancelUpgrade {})])
        .unwrap();
    let pending = s.core_contract().pending_upgrade(&s.app.wrap()).unwrap();
    assert_eq!(pending.upgrade, None);
    let err = s
        .exec(&alice, &core_addr, &core::ExecuteMsg::ExecuteUpgrade {})
        .unwrap_err();
    assert!(format!("{err:#}").contains("no change"), "{err:#}");
}
