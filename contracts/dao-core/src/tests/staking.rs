use cosmwasm_std::testing::message_info;
use cosmwasm_std::{coins, CosmosMsg, WasmMsg};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_utils::{Expiration, PaymentError};
use steward_types::core::{ClaimsResponse, MembersResponse, ReceiveMsg};

use super::*;
use crate::state::MAX_CLAIMS;

fn stake_msg(staker: &Addr, amount: u128) -> ExecuteMsg {
    ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: staker.to_string(),
        amount: Uint128::new(amount),
        msg: to_json_binary(&ReceiveMsg::Stake {}).unwrap(),
    })
}

fn stake(deps: &mut Deps, env: &Env, staker: &Addr, amount: u128) -> Response {
    exec(deps, env, &token(), stake_msg(staker, amount)).unwrap()
}

fn unstake(amount: u128) -> ExecuteMsg {
    ExecuteMsg::Unstake {
        amount: Uint128::new(amount),
    }
}

fn claims(deps: &Deps, env: &Env, who: &Addr) -> ClaimsResponse {
    query_as(
        deps,
        env,
        QueryMsg::Claims {
            address: who.to_string(),
        },
    )
}

#[test]
fn staked_power_counts_from_the_next_block() {
    let (mut deps, mut env) = setup_staking();
    let (alice, bob) = (addr("alice"), addr("bob"));
    let h = env.block.height;
    let res = stake(&mut deps, &env, &alice, 100);
    assert_eq!(attr(&res, "action"), "stake");
    assert_eq!(attr(&res, "sender"), token().as_str());
    assert_eq!(attr(&res, "staker"), alice.as_str());
    assert_eq!(attr(&res, "staked"), "100");
    stake(&mut deps, &env, &alice, 50);
    stake(&mut deps, &env, &bob, 30);

    assert_eq!(power_at(&deps, &env, &alice, Some(h)), 0);
    assert_eq!(total_at(&deps, &env, Some(h)), 0);
    assert_eq!(power_at(&deps, &env, &alice, Some(h + 1)), 150);
    assert_eq!(power_at(&deps, &env, &bob, Some(h + 1)), 30);
    assert_eq!(total_at(&deps, &env, Some(h + 1)), 180);
    assert_eq!(power_at(&deps, &env, &alice, None), 150);
    assert_eq!(total_at(&deps, &env, None), 180);

    // Unstaking reduces power from the next block, and the claim waits.
    env.block.height += 5;
    let h2 = env.block.height;
    let res = exec(&mut deps, &env, &alice, unstake(40)).unwrap();
    assert_eq!(attr(&res, "action"), "unstake");
    assert_eq!(attr(&res, "staked"), "110");
    assert_eq!(attr(&res, "total_staked"), "140");
    let release_at = Expiration::AtHeight(h2 + UNBONDING_BLOCKS);
    assert_eq!(attr(&res, "release_at"), release_at.to_string());
    assert_eq!(power_at(&deps, &env, &alice, Some(h2)), 150);
    assert_eq!(power_at(&deps, &env, &alice, Some(h2 + 1)), 110);
    assert_eq!(total_at(&deps, &env, Some(h2)), 180);
    assert_eq!(total_at(&deps, &env, Some(h2 + 1)), 140);
    assert_eq!(
        claims(&deps, &env, &alice),
        ClaimsResponse {
            claims: vec![steward_types::core::Claim {
                amount: Uint128::new(40),
                release_at
            }]
        }
    );

    let page: MembersResponse = query_as(
        &deps,
        &env,
        QueryMsg::ListMembers {
            start_after: None,
            limit: None,
        },
    );
    let mut listed: Vec<(Addr, u128)> = page
        .members
        .into_iter()
        .map(|m| (m.addr, m.power.u128()))
        .collect();
    listed.sort();
    let mut expected = vec![(alice.clone(), 110), (bob.clone(), 30)];
    expected.sort();
    assert_eq!(listed, expected);

    // Unstaking everything leaves the staker list.
    exec(&mut deps, &env, &bob, unstake(30)).unwrap();
    let page: MembersResponse = query_as(
        &deps,
        &env,
        QueryMsg::ListMembers {
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(page.members.len(), 1);
    assert_eq!(page.members[0].addr, alice);
    assert_eq!(power_at(&deps, &env, &bob, None), 0);
}

#[test]
fn claims_are_released_after_the_unbonding_period() {
    let (mut deps, mut env) = setup_staking();
    let alice = addr("alice");
    stake(&mut deps, &env, &alice, 100);
    exec(&mut deps, &env, &alice, unstake(60)).unwrap();
    env.block.height += 4;
    exec(&mut deps, &env, &alice, unstake(15)).unwrap();

    assert_eq!(
        exec(&mut deps, &env, &alice, ExecuteMsg::Claim {}).unwrap_err(),
        ContractError::NothingToClaim {
            addr: alice.clone()
        }
    );

    // The first claim is released, the second still waits.
    env.block.height += UNBONDING_BLOCKS - 4;
    let res = exec(&mut deps, &env, &alice, ExecuteMsg::Claim {}).unwrap();
    assert_eq!(attr(&res, "action"), "claim");
    assert_eq!(attr(&res, "amount"), "60");
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: token().to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: alice.to_string(),
                amount: Uint128::new(60),
            })
            .unwrap(),
            funds: vec![],
        })
    );
    assert_eq!(claims(&deps, &env, &alice).claims.len(), 1);
    assert_eq!(
        exec(&mut deps, &env, &alice, ExecuteMsg::Claim {}).unwrap_err(),
        ContractError::NothingToClaim {
            addr: alice.clone()
        }
    );

    env.block.height += 4;
    let res = exec(&mut deps, &env, &alice, ExecuteMsg::Claim {}).unwrap();
    assert_eq!(attr(&res, "amount"), "15");
    assert!(claims(&deps, &env, &alice).claims.is_empty());
    assert_eq!(power_at(&deps, &env, &alice, None), 25);
}

#[test]
fn stake_validation() {
    let (mut deps, env) = setup_staking();
    let alice = addr("alice");

    let other = addr("othertoken");
    assert_eq!(
        exec(&mut deps, &env, &other, stake_msg(&alice, 10)).unwrap_err(),
        ContractError::WrongToken {
            sender: other,
            expected: token()
        }
    );
    assert_eq!(
        exec(&mut deps, &env, &token(), stake_msg(&alice, 0)).unwrap_err(),
        ContractError::ZeroAmount
    );
    let bad_hook = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: alice.to_string(),
        amount: Uint128::new(10),
        msg: Binary::from(b"{\"deposit\":{}}".to_vec()),
    });
    assert!(matches!(
        exec(&mut deps, &env, &token(), bad_hook).unwrap_err(),
        ContractError::InvalidReceiveMsg { .. }
    ));
    let bad_sender = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: "nobody".to_string(),
        amount: Uint128::new(10),
        msg: to_json_binary(&ReceiveMsg::Stake {}).unwrap(),
    });
    assert!(matches!(
        exec(&mut deps, &env, &token(), bad_sender).unwrap_err(),
        ContractError::Std(_)
    ));
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&token(), &coins(1, "ustake")),
        stake_msg(&alice, 10),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    assert_eq!(total_at(&deps, &env, None), 0);
}

#[test]
fn unstake_and_claim_validation() {
    let (mut deps, env) = setup_staking();
    let alice = addr("alice");
    stake(&mut deps, &env, &alice, 100);

    assert_eq!(
        exec(&mut deps, &env, &alice, unstake(0)).unwrap_err(),
        ContractError::ZeroAmount
    );
    assert_eq!(
        exec(&mut deps, &env, &alice, unstake(101)).unwrap_err(),
        ContractError::InsufficientStake {
            staked: Uint128::new(100),
            requested: Uint128::new(101)
        }
    );
    assert_eq!(
        exec(&mut deps, &env, &addr("bob"), unstake(1)).unwrap_err(),
        ContractError::InsufficientStake {
            staked: Uint128::zero(),
            requested: Uint128::new(1)
        }
    );
    for msg in [unstake(1), ExecuteMsg::Claim {}] {
        let err = execute(
            deps.as_mut(),
            env.clone(),
            message_info(&alice, &coins(1, "ustake")),
            msg,
        )
        .unwrap_err();
        assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
    }

    for _ in 0..MAX_CLAIMS {
        exec(&mut deps, &env, &alice, unstake(1)).unwrap();
    }
    assert_eq!(
        exec(&mut deps, &env, &alice, unstake(1)).unwrap_err(),
        ContractError::TooManyClaims {
            addr: alice.clone(),
            count: MAX_CLAIMS,
            max: MAX_CLAIMS
        }
    );
    assert_eq!(
        power_at(&deps, &env, &alice, None),
        100 - MAX_CLAIMS as u128
    );
}

#[test]
fn staking_is_disabled_in_members_mode() {
    let (mut deps, env) = setup_members();
    let alice = addr("alice");
    assert_eq!(
        exec(&mut deps, &env, &token(), stake_msg(&alice, 10)).unwrap_err(),
        ContractError::StakingDisabled
    );
    assert_eq!(
        exec(&mut deps, &env, &alice, unstake(1)).unwrap_err(),
        ContractError::StakingDisabled
    );
    assert_eq!(
        exec(&mut deps, &env, &alice, ExecuteMsg::Claim {}).unwrap_err(),
        ContractError::StakingDisabled
    );
    assert!(claims(&deps, &env, &alice).claims.is_empty());
    // Member weights are the power.
    assert_eq!(power_at(&deps, &env, &alice, None), 5);
}
