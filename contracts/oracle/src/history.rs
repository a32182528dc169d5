//! Each asset's price history: a ring of its last `PRICE_HISTORY_LEN` accepted
//! prices. A write overwrites the oldest slot once the ring is full, so it
//! costs one point save and one head save however long the asset has been
//! priced, and storage per asset never grows past the ring.

use crate::state::{RingHead, PRICE_HISTORY, PRICE_HISTORY_HEADS, PRICE_HISTORY_LEN};
use cosmwasm_std::{StdResult, Storage};
use steward_types::asset::AssetInfo;
use steward_types::oracle::{PriceHistoryResponse, PricePoint};
use steward_types::page_limit;

impl RingHead {
    /// Points held, never more than the ring (a stored head always holds so).
    fn held(&self) -> u32 {
        self.len.min(PRICE_HISTORY_LEN)
    }

    /// The slot of the point `age` places before the newest (`age` 0 is the
    /// newest), for `age < held()`.
    fn slot_back(&self, age: u32) -> u32 {
        // next < LEN and age < LEN, so the sum stays below 2 × LEN.
        (self.next % PRICE_HISTORY_LEN + PRICE_HISTORY_LEN - 1 - age % PRICE_HISTORY_LEN)
            % PRICE_HISTORY_LEN
    }

    /// The head after one more point.
    fn advanced(self) -> RingHead {
        RingHead {
            next: (self.next % PRICE_HISTORY_LEN + 1) % PRICE_HISTORY_LEN,
            len: (self.held() + 1).min(PRICE_HISTORY_LEN),
        }
    }
}

/// Appends an accepted price to `asset_key`'s ring. The caller has checked
/// that `point` is newer than every point already held (the feed refuses an
/// update not newer than the stored price), so the ring stays time-ordered.
pub fn record(storage: &mut dyn Storage, asset_key: &str, point: &PricePoint) -> StdResult<()> {
    let head = PRICE_HISTORY_HEADS
        .may_load(storage, asset_key)?
        .unwrap_or_default();
    PRICE_HISTORY.save(storage, (asset_key, head.next % PRICE_HISTORY_LEN), point)?;
    PRICE_HISTORY_HEADS.save(storage, asset_key, &head.advanced())
}

/// A page of `asset`'s history, newest first, of the points published before
/// `start_after` (all of them without it). Finding where the page starts is a
/// binary search over the time-ordered ring: at most log2(`PRICE_HISTORY_LEN`)
/// + 1 reads before the page's own.
pub fn page(
    storage: &dyn Storage,
    asset: AssetInfo,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<PriceHistoryResponse> {
    let key = asset.key();
    let mut points = vec![];
    if let Some(head) = PRICE_HISTORY_HEADS.may_load(storage, &key)? {
        let load = |age: u32| PRICE_HISTORY.load(storage, (key.as_str(), head.slot_back(age)));
        let held = head.held();
        // First age (0 = newest) whose point is older than `start_after`:
        // ages grow as times fall, so the ages below it are the ones to skip.
        let mut first = 0;
        if let Some(before) = start_after {
            let mut hi = held;
            while first < hi {
                let mid = first + (hi - first) / 2;
                if load(mid)?.publish_time >= before {
                    first = mid + 1;
                } else {
                    hi = mid;
                }
            }
        }
        for age in (first..held).take(page_limit(limit)) {
            points.push(load(age)?);
        }
    }
    Ok(PriceHistoryResponse {
        asset,
        points,
        capacity: PRICE_HISTORY_LEN,
    })
}
