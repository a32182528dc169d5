//! The continuous limit: a token bucket of one period's amount, refilled at
//! that amount per period. Over any window of `T` seconds at most
//! `capacity × (1 + T / period)` leaves, also across a change of capacity or
//! period.

use cosmwasm_std::Uint128;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::bucket::Bucket;
use steward_types::policy::{Limits, Policy};

const DAY: u64 = 86_400;

fn u(n: u128) -> Uint128 {
    Uint128::new(n)
}

#[test]
fn refills_linearly_up_to_its_capacity_and_keeps_fractions() {
    let empty = Bucket::empty(1_000);
    assert_eq!(empty.at(u(100), DAY, 1_000 + DAY / 4).level, u(25));
    assert_eq!(empty.at(u(100), DAY, 1_000 + 10 * DAY).level, u(100));
    // 1 unit per 864 s: refreshing every 5 s loses nothing to rounding.
    let mut b = empty;
    for step in 1..=864 / 4 {
        b = b.at(u(100), DAY, 1_000 + step * 4);
    }
    assert_eq!(b.level, u(1));
    assert!(b.carry < DAY);
    // Time going backwards, a zero period or a zero capacity add nothing.
    assert_eq!(b.at(u(100), DAY, 0).level, u(1));
    assert_eq!(empty.at(u(100), 0, 10 * DAY).level, u(0));
    assert_eq!(empty.at(u(0), DAY, 10 * DAY).level, u(0));
    // Extremes do not overflow.
    let huge = Bucket::empty(0).at(Uint128::MAX, 1, u64::MAX);
    assert_eq!(huge.level, Uint128::MAX);
    let slow = Bucket::empty(0).at(Uint128::MAX, u64::MAX, u64::MAX - 1);
    assert!(slow.level < Uint128::MAX);
}

#[test]
fn take_never_goes_below_zero() {
    let b = Bucket::full(u(10), 0);
    assert_eq!(b.take(u(10)).unwrap().level, u(0));
    assert_eq!(b.take(u(11)), None);
}

#[test]
fn a_change_keeps_the_level_and_never_refills() {
    let b = Bucket::full(u(100), 0).take(u(90)).unwrap();
    // Larger capacity, shorter period: still 10 now.
    let bigger = b.rescaled(u(1_000), DAY, 3_600);
    assert_eq!(bigger.level, u(10));
    assert!(bigger.carry < 3_600);
    // Smaller capacity: capped.
    assert_eq!(b.rescaled(u(5), DAY, DAY).level, u(5));
}

/// A deterministic pseudo-random sequence (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Terms a bucket runs under from `from` on.
#[derive(Clone, Copy)]
struct Terms {
    from: u64,
    capacity: u128,
    period: u64,
}

/// Whether `moved` in `[a, b]` is within the bound under a list of terms (each
/// in force from its `from` to the next one's): the largest capacity plus what
/// each term refills during its part of the window, compared exactly over a
/// common denominator (the product of the periods).
fn bound_holds(moved: u128, a: u64, b: u64, terms: &[Terms]) -> bool {
    // moved <= max capacity + sum over pieces of capacity × length / period.
    let max_capacity = terms.iter().map(|t| t.capacity).max().unwrap();
    let denominator: u128 = terms.iter().map(|t| u128::from(t.period)).product();
    let mut numerator = max_capacity * denominator;
    for (i, t) in terms.iter().enumerate() {
        let end = terms.get(i + 1).map_or(u64::MAX, |n| n.from);
        let (lo, hi) = (a.max(t.from), b.min(end));
        if hi > lo {
            numerator += t.capacity * u128::from(hi - lo) * (denominator / u128::from(t.period));
        }
    }
    moved * denominator <= numerator
}

/// Greedy and random draws at random times, with the terms changing at
/// random moments; after each run every window of draws is checked.
#[test]
fn any_window_moves_at_most_capacity_times_one_plus_its_length_over_the_period() {
    let mut rng = Rng(0x5eed_0fb0_c4e7);
    for _ in 0..300 {
        let mut terms = vec![Terms {
            from: 0,
            capacity: 1 + u128::from(rng.below(1_000_000)),
            period: 1 + rng.below(10 * DAY),
        }];
        let mut bucket = Bucket::full(Uint128::new(terms[0].capacity), 0);
        let mut now = 0u64;
        let mut draws: Vec<(u64, u128)> = vec![];
        for _ in 0..60 {
            now += rng.below(terms.last().unwrap().period / 4 + 2);
            let t = *terms.last().unwrap();
            if rng.below(10) == 0 && terms.len() < 3 {
                // A change of terms: settle under the old ones, then rescale.
                let next = Terms {
                    from: now,
                    capacity: 1 + u128::from(rng.below(1_000_000)),
                    period: 1 + rng.below(10 * DAY),
                };
                bucket = bucket.at(u(t.capacity), t.period, now).rescaled(
                    u(next.capacity),
                    t.period,
                    next.period,
                );
                terms.push(next);
                continue;
            }
            bucket = bucket.at(u(t.capacity), t.period, now);
            let available = bucket.level.u128();
            let amount = if rng.below(2) == 0 {
                available
            } else {
                u128::from(rng.below(u64::try_from(t.capacity).unwrap() + 1))
            };
            match bucket.take(u(amount)) {
                Some(after) => {
                    assert!(amount <= available);
                    bucket = after;
                    draws.push((now, amount));
                }
                None => assert!(amount > available),
            }
        }
        for i in 0..draws.len() {
            let mut moved = 0u128;
            for j in i..draws.len() {
                moved += draws[j].1;
                let (a, b) = (draws[i].0, draws[j].0);
                assert!(
                    bound_holds(moved, a, b, &terms),
                    "{moved} moved in [{a}, {b}] under {:?}",
                    terms
                        .iter()
                        .map(|t| (t.from, t.capacity, t.period))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}

fn policy(period_seconds: u64, allowance: u128, nav_bps: Option<u16>) -> Policy {
    Policy {
        period_seconds,
        allowances: vec![AssetAmount::new(AssetInfo::native("uusd"), allowance)],
        max_nav_share_bps: nav_bps,
        recipient_allowlist: None,
        venue_allowlist: vec![],
        min_reserves: vec![],
        max_slippage_bps: 0,
        max_price_age_seconds: 60,
    }
}

#[test]
fn a_policy_change_keeps_what_each_limit_holds() {
    let usd = AssetInfo::native("uusd");
    let atom = AssetInfo::native("uatom");
    let old = policy(DAY, 1_000, Some(1_000));
    let mut limits = Limits::full(&old, 0);
    limits.assets[0].bucket = limits.assets[0].bucket.take(u(1_000)).unwrap();
    limits.nav_share = Bucket::empty(0);
    // An hour later, with a one-hour period and a new asset listed.
    let mut new = policy(3_600, 1_000, Some(1_000));
    new.allowances.push(AssetAmount::new(atom.clone(), 50u128));
    let after = limits.after_policy_change(&old, &new, 3_600);
    // What refilled under the old terms (1_000 / 24), nothing for the change.
    assert_eq!(after.available(&usd), u(41));
    assert_eq!(after.available(&atom), u(0));
    assert_eq!(
        after.nav_share.level,
        old.nav_share_capacity().multiply_ratio(1u128, 24u128)
    );
    // From then on at the new rate.
    let later = after.at(&new, 3_600 + 1_800);
    assert_eq!(later.available(&usd), u(541));
    assert_eq!(later.available(&atom), u(25));
    // An asset no longer listed loses its bucket; listed again, it starts empty.
    let without = later.after_policy_change(&new, &old, 5_400);
    assert!(without.bucket(&atom).is_none());
    assert_eq!(
        without
            .after_policy_change(&old, &new, 5_400)
            .available(&atom),
        u(0)
    );
}
