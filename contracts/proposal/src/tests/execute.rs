//! Execute: preconditions, the messages dao-core receives, and failed execution.

use crate::error::ContractError;
use crate::tests::harness::{addr, attr, default_config, text_action, transfer, vetoer, Suite};
use cosmwasm_std::{
    coins, from_json, to_json_binary, BankMsg, Binary, CosmosMsg, ReplyOn, Response, SubMsg,
    SubMsgResult, WasmMsg,
};
use cw_utils::{Duration, Expiration, PaymentError};
use steward_testing::defaults;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::core::ExecuteMsg as CoreExecute;
use steward_types::json::ModuleMsg;
use steward_types::oracle::ExecuteMsg as OracleExecute;
use steward_types::proposal::{
    ExecuteMsg, ModuleKind, ProposalAction, ProposalResponse, QueryMsg, Timelock,
    MAX_FAILURE_ERROR_LEN, MAX_RECORDED_FAILURES,
};
use steward_types::threshold::{Status, Vote};
use steward_types::treasury::ExecuteMsg as TreasuryExecute;

fn status(suite: &Suite, id: u64) -> Status {
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: id });
    res.status
}

fn execute(suite: &mut Suite, sender: &str, id: u64) -> Result<Response, ContractError> {
    suite.exec(&addr(sender), ExecuteMsg::Execute { proposal_id: id })
}

/// alice and bob vote yes: 70 of 100 passes at once.
fn pass(suite: &mut Suite, id: u64) {
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    assert_eq!(status(suite, id), Status::Passed);
}

fn wasm(contract: &cosmwasm_std::Addr, msg: Binary) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg,
        funds: vec![],
    }
    .into()
}

/// The one submessage of an execution, unpacked to the messages dao-core runs.
fn dispatched(suite: &Suite, res: &Response, id: u64) -> Vec<CosmosMsg> {
    assert_eq!(res.messages.len(), 1);
    let sub: &SubMsg = &res.messages[0];
    assert_eq!(sub.id, id);
    assert_eq!(sub.reply_on, ReplyOn::Error);
    let CosmosMsg::Wasm(WasmMsg::Execute {
        contract_addr,
        msg,
        funds,
    }) = &sub.msg
    else {
        panic!("not a wasm execute: {:?}", sub.msg)
    };
    assert_eq!(*contract_addr, suite.dao.to_string());
    assert!(funds.is_empty());
    let CoreExecute::ExecuteProposal { msgs } = from_json(msg).unwrap() else {
        panic!("not ExecuteProposal")
    };
    msgs
}

#[test]
fn actions_become_messages_from_dao_core() {
    let mut suite = Suite::new(default_config());
    let bank = CosmosMsg::Bank(BankMsg::Send {
        to_address: addr("payee").to_string(),
        amount: coins(3, "uatom"),
    });
    let mut new_config = default_config();
    new_config.allow_revoting = true;
    let actions = vec![
        ProposalAction::Treasury {
            actions: vec![transfer(5)],
        },
        ProposalAction::TreasuryMsg {
            msg: ModuleMsg::new(&TreasuryExecute::UpdatePolicy {
                policy: defaults::policy(),
            })
            .unwrap(),
        },
        ProposalAction::OracleMsg {
            msg: ModuleMsg::new(&OracleExecute::SetQuorum { quorum: 2 }).unwrap(),
        },
        ProposalAction::CoreMsg {
            msg: ModuleMsg::new(&CoreExecute::Unpause {}).unwrap(),
        },
        ProposalAction::UpdateProposalConfig {
            config: new_config.clone(),
        },
        ProposalAction::Migrate {
            module: ModuleKind::Treasury,
            code_id: 7,
            msg: Binary::from(b"{}"),
        },
        ProposalAction::Migrate {
            module: ModuleKind::Oracle,
            code_id: 8,
            msg: Binary::from(b"{}"),
        },
        ProposalAction::Migrate {
            module: ModuleKind::Core,
            code_id: 9,
            msg: Binary::from(b"{}"),
        },
        ProposalAction::Migrate {
            module: ModuleKind::Proposal,
            code_id: 10,
            msg: Binary::from(b"{}"),
        },
        ProposalAction::Cosmos { msg: bank.clone() },
    ];
    let id = suite.propose(&addr("alice"), actions);
    pass(&mut suite, id);
    let res = execute(&mut suite, "carol", id).unwrap();
    let me = suite.env.contract.address.clone();
    let migrate = |contract: &cosmwasm_std::Addr, code_id: u64| -> CosmosMsg {
        WasmMsg::Migrate {
            contract_addr: contract.to_string(),
            new_code_id: code_id,
            msg: Binary::from(b"{}"),
        }
        .into()
    };
    let expected = vec![
        wasm(
            &suite.treasury,
            to_json_binary(&TreasuryExecute::Execute {
                actions: vec![transfer(5)],
                recommendation_id: None,
                expected_policy_version: None,
            })
            .unwrap(),
        ),
        wasm(
            &suite.treasury,
            to_json_binary(&TreasuryExecute::UpdatePolicy {
                policy: defaults::policy(),
            })
            .unwrap(),
        ),
        wasm(
            &suite.oracle,
            to_json_binary(&OracleExecute::SetQuorum { quorum: 2 }).unwrap(),
        ),
        wasm(
            &suite.dao,
            to_json_binary(&CoreExecute::Unpause {}).unwrap(),
        ),
        wasm(
            &me,
            to_json_binary(&ExecuteMsg::UpdateConfig { config: new_config }).unwrap(),
        ),
        migrate(&suite.treasury, 7),
        migrate(&suite.oracle, 8),
        migrate(&suite.dao, 9),
        migrate(&me, 10),
        bank,
    ];
    assert_eq!(dispatched(&suite, &res, id), expected);
    // Recorded before dispatch: a second execution is refused.
    assert_eq!(status(&suite, id), Status::Executed);
    let err = execute(&mut suite, "carol", id).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotPassed {
            proposal_id: id,
            status: Status::Executed
        }
    );
}

/// An adoption runs the treasury's execution, then the oracle's
/// `MarkExecuted` with the treasury's balances of the moved assets, read
/// before dispatch.
#[test]
fn adoption_executes_then_marks_executed_with_the_balances_before() {
    let mut suite = Suite::new(default_config());
    let treasury = suite.treasury.clone();
    suite
        .deps
        .querier
        .bank
        .update_balance(&treasury, vec![cosmwasm_std::coin(500, "uatom")]);
    suite.add_recommendation(6, 1);
    suite.propose_adoption(&addr("alice"), 6).unwrap();
    pass(&mut suite, 1);
    suite.advance(10);
    let res = execute(&mut suite, "carol", 1).unwrap();
    let expected = vec![
        wasm(
            &suite.treasury,
            to_json_binary(&TreasuryExecute::Execute {
                actions: vec![transfer(7), transfer(8)],
                recommendation_id: Some(6),
                expected_policy_version: Some(1),
            })
            .unwrap(),
        ),
        wasm(
            &suite.oracle,
            to_json_binary(&OracleExecute::MarkExecuted {
                id: 6,
                proposal_id: 1,
                balances_before: vec![AssetAmount::new(AssetInfo::native("uatom"), 500u128)],
            })
            .unwrap(),
        ),
    ];
    assert_eq!(dispatched(&suite, &res, 1), expected);
}

#[test]
fn only_passed_proposals_execute() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    let err = execute(&mut suite, "alice", id).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotPassed {
            proposal_id: id,
            status: Status::Open
        }
    );
    suite.vote("bob", id, Vote::No).unwrap();
    suite.vote("carol", id, Vote::No).unwrap();
    let err = execute(&mut suite, "alice", id).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotPassed {
            proposal_id: id,
            status: Status::Rejected
        }
    );
    let err = execute(&mut suite, "alice", 42).unwrap_err();
    assert_eq!(err, ContractError::ProposalNotFound { proposal_id: 42 });
}

#[test]
fn execution_waits_for_the_timelock() {
    let mut config = default_config();
    config.timelock = Some(Timelock {
        duration: Duration::Height(5),
        vetoer: vetoer().to_string(),
    });
    let mut suite = Suite::new(config);
    let id = suite.propose(&addr("alice"), text_action());
    suite.advance(2);
    pass(&mut suite, id);
    let ends = Expiration::AtHeight(suite.env.block.height + 5);
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: id });
    assert_eq!(res.timelock_ends, Some(ends));
    let err = execute(&mut suite, "alice", id).unwrap_err();
    assert_eq!(
        err,
        ContractError::TimelockNotOver {
            proposal_id: id,
            ends
        }
    );
    suite.advance(4);
    let err = execute(&mut suite, "alice", id).unwrap_err();
    assert_eq!(
        err,
        ContractError::TimelockNotOver {
            proposal_id: id,
            ends
        }
    );
    suite.advance(1);
    execute(&mut suite, "alice", id).unwrap();
    assert_eq!(status(&suite, id), Status::Executed);
}

#[test]
fn passing_at_expiration_starts_the_timelock_there() {
    let mut config = default_config();
    config.allow_revoting = true;
    config.timelock = Some(Timelock {
        duration: Duration::Height(5),
        vetoer: vetoer().to_string(),
    });
    let mut suite = Suite::new(config);
    let id = suite.propose(&addr("alice"), text_action());
    let expiration = suite.env.block.height + 100;
    suite.vote("alice", id, Vote::Yes).unwrap();
    suite.vote("bob", id, Vote::Yes).unwrap();
    suite.advance(100);
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: id });
    assert_eq!(res.status, Status::Passed);
    assert_eq!(
        res.timelock_ends,
        Some(Expiration::AtHeight(expiration + 5))
    );
    suite.advance(4);
    assert!(matches!(
        execute(&mut suite, "alice", id).unwrap_err(),
        ContractError::TimelockNotOver { .. }
    ));
    suite.advance(1);
    execute(&mut suite, "alice", id).unwrap();
}

#[test]
fn only_members_execute_when_configured() {
    let mut config = default_config();
    config.only_members_execute = true;
    let mut suite = Suite::new(config);
    let id = suite.propose(&addr("alice"), text_action());
    pass(&mut suite, id);
    let err = execute(&mut suite, "mallory", id).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotMember {
            address: addr("mallory")
        }
    );
    execute(&mut suite, "carol", id).unwrap();

    // Without the setting anyone may.
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    pass(&mut suite, id);
    execute(&mut suite, "mallory", id).unwrap();
}

#[test]
fn a_pause_delays_execution_and_fails_nothing() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    pass(&mut suite, id);
    let until = Expiration::AtHeight(suite.env.block.height + 20);
    suite.world.borrow_mut().paused = Some(until);
    let err = execute(&mut suite, "alice", id).unwrap_err();
    assert_eq!(err, ContractError::DaoPaused { until });
    assert_eq!(status(&suite, id), Status::Passed, "still executable later");
    // A pause whose end has come no longer blocks.
    suite.advance(20);
    execute(&mut suite, "alice", id).unwrap();
}

#[test]
fn a_failed_execution_is_recorded_and_the_proposal_stays_executable_until_its_window_ends() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    pass(&mut suite, id);
    execute(&mut suite, "alice", id).unwrap();
    let res = suite
        .reply_err(id, "policy violation: over allowance")
        .unwrap();
    assert_eq!(attr(&res, "error"), "policy violation: over allowance");
    assert_eq!(attr(&res, "proposal_id"), id.to_string());
    assert!(res.messages.is_empty());
    assert_eq!(status(&suite, id), Status::Passed);
    let stored = suite.proposal(id).proposal;
    assert_eq!(stored.failed_executions, 1);
    assert_eq!(stored.execution_failures.len(), 1);
    assert_eq!(stored.execution_failures[0].executor, addr("alice"));
    assert_eq!(
        stored.execution_failures[0].error,
        "policy violation: over allowance"
    );
    assert_eq!(stored.execution_failures[0].height, suite.env.block.height);

    // Again and again: the count keeps every failure, the record the latest few.
    for i in 0..MAX_RECORDED_FAILURES + 1 {
        execute(&mut suite, "alice", id).unwrap();
        suite.reply_err(id, &format!("failure {i}")).unwrap();
    }
    let stored = suite.proposal(id).proposal;
    assert_eq!(stored.failed_executions, MAX_RECORDED_FAILURES as u32 + 2);
    assert_eq!(stored.execution_failures.len(), MAX_RECORDED_FAILURES);
    assert_eq!(
        stored.execution_failures.last().unwrap().error,
        format!("failure {MAX_RECORDED_FAILURES}")
    );

    // Past the window (100 blocks after it passed, no timelock) it is over.
    suite.advance(101);
    assert_eq!(status(&suite, id), Status::ExecutionFailed);
    let err = execute(&mut suite, "alice", id).unwrap_err();
    assert!(
        matches!(err, ContractError::ExecutionWindowOver { proposal_id, .. } if proposal_id == id),
        "{err:?}"
    );
}

#[test]
fn a_long_error_is_cut_on_a_character_boundary() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    pass(&mut suite, id);
    execute(&mut suite, "alice", id).unwrap();
    let long = "é".repeat(MAX_FAILURE_ERROR_LEN);
    suite.reply_err(id, &long).unwrap();
    let kept = &suite.proposal(id).proposal.execution_failures[0].error;
    assert!(kept.len() <= MAX_FAILURE_ERROR_LEN && kept.len() >= MAX_FAILURE_ERROR_LEN - 1);
    assert!(long.starts_with(kept.as_str()));
}

#[test]
fn unexpected_replies_are_refused() {
    let mut suite = Suite::new(default_config());
    let err = suite.reply_err(77, "boom").unwrap_err();
    assert!(matches!(err, ContractError::UnexpectedReply { id: 77, .. }));

    let id = suite.propose(&addr("alice"), text_action());
    // `SubMsgResponse::data` is deprecated but still a required field.
    #[allow(deprecated)]
    let ok = cosmwasm_std::Reply {
        id,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(cosmwasm_std::SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![],
        }),
    };
    let err = crate::contract::reply(suite.deps.as_mut(), suite.env.clone(), ok).unwrap_err();
    assert!(matches!(err, ContractError::UnexpectedReply { .. }));
}

#[test]
fn execute_refuses_funds() {
    let mut suite = Suite::new(default_config());
    let id = suite.propose(&addr("alice"), text_action());
    pass(&mut suite, id);
    let err = suite
        .exec_paying(&addr("alice"), ExecuteMsg::Execute { proposal_id: id })
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
