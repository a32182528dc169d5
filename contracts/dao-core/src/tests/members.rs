use cosmwasm_std::coins;
use cosmwasm_std::testing::message_info;
use cw_utils::PaymentError;
use steward_types::core::{ConfigResponse, MAX_DESCRIPTION_LEN, MAX_MEMBER_CHANGES, MAX_NAME_LEN};
use steward_types::roles;

use super::*;

fn update(add: Vec<Member>, remove: Vec<&str>) -> ExecuteMsg {
    ExecuteMsg::UpdateMembers {
        add,
        remove: remove.into_iter().map(|n| addr(n).to_string()).collect(),
    }
}

#[test]
fn update_members_only_from_the_dao() {
    let (mut deps, env) = setup_members();
    for sender in [addr("alice"), addr("guardian"), addr("proposal")] {
        let err = exec(
            &mut deps,
            &env,
            &sender,
            update(vec![member("carol", 1)], vec![]),
        )
        .unwrap_err();
        assert_eq!(
            err,
            ContractError::Unauthorized {
                sender,
                role: roles::DAO
            }
        );
    }
}

#[test]
fn update_members_refuses_funds() {
    let (mut deps, env) = setup_members();
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&env.contract.address, &coins(1, "ustake")),
        update(vec![member("carol", 1)], vec![]),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn member_changes_count_from_the_next_block() {
    let (mut deps, mut env) = setup_members();
    env.block.height += 5;
    let h = env.block.height;
    let res = exec_as_dao(
        &mut deps,
        &env,
        update(vec![member("carol", 4), member("alice", 7)], vec!["bob"]),
    )
    .unwrap();
    assert_eq!(attr(&res, "action"), "update_members");
    assert_eq!(attr(&res, "sender"), env.contract.address.as_str());
    assert_eq!(attr(&res, "added"), "2");
    assert_eq!(attr(&res, "removed"), "1");
    assert_eq!(attr(&res, "total_weight"), "11");

    let (alice, bob, carol) = (addr("alice"), addr("bob"), addr("carol"));
    // At height h (start of the block of the change): the old membership.
    assert_eq!(power_at(&deps, &env, &alice, Some(h)), 5);
    assert_eq!(power_at(&deps, &env, &bob, Some(h)), 3);
    assert_eq!(power_at(&deps, &env, &carol, Some(h)), 0);
    assert_eq!(total_at(&deps, &env, Some(h)), 8);
    // From h + 1: the new one.
    assert_eq!(power_at(&deps, &env, &alice, Some(h + 1)), 7);
    assert_eq!(power_at(&deps, &env, &bob, Some(h + 1)), 0);
    assert_eq!(power_at(&deps, &env, &carol, Some(h + 1)), 4);
    assert_eq!(total_at(&deps, &env, Some(h + 1)), 11);
    // Now: the new one.
    assert_eq!(power_at(&deps, &env, &carol, None), 4);
    assert_eq!(total_at(&deps, &env, None), 11);
    // Earlier heights keep the old values.
    assert_eq!(power_at(&deps, &env, &alice, Some(h - 2)), 5);

    // A second change in a later block keeps both snapshots.
    env.block.height += 3;
    exec_as_dao(&mut deps, &env, update(vec![member("carol", 1)], vec![])).unwrap();
    assert_eq!(power_at(&deps, &env, &carol, Some(h + 1)), 4);
    assert_eq!(power_at(&deps, &env, &carol, Some(env.block.height)), 4);
    assert_eq!(power_at(&deps, &env, &carol, Some(env.block.height + 1)), 1);
    assert_eq!(total_at(&deps, &env, Some(env.block.height + 1)), 8);

    let page: steward_types::core::MembersResponse = query_as(
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
    let mut expected = vec![(alice, 7), (carol, 1)];
    expected.sort();
    assert_eq!(listed, expected);
}

/// Two changes of one member in one block: the start of the block still
/// reads the value from before the first, the next block the last.
#[test]
fn two_changes_in_one_block_keep_the_value_from_before_the_block() {
    let (mut deps, mut env) = setup_members();
    env.block.height += 5;
    let h = env.block.height;
    let alice = addr("alice");
    exec_as_dao(&mut deps, &env, update(vec![member("alice", 9)], vec![])).unwrap();
    exec_as_dao(&mut deps, &env, update(vec![member("alice", 2)], vec![])).unwrap();
    exec_as_dao(&mut deps, &env, update(vec![], vec!["alice"])).unwrap();
    exec_as_dao(&mut deps, &env, update(vec![member("alice", 4)], vec![])).unwrap();
    assert_eq!(power_at(&deps, &env, &alice, Some(h)), 5);
    assert_eq!(total_at(&deps, &env, Some(h)), 8);
    assert_eq!(power_at(&deps, &env, &alice, Some(h + 1)), 4);
    assert_eq!(total_at(&deps, &env, Some(h + 1)), 7);
    assert_eq!(power_at(&deps, &env, &alice, None), 4);
}

#[test]
fn update_members_validation() {
    let (mut deps, env) = setup_members();
    let cases = vec![
        (update(vec![], vec![]), ContractError::EmptyMemberUpdate),
        (
            update(vec![member("carol", 0)], vec![]),
            ContractError::ZeroWeight {
                addr: addr("carol"),
            },
        ),
        (
            update(vec![member("carol", 1), member("carol", 2)], vec![]),
            ContractError::DuplicateMember {
                addr: addr("carol"),
            },
        ),
        (
            update(vec![], vec!["bob", "bob"]),
            ContractError::DuplicateMember { addr: addr("bob") },
        ),
        (
            update(vec![member("bob", 2)], vec!["bob"]),
            ContractError::ConflictingMemberChange { addr: addr("bob") },
        ),
        (
            update(vec![member("carol", 1)], vec!["dave"]),
            ContractError::NotAMember { addr: addr("dave") },
        ),
        (
            update(vec![], vec!["alice", "bob"]),
            ContractError::NoMembersLeft,
        ),
    ];
    for (msg, expected) in cases {
        assert_eq!(exec_as_dao(&mut deps, &env, msg).unwrap_err(), expected);
    }

    let too_many = (0..MAX_MEMBER_CHANGES)
        .map(|i| member(&format!("m{i}"), 1))
        .collect();
    assert_eq!(
        exec_as_dao(&mut deps, &env, update(too_many, vec!["bob"])).unwrap_err(),
        ContractError::TooManyMemberChanges {
            count: MAX_MEMBER_CHANGES + 1,
            max: MAX_MEMBER_CHANGES
        }
    );

    let bad = ExecuteMsg::UpdateMembers {
        add: vec![],
        remove: vec!["nobody".to_string()],
    };
    assert!(matches!(
        exec_as_dao(&mut deps, &env, bad).unwrap_err(),
        ContractError::Std(_)
    ));

    // Refused updates changed nothing.
    assert_eq!(power_at(&deps, &env, &addr("alice"), None), 5);
    assert_eq!(power_at(&deps, &env, &addr("bob"), None), 3);
    assert_eq!(power_at(&deps, &env, &addr("carol"), None), 0);
    assert_eq!(total_at(&deps, &env, None), 8);

    // Replacing every member at once is fine: someone is left.
    exec_as_dao(
        &mut deps,
        &env,
        update(vec![member("carol", 2)], vec!["alice", "bob"]),
    )
    .unwrap();
    assert_eq!(total_at(&deps, &env, None), 2);
}

#[test]
fn update_members_is_refused_in_staking_mode() {
    let (mut deps, env) = setup_staking();
    assert_eq!(
        exec_as_dao(&mut deps, &env, update(vec![member("carol", 1)], vec![])).unwrap_err(),
        ContractError::MembershipByStake
    );
}

#[test]
fn update_config_from_the_dao_only() {
    let (mut deps, env) = setup_members();
    let msg = |name: &str, description: &str, guardian: Option<String>| ExecuteMsg::UpdateConfig {
        name: name.to_string(),
        description: description.to_string(),
        guardian,
    };

    for sender in [addr("guardian"), addr("proposal"), addr("alice")] {
        assert_eq!(
            exec(&mut deps, &env, &sender, msg("New", "", None)).unwrap_err(),
            ContractError::Unauthorized {
                sender,
                role: roles::DAO
            }
        );
    }
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&env.contract.address, &coins(1, "ustake")),
        msg("New", "", None),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    assert_eq!(
        exec_as_dao(&mut deps, &env, msg("", "", None)).unwrap_err(),
        ContractError::InvalidName {
            len: 0,
            max: MAX_NAME_LEN
        }
    );
    let long = "d".repeat(MAX_DESCRIPTION_LEN + 1);
    assert_eq!(
        exec_as_dao(&mut deps, &env, msg("New", &long, None)).unwrap_err(),
        ContractError::DescriptionTooLong {
            len: MAX_DESCRIPTION_LEN + 1,
            max: MAX_DESCRIPTION_LEN
        }
    );
    assert!(matches!(
        exec_as_dao(&mut deps, &env, msg("New", "", Some("bad".to_string()))).unwrap_err(),
        ContractError::Std(_)
    ));

    let res = exec_as_dao(
        &mut deps,
        &env,
        msg("Renamed", "Still a DAO", Some(addr("warden").to_string())),
    )
    .unwrap();
    assert_eq!(attr(&res, "action"), "update_config");
    assert_eq!(attr(&res, "guardian"), addr("warden").as_str());
    let config: ConfigResponse = query_as(&deps, &env, QueryMsg::Config {});
    assert_eq!(config.name, "Renamed");
    assert_eq!(config.description, "Still a DAO");
    assert_eq!(config.guardian, Some(addr("warden")));
    assert_eq!(config.voting, VotingConfig::Members {});

    let res = exec_as_dao(&mut deps, &env, msg("Renamed", "", None)).unwrap();
    assert_eq!(attr(&res, "guardian"), "none");
    let config: ConfigResponse = query_as(&deps, &env, QueryMsg::Config {});
    assert_eq!(config.guardian, None);
}
