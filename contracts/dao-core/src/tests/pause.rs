use cosmwasm_std::coins;
use cosmwasm_std::testing::message_info;
use cw_utils::{Expiration, PaymentError};
use steward_types::core::PauseInfoResponse;
use steward_types::roles;

use super::*;

fn pause_info(deps: &Deps, env: &Env) -> PauseInfoResponse {
    query_as(deps, env, QueryMsg::PauseInfo {})
}

#[test]
fn guardian_pauses_until_expiry() {
    let (mut deps, mut env) = setup_members();
    assert_eq!(pause_info(&deps, &env), PauseInfoResponse::Unpaused {});

    let h = env.block.height;
    let res = exec(
        &mut deps,
        &env,
        &addr("guardian"),
        ExecuteMsg::Pause {
            duration: Duration::Height(10),
        },
    )
    .unwrap();
    assert_eq!(attr(&res, "action"), "pause");
    assert_eq!(attr(&res, "sender"), addr("guardian").as_str());
    let expiration = Expiration::AtHeight(h + 10);
    assert_eq!(attr(&res, "until"), expiration.to_string());
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused { expiration }
    );

    env.block.height = h + 9;
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused { expiration }
    );
    env.block.height = h + 10;
    assert_eq!(pause_info(&deps, &env), PauseInfoResponse::Unpaused {});
    assert_eq!(
        exec(&mut deps, &env, &addr("guardian"), ExecuteMsg::Unpause {}).unwrap_err(),
        ContractError::NotPaused
    );
}

#[test]
fn the_guardian_cannot_end_or_shorten_the_daos_pause_only_lengthen_it() {
    let (mut deps, mut env) = setup_members();
    exec_as_dao(
        &mut deps,
        &env,
        ExecuteMsg::Pause {
            duration: Duration::Time(3600),
        },
    )
    .unwrap();
    let dao_until = Expiration::AtTime(env.block.time.plus_seconds(3600));
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused {
            expiration: dao_until
        }
    );

    env.block.time = env.block.time.plus_seconds(60);
    assert_eq!(
        exec(&mut deps, &env, &addr("guardian"), ExecuteMsg::Unpause {}).unwrap_err(),
        ContractError::GuardianCannotEndDaoPause { dao_until }
    );
    let short = ExecuteMsg::Pause {
        duration: Duration::Time(1),
    };
    assert_eq!(
        exec(&mut deps, &env, &addr("guardian"), short).unwrap_err(),
        ContractError::GuardianCannotShortenPause {
            dao_until,
            requested: Expiration::AtTime(env.block.time.plus_seconds(1)),
        }
    );
    // Another unit cannot be compared with the DAO's, so it is refused too.
    let blocks = ExecuteMsg::Pause {
        duration: Duration::Height(1_000_000),
    };
    assert!(matches!(
        exec(&mut deps, &env, &addr("guardian"), blocks).unwrap_err(),
        ContractError::GuardianCannotShortenPause { .. }
    ));

    // Lengthening is allowed; ending its own lengthening leaves the DAO's pause.
    let long = ExecuteMsg::Pause {
        duration: Duration::Time(7200),
    };
    exec(&mut deps, &env, &addr("guardian"), long).unwrap();
    let guardian_until = Expiration::AtTime(env.block.time.plus_seconds(7200));
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused {
            expiration: guardian_until
        }
    );
    assert_eq!(
        exec(&mut deps, &env, &addr("guardian"), ExecuteMsg::Unpause {}).unwrap_err(),
        ContractError::GuardianCannotEndDaoPause { dao_until }
    );
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused {
            expiration: guardian_until
        }
    );

    // The DAO ends every pause.
    exec_as_dao(&mut deps, &env, ExecuteMsg::Unpause {}).unwrap();
    assert_eq!(pause_info(&deps, &env), PauseInfoResponse::Unpaused {});
}

#[test]
fn the_guardian_ends_or_replaces_its_own_pause_and_the_dao_replaces_any() {
    let (mut deps, env) = setup_members();
    let guardian = addr("guardian");
    exec(
        &mut deps,
        &env,
        &guardian,
        ExecuteMsg::Pause {
            duration: Duration::Height(100),
        },
    )
    .unwrap();
    exec(
        &mut deps,
        &env,
        &guardian,
        ExecuteMsg::Pause {
            duration: Duration::Height(5),
        },
    )
    .unwrap();
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused {
            expiration: Expiration::AtHeight(env.block.height + 5)
        }
    );
    let res = exec(&mut deps, &env, &guardian, ExecuteMsg::Unpause {}).unwrap();
    assert_eq!(attr(&res, "action"), "unpause");
    assert_eq!(pause_info(&deps, &env), PauseInfoResponse::Unpaused {});
    assert_eq!(
        exec(&mut deps, &env, &guardian, ExecuteMsg::Unpause {}).unwrap_err(),
        ContractError::NotPaused
    );

    // The DAO's shorter pause replaces the guardian's longer one.
    exec(
        &mut deps,
        &env,
        &guardian,
        ExecuteMsg::Pause {
            duration: Duration::Height(100),
        },
    )
    .unwrap();
    exec_as_dao(
        &mut deps,
        &env,
        ExecuteMsg::Pause {
            duration: Duration::Height(10),
        },
    )
    .unwrap();
    assert_eq!(
        pause_info(&deps, &env),
        PauseInfoResponse::Paused {
            expiration: Expiration::AtHeight(env.block.height + 10)
        }
    );
}

#[test]
fn a_pause_past_the_end_of_the_clock_is_refused() {
    let (mut deps, env) = setup_members();
    let err = exec_as_dao(
        &mut deps,
        &env,
        ExecuteMsg::Pause {
            duration: Duration::Time(u64::MAX),
        },
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Duration(_)), "{err:?}");
}

#[test]
fn pause_and_unpause_authorization() {
    let (mut deps, env) = setup_members();
    let pause = ExecuteMsg::Pause {
        duration: Duration::Height(10),
    };
    for sender in [addr("alice"), addr("proposal"), addr("treasury")] {
        let expected = ContractError::Unauthorized {
            sender: sender.clone(),
            role: roles::DAO_OR_GUARDIAN,
        };
        assert_eq!(
            exec(&mut deps, &env, &sender, pause.clone()).unwrap_err(),
            expected
        );
        assert_eq!(
            exec(&mut deps, &env, &sender, ExecuteMsg::Unpause {}).unwrap_err(),
            expected
        );
    }

    // Without a guardian, the former guardian has no say.
    exec_as_dao(
        &mut deps,
        &env,
        ExecuteMsg::UpdateConfig {
            name: "Steward".to_string(),
            description: String::new(),
            guardian: None,
        },
    )
    .unwrap();
    assert_eq!(
        exec(&mut deps, &env, &addr("guardian"), pause).unwrap_err(),
        ContractError::Unauthorized {
            sender: addr("guardian"),
            role: roles::DAO_OR_GUARDIAN
        }
    );
}

#[test]
fn pause_validation() {
    let (mut deps, env) = setup_members();
    for duration in [Duration::Height(0), Duration::Time(0)] {
        assert_eq!(
            exec(
                &mut deps,
                &env,
                &addr("guardian"),
                ExecuteMsg::Pause { duration }
            )
            .unwrap_err(),
            ContractError::ZeroPauseDuration
        );
    }
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("guardian"), &coins(1, "ustake")),
        ExecuteMsg::Pause {
            duration: Duration::Height(1),
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    exec(
        &mut deps,
        &env,
        &addr("guardian"),
        ExecuteMsg::Pause {
            duration: Duration::Height(1),
        },
    )
    .unwrap();
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&addr("guardian"), &coins(1, "ustake")),
        ExecuteMsg::Unpause {},
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
