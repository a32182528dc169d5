//! cw20 deposits through `Receive`.

use super::*;

#[test]
fn cw20_deposits() {
    let mut s = Suite::new();
    let (token, alice) = (s.token.clone(), s.alice.clone());
    let deposit = |amount: u128, msg: Binary| {
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(amount),
            msg,
        })
    };
    let res = s
        .exec_as(
            &token,
            &[],
            deposit(50, to_json_binary(&ReceiveMsg::Deposit {}).unwrap()),
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), Some("deposit"));
    assert_eq!(attr(&res, "token"), Some(token.as_str()));
    assert_eq!(attr(&res, "from"), Some(alice.as_str()));
    assert_eq!(attr(&res, "amount"), Some("50"));

    let err = s
        .exec_as(&token, &[], deposit(50, to_json_binary(&"stake").unwrap()))
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidReceiveMsg { .. }));
    let err = s
        .exec_as(
            &token,
            &[],
            deposit(0, to_json_binary(&ReceiveMsg::Deposit {}).unwrap()),
        )
        .unwrap_err();
    assert_eq!(err, ContractError::ZeroAmount {});
}
