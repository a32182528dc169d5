//! Voting thresholds, votes and proposal statuses (the DAO DAO shapes).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Uint128};
use std::fmt;
use thiserror::Error;

/// Why a threshold cannot decide a proposal.
#[derive(Error, Debug, Clone, PartialEq)]
pub enum ThresholdError {
    #[error("{field} must be above 0 and at most 1, got {value}")]
    InvalidPercentage { field: &'static str, value: Decimal },

    #[error("an absolute count threshold must be above zero")]
    ZeroAbsoluteCount {},
}

impl PercentageThreshold {
    /// Refuses a share of zero or above the whole; `field` names it in the error.
    pub fn validate(&self, field: &'static str) -> Result<(), ThresholdError> {
        match self {
            PercentageThreshold::Majority {} => Ok(()),
            PercentageThreshold::Percent(value) if value.is_zero() || *value > Decimal::one() => {
                Err(ThresholdError::InvalidPercentage {
                    field,
                    value: *value,
                })
            }
            PercentageThreshold::Percent(_) => Ok(()),
        }
    }
}

/// A share of voting power.
#[cw_serde]
#[derive(Copy)]
pub enum PercentageThreshold {
    /// More than half.
    Majority {},
    /// At least this share (0 < p <= 1).
    Percent(Decimal),
}

/// When a proposal passes.
#[cw_serde]
pub enum Threshold {
    /// Yes votes must reach `percentage` of the total power at the proposal's
    /// start height; abstentions count against.
    AbsolutePercentage {
        /// Share of total power that must vote yes.
        percentage: PercentageThreshold,
    },
    /// At least `quorum` of the total power must vote (abstentions included),
    /// and yes must reach `threshold` of the non-abstaining votes.
    ThresholdQuorum {
        /// Share of yes among yes + no.
        threshold: PercentageThreshold,
        /// Share of total power that must take part.
        quorum: PercentageThreshold,
    },
    /// Yes votes must reach this much power.
    AbsoluteCount {
        /// Power of yes votes needed.
        threshold: Uint128,
    },
}

impl Threshold {
    /// Refuses a threshold no proposal could sensibly be decided by.
    pub fn validate(&self) -> Result<(), ThresholdError> {
        match self {
            Threshold::AbsolutePercentage { percentage } => percentage.validate("percentage"),
            Threshold::ThresholdQuorum { threshold, quorum } => {
                threshold.validate("threshold")?;
                quorum.validate("quorum")
            }
            Threshold::AbsoluteCount { threshold } if threshold.is_zero() => {
                Err(ThresholdError::ZeroAbsoluteCount {})
            }
            Threshold::AbsoluteCount { .. } => Ok(()),
        }
    }
}

/// A ballot.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum Vote {
    /// For the proposal.
    Yes,
    /// Against the proposal.
    No,
    /// Counts toward quorum only.
    Abstain,
}

impl fmt::Display for Vote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Vote::Yes => "yes",
            Vote::No => "no",
            Vote::Abstain => "abstain",
        })
    }
}

/// Power cast so far.
#[cw_serde]
#[derive(Default)]
pub struct Votes {
    /// Power that voted yes.
    pub yes: Uint128,
    /// Power that voted no.
    pub no: Uint128,
    /// Power that abstained.
    pub abstain: Uint128,
}

impl Votes {
    /// All power cast.
    pub fn total(&self) -> Uint128 {
        self.yes + self.no + self.abstain
    }

    /// Adds `power` to the tally of `vote`.
    pub fn add(&mut self, vote: Vote, power: Uint128) {
        match vote {
            Vote::Yes => self.yes += power,
            Vote::No => self.no += power,
            Vote::Abstain => self.abstain += power,
        }
    }

    /// Removes `power` from the tally of `vote` (revoting).
    pub fn remove(&mut self, vote: Vote, power: Uint128) {
        match vote {
            Vote::Yes => self.yes -= power,
            Vote::No => self.no -= power,
            Vote::Abstain => self.abstain -= power,
        }
    }
}

/// Where a proposal stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum Status {
    /// Voting is open.
    Open,
    /// Did not pass; can be closed.
    Rejected,
    /// Passed; executable once its timelock (if any) has run out.
    Passed,
    /// Passed, then vetoed during the timelock.
    Vetoed,
    /// Executed successfully.
    Executed,
    /// Execution was attempted and failed; nothing it would have done happened.
    ExecutionFailed,
    /// Closed after rejection or failed execution.
    Closed,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Status::Open => "open",
            Status::Rejected => "rejected",
            Status::Passed => "passed",
            Status::Vetoed => "vetoed",
            Status::Executed => "executed",
            Status::ExecutionFailed => "execution_failed",
            Status::Closed => "closed",
        };
        f.write_str(s)
    }
}
