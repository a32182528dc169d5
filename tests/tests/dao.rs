//! One DAO in one transaction, snapshotted voting power, cw20 staking, pause,
//! and migration of every module through governance.

use cosmwasm_std::{to_json_binary, Uint128};
use cw_utils::Duration;
use steward_tests::suite::{core_action, transfer, SuiteBuilder, USD};
use steward_types::core::stored::{POWER_RECORDS, TOTAL_POWER_RECORD};
use steward_types::core::{self, Member, PauseInfoResponse};
use steward_types::handle::DaoContracts;
use steward_types::migrate::MigrateMsg;
use steward_types::proposal::{ModuleKind, ProposalAction};
use steward_types::threshold::{Status, Vote};

#[test]
fn one_transaction_creates_the_whole_dao() {
    let s = SuiteBuilder::default().build();
    for (module, code) in [
        (&s.proposal, s.codes.proposal),
        (&s.treasury, s.codes.treasury),
        (&s.oracle, s.codes.oracle),
    ] {
        let info = s.app.wrap().query_wasm_contract_info(module).unwrap();
        assert_eq!(info.code_id, code);
        assert_eq!(
            info.admin.as_ref(),
            Some(&s.core),
            "dao-core administers {module}"
        );
    }
    let pcfg = s.proposal_contract().config(&s.app.wrap()).unwrap();
    assert_eq!(pcfg.dao, s.core);
    let ocfg = s.oracle_contract().config(&s.app.wrap()).unwrap();
    assert_eq!(ocfg.dao, s.core);
    let power = s.core_contract().total_power(&s.app.wrap()).unwrap();
    assert_eq!(power, Uint128::new(100));
}

#[test]
fn members_added_after_a_proposal_starts_do_not_vote_on_it() {
    let mut s = SuiteBuilder::default().build();
    let dave = s.actors.outsider.clone();
    let alice = s.member(0);
    let recipient = s.actors.recipient.clone();
    let old = s
        .propose(
            &alice,
            vec![ProposalAction::Treasury {
                actions: vec![transfer(USD, 1, &recipient)],
            }],
        )
        .unwrap();
    let add_dave = core_action(&core::ExecuteMsg::UpdateMembers {
        add: vec![Member {
            addr: dave.to_string(),
            weight: 50,
        }],
        remove: vec![],
    });
    s.pass(vec![add_dave]).unwrap();
    assert_eq!(s.voting_power(&dave, None), 50);
    s.next_block();
    // Dave has power now, but not at the old proposal's start height.
    assert!(s.vote(&dave, old, Vote::Yes).is_err());
    let start = s.proposal(old).proposal.start_height;
    assert_eq!(s.voting_power(&dave, Some(start)), 0);
    // On a new proposal he votes, with 50 of 150.
    let new = s
        .propose(
            &alice,
            vec![ProposalAction::Treasury {
                actions: vec![transfer(USD, 1, &recipient)],
            }],
        )
        .unwrap();
    s.vote(&dave, new, Vote::Yes).unwrap();
    assert_eq!(s.proposal(new).proposal.total_power, Uint128::new(150));
    assert_eq!(s.proposal(new).proposal.votes.yes, Uint128::new(50));

    // The records the proposal module reads raw are where the shared package
    // says, with the height of the change: a vote on `new` reads dave's power
    // without a call into dao-core.
    let record = POWER_RECORDS
        .query(&s.app.wrap(), s.core.clone(), &dave)
        .unwrap()
        .unwrap();
    assert_eq!(record.power, Uint128::new(50));
    assert!(record.changed_at < s.proposal(new).proposal.start_height);
    assert_eq!(
        record.at_height(start),
        None,
        "changed after the old proposal started"
    );
    let total = TOTAL_POWER_RECORD
        .query(&s.app.wrap(), s.core.clone())
        .unwrap();
    assert_eq!(total.power, Uint128::new(150));
    assert_eq!(total.changed_at, record.changed_at);
}

#[test]
fn cw20_staked_voting_power_with_unbonding() {
    let mut s = SuiteBuilder {
        staking: true,
        ..SuiteBuilder::default()
    }
    .build();
    let alice = s.member(0);
    assert_eq!(s.voting_power(&alice, None), 40_000);
    let balance0 = s.cw20_balance(&alice);
    let core_addr = s.core.clone();
    s.exec(
        &alice,
        &core_addr,
        &core::ExecuteMsg::Unstake {
            amount: Uint128::new(10_000),
        },
    )
    .unwrap();
    assert_eq!(s.voting_power(&alice, None), 30_000);
    // Nothing to claim until the unbonding period is over.
    assert!(s
        .exec(&alice, &core_addr, &core::ExecuteMsg::Claim {})
        .is_err());
    s.advance(7 * 86_400 + 5);
    s.exec(&alice, &core_addr, &core::ExecuteMsg::Claim {})
        .unwrap();
    assert_eq!(s.cw20_balance(&alice), balance0 + 10_000);
    // Staking from another token is refused.
    let outsider = s.actors.outsider.clone();
    let fake = cw20::Cw20ReceiveMsg {
        sender: outsider.to_string(),
        amount: Uint128::new(1_000_000),
        msg: to_json_binary(&core::ReceiveMsg::Stake {}).unwrap(),
    };
    assert!(s
        .exec(&outsider, &core_addr, &core::ExecuteMsg::Receive(fake))
        .is_err());
    assert_eq!(s.voting_power(&outsider, None), 0);

    // Staked power decides proposals.
    s.set_default_prices().unwrap();
    let recipient = s.actors.recipient.clone();
    let id = s
        .pass(vec![ProposalAction::Treasury {
            actions: vec![transfer(USD, 7, &recipient)],
        }])
        .unwrap();
    assert_eq!(s.proposal(id).status, Status::Executed);
    assert_eq!(s.balance(&recipient, USD), 7);
}

#[test]
fn pause_stops_treasury_and_execution_until_it_ends() {
    let mut s = SuiteBuilder::default().build();
    let guardian = s.actors.guardian.clone();
    let core_addr = s.core.clone();
    let alice = s.member(0);
    let recipient = s.actors.recipient.clone();
    let pid = s
        .propose(
            &alice,
            vec![ProposalAction::Treasury {
                actions: vec![transfer(USD, 1_000, &recipient)],
            }],
        )
        .unwrap();
    s.all_vote_yes(pid).unwrap();

    // A member cannot pause; the guardian can.
    assert!(s
        .exec(
            &alice,
            &core_addr,
            &core::ExecuteMsg::Pause {
                duration: Duration::Time(3_600)
            }
        )
        .is_err());
    s.exec(
        &guardian,
        &core_addr,
        &core::ExecuteMsg::Pause {
            duration: Duration::Time(3_600),
        },
    )
    .unwrap();
    let info = s.core_contract().pause_info(&s.app.wrap()).unwrap();
    assert!(matches!(info, PauseInfoResponse::Paused { .. }));

    // Execution is refused (the proposal stays Passed, not failed)…
    assert!(s.execute(&alice, pid).is_err());
    assert_eq!(s.proposal(pid).status, Status::Passed);
    // …and so is a budget draw.
    let spender = s.actors.spender.clone();
    let treasury = s.treasury.clone();
    assert!(s
        .exec(
            &spender,
            &treasury,
            &steward_types::treasury::ExecuteMsg::DrawBudget {
                asset: steward_types::AssetInfo::native(USD),
                amount: Uint128::new(1),
                recipient: None,
            }
        )
        .is_err());

    s.advance(3_600 + 5);
    s.set_default_prices().unwrap();
    s.execute(&alice, pid).unwrap();
    assert_eq!(s.balance(&recipient, USD), 1_000);

    // The guardian may also end a pause early.
    s.exec(
        &guardian,
        &core_addr,
        &core::ExecuteMsg::Pause {
            duration: Duration::Time(3_600),
        },
    )
    .unwrap();
    s.exec(&guardian, &core_addr, &core::ExecuteMsg::Unpause {})
        .unwrap();
    let info = s.core_contract().pause_info(&s.app.wrap()).unwrap();
    assert_eq!(info, PauseInfoResponse::Unpaused {});
}

#[test]
fn governance_can_unpause_and_replace_a_guardian_during_a_pause() {
    let mut s = SuiteBuilder::default().build();
    let guardian = s.actors.guardian.clone();
    let core_addr = s.core.clone();
    s.exec(
        &guardian,
        &core_addr,
        &core::ExecuteMsg::Pause {
            duration: Duration::Time(30 * 86_400),
        },
    )
    .unwrap();
    // A proposal that moves funds must wait…
    let recipient = s.actors.recipient.clone();
    let alice = s.member(0);
    let pay = s
        .propose(
            &alice,
            vec![ProposalAction::Treasury {
                actions: vec![transfer(USD, 1, &recipient)],
            }],
        )
        .unwrap();
    s.all_vote_yes(pay).unwrap();
    assert!(s.execute(&alice, pay).is_err());
    // …but one that only governs dao-core itself runs: drop the guardian, unpause.
    let id = s
        .pass(vec![
            core_action(&core::ExecuteMsg::UpdateConfig {
                name: "Steward Test DAO".into(),
                description: "d".into(),
                guardian: None,
            }),
            core_action(&core::ExecuteMsg::Unpause {}),
        ])
        .unwrap();
    assert_eq!(s.proposal(id).status, Status::Executed);
    let info = s.core_contract().pause_info(&s.app.wrap()).unwrap();
    assert_eq!(info, PauseInfoResponse::Unpaused {});
    assert!(s
        .exec(
            &guardian,
            &core_addr,
            &core::ExecuteMsg::Pause {
                duration: Duration::Time(60)
            }
        )
        .is_err());
    s.execute(&alice, pay).unwrap();
    assert_eq!(s.balance(&recipient, USD), 1);
}

#[test]
fn governance_pauses_too() {
    let mut s = SuiteBuilder::default().build();
    s.pass(vec![core_action(&core::ExecuteMsg::Pause {
        duration: Duration::Height(100),
    })])
    .unwrap();
    let info = s.core_contract().pause_info(&s.app.wrap()).unwrap();
    assert!(matches!(info, PauseInfoResponse::Paused { .. }));
}

#[test]
fn every_module_migrates_through_a_proposal() {
    let mut s = SuiteBuilder::default().build();
    let new_codes = [
        (
            ModuleKind::Core,
            s.core.clone(),
            s.app.store_code(steward_tests::suite::core_contract()),
        ),
        (
            ModuleKind::Proposal,
            s.proposal.clone(),
            s.app.store_code(steward_tests::suite::proposal_contract()),
        ),
        (
            ModuleKind::Treasury,
            s.treasury.clone(),
            s.app.store_code(steward_tests::suite::treasury_contract()),
        ),
        (
            ModuleKind::Oracle,
            s.oracle.clone(),
            s.app.store_code(steward_tests::suite::oracle_contract()),
        ),
    ];
    let msg = to_json_binary(&MigrateMsg {}).unwrap();
    for (module, addr, code_id) in &new_codes {
        let id = s
            .pass(vec![ProposalAction::Migrate {
                module: *module,
                code_id: *code_id,
                msg: msg.clone(),
            }])
            .unwrap();
        assert_eq!(s.proposal(id).status, Status::Executed, "{module:?}");
        assert_eq!(
            s.app.wrap().query_wasm_contract_info(addr).unwrap().code_id,
            *code_id
        );
        let version = cw2::query_contract_info(&s.app.wrap(), addr.to_string()).unwrap();
        assert!(version.contract.starts_with("crates.io:steward-"));
    }
    // The DAO still works after migration.
    let recipient = s.actors.recipient.clone();
    s.set_default_prices().unwrap();
    s.pass(vec![ProposalAction::Treasury {
        actions: vec![transfer(USD, 5, &recipient)],
    }])
    .unwrap();
    assert_eq!(s.balance(&recipient, USD), 5);

    // Migrating the treasury onto oracle code is refused (another contract's
    // state): the proposal fails and the treasury keeps its code.
    let oracle_code = new_codes[3].2;
    let id = s
        .pass(vec![ProposalAction::Migrate {
            module: ModuleKind::Treasury,
            code_id: oracle_code,
            msg,
        }])
        .unwrap();
    assert_eq!(s.attempt_outcome(id), Status::ExecutionFailed);
    assert_eq!(
        s.app
            .wrap()
            .query_wasm_contract_info(&s.treasury)
            .unwrap()
            .code_id,
        new_codes[2].2
    );
}

#[test]
fn a_bad_module_message_fails_the_whole_instantiation() {
    let mut s = SuiteBuilder::default().build();
    let deployer = s.actors.deployer.clone();
    let module = |code_id, label: &str, msg: &[u8]| core::ModuleInstantiate {
        code_id,
        label: label.into(),
        msg: msg.to_vec().into(),
    };
    let msg = core::InstantiateMsg {
        name: "Broken".into(),
        description: "".into(),
        members: vec![Member {
            addr: deployer.to_string(),
            weight: 1,
        }],
        voting: core::VotingConfig::Members {},
        guardian: None,
        proposal: module(s.codes.proposal, "p", br#"{"config":{}}"#),
        treasury: module(s.codes.treasury, "t", b"{}"),
        oracle: module(s.codes.oracle, "o", b"{}"),
    };
    let contracts_before = s.app.wrap().query_wasm_contract_info(&s.core).unwrap();
    let err = cw_multi_test::Executor::instantiate_contract(
        &mut s.app,
        s.codes.core,
        deployer,
        &msg,
        &[],
        "broken",
        None,
    )
    .unwrap_err();
    assert!(format!("{err:?}").contains("config"), "{err:?}");
    assert_eq!(
        s.app.wrap().query_wasm_contract_info(&s.core).unwrap(),
        contracts_before
    );
}
