//! Instantiation: the DAO, the policy and its first version recorded; bad policy or funds refused.

use super::*;

#[test]
fn instantiate_records_dao_policy_and_version() {
    let s = Suite::new();
    let res: PolicyResponse = s.query(QueryMsg::Policy {}).unwrap();
    assert_eq!(res.version, 1);
    assert_eq!(res.policy.venue_allowlist, vec![s.pair.to_string()]);
    let version = cw2::get_contract_version(&s.deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn instantiate_refuses_invalid_policy_and_funds() {
    let mut deps = mock_dependencies();
    let dao = deps.api.addr_make("dao-core");
    let mut policy = Suite::new().state().policy;
    let good = policy.clone();
    policy.period_seconds = 0;
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&dao, &[]),
        InstantiateMsg { policy },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::InvalidPolicy(PolicyError::ZeroPeriod));
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&dao, &coins(5, "uatom")),
        InstantiateMsg { policy: good },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
