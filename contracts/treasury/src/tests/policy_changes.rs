//! The pause, and policy changes: each raises the version and keeps what was drawn.

use super::*;

#[test]
fn pause_refuses_execution_until_it_expires() {
    let mut s = Suite::new();
    let to = s.alice.clone();
    let until = Expiration::AtTime(Timestamp::from_seconds(s.now() + 100));
    s.mock_dao.borrow_mut().paused = Some(until);
    assert_eq!(
        s.run(vec![s.transfer(atom(), 1, &to)]).unwrap_err(),
        ContractError::Paused { expiration: until }
    );
    s.advance(100);
    s.run(vec![s.transfer(atom(), 1, &to)]).unwrap();
}

#[test]
fn update_policy_bumps_version_and_keeps_what_was_spent() {
    let mut s = Suite::new();
    let (dao, to) = (s.dao.clone(), s.alice.clone());
    s.run(vec![s.transfer(atom(), 300, &to)]).unwrap();
    let mut policy = s.state().policy;
    policy.max_slippage_bps = 50;
    // A shorter period refills faster from now on, but adds nothing now.
    policy.period_seconds = DAY / 2;
    let res = s
        .exec_as(
            &dao,
            &[],
            ExecuteMsg::UpdatePolicy {
                policy: policy.clone(),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "policy_version"), Some("2"));
    let state = s.state();
    assert_eq!(state.policy_version, 2);
    assert_eq!(state.policy, policy);
    assert_eq!(spent(&state, &atom()), 300);

    let err = s
        .exec_as(
            &dao,
            &[],
            ExecuteMsg::Execute {
                actions: vec![s.transfer(atom(), 1, &to)],
                recommendation_id: Some(1),
                expected_policy_version: Some(1),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::StalePolicyVersion(StalePolicyVersion {
            signed: 1,
            current: 2
        })
    );
    s.exec_as(
        &dao,
        &[],
        ExecuteMsg::Execute {
            actions: vec![s.transfer(atom(), 1, &to)],
            recommendation_id: Some(1),
            expected_policy_version: Some(2),
        },
    )
    .unwrap();

    policy.max_slippage_bps = 10_001;
    let err = s
        .exec_as(&dao, &[], ExecuteMsg::UpdatePolicy { policy })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::InvalidPolicy(PolicyError::SlippageOverMax {
            bps: 10_001,
            max: 10_000
        })
    );
    assert_eq!(s.state().policy_version, 2);
}
