//! The continuous limit every treasury allowance, the NAV cap and each budget
//! use: a token bucket that holds at most one period's amount and refills at
//! that amount per period, linearly in time.
//!
//! Over any window of length `T`, at most `capacity × (1 + T / period)` can
//! leave: what the bucket held at the window's start (at most `capacity`) plus
//! what refilled during it (`capacity × T / period`). Fixed windows from the
//! epoch allowed twice the capacity within seconds of a boundary; a bucket has
//! no boundary.
//!
//! Integer math only: the refill below one unit is kept as `carry` (in units of
//! `1 / period_seconds`), so frequent updates lose nothing and rounding never
//! favours the spender.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Uint128, Uint256};

/// A token bucket's state. Its capacity and period come from whatever it
/// limits (the policy's allowance, the NAV cap, a budget), so a change of
/// those applies from the change on without touching what is left.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct Bucket {
    /// What may leave, as of `updated_at` (at most the capacity).
    pub level: Uint128,
    /// Refill accrued beyond `level`, below one unit, in units of
    /// `1 / period_seconds` of one unit (always below `period_seconds`).
    pub carry: u64,
    /// When `level` was last brought up to date (Unix seconds).
    pub updated_at: u64,
}

impl Bucket {
    /// A bucket holding its whole capacity at `now`.
    pub fn full(capacity: Uint128, now: u64) -> Self {
        Bucket {
            level: capacity,
            carry: 0,
            updated_at: now,
        }
    }

    /// An empty bucket at `now`: it fills over one period.
    pub fn empty(now: u64) -> Self {
        Bucket {
            level: Uint128::zero(),
            carry: 0,
            updated_at: now,
        }
    }

    /// The bucket at `now`, refilled at `capacity` per `period_seconds` since
    /// `updated_at` and capped at `capacity`. A time before `updated_at` adds
    /// nothing; a zero period refills nothing. Never panics.
    pub fn at(&self, capacity: Uint128, period_seconds: u64, now: u64) -> Bucket {
        let updated_at = self.updated_at.max(now);
        if self.level >= capacity {
            return Bucket::full(capacity, updated_at);
        }
        let elapsed = now.saturating_sub(self.updated_at);
        if elapsed == 0 || period_seconds == 0 {
            return Bucket {
                updated_at,
                ..*self
            };
        }
        // capacity × elapsed fits in 192 bits; the carry is below the period.
        let accrued = capacity.full_mul(elapsed) + Uint256::from(self.carry);
        let period = Uint256::from(period_seconds);
        let whole = accrued / period;
        let room = Uint256::from(capacity - self.level);
        if whole >= room {
            return Bucket::full(capacity, updated_at);
        }
        let carry = accrued - whole * period;
        Bucket {
            // whole < room <= u128::MAX, and carry < period <= u64::MAX.
            level: self.level + Uint128::try_from(whole).unwrap_or(Uint128::MAX),
            carry: Uint128::try_from(carry)
                .ok()
                .and_then(|c| u64::try_from(c.u128()).ok())
                .unwrap_or(0),
            updated_at,
        }
    }

    /// Takes `amount` out; `None` when the bucket holds less.
    pub fn take(&self, amount: Uint128) -> Option<Bucket> {
        Some(Bucket {
            level: self.level.checked_sub(amount).ok()?,
            ..*self
        })
    }

    /// The bucket under a new capacity and period, at the moment of a change:
    /// the level is kept (capped at the new capacity) and the sub-unit carry
    /// rescaled to the new period. Nothing is added: a change never refills.
    /// Bring the bucket to the change's time under the old terms first.
    pub fn rescaled(&self, capacity: Uint128, old_period: u64, new_period: u64) -> Bucket {
        if self.level >= capacity {
            return Bucket::full(capacity, self.updated_at);
        }
        let carry = if old_period == 0 {
            0
        } else {
            // carry < old_period, so the result is below new_period.
            (u128::from(self.carry) * u128::from(new_period) / u128::from(old_period)) as u64
        };
        Bucket { carry, ..*self }
    }
}
