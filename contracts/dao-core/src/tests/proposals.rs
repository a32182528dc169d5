use cosmwasm_std::testing::{message_info, mock_dependencies};
use cosmwasm_std::{coins, AnyMsg, BankMsg, CosmosMsg, WasmMsg};
use cw20::Cw20ExecuteMsg;
use cw_utils::{Expiration, PaymentError};
use steward_types::core::MAX_PROPOSAL_MSGS;
use steward_types::roles;

use super::*;

fn bank(n: u128) -> CosmosMsg {
    BankMsg::Send {
        to_address: addr("alice").to_string(),
        amount: coins(n, "ustake"),
    }
    .into()
}

fn run(msgs: Vec<CosmosMsg>) -> ExecuteMsg {
    ExecuteMsg::ExecuteProposal { msgs }
}

fn token_msg(contract: &str, msg: &Cw20ExecuteMsg) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg).unwrap(),
        funds: vec![],
    }
    .into()
}

#[test]
fn proposal_module_runs_messages_in_order() {
    let (mut deps, env) = setup_members();
    let msgs = vec![bank(1), bank(2), bank(3)];
    let res = exec(&mut deps, &env, &addr("proposal"), run(msgs.clone())).unwrap();
    let sent: Vec<CosmosMsg> = res.messages.iter().map(|m| m.msg.clone()).collect();
    assert_eq!(sent, msgs);
    // Plain messages: any failure reverts the whole execution.
    assert!(res
        .messages
        .iter()
        .all(|m| m.reply_on == cosmwasm_std::ReplyOn::Never));
    assert_eq!(attr(&res, "action"), "execute_proposal");
    assert_eq!(attr(&res, "sender"), addr("proposal").as_str());
    assert_eq!(attr(&res, "msgs"), "3");
}

#[test]
fn only_the_proposal_module_executes() {
    let (mut deps, env) = setup_members();
    let dao = env.contract.address.clone();
    for sender in [addr("alice"), addr("guardian"), addr("treasury"), dao] {
        assert_eq!(
            exec(&mut deps, &env, &sender, run(vec![bank(1)])).unwrap_err(),
            ContractError::Unauthorized {
                sender,
                role: roles::PROPOSAL_MODULE
            }
        );
    }
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("proposal"), &coins(5, "ustake")),
        run(vec![bank(1)]),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn execution_waits_for_the_proposal_module_to_be_recorded() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("creator"), &[]),
        members_msg(),
    )
    .unwrap();
    let err = execute(
        deps.as_mut(),
        env,
        message_info(&addr("proposal"), &[]),
        run(vec![bank(1)]),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::ModuleNotSet { module: "proposal" });
}

#[test]
fn execution_is_refused_while_paused() {
    let (mut deps, mut env) = setup_members();
    exec(
        &mut deps,
        &env,
        &addr("guardian"),
        ExecuteMsg::Pause {
            duration: Duration::Height(3),
        },
    )
    .unwrap();
    let expiration = Expiration::AtHeight(env.block.height + 3);
    assert_eq!(
        exec(&mut deps, &env, &addr("proposal"), run(vec![bank(1)])).unwrap_err(),
        ContractError::Paused { expiration }
    );

    env.block.height += 3;
    exec(&mut deps, &env, &addr("proposal"), run(vec![bank(1)])).unwrap();
}

#[test]
fn execution_needs_a_bounded_non_empty_list() {
    let (mut deps, env) = setup_members();
    assert_eq!(
        exec(&mut deps, &env, &addr("proposal"), run(vec![])).unwrap_err(),
        ContractError::NoMessages
    );
    let max: Vec<CosmosMsg> = (0..MAX_PROPOSAL_MSGS as u128).map(bank).collect();
    exec(&mut deps, &env, &addr("proposal"), run(max.clone())).unwrap();
    let mut over = max;
    over.push(bank(99));
    assert_eq!(
        exec(&mut deps, &env, &addr("proposal"), run(over)).unwrap_err(),
        ContractError::TooManyMessages {
            count: MAX_PROPOSAL_MSGS + 1,
            max: MAX_PROPOSAL_MSGS
        }
    );
}

#[test]
fn staked_tokens_cannot_be_spent_by_a_proposal() {
    let (mut deps, env) = setup_staking();
    let token = token().to_string();
    let someone = addr("someone").to_string();
    let amount = Uint128::new(10);

    // A transfer may return only what dao-core holds beyond stakes and claims:
    // here nothing.
    for contract in [token.clone(), token.to_uppercase()] {
        let transfer = token_msg(
            &contract,
            &Cw20ExecuteMsg::Transfer {
                recipient: someone.clone(),
                amount,
            },
        );
        assert_eq!(
            exec(
                &mut deps,
                &env,
                &addr("proposal"),
                run(vec![bank(1), transfer])
            )
            .unwrap_err(),
            ContractError::TransferBeyondSurplus {
                requested: amount,
                surplus: Uint128::zero(),
            }
        );
    }

    let refused = [
        token_msg(
            &token,
            &Cw20ExecuteMsg::Send {
                contract: someone.clone(),
                amount,
                msg: Binary::default(),
            },
        ),
        token_msg(&token, &Cw20ExecuteMsg::Burn { amount }),
        token_msg(
            &token,
            &Cw20ExecuteMsg::IncreaseAllowance {
                spender: someone.clone(),
                amount,
                expires: None,
            },
        ),
        raw_token_msg(&token, r#"{"unknown":{}}"#),
        // A transfer cw20 would not parse is not counted, and not let through.
        raw_token_msg(
            &token,
            &format!(r#"{{"transfer":{{"recipient":"{someone}","amount":"10","memo":1}}}}"#),
        ),
        raw_token_msg(&token, r#"{"transfer":{"amount":"10"}}"#),
        // Two calls in one object: not a cw20 message.
        raw_token_msg(
            &token,
            &format!(
                r#"{{"mint":{{"recipient":"{someone}","amount":"1"}},"transfer":{{"recipient":"{someone}","amount":"10"}}}}"#
            ),
        ),
        raw_token_msg(&token, r#""mint""#),
        raw_token_msg(&token, "{}"),
        CosmosMsg::Any(AnyMsg {
            type_url: "/cosmwasm.wasm.v1.MsgExecuteContract".to_string(),
            value: Binary::default(),
        }),
    ];
    for msg in refused {
        assert_eq!(
            exec(
                &mut deps,
                &env,
                &addr("proposal"),
                run(vec![bank(1), msg.clone()])
            )
            .unwrap_err(),
            ContractError::StakedTokensLocked { index: 1 },
            "{msg:?}"
        );
    }

    let allowed = vec![
        bank(1),
        token_msg(
            &token,
            &Cw20ExecuteMsg::Mint {
                recipient: someone.clone(),
                amount,
            },
        ),
        token_msg(
            &token,
            &Cw20ExecuteMsg::TransferFrom {
                owner: someone.clone(),
                recipient: addr("treasury").to_string(),
                amount,
            },
        ),
        token_msg(
            &token,
            &Cw20ExecuteMsg::BurnFrom {
                owner: someone.clone(),
                amount,
            },
        ),
        token_msg(
            &token,
            &Cw20ExecuteMsg::DecreaseAllowance {
                spender: someone.clone(),
                amount,
                expires: None,
            },
        ),
        token_msg(
            &token,
            &Cw20ExecuteMsg::UpdateMinter {
                new_minter: Some(someone.clone()),
            },
        ),
        // Other cw20 tokens are not stake.
        token_msg(
            addr("othertoken").as_str(),
            &Cw20ExecuteMsg::Transfer {
                recipient: someone,
                amount,
            },
        ),
    ];
    let count = allowed.len();
    let res = exec(&mut deps, &env, &addr("proposal"), run(allowed)).unwrap();
    assert_eq!(res.messages.len(), count);
}

/// A message to `contract` with exactly these JSON bytes.
fn raw_token_msg(contract: &str, json: &str) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: Binary::from(json.as_bytes()),
        funds: vec![],
    }
    .into()
}

#[test]
fn members_mode_does_not_restrict_message_kinds() {
    let (mut deps, env) = setup_members();
    let any = CosmosMsg::Any(AnyMsg {
        type_url: "/cosmos.gov.v1.MsgVote".to_string(),
        value: Binary::default(),
    });
    exec(&mut deps, &env, &addr("proposal"), run(vec![any])).unwrap();
}
