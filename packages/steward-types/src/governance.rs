//! The governance policy: the bounds under which an advisor may recommend
//! changes to the proposal configuration (voting period, quorum, threshold,
//! timelock). The DAO sets it through a proposal; [`GovernancePolicy::check_step`]
//! is the one bound check, run by the advisor before signing, by the oracle at
//! submission and by the proposal module when the change executes.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Timestamp};
use thiserror::Error;

/// A proposal-configuration parameter an advisor may be allowed to change.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord)]
pub enum GovernanceParam {
    /// How long voting stays open.
    VotingPeriod,
    /// Share of total power that must take part.
    Quorum,
    /// Share of yes needed to pass.
    Threshold,
    /// Timelock after passing.
    Timelock,
}

/// The bounds the DAO puts on advisor-recommended configuration changes.
#[cw_serde]
pub struct GovernancePolicy {
    /// Parameters the advisor may touch; any other is refused.
    pub allowed: Vec<GovernanceParam>,
    /// Largest relative change per step, as a fraction of the current value
    /// (0.1 = 10 %). Measured against the value in force, so steps compound
    /// only one step per `min_interval_seconds`.
    pub max_step: Decimal,
    /// Shortest time between two executed advisor changes, in seconds.
    pub min_interval_seconds: u64,
}

/// Why a recommended configuration change is refused.
#[derive(Error, Debug, PartialEq, Eq)]
pub enum GovernanceViolation {
    /// The parameter is not in the policy's allowed list.
    #[error("governance parameter {param:?} may not be changed by the advisor")]
    ParamNotAllowed {
        /// The parameter.
        param: GovernanceParam,
    },
    /// The change exceeds the largest step.
    #[error("change of {param:?} from {current} to {proposed} exceeds the step bound {max_step}")]
    StepTooLarge {
        /// The parameter.
        param: GovernanceParam,
        /// Value in force.
        current: Decimal,
        /// Value recommended.
        proposed: Decimal,
        /// Largest relative step allowed.
        max_step: Decimal,
    },
    /// The previous executed change is too recent.
    #[error("last change at {last_change} s; next allowed at {next_allowed} s, now {now} s")]
    TooSoon {
        /// Seconds of the last executed change.
        last_change: u64,
        /// Seconds from which a change is allowed.
        next_allowed: u64,
        /// Seconds now.
        now: u64,
    },
    /// A current value of zero admits no relative step.
    #[error("{param:?} is zero; no relative step is defined")]
    ZeroCurrent {
        /// The parameter.
        param: GovernanceParam,
    },
}

impl GovernancePolicy {
    /// Check one recommended change of `param` from `current` to `proposed`,
    /// given when the last executed advisor change happened (`None`: never).
    pub fn check_step(
        &self,
        param: GovernanceParam,
        current: Decimal,
        proposed: Decimal,
        last_change: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), GovernanceViolation> {
        if !self.allowed.contains(&param) {
            return Err(GovernanceViolation::ParamNotAllowed { param });
        }
        if let Some(last) = last_change {
            let next_allowed = last.seconds().saturating_add(self.min_interval_seconds);
            if now.seconds() < next_allowed {
                return Err(GovernanceViolation::TooSoon {
                    last_change: last.seconds(),
                    next_allowed,
                    now: now.seconds(),
                });
            }
        }
        if current.is_zero() {
            return Err(GovernanceViolation::ZeroCurrent { param });
        }
        let diff = current.abs_diff(proposed);
        // diff / current > max_step, compared without division:
        // diff > max_step * current (saturating: an overflow is over any bound).
        if diff > self.max_step.saturating_mul(current) {
            return Err(GovernanceViolation::StepTooLarge {
                param,
                current,
                proposed,
                max_step: self.max_step,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> GovernancePolicy {
        GovernancePolicy {
            allowed: vec![GovernanceParam::Quorum],
            max_step: Decimal::percent(10),
            min_interval_seconds: 100,
        }
    }

    #[test]
    fn step_inside_bound_passes_and_over_is_refused_with_values() {
        let p = policy();
        let now = Timestamp::from_seconds(1000);
        assert_eq!(
            p.check_step(
                GovernanceParam::Quorum,
                Decimal::percent(40),
                Decimal::percent(44),
                None,
                now
            ),
            Ok(())
        );
        assert_eq!(
            p.check_step(
                GovernanceParam::Quorum,
                Decimal::percent(40),
                Decimal::percent(45),
                None,
                now
            ),
            Err(GovernanceViolation::StepTooLarge {
                param: GovernanceParam::Quorum,
                current: Decimal::percent(40),
                proposed: Decimal::percent(45),
                max_step: Decimal::percent(10),
            })
        );
    }

    #[test]
    fn too_soon_and_not_allowed_are_refused() {
        let p = policy();
        let last = Some(Timestamp::from_seconds(950));
        assert_eq!(
            p.check_step(
                GovernanceParam::Quorum,
                Decimal::percent(40),
                Decimal::percent(41),
                last,
                Timestamp::from_seconds(1000)
            ),
            Err(GovernanceViolation::TooSoon {
                last_change: 950,
                next_allowed: 1050,
                now: 1000
            })
        );
        assert_eq!(
            p.check_step(
                GovernanceParam::Quorum,
                Decimal::percent(40),
                Decimal::percent(41),
                last,
                Timestamp::from_seconds(1050)
            ),
            Ok(())
        );
        assert_eq!(
            p.check_step(
                GovernanceParam::Threshold,
                Decimal::percent(50),
                Decimal::percent(51),
                None,
                Timestamp::from_seconds(0)
            ),
            Err(GovernanceViolation::ParamNotAllowed {
                param: GovernanceParam::Threshold
            })
        );
    }
}
