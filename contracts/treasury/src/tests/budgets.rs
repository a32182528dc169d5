//! Budgets: set, drawn by their spender within them and the policy, replaced, removed, listed.

use super::*;

#[test]
fn budget_set_draw_exceed_and_reset() {
    let mut s = Suite::new();
    let bob = s.bob.clone();
    let res = s.run(vec![s.set_budget(&bob, atom(), 100, 3_600)]).unwrap();
    assert!(attr(&res, "set_budget").is_some());
    assert!(res.messages.is_empty());
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(100));

    let res = s.draw(&bob, atom(), 60, None).unwrap();
    assert_eq!(
        res.messages,
        vec![SubMsg::new(BankMsg::Send {
            to_address: bob.to_string(),
            amount: coins(60, "uatom"),
        })]
    );
    assert_eq!(attr(&res, "available"), Some("40"));
    let b = s.budget(&bob, atom());
    assert_eq!(b.available, Uint128::new(40));
    assert_eq!(b.budget.unwrap().bucket.level, Uint128::new(40));
    // The draw counts against the policy allowance too.
    assert_eq!(spent(&s.state(), &atom()), 60);

    let err = s.draw(&bob, atom(), 50, None).unwrap_err();
    assert_eq!(
        err,
        ContractError::BudgetExceeded {
            available: Uint128::new(40),
            requested: Uint128::new(50),
        }
    );

    // The budget refills at 100 per hour: 30 minutes bring back 50.
    s.advance(1_800);
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(90));
    s.draw(&bob, atom(), 90, None).unwrap();
    let b = s.budget(&bob, atom()).budget.unwrap();
    assert_eq!(b.bucket.level, Uint128::zero());
    assert_eq!(b.bucket.updated_at, s.now());
    s.advance(10 * 3_600);
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(100));
}

#[test]
fn budget_draw_to_recipient_and_cw20() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let token = s.cw20_asset();
    s.run(vec![s.set_budget(&bob, token.clone(), 500, DAY)])
        .unwrap();
    let res = s.draw(&bob, token, 200, Some(&alice)).unwrap();
    assert_eq!(
        res.messages,
        vec![SubMsg::new(WasmMsg::Execute {
            contract_addr: s.token.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: alice.to_string(),
                amount: Uint128::new(200),
            })
            .unwrap(),
            funds: vec![],
        })]
    );
}

#[test]
fn budget_draw_errors() {
    let alice = MockApi::default().addr_make("alice").to_string();
    let mut s = Suite::with_policy(|p| p.recipient_allowlist = Some(vec![alice]));
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.run(vec![s.set_budget(&bob, atom(), 100, 3_600)]).unwrap();

    // Someone without a budget, or a budget for another asset.
    let err = s.draw(&alice, atom(), 10, None).unwrap_err();
    assert_eq!(
        err,
        ContractError::BudgetNotFound {
            spender: alice.to_string(),
            asset: "native:uatom".into(),
        }
    );
    let err = s.draw(&bob, usdc(), 10, None).unwrap_err();
    assert!(matches!(err, ContractError::BudgetNotFound { .. }));

    assert_eq!(
        s.draw(&bob, atom(), 0, None).unwrap_err(),
        ContractError::ZeroAmount {}
    );
    // The policy's recipient allowlist applies to draws (bob pays himself).
    let err = s.draw(&bob, atom(), 10, None).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::RecipientNotAllowed {
            recipient: bob.to_string()
        }
    );
    s.draw(&bob, atom(), 10, Some(&alice)).unwrap();

    let treasury = Addr::unchecked(MOCK_CONTRACT_ADDR);
    assert_eq!(
        s.draw(&bob, atom(), 10, Some(&treasury)).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::RecipientIsTreasury { index: 0 })
    );
    let err = s
        .exec_as(
            &bob,
            &[],
            ExecuteMsg::DrawBudget {
                asset: atom(),
                amount: Uint128::new(10),
                recipient: Some("not an address".into()),
            },
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::InvalidAction(InvalidAction::InvalidRecipient { .. })
        ),
        "{err:?}"
    );

    let err = s
        .exec_as(
            &bob,
            &coins(1, "uatom"),
            ExecuteMsg::DrawBudget {
                asset: atom(),
                amount: Uint128::new(10),
                recipient: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    s.mock_dao.borrow_mut().paused = Some(Expiration::Never {});
    assert_eq!(
        s.draw(&bob, atom(), 10, Some(&alice)).unwrap_err(),
        ContractError::Paused {
            expiration: Expiration::Never {}
        }
    );
}

#[test]
fn budget_draw_respects_policy_allowance() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.run(vec![
        s.transfer(atom(), 950, &alice),
        s.set_budget(&bob, atom(), 100, 3_600),
    ])
    .unwrap();
    let err = s.draw(&bob, atom(), 60, None).unwrap_err();
    assert!(matches!(
        violation(err),
        PolicyViolation::AllowanceExceeded { .. }
    ));
    // The refused draw left the budget untouched.
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(100));
}

#[test]
fn budget_replace_keeps_drawn_and_remove() {
    let mut s = Suite::new();
    let bob = s.bob.clone();
    s.run(vec![s.set_budget(&bob, atom(), 100, 3_600)]).unwrap();
    s.draw(&bob, atom(), 80, None).unwrap();
    // Raising the budget keeps what it holds (20): a change never refills; it
    // refills at the new rate from now on.
    s.run(vec![s.set_budget(&bob, atom(), 120, 3_600)]).unwrap();
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(20));
    s.advance(1_800);
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(80));

    let remove = TreasuryAction::RemoveBudget {
        spender: bob.to_string(),
        asset: atom(),
    };
    let res = s.run(vec![remove.clone()]).unwrap();
    assert!(attr(&res, "remove_budget").is_some());
    let b = s.budget(&bob, atom());
    assert_eq!(b.budget, None);
    assert_eq!(b.available, Uint128::zero());
    assert!(matches!(
        s.draw(&bob, atom(), 1, None).unwrap_err(),
        ContractError::BudgetNotFound { .. }
    ));

    // Removing an unknown budget fails and writes nothing, not even the
    // transfer's usage earlier in the batch.
    let to = s.alice.clone();
    let before = s.state().limits;
    let err = s
        .run(vec![s.transfer(atom(), 5, &to), remove.clone()])
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BudgetNotFound {
            spender: bob.to_string(),
            asset: "native:uatom".into(),
        }
    );
    assert_eq!(s.state().limits, before);

    // Set again, it resumes from what it held when removed (80, capped at 10).
    s.run(vec![s.set_budget(&bob, atom(), 10, 60)]).unwrap();
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(10));
    s.draw(&bob, atom(), 10, None).unwrap();
    s.run(vec![remove.clone(), s.set_budget(&bob, atom(), 10, 60)])
        .unwrap();
    assert_eq!(s.budget(&bob, atom()).available, Uint128::zero());
    s.run(vec![remove.clone()]).unwrap();

    // Set then remove in one batch is fine; remove twice is not.
    s.run(vec![s.set_budget(&bob, atom(), 10, 60), remove.clone()])
        .unwrap();
    let err = s
        .run(vec![
            s.set_budget(&bob, atom(), 10, 60),
            remove.clone(),
            remove,
        ])
        .unwrap_err();
    assert!(matches!(err, ContractError::BudgetNotFound { .. }));
}

#[test]
fn list_budgets_paginates() {
    let mut s = Suite::new();
    let api = s.deps.api;
    let spenders: Vec<Addr> = (0..4).map(|i| api.addr_make(&format!("s{i}"))).collect();
    let actions = spenders
        .iter()
        .flat_map(|sp| {
            vec![
                s.set_budget(sp, atom(), 10, 60),
                s.set_budget(sp, usdc(), 10, 60),
            ]
        })
        .collect();
    s.run(actions).unwrap();

    let mut seen = vec![];
    let mut start_after = None;
    loop {
        let page: BudgetListResponse = s
            .query(QueryMsg::ListBudgets {
                start_after: start_after.clone(),
                limit: Some(3),
            })
            .unwrap();
        if page.budgets.is_empty() {
            break;
        }
        assert!(page.budgets.len() <= 3);
        let last = page.budgets.last().unwrap();
        start_after = Some((last.spender.to_string(), last.asset.key()));
        seen.extend(page.budgets);
    }
    assert_eq!(seen.len(), 8);
    let keys: Vec<_> = seen
        .iter()
        .map(|b| (b.spender.to_string(), b.asset.key()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
}
