use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{
    coins, from_json, Binary, CosmosMsg, ReplyOn, StdError, SubMsgResponse, SubMsgResult, WasmMsg,
};
use cw_utils::{Duration, PaymentError};
use steward_types::core::{
    ConfigResponse, MembersResponse, ModulesResponse, QueryMsg, VotingConfig, MAX_DESCRIPTION_LEN,
    MAX_MEMBER_CHANGES, MAX_NAME_LEN,
};

use super::*;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::setup::MAX_LABEL_LEN;

fn try_instantiate(msg: InstantiateMsg) -> Result<Response, ContractError> {
    let mut deps = mock_dependencies();
    mock_token(&mut deps);
    instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&addr("creator"), &[]),
        msg,
    )
}

#[test]
fn instantiate_dispatches_three_modules_with_dao_as_admin() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    let msg = members_msg();
    let res = instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("creator"), &[]),
        msg.clone(),
    )
    .unwrap();

    assert_eq!(res.messages.len(), 3);
    let expected = [
        (
            Module::Proposal,
            2,
            "steward-proposal",
            msg.proposal.msg.clone(),
        ),
        (
            Module::Treasury,
            3,
            "steward-treasury",
            msg.treasury.msg.clone(),
        ),
        (Module::Oracle, 4, "steward-oracle", msg.oracle.msg.clone()),
    ];
    for (sub, (module, code, label, init)) in res.messages.iter().zip(expected) {
        assert_eq!(sub.id, module.reply_id());
        assert_eq!(sub.reply_on, ReplyOn::Success);
        assert_eq!(
            sub.msg,
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                admin: Some(env.contract.address.to_string()),
                code_id: code,
                msg: init,
                funds: vec![],
                label: label.to_string(),
            })
        );
    }
    let ids: std::collections::BTreeSet<u64> = res.messages.iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), 3, "reply ids must be distinct");
    assert_eq!(attr(&res, "action"), "instantiate");
    assert_eq!(attr(&res, "voting"), "members");

    let version = cw2::get_contract_version(&deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.contract, "crates.io:steward-core");
    assert_eq!(version.version, CONTRACT_VERSION);

    let config: ConfigResponse = query_as(&deps, &env, QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            name: "Steward".to_string(),
            description: "A test DAO".to_string(),
            guardian: Some(addr("guardian")),
            voting: VotingConfig::Members {},
        }
    );
}

#[test]
fn modules_query_errors_until_all_replies_are_recorded() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("creator"), &[]),
        members_msg(),
    )
    .unwrap();

    let err = query(deps.as_ref(), env.clone(), QueryMsg::Modules {}).unwrap_err();
    assert_eq!(err, ContractError::ModuleNotSet { module: "proposal" });

    for module in [Module::Proposal, Module::Treasury] {
        let res = reply(
            deps.as_mut(),
            env.clone(),
            module_reply(module, &module_addr(module)),
        )
        .unwrap();
        assert_eq!(attr(&res, "action"), "record_module");
        assert_eq!(attr(&res, "address"), module_addr(module).as_str());
    }
    let err = query(deps.as_ref(), env.clone(), QueryMsg::Modules {}).unwrap_err();
    assert_eq!(err, ContractError::ModuleNotSet { module: "oracle" });

    reply(
        deps.as_mut(),
        env.clone(),
        module_reply(Module::Oracle, &module_addr(Module::Oracle)),
    )
    .unwrap();
    let modules: ModulesResponse = query_as(&deps, &env, QueryMsg::Modules {});
    assert_eq!(
        modules,
        ModulesResponse {
            proposal: addr("proposal"),
            treasury: addr("treasury"),
            oracle: addr("oracle"),
        }
    );
}

#[test]
fn reply_reads_the_deprecated_data_field_when_msg_responses_is_empty() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("creator"), &[]),
        members_msg(),
    )
    .unwrap();
    #[allow(deprecated)]
    let legacy = Reply {
        id: Module::Treasury.reply_id(),
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: Some(instantiate_response_data(&addr("treasury"))),
            msg_responses: vec![],
        }),
    };
    reply(deps.as_mut(), env.clone(), legacy).unwrap();
    assert_eq!(
        Module::Treasury.item().load(&deps.storage).unwrap(),
        addr("treasury")
    );
}

#[test]
fn reply_errors() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("creator"), &[]),
        members_msg(),
    )
    .unwrap();

    let mut unknown = module_reply(Module::Proposal, &addr("x"));
    unknown.id = 99;
    assert_eq!(
        reply(deps.as_mut(), env.clone(), unknown).unwrap_err(),
        ContractError::UnknownReplyId { id: 99 }
    );

    let mut failed = module_reply(Module::Oracle, &addr("x"));
    failed.result = SubMsgResult::Err("out of gas".to_string());
    assert_eq!(
        reply(deps.as_mut(), env.clone(), failed).unwrap_err(),
        ContractError::ModuleInstantiateFailed {
            module: "oracle",
            reason: "out of gas".to_string()
        }
    );

    #[allow(deprecated)]
    let empty = Reply {
        id: Module::Oracle.reply_id(),
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![],
        }),
    };
    assert_eq!(
        reply(deps.as_mut(), env.clone(), empty).unwrap_err(),
        ContractError::MissingInstantiateData { module: "oracle" }
    );

    let mut garbage = module_reply(Module::Oracle, &addr("x"));
    if let SubMsgResult::Ok(response) = &mut garbage.result {
        response.msg_responses[0].value = Binary::new(vec![0x12, 0x01]);
    }
    assert!(matches!(
        reply(deps.as_mut(), env.clone(), garbage).unwrap_err(),
        ContractError::BadInstantiateData {
            module: "oracle",
            ..
        }
    ));

    // An address the chain would not produce.
    let bogus = module_reply(Module::Oracle, &Addr::unchecked("not-bech32"));
    assert!(matches!(
        reply(deps.as_mut(), env.clone(), bogus).unwrap_err(),
        ContractError::Std(_)
    ));

    reply(
        deps.as_mut(),
        env.clone(),
        module_reply(Module::Oracle, &addr("oracle")),
    )
    .unwrap();
    assert_eq!(
        reply(
            deps.as_mut(),
            env.clone(),
            module_reply(Module::Oracle, &addr("other"))
        )
        .unwrap_err(),
        ContractError::ModuleAlreadySet {
            module: "oracle",
            addr: addr("oracle")
        }
    );
}

#[test]
fn instantiate_refuses_funds() {
    let mut deps = mock_dependencies();
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&addr("creator"), &coins(10, "ustake")),
        members_msg(),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn instantiate_validates_name_and_description() {
    let mut msg = members_msg();
    msg.name = String::new();
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::InvalidName {
            len: 0,
            max: MAX_NAME_LEN
        }
    );

    let mut msg = members_msg();
    msg.name = "n".repeat(MAX_NAME_LEN + 1);
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::InvalidName {
            len: MAX_NAME_LEN + 1,
            max: MAX_NAME_LEN
        }
    );

    let mut msg = members_msg();
    msg.name = "n".repeat(MAX_NAME_LEN);
    msg.description = "d".repeat(MAX_DESCRIPTION_LEN);
    try_instantiate(msg).unwrap();

    let mut msg = members_msg();
    msg.description = "d".repeat(MAX_DESCRIPTION_LEN + 1);
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::DescriptionTooLong {
            len: MAX_DESCRIPTION_LEN + 1,
            max: MAX_DESCRIPTION_LEN
        }
    );

    let mut msg = members_msg();
    msg.guardian = Some("not-an-address".to_string());
    assert!(matches!(
        try_instantiate(msg).unwrap_err(),
        ContractError::Std(StdError::GenericErr { .. })
    ));
}

#[test]
fn instantiate_validates_members() {
    let msg = instantiate_msg(VotingConfig::Members {}, vec![]);
    assert_eq!(try_instantiate(msg).unwrap_err(), ContractError::NoMembers);

    let msg = instantiate_msg(
        VotingConfig::Members {},
        vec![member("alice", 1), member("bob", 2), member("alice", 3)],
    );
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::DuplicateMember {
            addr: addr("alice")
        }
    );

    let msg = instantiate_msg(
        VotingConfig::Members {},
        vec![member("alice", 1), member("bob", 0)],
    );
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::ZeroWeight { addr: addr("bob") }
    );

    let msg = instantiate_msg(
        VotingConfig::Members {},
        vec![Member {
            addr: "nobody".to_string(),
            weight: 1,
        }],
    );
    assert!(matches!(
        try_instantiate(msg).unwrap_err(),
        ContractError::Std(_)
    ));

    let many = (0..=MAX_MEMBER_CHANGES)
        .map(|i| member(&format!("m{i}"), 1))
        .collect();
    let msg = instantiate_msg(VotingConfig::Members {}, many);
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::TooManyMemberChanges {
            count: MAX_MEMBER_CHANGES + 1,
            max: MAX_MEMBER_CHANGES
        }
    );
}

/// Weights are u64 each and totals add up in `Uint128`, so even the largest
/// weights cannot overflow the total.
#[test]
fn instantiate_adds_the_largest_weights_without_overflow() {
    let msg = instantiate_msg(
        VotingConfig::Members {},
        vec![member("alice", u64::MAX), member("bob", 1)],
    );
    let mut deps = mock_dependencies();
    instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&addr("creator"), &[]),
        msg,
    )
    .unwrap();
    assert_eq!(total_at(&deps, &mock_env(), None), u128::from(u64::MAX) + 1);
}

#[test]
fn instantiate_validates_staking_config() {
    let msg = instantiate_msg(staking_voting(), vec![member("alice", 1)]);
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::MembersWithStaking { count: 1 }
    );

    for unbonding_period in [Duration::Height(0), Duration::Time(0)] {
        let msg = instantiate_msg(
            VotingConfig::Cw20Staked {
                token: token().to_string(),
                unbonding_period,
            },
            vec![],
        );
        assert_eq!(
            try_instantiate(msg).unwrap_err(),
            ContractError::ZeroUnbondingPeriod
        );
    }

    let msg = instantiate_msg(
        VotingConfig::Cw20Staked {
            token: "not-an-address".to_string(),
            unbonding_period: Duration::Time(60),
        },
        vec![],
    );
    assert!(matches!(
        try_instantiate(msg).unwrap_err(),
        ContractError::Std(_)
    ));

    let msg = instantiate_msg(
        VotingConfig::Cw20Staked {
            token: addr("notatoken").to_string(),
            unbonding_period: Duration::Time(60),
        },
        vec![],
    );
    assert!(matches!(
        try_instantiate(msg).unwrap_err(),
        ContractError::InvalidToken { token, .. } if token == addr("notatoken")
    ));

    let res = try_instantiate(instantiate_msg(staking_voting(), vec![])).unwrap();
    assert_eq!(attr(&res, "voting"), "cw20_staked");
    let (deps, env) = setup_staking();
    let config: ConfigResponse = query_as(&deps, &env, QueryMsg::Config {});
    assert_eq!(config.voting, staking_voting());
}

#[test]
fn instantiate_validates_modules() {
    let mut msg = members_msg();
    msg.treasury.code_id = 0;
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::ZeroCodeId { module: "treasury" }
    );

    let mut msg = members_msg();
    msg.oracle.label = String::new();
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::InvalidLabel {
            module: "oracle",
            len: 0,
            max: MAX_LABEL_LEN
        }
    );

    let mut msg = members_msg();
    msg.proposal.label = "l".repeat(MAX_LABEL_LEN + 1);
    assert_eq!(
        try_instantiate(msg).unwrap_err(),
        ContractError::InvalidLabel {
            module: "proposal",
            len: MAX_LABEL_LEN + 1,
            max: MAX_LABEL_LEN
        }
    );
}

#[test]
fn initial_members_count_from_the_next_block() {
    let (deps, mut env) = setup_members();
    let h = env.block.height;
    let alice = addr("alice");

    assert_eq!(power_at(&deps, &env, &alice, Some(h)), 0);
    assert_eq!(total_at(&deps, &env, Some(h)), 0);
    assert_eq!(power_at(&deps, &env, &alice, Some(h + 1)), 5);
    assert_eq!(total_at(&deps, &env, Some(h + 1)), 8);
    // The current value is visible at once.
    assert_eq!(power_at(&deps, &env, &alice, None), 5);
    assert_eq!(total_at(&deps, &env, None), 8);

    env.block.height += 1;
    let res: VotingPowerResponse = query_as(
        &deps,
        &env,
        QueryMsg::VotingPowerAtHeight {
            address: alice.to_string(),
            height: None,
        },
    );
    assert_eq!(res.height, h + 1);
    assert_eq!(res.power.u128(), 5);
    assert_eq!(power_at(&deps, &env, &addr("carol"), None), 0);
}

#[test]
fn list_members_paginates_in_address_order() {
    let names = ["m1", "m2", "m3", "m4", "m5"];
    let (deps, env) = setup_with(instantiate_msg(
        VotingConfig::Members {},
        names.iter().map(|n| member(n, 2)).collect(),
    ));
    let mut sorted: Vec<Addr> = names.iter().map(|n| addr(n)).collect();
    sorted.sort();

    let page: MembersResponse = query_as(
        &deps,
        &env,
        QueryMsg::ListMembers {
            start_after: None,
            limit: Some(2),
        },
    );
    let got: Vec<Addr> = page.members.iter().map(|m| m.addr.clone()).collect();
    assert_eq!(got, sorted[..2]);
    assert!(page.members.iter().all(|m| m.power.u128() == 2));

    let page: MembersResponse = query_as(
        &deps,
        &env,
        QueryMsg::ListMembers {
            start_after: Some(sorted[1].to_string()),
            limit: Some(10),
        },
    );
    let got: Vec<Addr> = page.members.iter().map(|m| m.addr.clone()).collect();
    assert_eq!(got, sorted[2..]);

    let raw = query(
        deps.as_ref(),
        env.clone(),
        QueryMsg::ListMembers {
            start_after: Some(sorted[4].to_string()),
            limit: None,
        },
    )
    .unwrap();
    let page: MembersResponse = from_json(raw).unwrap();
    assert!(page.members.is_empty());
}
