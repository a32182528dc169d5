//! Each asset's price history: the last `PRICE_HISTORY_LEN` accepted prices,
//! newest first, paginated by publish time; rejected updates write nothing.

use super::*;
use crate::state::{RingHead, PRICE_HISTORY, PRICE_HISTORY_HEADS, PRICE_HISTORY_LEN};
use cosmwasm_std::Order;
use steward_types::oracle::{PriceHistoryResponse, PricePoint};
use steward_types::MAX_LIMIT;

const N: u32 = PRICE_HISTORY_LEN;

fn stake() -> AssetInfo {
    AssetInfo::native(DENOM)
}
fn atom() -> AssetInfo {
    AssetInfo::native(OTHER)
}

fn history(
    suite: &Suite,
    asset: AssetInfo,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> PriceHistoryResponse {
    suite.query(QueryMsg::PriceHistory {
        asset,
        start_after,
        limit,
    })
}

/// Every point of `asset`, newest first, read page by page as a client does.
fn all_points(suite: &Suite, asset: &AssetInfo, limit: u32) -> Vec<PricePoint> {
    let mut out: Vec<PricePoint> = vec![];
    loop {
        let start_after = out.last().map(|p| p.publish_time);
        let page = history(suite, asset.clone(), start_after, Some(limit));
        let n = page.points.len();
        out.extend(page.points);
        if n < limit as usize {
            return out;
        }
    }
}

/// The price published in update `i` (distinct per update).
fn price(i: u64) -> Decimal {
    Decimal::permille(1_000 + i)
}

/// `count` updates of `asset`, ten seconds apart, each published at its block
/// time; returns the points as sent, oldest first.
fn feed(suite: &mut Suite, asset: &AssetInfo, count: u64) -> Vec<PricePoint> {
    let mut sent = vec![];
    for i in 0..count {
        suite.advance(10);
        let now = suite.now();
        let payload = suite.price_payload("feeder-1", now, &[(asset.clone(), price(i))]);
        suite.submit_prices(&payload, &feeder_key()).unwrap();
        sent.push(PricePoint {
            price: price(i),
            publish_time: now,
        });
    }
    sent
}

/// Points stored for `asset_key`, whatever the ring head says.
fn stored_slots(suite: &Suite, asset_key: &str) -> usize {
    PRICE_HISTORY
        .prefix(asset_key)
        .keys(&suite.deps.storage, None, None, Order::Ascending)
        .count()
}

#[test]
fn after_n_plus_k_updates_the_history_holds_exactly_the_last_n_newest_first() {
    let mut suite = Suite::new();
    let k = 7;
    let sent = feed(&mut suite, &stake(), u64::from(N) + k);
    let mut expected: Vec<PricePoint> = sent[k as usize..].to_vec();
    expected.reverse();
    assert_eq!(expected.len(), N as usize);
    assert_eq!(all_points(&suite, &stake(), MAX_LIMIT), expected);
    assert_eq!(all_points(&suite, &stake(), 7), expected);
    // The newest point is the latest price.
    let latest: steward_types::oracle::PricesResponse = suite.query(QueryMsg::Prices {
        assets: vec![stake()],
    });
    assert_eq!(latest.prices[0].price, expected[0].price);
    assert_eq!(latest.prices[0].publish_time, expected[0].publish_time);
    // Storage is the ring, not a log: N slots, the head past the k-th wrap.
    assert_eq!(stored_slots(&suite, &stake().key()), N as usize);
    assert_eq!(
        PRICE_HISTORY_HEADS
            .load(&suite.deps.storage, &stake().key())
            .unwrap(),
        RingHead {
            next: k as u32,
            len: N
        }
    );
    // Another asset's ring is its own.
    assert!(history(&suite, atom(), None, None).points.is_empty());
}

#[test]
fn at_the_bound_and_one_past_it() {
    let mut suite = Suite::new();
    let sent = feed(&mut suite, &stake(), u64::from(N));
    let all = all_points(&suite, &stake(), MAX_LIMIT);
    assert_eq!(all.len(), N as usize);
    assert_eq!(all.last(), sent.first(), "the first point is still held");
    let sent_more = feed(&mut suite, &stake(), 1);
    let all = all_points(&suite, &stake(), MAX_LIMIT);
    assert_eq!(all.len(), N as usize);
    assert_eq!(all.first(), sent_more.first());
    assert_eq!(all.last(), sent.get(1), "the first point was overwritten");
    assert_eq!(stored_slots(&suite, &stake().key()), N as usize);
}

#[test]
fn pages_are_newest_first_start_after_a_publish_time_and_clamped() {
    let mut suite = Suite::new();
    // 40 points: the ring has not wrapped; then 30 more: it has.
    for count in [40u64, 30] {
        feed(&mut suite, &stake(), count);
        let all = all_points(&suite, &stake(), MAX_LIMIT);
        assert!(all
            .windows(2)
            .all(|w| w[0].publish_time > w[1].publish_time));

        // Default page 10, at most MAX_LIMIT.
        let page = history(&suite, stake(), None, None);
        assert_eq!(page.points, all[..10]);
        assert_eq!(page.capacity, N);
        let page = history(&suite, stake(), None, Some(u32::MAX));
        assert_eq!(page.points, all[..MAX_LIMIT as usize]);
        let page = history(&suite, stake(), None, Some(0));
        assert_eq!(page.points, all[..1]);

        // Start after a point: the ones published before it.
        let page = history(&suite, stake(), Some(all[4].publish_time), Some(3));
        assert_eq!(page.points, all[5..8]);
        // Start after a time between two points: the older of them first.
        let between = all[4].publish_time - 1;
        let page = history(&suite, stake(), Some(between), Some(3));
        assert_eq!(page.points, all[5..8]);
        // After a time newer than the newest: from the newest.
        let page = history(&suite, stake(), Some(u64::MAX), Some(2));
        assert_eq!(page.points, all[..2]);
        // After the oldest, or a time before it: nothing more.
        let oldest = all.last().unwrap().publish_time;
        assert!(history(&suite, stake(), Some(oldest), None)
            .points
            .is_empty());
        assert!(history(&suite, stake(), Some(0), None).points.is_empty());
    }
}

#[test]
fn an_asset_never_priced_has_an_empty_history() {
    let mut suite = Suite::new();
    let page = history(&suite, AssetInfo::native("unpriced"), None, None);
    assert_eq!(page.asset, AssetInfo::native("unpriced"));
    assert!(page.points.is_empty());
    assert_eq!(page.capacity, N);
    feed(&mut suite, &stake(), 3);
    let page = history(&suite, AssetInfo::native("unpriced"), Some(u64::MAX), None);
    assert!(page.points.is_empty());
    assert!(history(
        &suite,
        AssetInfo::cw20(suite.addr("token").as_str()),
        None,
        None
    )
    .points
    .is_empty());
}

#[test]
fn one_update_of_two_assets_writes_one_point_each() {
    let mut suite = Suite::new();
    let now = suite.now();
    let payload = suite.price_payload(
        "feeder-1",
        now,
        &[
            (stake(), Decimal::percent(150)),
            (atom(), Decimal::percent(900)),
        ],
    );
    suite.submit_prices(&payload, &feeder_key()).unwrap();
    assert_eq!(
        history(&suite, stake(), None, None).points,
        vec![PricePoint {
            price: Decimal::percent(150),
            publish_time: now
        }]
    );
    assert_eq!(
        history(&suite, atom(), None, None).points,
        vec![PricePoint {
            price: Decimal::percent(900),
            publish_time: now
        }]
    );
}

#[test]
fn a_rejected_price_update_writes_no_history() {
    let mut suite = Suite::new();
    let before = feed(&mut suite, &stake(), 2);
    let last = before[1].publish_time;
    let unchanged = |suite: &Suite| {
        assert_eq!(
            all_points(suite, &stake(), MAX_LIMIT),
            vec![before[1].clone(), before[0].clone()]
        );
        assert!(history(suite, atom(), None, None).points.is_empty());
        assert_eq!(stored_slots(suite, &stake().key()), 2);
        assert_eq!(stored_slots(suite, &atom().key()), 0);
    };

    // The same publish time again, and an older one.
    for publish_time in [last, last - 1] {
        let payload = suite.price_payload("feeder-1", publish_time, &[(stake(), Decimal::one())]);
        let err = suite.submit_prices(&payload, &feeder_key()).unwrap_err();
        assert_eq!(
            err,
            ContractError::StalePriceUpdate {
                asset: stake().key(),
                stored: last,
                got: publish_time
            }
        );
        unchanged(&suite);
    }

    // Older than the oracle accepts, for an asset with no history yet.
    suite.advance(MAX_PRICE_AGE + 10);
    let later = suite.now();
    let old = later - MAX_PRICE_AGE - 1;
    let payload = suite.price_payload("feeder-1", old, &[(atom(), Decimal::one())]);
    let err = suite.submit_prices(&payload, &feeder_key()).unwrap_err();
    assert_eq!(
        err,
        ContractError::StalePrices {
            publish_time: old,
            now: later,
            max_age: MAX_PRICE_AGE
        }
    );
    unchanged(&suite);

    // All or nothing: a good quote beside a zero price, or a bad signature.
    let payload = suite.price_payload(
        "feeder-1",
        later,
        &[(atom(), Decimal::one()), (stake(), Decimal::zero())],
    );
    let err = suite.submit_prices(&payload, &feeder_key()).unwrap_err();
    assert_eq!(
        err,
        ContractError::ZeroPrice {
            asset: stake().key()
        }
    );
    unchanged(&suite);
    let payload = suite.price_payload("feeder-1", later, &[(atom(), Decimal::one())]);
    let err = suite.submit_prices(&payload, &alpha()).unwrap_err();
    assert_eq!(
        err,
        ContractError::BadSignature {
            key_id: "feeder-1".into()
        }
    );
    unchanged(&suite);
}
