//! Bounded durations and time arithmetic that cannot panic.
//!
//! `cw_utils::Duration::after` and `Timestamp::plus_seconds` panic when the sum
//! overflows the clock (about year 2554 in nanoseconds). Every duration a DAO
//! configures is bounded here when it is set, and every expiration is computed
//! with checked arithmetic, so no input, time or amount can make a query or an
//! execution panic.

use cosmwasm_std::{BlockInfo, Timestamp};
use cw_utils::{Duration, Expiration};
use thiserror::Error;

/// Longest time duration any configuration accepts: ten years.
pub const MAX_DURATION_SECONDS: u64 = 10 * 365 * 86_400;
/// Longest height duration any configuration accepts: ten years of one-second blocks.
pub const MAX_DURATION_BLOCKS: u64 = 10 * 365 * 86_400;

/// Why a duration or an expiration computed from one is refused.
#[derive(Error, Debug, Clone, PartialEq)]
pub enum DurationError {
    #[error("{field} is {duration}, longer than the most accepted, {max}")]
    TooLong {
        field: &'static str,
        duration: Duration,
        max: Duration,
    },

    #[error("{duration} after {from} is past the end of the clock")]
    Overflow {
        from: Expiration,
        duration: Duration,
    },

    #[error("{duration} cannot be added to {from}: different units")]
    UnitMismatch {
        from: Expiration,
        duration: Duration,
    },
}

/// The largest accepted duration in the unit of `d`.
pub fn max_in_unit_of(d: &Duration) -> Duration {
    match d {
        Duration::Height(_) => Duration::Height(MAX_DURATION_BLOCKS),
        Duration::Time(_) => Duration::Time(MAX_DURATION_SECONDS),
    }
}

/// Refuses a duration longer than ten years (in blocks or seconds).
pub fn ensure_bounded(field: &'static str, d: &Duration) -> Result<(), DurationError> {
    let (value, max) = match d {
        Duration::Height(h) => (*h, MAX_DURATION_BLOCKS),
        Duration::Time(t) => (*t, MAX_DURATION_SECONDS),
    };
    if value > max {
        return Err(DurationError::TooLong {
            field,
            duration: *d,
            max: max_in_unit_of(d),
        });
    }
    Ok(())
}

/// Refuses a number of seconds longer than ten years.
pub fn ensure_bounded_seconds(field: &'static str, seconds: u64) -> Result<(), DurationError> {
    ensure_bounded(field, &Duration::Time(seconds))
}

/// `seconds` after `t`, or `None` past the end of the clock.
pub fn checked_plus_seconds(t: Timestamp, seconds: u64) -> Option<Timestamp> {
    seconds
        .checked_mul(1_000_000_000)
        .and_then(|nanos| t.nanos().checked_add(nanos))
        .map(Timestamp::from_nanos)
}

/// `d` after `from`, with checked arithmetic; `Never` stays `Never`.
pub fn checked_add(from: Expiration, d: Duration) -> Result<Expiration, DurationError> {
    let overflow = || DurationError::Overflow { from, duration: d };
    match (from, d) {
        (Expiration::AtHeight(h), Duration::Height(n)) => h
            .checked_add(n)
            .map(Expiration::AtHeight)
            .ok_or_else(overflow),
        (Expiration::AtTime(t), Duration::Time(s)) => checked_plus_seconds(t, s)
            .map(Expiration::AtTime)
            .ok_or_else(overflow),
        (Expiration::Never {}, _) => Ok(Expiration::Never {}),
        _ => Err(DurationError::UnitMismatch { from, duration: d }),
    }
}

/// The expiration `d` after the current block, with checked arithmetic.
pub fn checked_after(d: Duration, block: &BlockInfo) -> Result<Expiration, DurationError> {
    let now = match d {
        Duration::Height(_) => Expiration::AtHeight(block.height),
        Duration::Time(_) => Expiration::AtTime(block.time),
    };
    checked_add(now, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::mock_env;

    #[test]
    fn ten_years_is_accepted_and_a_second_more_is_not() {
        assert!(ensure_bounded("timelock", &Duration::Time(MAX_DURATION_SECONDS)).is_ok());
        assert_eq!(
            ensure_bounded("timelock", &Duration::Time(MAX_DURATION_SECONDS + 1)),
            Err(DurationError::TooLong {
                field: "timelock",
                duration: Duration::Time(MAX_DURATION_SECONDS + 1),
                max: Duration::Time(MAX_DURATION_SECONDS),
            })
        );
        assert!(ensure_bounded("period", &Duration::Height(MAX_DURATION_BLOCKS + 1)).is_err());
    }

    #[test]
    fn sums_past_the_clock_are_errors_not_panics() {
        let block = mock_env().block;
        assert!(checked_after(Duration::Time(20_000_000_000), &block).is_err());
        assert!(checked_after(Duration::Height(u64::MAX), &block).is_err());
        assert_eq!(
            checked_after(Duration::Time(60), &block).unwrap(),
            Expiration::AtTime(block.time.plus_seconds(60))
        );
        let far = Expiration::AtTime(Timestamp::from_nanos(u64::MAX - 1));
        assert!(matches!(
            checked_add(far, Duration::Time(1)),
            Err(DurationError::Overflow { .. })
        ));
        assert!(matches!(
            checked_add(Expiration::AtHeight(5), Duration::Time(1)),
            Err(DurationError::UnitMismatch { .. })
        ));
        assert_eq!(
            checked_add(Expiration::Never {}, Duration::Time(1)).unwrap(),
            Expiration::Never {}
        );
    }
}
