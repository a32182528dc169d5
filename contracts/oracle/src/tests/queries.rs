use super::*;
use crate::state::SCAN_FACTOR;
use steward_types::oracle::{
    AdvisorListResponse, RecommendationListResponse, RecommendationStatus as S,
};

fn page(
    suite: &Suite,
    status: Option<S>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Vec<(u64, S)> {
    let res: RecommendationListResponse = suite.query(QueryMsg::Recommendations {
        status,
        start_after,
        limit,
    });
    res.recommendations
        .into_iter()
        .map(|r| (r.recommendation.id, r.status))
        .collect()
}

/// 1 pending, 2 executed, 3 rejected, 4 expired (recorded), 5 expired (still
/// stored pending), 6 pending, 7 executed. (`Adopted` lasts only inside the
/// executing transaction, so no list shows it.)
fn mixed() -> Suite {
    let mut suite = Suite::new();
    for nonce in 1..=7 {
        let expires_in = if nonce == 4 || nonce == 5 { 100 } else { 3600 };
        suite.submit_ok(nonce, expires_in);
    }
    suite
        .exec_dao(ExecuteMsg::MarkExecuted {
            id: 2,
            proposal_id: 1,
            balances_before: vec![],
        })
        .unwrap();
    suite.exec_dao(ExecuteMsg::MarkRejected { id: 3 }).unwrap();
    suite
        .exec_dao(ExecuteMsg::MarkExecuted {
            id: 7,
            proposal_id: 2,
            balances_before: vec![],
        })
        .unwrap();
    suite.advance(100);
    suite
        .exec_dao(ExecuteMsg::ExpireRecommendation { id: 4 })
        .unwrap();
    suite
}

#[test]
fn list_without_filter_shows_effective_status() {
    let suite = mixed();
    assert_eq!(
        page(&suite, None, None, None),
        vec![
            (1, S::Pending),
            (2, S::Executed),
            (3, S::Rejected),
            (4, S::Expired),
            (5, S::Expired),
            (6, S::Pending),
            (7, S::Executed),
        ]
    );
    assert_eq!(
        page(&suite, None, Some(2), Some(2)),
        vec![(3, S::Rejected), (4, S::Expired)]
    );
    // the stored status of 5 is still pending
    assert_eq!(suite.recommendation(5).recommendation.status, S::Pending);
}

#[test]
fn list_by_status() {
    let suite = mixed();
    assert_eq!(
        page(&suite, Some(S::Pending), None, None),
        vec![(1, S::Pending), (6, S::Pending)]
    );
    assert_eq!(
        page(&suite, Some(S::Expired), None, None),
        vec![(4, S::Expired), (5, S::Expired)]
    );
    assert_eq!(page(&suite, Some(S::Adopted), None, None), vec![]);
    assert_eq!(
        page(&suite, Some(S::Executed), None, None),
        vec![(2, S::Executed), (7, S::Executed)]
    );
    assert_eq!(
        page(&suite, Some(S::Rejected), None, None),
        vec![(3, S::Rejected)]
    );
}

#[test]
fn list_by_status_paginates() {
    let suite = mixed();
    assert_eq!(
        page(&suite, Some(S::Pending), None, Some(1)),
        vec![(1, S::Pending)]
    );
    assert_eq!(
        page(&suite, Some(S::Pending), Some(1), Some(1)),
        vec![(6, S::Pending)]
    );
    assert_eq!(page(&suite, Some(S::Pending), Some(6), Some(1)), vec![]);
    assert_eq!(
        page(&suite, Some(S::Expired), None, Some(1)),
        vec![(4, S::Expired)]
    );
    assert_eq!(
        page(&suite, Some(S::Expired), Some(4), Some(1)),
        vec![(5, S::Expired)]
    );
    assert_eq!(page(&suite, Some(S::Expired), Some(5), None), vec![]);
    assert_eq!(page(&suite, Some(S::Adopted), Some(2), None), vec![]);
}

#[test]
fn expired_filter_merges_stored_and_effective_in_id_order() {
    let mut suite = Suite::new();
    // ids 1..=4 all short-lived; 2 and 3 get their expiry recorded
    for nonce in 1..=4 {
        suite.submit_ok(nonce, 100);
    }
    suite.advance(100);
    for id in [3, 2] {
        suite
            .exec_dao(ExecuteMsg::ExpireRecommendation { id })
            .unwrap();
    }
    let all: Vec<u64> = page(&suite, Some(S::Expired), None, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(all, vec![1, 2, 3, 4]);
    let second: Vec<u64> = page(&suite, Some(S::Expired), Some(2), Some(1))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(second, vec![3]);
    assert!(page(&suite, Some(S::Pending), None, None).is_empty());
}

#[test]
fn status_filter_scan_is_bounded_by_the_page_limit() {
    let mut suite = Suite::new();
    let skipped = SCAN_FACTOR as u64;
    // `skipped` pending recommendations that will expire unrecorded, then one that stays pending
    for nonce in 1..=skipped {
        suite.submit_ok(nonce, 100);
    }
    let live = suite.submit_ok(skipped + 1, 3600);
    suite.advance(100);

    // a page of 1 reads at most SCAN_FACTOR entries: all expired, so it comes back short
    assert!(page(&suite, Some(S::Pending), None, Some(1)).is_empty());
    // a larger page reaches it
    assert_eq!(
        page(&suite, Some(S::Pending), None, Some(2)),
        vec![(live, S::Pending)]
    );
    // recording the expiries clears the way for small pages too
    for id in 1..=skipped {
        suite
            .exec_dao(ExecuteMsg::ExpireRecommendation { id })
            .unwrap();
    }
    assert_eq!(
        page(&suite, Some(S::Pending), None, Some(1)),
        vec![(live, S::Pending)]
    );
}

#[test]
fn advisors_paginate_in_id_order() {
    let mut suite = Suite::new();
    for (i, id) in ["delta", "beta", "gamma"].iter().enumerate() {
        suite
            .exec_dao(ExecuteMsg::RegisterAdvisor {
                key: TestKey::ed25519(70 + i as u8).advisor_key(id),
            })
            .unwrap();
    }
    let ids = |res: AdvisorListResponse| -> Vec<String> {
        res.advisors.into_iter().map(|a| a.id).collect()
    };
    assert_eq!(
        ids(suite.query(QueryMsg::Advisors {
            start_after: None,
            limit: Some(2)
        })),
        vec!["alpha", "beta"]
    );
    assert_eq!(
        ids(suite.query(QueryMsg::Advisors {
            start_after: Some("beta".into()),
            limit: None
        })),
        vec!["delta", "gamma"]
    );
    // a limit of 0 is raised to 1
    assert_eq!(
        ids(suite.query(QueryMsg::Advisors {
            start_after: None,
            limit: Some(0)
        })),
        vec!["alpha"]
    );
}

#[test]
fn unknown_advisor_query() {
    let suite = Suite::new();
    assert_eq!(
        suite.query_err(QueryMsg::Advisor { id: "ghost".into() }),
        ContractError::UnknownAdvisorKey { id: "ghost".into() }
    );
}

#[test]
fn page_size_is_capped() {
    let mut suite = Suite::new();
    for nonce in 1..=35 {
        suite.submit_ok(nonce, 3600);
    }
    assert_eq!(page(&suite, None, None, Some(100)).len(), 30);
    assert_eq!(page(&suite, Some(S::Pending), None, Some(100)).len(), 30);
    assert_eq!(page(&suite, None, None, None).len(), 10);
}
