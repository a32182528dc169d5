//! No unbounded work: every list an execute path walks has a limit that holds
//! (one test per list, at the limit and one past it), and every query that
//! pages a map or takes a list clamps what it is asked for.

use cosmwasm_std::{coins, Addr, BankMsg, CosmosMsg, Decimal, Uint128};
use serde_json::Value;
use steward_testing::TestKey;
use steward_tests::suite::{contract_error, transfer, Suite, SuiteBuilder, ADVISOR, USD};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::core::{self, Member, MAX_MEMBER_CHANGES, MAX_PROPOSAL_MSGS};
use steward_types::handle::DaoContracts;
use steward_types::oracle;
use steward_types::policy::{
    TreasuryAction, MAX_ACTIONS, MAX_POLICY_ASSETS, MAX_RECIPIENTS, MAX_VENUES,
};
use steward_types::proposal::{self, ProposalAction, MAX_PROPOSAL_ACTIONS};
use steward_types::threshold::Vote;
use steward_types::{treasury, MAX_LIMIT};

/// Items in the first list of a JSON answer.
fn list_len(s: &Suite, contract: &Addr, msg: &impl serde::Serialize) -> usize {
    // Raw on purpose: any list query, its answer read as JSON.
    let answer: Value = s.app.wrap().query_wasm_smart(contract, msg).unwrap();
    answer
        .as_object()
        .and_then(|o| o.values().find_map(|v| v.as_array().map(Vec::len)))
        .expect("the answer holds a list")
}

fn core_exec(s: &mut Suite, msg: &core::ExecuteMsg) -> anyhow::Result<cw_multi_test::AppResponse> {
    let core_addr = s.core.clone();
    s.exec(&core_addr, &core_addr, msg)
}

fn members(s: &Suite, n: usize, tag: &str) -> Vec<Member> {
    (0..n)
        .map(|i| Member {
            addr: s.app.api().addr_make(&format!("{tag}-{i}")).to_string(),
            weight: 1,
        })
        .collect()
}

#[test]
fn a_proposal_carries_at_most_max_proposal_actions() {
    let mut s = SuiteBuilder::default().build();
    let alice = s.member(0);
    let recipient = s.actors.recipient.clone();
    let action = |_| ProposalAction::Treasury {
        actions: vec![transfer(USD, 1, &recipient)],
    };
    let err = s
        .propose(&alice, (0..=MAX_PROPOSAL_ACTIONS).map(action).collect())
        .unwrap_err();
    assert!(
        matches!(
            contract_error::<steward_proposal::error::ContractError>(&err),
            Some(steward_proposal::error::ContractError::TooManyActions { count, max })
                if *count == MAX_PROPOSAL_ACTIONS + 1 && *max == MAX_PROPOSAL_ACTIONS
        ),
        "{err:#}"
    );
    s.propose(&alice, (0..MAX_PROPOSAL_ACTIONS).map(action).collect())
        .unwrap();
}

#[test]
fn a_treasury_execution_runs_at_most_max_actions() {
    let mut s = SuiteBuilder::default().build();
    let recipient = s.actors.recipient.clone();
    let check = |s: &Suite, n: usize| -> Result<Value, cosmwasm_std::StdError> {
        // Raw on purpose: the refusal is checked as the JSON the treasury answers.
        s.app.wrap().query_wasm_smart(
            &s.treasury,
            &treasury::QueryMsg::CheckActions {
                actions: vec![transfer(USD, 1, &recipient); n],
            },
        )
    };
    let too_many = |v: &Value| v["verdict"]["refused"]["violation"]["too_many_actions"].clone();
    let over = check(&s, MAX_ACTIONS + 1).unwrap();
    assert_eq!(
        too_many(&over),
        serde_json::json!({"count": MAX_ACTIONS + 1, "max": MAX_ACTIONS}),
        "{over}"
    );
    let at_limit = check(&s, MAX_ACTIONS).unwrap();
    assert!(at_limit["verdict"]["passed"].is_object(), "{at_limit}");
    // And the treasury itself refuses the longer list from dao-core.
    let core_addr = s.core.clone();
    let treasury_addr = s.treasury.clone();
    let err = s
        .exec(
            &core_addr,
            &treasury_addr,
            &treasury::ExecuteMsg::Execute {
                actions: vec![transfer(USD, 1, &recipient); MAX_ACTIONS + 1],
                recommendation_id: None,
                expected_policy_version: None,
            },
        )
        .unwrap_err();
    assert!(
        format!("{err:#}").contains(&format!("at most {MAX_ACTIONS}")),
        "{err:#}"
    );
    assert_eq!(s.balance(&recipient, USD), 0);
}

#[test]
fn dao_core_runs_at_most_max_proposal_msgs() {
    let mut s = SuiteBuilder::default().build();
    let proposal_addr = s.proposal.clone();
    let core_addr = s.core.clone();
    let msg = |n: usize| core::ExecuteMsg::ExecuteProposal {
        msgs: vec![
            CosmosMsg::Bank(BankMsg::Send {
                to_address: s.actors.recipient.to_string(),
                amount: coins(1, USD),
            });
            n
        ],
    };
    let err = s
        .exec(&proposal_addr, &core_addr, &msg(MAX_PROPOSAL_MSGS + 1))
        .unwrap_err();
    assert!(
        matches!(
            contract_error::<steward_core::error::ContractError>(&err),
            Some(steward_core::error::ContractError::TooManyMessages { count, max })
                if *count == MAX_PROPOSAL_MSGS + 1 && *max == MAX_PROPOSAL_MSGS
        ),
        "{err:#}"
    );
}

#[test]
fn one_update_members_changes_at_most_max_member_changes() {
    let mut s = SuiteBuilder::default().build();
    let add = members(&s, MAX_MEMBER_CHANGES + 1, "m");
    let err = core_exec(
        &mut s,
        &core::ExecuteMsg::UpdateMembers {
            add: add.clone(),
            remove: vec![],
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            contract_error::<steward_core::error::ContractError>(&err),
            Some(steward_core::error::ContractError::TooManyMemberChanges { .. })
        ),
        "{err:#}"
    );
    core_exec(
        &mut s,
        &core::ExecuteMsg::UpdateMembers {
            add: add[..MAX_MEMBER_CHANGES].to_vec(),
            remove: vec![],
        },
    )
    .unwrap();
}

#[test]
fn an_address_has_at_most_max_claims() {
    let mut s = SuiteBuilder {
        staking: true,
        ..SuiteBuilder::default()
    }
    .build();
    let alice = s.member(0);
    let core_addr = s.core.clone();
    let unstake = core::ExecuteMsg::Unstake {
        amount: Uint128::new(1),
    };
    for _ in 0..steward_core::state::MAX_CLAIMS {
        s.exec(&alice, &core_addr, &unstake).unwrap();
        s.next_block();
    }
    let err = s.exec(&alice, &core_addr, &unstake).unwrap_err();
    assert!(
        matches!(
            contract_error::<steward_core::error::ContractError>(&err),
            Some(steward_core::error::ContractError::TooManyClaims { .. })
        ),
        "{err:#}"
    );
}

#[test]
fn a_recommendation_carries_at_most_max_signatures() {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        ..SuiteBuilder::default()
    }
    .build();
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 1_000, &recipient)]);
    let bytes = cosmwasm_std::to_json_vec(&payload).unwrap();
    let sig = s.advisor.advisor_signature(ADVISOR, &bytes);
    let max = steward_oracle::state::MAX_SIGNATURES;
    let err = s
        .submit_signed(&bytes, vec![sig.clone(); max + 1])
        .unwrap_err();
    assert!(
        matches!(
            contract_error::<steward_oracle::error::ContractError>(&err),
            Some(steward_oracle::error::ContractError::TooManySignatures { count, max: m })
                if *count == max + 1 && *m == max
        ),
        "{err:#}"
    );
}

#[test]
fn a_policy_lists_at_most_its_bounds() {
    let mut s = SuiteBuilder::default().build();
    let core_addr = s.core.clone();
    let treasury_addr = s.treasury.clone();
    let base = s.policy().policy;
    let denoms = |n: usize| -> Vec<AssetAmount> {
        (0..n)
            .map(|i| AssetAmount::new(AssetInfo::native(format!("ud{i}")), 1u128))
            .collect()
    };
    let api = *s.app.api();
    let addrs = |n: usize, tag: &str| -> Vec<String> {
        (0..n)
            .map(|i| api.addr_make(&format!("{tag}{i}")).to_string())
            .collect()
    };
    let mut too_many_assets = base.clone();
    too_many_assets.allowances = denoms(MAX_POLICY_ASSETS + 1);
    let mut too_many_reserves = base.clone();
    too_many_reserves.min_reserves = denoms(MAX_POLICY_ASSETS + 1);
    let mut too_many_recipients = base.clone();
    too_many_recipients.recipient_allowlist = Some(addrs(MAX_RECIPIENTS + 1, "r"));
    let mut too_many_venues = base.clone();
    too_many_venues.venue_allowlist = addrs(MAX_VENUES + 1, "v");
    for (policy, what) in [
        (too_many_assets, format!("at most {MAX_POLICY_ASSETS}")),
        (too_many_reserves, format!("at most {MAX_POLICY_ASSETS}")),
        (too_many_recipients, format!("at most {MAX_RECIPIENTS}")),
        (too_many_venues, format!("at most {MAX_VENUES}")),
    ] {
        let err = s
            .exec(
                &core_addr,
                &treasury_addr,
                &treasury::ExecuteMsg::UpdatePolicy { policy },
            )
            .unwrap_err();
        assert!(format!("{err:#}").contains(&what), "{err:#}");
    }
    let mut at_limit = base;
    at_limit.venue_allowlist = addrs(MAX_VENUES, "v");
    at_limit.recipient_allowlist = Some(addrs(MAX_RECIPIENTS, "r"));
    s.exec(
        &core_addr,
        &treasury_addr,
        &treasury::ExecuteMsg::UpdatePolicy { policy: at_limit },
    )
    .unwrap();
}

#[test]
fn the_oracle_holds_at_most_max_advisors() {
    let mut s = SuiteBuilder::default().build();
    let core_addr = s.core.clone();
    let oracle_addr = s.oracle.clone();
    let max = steward_oracle::state::MAX_ADVISORS;
    let register = |s: &mut Suite, i: usize| {
        let key = TestKey::secp256k1(20 + i as u8).advisor_key(&format!("key-{i}"));
        s.exec(
            &core_addr,
            &oracle_addr,
            &oracle::ExecuteMsg::RegisterAdvisor { key },
        )
    };
    for i in 0..max {
        register(&mut s, i).unwrap();
    }
    let err = register(&mut s, max).unwrap_err();
    assert!(
        matches!(
            contract_error::<steward_oracle::error::ContractError>(&err),
            Some(steward_oracle::error::ContractError::Config(
                steward_types::oracle::OracleConfigError::TooManyAdvisors { .. }
            ))
        ),
        "{err:#}"
    );
    // Paging the keys returns at most a page, whatever limit is asked for.
    let page = list_len(
        &s,
        &s.oracle,
        &oracle::QueryMsg::Advisors {
            start_after: None,
            limit: Some(u32::MAX),
        },
    );
    assert_eq!(page, MAX_LIMIT as usize);
}

#[test]
fn a_price_update_and_a_price_query_name_at_most_their_bounds() {
    let mut s = SuiteBuilder::default().build();
    let prices = |n: usize| {
        (0..n)
            .map(|i| (AssetInfo::native(format!("ud{i}")), Decimal::one()))
            .collect::<Vec<_>>()
    };
    let max = steward_types::payload::MAX_PRICES;
    let err = s.submit_prices(prices(max + 1)).unwrap_err();
    assert!(
        format!("{err:#}").contains(&format!("at most {max}")),
        "{err:#}"
    );
    s.submit_prices(prices(max)).unwrap();
    let page = list_len(
        &s,
        &s.oracle,
        &oracle::QueryMsg::ListPrices {
            start_after: None,
            limit: Some(u32::MAX),
        },
    );
    assert_eq!(page, MAX_LIMIT as usize);
    let query_max = steward_oracle::state::MAX_PRICE_QUERY_ASSETS;
    // Raw on purpose: the oracle's own query must refuse (the handle reads prices raw).
    let asked: Result<Value, _> = s.app.wrap().query_wasm_smart(
        &s.oracle,
        &oracle::QueryMsg::Prices {
            assets: prices(query_max + 1).into_iter().map(|(a, _)| a).collect(),
        },
    );
    assert!(asked.is_err(), "{asked:?}");
}

#[test]
fn proposal_and_vote_pages_are_clamped() {
    let mut s = SuiteBuilder::default().build();
    let extra = members(&s, MAX_LIMIT as usize + 5, "voter");
    core_exec(
        &mut s,
        &core::ExecuteMsg::UpdateMembers {
            add: extra.clone(),
            remove: vec![],
        },
    )
    .unwrap();
    s.next_block();
    let alice = s.member(0);
    let recipient = s.actors.recipient.clone();
    for _ in 0..=MAX_LIMIT {
        s.propose(
            &alice,
            vec![ProposalAction::Treasury {
                actions: vec![transfer(USD, 1, &recipient)],
            }],
        )
        .unwrap();
    }
    let last = s.proposal_count();
    // Weight-1 members voting no: never enough to decide, so all may vote.
    for m in &extra {
        s.vote(&Addr::unchecked(&m.addr), last, Vote::No).unwrap();
    }
    let huge = Some(u32::MAX);
    for msg in [
        proposal::QueryMsg::ListProposals {
            start_after: None,
            limit: huge,
        },
        proposal::QueryMsg::ReverseProposals {
            start_before: None,
            limit: huge,
        },
        proposal::QueryMsg::ListVotes {
            proposal_id: last,
            start_after: None,
            limit: huge,
        },
    ] {
        assert_eq!(
            list_len(&s, &s.proposal, &msg),
            MAX_LIMIT as usize,
            "{msg:?}"
        );
    }
    let members_page = list_len(
        &s,
        &s.core,
        &core::QueryMsg::ListMembers {
            start_after: None,
            limit: huge,
        },
    );
    assert_eq!(members_page, MAX_LIMIT as usize);
}

#[test]
fn budget_recommendation_and_feeder_pages_are_clamped() {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        ..SuiteBuilder::default()
    }
    .build();
    let core_addr = s.core.clone();
    let treasury_addr = s.treasury.clone();
    let oracle_addr = s.oracle.clone();
    let n = MAX_LIMIT as usize + 2;
    let spenders: Vec<_> = (0..n)
        .map(|i| s.app.api().addr_make(&format!("spender-{i}")))
        .collect();
    for chunk in spenders.chunks(MAX_ACTIONS) {
        let actions = chunk
            .iter()
            .map(|spender| TreasuryAction::SetBudget {
                spender: spender.to_string(),
                asset: AssetInfo::native(USD),
                amount_per_period: Uint128::new(1_000),
                period_seconds: 86_400,
            })
            .collect();
        s.exec(
            &core_addr,
            &treasury_addr,
            &treasury::ExecuteMsg::Execute {
                actions,
                recommendation_id: None,
                expected_policy_version: None,
            },
        )
        .unwrap();
    }
    let recipient = s.actors.recipient.clone();
    for _ in 0..n {
        let payload = s.payload(vec![transfer(USD, 1_000, &recipient)]);
        s.submit(&payload).unwrap();
    }
    for i in 0..n {
        let feeder = TestKey::secp256k1(100 + i as u8).feeder(&format!("feeder-x{i}"));
        s.exec(
            &core_addr,
            &oracle_addr,
            &oracle::ExecuteMsg::RegisterFeeder { feeder },
        )
        .unwrap();
    }
    let huge = Some(u32::MAX);
    assert_eq!(
        list_len(
            &s,
            &s.treasury,
            &treasury::QueryMsg::ListBudgets {
                start_after: None,
                limit: huge
            }
        ),
        MAX_LIMIT as usize
    );
    assert_eq!(
        list_len(
            &s,
            &s.oracle,
            &oracle::QueryMsg::Recommendations {
                status: None,
                start_after: None,
                limit: huge
            }
        ),
        MAX_LIMIT as usize
    );
    assert_eq!(
        list_len(
            &s,
            &s.oracle,
            &oracle::QueryMsg::Feeders {
                start_after: None,
                limit: huge
            }
        ),
        MAX_LIMIT as usize
    );
}

#[test]
fn an_assets_price_history_holds_at_most_price_history_len_points() {
    let mut s = SuiteBuilder::default().build();
    let len = steward_oracle::state::PRICE_HISTORY_LEN as usize;
    let usd = AssetInfo::native(USD);
    let held = |s: &Suite| {
        let mut points: Vec<oracle::PricePoint> = vec![];
        loop {
            let page = s
                .oracle_contract()
                .price_history(
                    &s.app.wrap(),
                    &AssetInfo::native(USD),
                    points.last().map(|p| p.publish_time),
                    Some(u32::MAX),
                )
                .unwrap();
            assert!(page.points.len() <= MAX_LIMIT as usize);
            let n = page.points.len();
            points.extend(page.points);
            if n < MAX_LIMIT as usize {
                return points;
            }
        }
    };
    for _ in 0..len {
        s.next_block();
        s.submit_prices(vec![(usd.clone(), Decimal::one())])
            .unwrap();
    }
    let at_bound = held(&s);
    assert_eq!(at_bound.len(), len);
    s.next_block();
    s.submit_prices(vec![(usd.clone(), Decimal::one())])
        .unwrap();
    let past = held(&s);
    assert_eq!(past.len(), len);
    assert_eq!(past[0].publish_time, s.now());
    // The oldest point gave way to the newest.
    assert_eq!(past.last(), at_bound.get(len - 2));
}
