//! Who may send what, and bad input: refused with its own error, nothing moved.

use super::*;

#[test]
fn only_dao_executes_and_updates() {
    let mut s = Suite::new();
    let (alice, oracle) = (s.alice.clone(), s.oracle.clone());
    let policy = s.state().policy;
    let msg = ExecuteMsg::Execute {
        actions: vec![s.transfer(atom(), 1, &alice)],
        recommendation_id: None,
        expected_policy_version: None,
    };
    assert_eq!(
        s.exec_as(&oracle, &[], msg).unwrap_err(),
        ContractError::Unauthorized {
            sender: oracle.clone(),
            role: roles::DAO
        }
    );
    assert_eq!(
        s.exec_as(&alice, &[], ExecuteMsg::UpdatePolicy { policy })
            .unwrap_err(),
        ContractError::Unauthorized {
            sender: alice,
            role: roles::DAO
        }
    );
}

#[test]
fn funds_are_refused() {
    let mut s = Suite::new();
    let (dao, alice) = (s.dao.clone(), s.alice.clone());
    let policy = s.state().policy;
    let funds = coins(1, "uatom");
    for msg in [
        ExecuteMsg::Execute {
            actions: vec![s.transfer(atom(), 1, &alice)],
            recommendation_id: None,
            expected_policy_version: None,
        },
        ExecuteMsg::UpdatePolicy { policy },
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(1),
            msg: to_json_binary(&ReceiveMsg::Deposit {}).unwrap(),
        }),
    ] {
        assert_eq!(
            s.exec_as(&dao, &funds, msg).unwrap_err(),
            ContractError::Payment(PaymentError::NonPayable {})
        );
    }
}

#[test]
fn action_addresses_are_validated() {
    let mut s = Suite::new();
    let bad = "Not-An-Address".to_string();
    let transfer = |recipient: &str| TreasuryAction::Transfer {
        asset: atom(),
        amount: Uint128::new(1),
        recipient: recipient.to_string(),
    };
    assert!(matches!(
        s.run(vec![transfer(&bad)]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidRecipient { index: 0, .. })
    ));
    assert_eq!(
        s.run(vec![transfer(MOCK_CONTRACT_ADDR)]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::RecipientIsTreasury { index: 0 })
    );
    let mut swap = s.swap(atom(), 1, usdc(), 10);
    if let TreasuryAction::Swap { pair, .. } = &mut swap {
        *pair = bad.clone();
    }
    assert!(matches!(
        s.run(vec![transfer(s.alice.as_str()), swap]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidPair { index: 1, .. })
    ));
    let set = TreasuryAction::SetBudget {
        spender: bad.clone(),
        asset: atom(),
        amount_per_period: Uint128::new(1),
        period_seconds: 1,
    };
    assert!(matches!(
        s.run(vec![set]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidSpender { index: 0, .. })
    ));
    let remove = TreasuryAction::RemoveBudget {
        spender: bad.clone(),
        asset: atom(),
    };
    assert!(matches!(
        s.run(vec![remove]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidSpender { index: 0, .. })
    ));
    let err = s
        .run(vec![TreasuryAction::Transfer {
            asset: AssetInfo::cw20(bad.clone()),
            amount: Uint128::new(1),
            recipient: s.alice.to_string(),
        }])
        .unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::InvalidAction(InvalidAction::InvalidAsset { index: 0, .. })
        ),
        "{err:?}"
    );
    let err = s
        .run(vec![s.swap(atom(), 1, AssetInfo::native(""), 10)])
        .unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::InvalidAction(InvalidAction::InvalidAsset { index: 0, .. })
        ),
        "{err:?}"
    );
}
