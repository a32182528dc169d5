//! The pure rules: when a proposal passes or is rejected, and when its
//! timelock ends. Exact integer arithmetic throughout (no floats, no rounding).

use crate::state::VoteState;
use cosmwasm_std::{BlockInfo, Decimal, Timestamp, Uint128, Uint256};
use cw_utils::{Duration, Expiration};
use steward_types::duration::{checked_add, checked_plus_seconds, DurationError};
use steward_types::proposal::PassedAt;
use steward_types::threshold::{PercentageThreshold, Status, Threshold, Votes};

/// Whether `part` reaches `pct` of `whole`. Nothing reaches a share of zero.
pub fn meets(part: Uint256, whole: Uint256, pct: PercentageThreshold) -> bool {
    if whole.is_zero() {
        return false;
    }
    match pct {
        // Strictly more than half: part / whole > 1/2.
        PercentageThreshold::Majority {} => part * Uint256::from(2u8) > whole,
        // part / whole >= atomics / 10^18, cross-multiplied.
        PercentageThreshold::Percent(p) => {
            part * Uint256::from(Decimal::one().atomics()) >= whole * Uint256::from(p.atomics())
        }
    }
}

/// The tally widened so sums cannot overflow.
struct Tally {
    yes: Uint256,
    no: Uint256,
    abstain: Uint256,
    total: Uint256,
    /// Power that has not voted yet.
    remaining: Uint256,
}

impl Tally {
    fn new(votes: &Votes, total_power: Uint128) -> Self {
        let yes = Uint256::from(votes.yes);
        let no = Uint256::from(votes.no);
        let abstain = Uint256::from(votes.abstain);
        let total = Uint256::from(total_power);
        let remaining = total.saturating_sub(yes + no + abstain);
        Tally {
            yes,
            no,
            abstain,
            total,
            remaining,
        }
    }

    fn cast(&self) -> Uint256 {
        self.yes + self.no + self.abstain
    }
}

/// Whether the votes as cast pass (the verdict at the end of the vote).
pub fn passes_at_end(threshold: &Threshold, votes: &Votes, total_power: Uint128) -> bool {
    let t = Tally::new(votes, total_power);
    match threshold {
        Threshold::AbsolutePercentage { percentage } => meets(t.yes, t.total, *percentage),
        Threshold::ThresholdQuorum { threshold, quorum } => {
            meets(t.cast(), t.total, *quorum) && meets(t.yes, t.yes + t.no, *threshold)
        }
        Threshold::AbsoluteCount { threshold } => t.yes >= Uint256::from(*threshold),
    }
}

/// Whether it passes however the power that has not voted yet votes.
pub fn certain_pass(threshold: &Threshold, votes: &Votes, total_power: Uint128) -> bool {
    let t = Tally::new(votes, total_power);
    match threshold {
        // The total is fixed at the start height, so yes reaching it is final.
        Threshold::AbsolutePercentage { percentage } => meets(t.yes, t.total, *percentage),
        // Quorum only grows; the worst case for the ratio is everyone left voting no.
        Threshold::ThresholdQuorum { threshold, quorum } => {
            meets(t.cast(), t.total, *quorum)
                && meets(t.yes, t.yes + t.no + t.remaining, *threshold)
        }
        Threshold::AbsoluteCount { threshold } => t.yes >= Uint256::from(*threshold),
    }
}

/// Whether it fails however the power that has not voted yet votes.
pub fn certain_reject(threshold: &Threshold, votes: &Votes, total_power: Uint128) -> bool {
    let t = Tally::new(votes, total_power);
    let best_yes = t.yes + t.remaining;
    match threshold {
        Threshold::AbsolutePercentage { percentage } => !meets(best_yes, t.total, *percentage),
        // The best case is everyone left voting yes: it maximises both the
        // turnout and the yes share.
        Threshold::ThresholdQuorum { threshold, quorum } => {
            !meets(t.cast() + t.remaining, t.total, *quorum)
                || !meets(best_yes, best_yes + t.no, *threshold)
        }
        Threshold::AbsoluteCount { threshold } => best_yes < Uint256::from(*threshold),
    }
}

/// Whether the outcome may be settled before the voting period ends: never
/// with revoting (a ballot may still change), never before the minimum
/// voting period is over.
pub fn early_decision_allowed(proposal: &VoteState, block: &BlockInfo) -> bool {
    if proposal.allow_revoting {
        return false;
    }
    match proposal.min_voting_period {
        Some(min) => min.is_expired(block),
        None => true,
    }
}

/// The status of a proposal at `block`. A stored `Open` status moves with
/// time, and so does `Passed`: past its execution deadline it reads
/// `ExecutionFailed`. Every other stored status is final or set by an action.
pub fn current_status(proposal: &VoteState, block: &BlockInfo) -> Status {
    let status = voting_status(proposal, block);
    if status == Status::Passed && execution_window_over(proposal, block) {
        return Status::ExecutionFailed;
    }
    status
}

/// Whether the execution deadline of a passed proposal has gone by.
fn execution_window_over(proposal: &VoteState, block: &BlockInfo) -> bool {
    // A deadline that cannot be computed (units never mix after validation)
    // is treated as not reached: the proposal stays executable.
    matches!(execution_deadline(proposal), Ok(Some(end)) if end.is_expired(block))
}

fn voting_status(proposal: &VoteState, block: &BlockInfo) -> Status {
    if proposal.status != Status::Open {
        return proposal.status;
    }
    let (threshold, votes, total) = (&proposal.threshold, &proposal.votes, proposal.total_power);
    if proposal.expiration.is_expired(block) {
        return if passes_at_end(threshold, votes, total) {
            Status::Passed
        } else {
            Status::Rejected
        };
    }
    if early_decision_allowed(proposal, block) {
        if certain_pass(threshold, votes, total) {
            return Status::Passed;
        }
        if certain_reject(threshold, votes, total) {
            return Status::Rejected;
        }
    }
    Status::Open
}

/// When a passed proposal passed: the block of the vote that made it pass, or
/// the end of a period when time alone settled it.
#[derive(Clone, Debug, PartialEq)]
pub enum PassedMoment {
    /// A vote made it pass in this block.
    Block(PassedAt),
    /// It became passed when this expiration was reached.
    At(Expiration),
}

/// The moment a proposal whose current status is (or was) passed passed.
pub fn passed_moment(proposal: &VoteState) -> PassedMoment {
    if let Some(at) = &proposal.passed_at {
        return PassedMoment::Block(at.clone());
    }
    // No vote recorded the pass. With a minimum voting period, a pass that was
    // certain before it ended took effect when it ended; otherwise the
    // proposal passed when voting closed.
    if let Some(min) = proposal.min_voting_period {
        if !proposal.allow_revoting
            && certain_pass(&proposal.threshold, &proposal.votes, proposal.total_power)
        {
            return PassedMoment::At(min);
        }
    }
    PassedMoment::At(proposal.expiration)
}

/// `moment + duration`, checked: a sum past the end of the clock is an
/// error, never a panic. Config validation keeps timelocks in the voting
/// period's unit, so an expiration and a timelock always add up.
pub fn add_duration(
    moment: &PassedMoment,
    duration: Duration,
) -> Result<Expiration, DurationError> {
    let start = match (moment, duration) {
        (PassedMoment::Block(at), Duration::Height(_)) => Expiration::AtHeight(at.height),
        (PassedMoment::Block(at), Duration::Time(_)) => Expiration::AtTime(
            checked_plus_seconds(Timestamp::from_nanos(0), at.time).ok_or(
                DurationError::Overflow {
                    from: Expiration::AtTime(Timestamp::from_nanos(0)),
                    duration: Duration::Time(at.time),
                },
            )?,
        ),
        (PassedMoment::At(exp), _) => *exp,
    };
    checked_add(start, duration)
}

/// When a passed proposal stops being executable: its execution window after
/// the end of its timelock (or after it passed, without one). `None` without
/// an execution window; a deadline past the end of the clock never comes.
pub fn execution_deadline(proposal: &VoteState) -> Result<Option<Expiration>, DurationError> {
    let Some(window) = proposal.execution_window else {
        return Ok(None);
    };
    let executable_from = match timelock_end(proposal)? {
        Some(end) => end,
        None => match passed_moment(proposal) {
            PassedMoment::Block(at) => match window {
                Duration::Height(_) => Expiration::AtHeight(at.height),
                Duration::Time(_) => Expiration::AtTime(Timestamp::from_seconds(at.time)),
            },
            PassedMoment::At(exp) => exp,
        },
    };
    match checked_add(executable_from, window) {
        Ok(end) => Ok(Some(end)),
        Err(DurationError::Overflow { .. }) => Ok(Some(Expiration::Never {})),
        Err(e) => Err(e),
    }
}

/// When the timelock of a passed proposal ends; `None` without a timelock.
pub fn timelock_end(proposal: &VoteState) -> Result<Option<Expiration>, DurationError> {
    match &proposal.timelock {
        None => Ok(None),
        // A timelock that would end past the end of the clock never ends: the
        // proposal stays unexecutable instead of breaking every query of it.
        Some(timelock) => match add_duration(&passed_moment(proposal), timelock.duration) {
            Ok(end) => Ok(Some(end)),
            Err(DurationError::Overflow { .. }) => Ok(Some(Expiration::Never {})),
            Err(e) => Err(e),
        },
    }
}
