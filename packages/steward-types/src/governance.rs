//! The governance policy: the bounds under which an advisor may recommend
//! changes to the proposal configuration (voting period, quorum, threshold,
//! adoption timelock). The DAO sets it in the proposal module's config;
//! [`apply_changes`] is the one bound check, which the proposal module runs
//! when an adopted change executes and answers as a query, so the oracle (at
//! submission), the advisor (before signing) and the web app all read the
//! same verdict.

use crate::duration::{ensure_bounded_seconds, MAX_DURATION_BLOCKS, MAX_DURATION_SECONDS};
use crate::proposal::Config;
use crate::threshold::{PercentageThreshold, Threshold};
use cosmwasm_schema::cw_serde;
use cosmwasm_std::Decimal;
use cw_utils::Duration;
use thiserror::Error;

/// Most configuration changes in one recommendation: one per parameter.
pub const MAX_GOVERNANCE_CHANGES: usize = 4;

/// A proposal-configuration parameter an advisor may be allowed to change.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord)]
pub enum GovernanceParam {
    /// How long voting stays open (in the config's unit, blocks or seconds).
    VotingPeriod,
    /// Share of total power that must take part (`ThresholdQuorum` configs).
    Quorum,
    /// Share of yes needed to pass (percentage thresholds).
    Threshold,
    /// The timelock of adoption proposals (in the voting period's unit).
    AdoptionTimelock,
}

/// One recommended change of one parameter, to a new value.
#[cw_serde]
#[derive(Copy)]
pub enum GovernanceChange {
    /// Set the voting period to `value`, in the unit the config uses.
    VotingPeriod {
        /// The new length, in blocks or seconds as the config's voting period.
        value: u64,
    },
    /// Set the quorum of a `ThresholdQuorum` config.
    Quorum {
        /// The new share of total power, in (0, 1].
        value: Decimal,
    },
    /// Set the pass threshold of a percentage config (`ThresholdQuorum`'s
    /// threshold or `AbsolutePercentage`'s percentage).
    Threshold {
        /// The new share, in (0, 1].
        value: Decimal,
    },
    /// Set the adoption timelock's duration (the vetoer stays).
    AdoptionTimelock {
        /// The new length, in the voting period's unit.
        value: u64,
    },
}

impl std::fmt::Display for GovernanceParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GovernanceParam::VotingPeriod => "voting period",
            GovernanceParam::Quorum => "quorum",
            GovernanceParam::Threshold => "threshold",
            GovernanceParam::AdoptionTimelock => "adoption timelock",
        })
    }
}

impl GovernanceChange {
    /// The parameter this change touches.
    pub fn param(&self) -> GovernanceParam {
        match self {
            GovernanceChange::VotingPeriod { .. } => GovernanceParam::VotingPeriod,
            GovernanceChange::Quorum { .. } => GovernanceParam::Quorum,
            GovernanceChange::Threshold { .. } => GovernanceParam::Threshold,
            GovernanceChange::AdoptionTimelock { .. } => GovernanceParam::AdoptionTimelock,
        }
    }
}

/// The bounds the DAO puts on advisor-recommended configuration changes (the
/// bounds a risk steward works under: which knobs, how far per step, how often).
#[cw_serde]
pub struct GovernancePolicy {
    /// Parameters the advisor may touch; any other is refused.
    pub allowed: Vec<GovernanceParam>,
    /// Largest relative change per step, as a fraction of the value in force
    /// (0.1 = 10 %), in (0, 1): a step can never reach zero.
    pub max_step: Decimal,
    /// Shortest time between two executed advisor changes, in seconds (at
    /// most ten years). Steps compound at most once per interval.
    pub min_interval_seconds: u64,
}

/// Why a governance policy cannot be set.
#[cw_serde]
#[derive(Error)]
pub enum GovernancePolicyError {
    #[error("governance max_step {max_step} is outside (0, 1)")]
    MaxStepOutOfRange { max_step: Decimal },

    #[error("governance parameter {param} is listed twice in allowed")]
    DuplicateAllowed { param: GovernanceParam },

    #[error("governance min_interval_seconds {seconds} is longer than {max} (ten years)")]
    IntervalTooLong { seconds: u64, max: u64 },
}

impl GovernancePolicy {
    /// Refuses a policy whose steps could reach zero or whose interval could
    /// overflow the clock.
    pub fn validate(&self) -> Result<(), GovernancePolicyError> {
        if self.max_step.is_zero() || self.max_step >= Decimal::one() {
            return Err(GovernancePolicyError::MaxStepOutOfRange {
                max_step: self.max_step,
            });
        }
        let mut seen = Vec::with_capacity(self.allowed.len());
        for param in &self.allowed {
            if seen.contains(param) {
                return Err(GovernancePolicyError::DuplicateAllowed { param: *param });
            }
            seen.push(*param);
        }
        ensure_bounded_seconds("min_interval_seconds", self.min_interval_seconds).map_err(|_| {
            GovernancePolicyError::IntervalTooLong {
                seconds: self.min_interval_seconds,
                max: MAX_DURATION_SECONDS,
            }
        })
    }
}

/// Why recommended configuration changes are refused. Each carries the values
/// that explain it.
#[cw_serde]
#[derive(Error)]
pub enum GovernanceViolation {
    #[error(
        "the DAO has set no governance policy: the advisor may not change the proposal config"
    )]
    NoPolicy {},

    #[error("{count} governance changes, at most {max}")]
    TooManyChanges { count: u32, max: u32 },

    #[error("governance parameter {param} is changed twice")]
    DuplicateChange { param: GovernanceParam },

    #[error("governance parameter {param} may not be changed by the advisor")]
    ParamNotAllowed { param: GovernanceParam },

    #[error("governance parameter {param} does not apply to a threshold of kind {kind}")]
    NotApplicable {
        param: GovernanceParam,
        kind: String,
    },

    #[error("{param} is {current}; a change to {proposed} is over the step bound of {max_step} of the value in force")]
    StepTooLarge {
        param: GovernanceParam,
        current: Decimal,
        proposed: Decimal,
        max_step: Decimal,
    },

    #[error("{param} of {value} is outside (0, 1]")]
    ShareOutOfRange {
        param: GovernanceParam,
        value: Decimal,
    },

    #[error("{param} of {value} is longer than {max}")]
    DurationTooLong {
        param: GovernanceParam,
        value: u64,
        max: u64,
    },

    #[error("the last advisor change executed at {last_change}; the next is allowed from {next_allowed}, now is {now}")]
    TooSoon {
        last_change: u64,
        next_allowed: u64,
        now: u64,
    },

    #[error("the config after the changes is invalid: {reason}")]
    InvalidConfig { reason: String },
}

/// Where the bound check stands: the DAO's policy and the last executed
/// advisor change.
#[cw_serde]
pub struct GovernanceState {
    /// The policy in force (`None`: the advisor may change nothing).
    pub policy: Option<GovernancePolicy>,
    /// When the last advisor change executed (Unix seconds), if any.
    pub last_change: Option<u64>,
}

/// `Majority` is measured as one half: the step to `Percent(0.55)` is the step
/// from 50 %.
fn share_of(p: &PercentageThreshold) -> Decimal {
    match p {
        PercentageThreshold::Majority {} => Decimal::percent(50),
        PercentageThreshold::Percent(d) => *d,
    }
}

fn threshold_kind(t: &Threshold) -> &'static str {
    match t {
        Threshold::AbsolutePercentage { .. } => "absolute_percentage",
        Threshold::ThresholdQuorum { .. } => "threshold_quorum",
        Threshold::AbsoluteCount { .. } => "absolute_count",
    }
}

fn duration_value(d: &Duration) -> (u64, u64) {
    match d {
        Duration::Height(h) => (*h, MAX_DURATION_BLOCKS),
        Duration::Time(t) => (*t, MAX_DURATION_SECONDS),
    }
}

fn with_value(d: &Duration, value: u64) -> Duration {
    match d {
        Duration::Height(_) => Duration::Height(value),
        Duration::Time(_) => Duration::Time(value),
    }
}

fn ensure_step(
    policy: &GovernancePolicy,
    param: GovernanceParam,
    current: Decimal,
    proposed: Decimal,
) -> Result<(), GovernanceViolation> {
    // |proposed - current| / current > max_step, compared without division;
    // an overflow is over any bound. A current of zero (only an absolute
    // count could be zero, and it is not applicable) admits no step at all.
    if current.abs_diff(proposed) > policy.max_step.saturating_mul(current) {
        return Err(GovernanceViolation::StepTooLarge {
            param,
            current,
            proposed,
            max_step: policy.max_step,
        });
    }
    Ok(())
}

fn ensure_share(param: GovernanceParam, value: Decimal) -> Result<(), GovernanceViolation> {
    if value.is_zero() || value > Decimal::one() {
        return Err(GovernanceViolation::ShareOutOfRange { param, value });
    }
    Ok(())
}

fn changed_duration(
    policy: &GovernancePolicy,
    param: GovernanceParam,
    current: &Duration,
    value: u64,
) -> Result<Duration, GovernanceViolation> {
    let (now_value, max) = duration_value(current);
    if value > max {
        return Err(GovernanceViolation::DurationTooLong { param, value, max });
    }
    ensure_step(
        policy,
        param,
        Decimal::from_ratio(now_value, 1u128),
        Decimal::from_ratio(value, 1u128),
    )?;
    Ok(with_value(current, value))
}

/// The config after the advisor's `changes`, if the governance `state`
/// admits them at `now` (Unix seconds): every parameter allowed and changed
/// once, each step within the bound measured against the value in force, and
/// the interval since the last executed change over. The caller still
/// validates the resulting config as a whole ([`Config::validate`], which
/// needs the chain's `Api` for the vetoers) before storing or signing it.
pub fn apply_changes(
    config: &Config,
    state: &GovernanceState,
    changes: &[GovernanceChange],
    now: u64,
) -> Result<Config, GovernanceViolation> {
    let policy = state
        .policy
        .as_ref()
        .ok_or(GovernanceViolation::NoPolicy {})?;
    if changes.len() > MAX_GOVERNANCE_CHANGES {
        return Err(GovernanceViolation::TooManyChanges {
            count: changes.len() as u32,
            max: MAX_GOVERNANCE_CHANGES as u32,
        });
    }
    if let Some(last_change) = state.last_change {
        let next_allowed = last_change.saturating_add(policy.min_interval_seconds);
        if now < next_allowed {
            return Err(GovernanceViolation::TooSoon {
                last_change,
                next_allowed,
                now,
            });
        }
    }
    let mut seen: Vec<GovernanceParam> = Vec::with_capacity(changes.len());
    let mut next = config.clone();
    for change in changes {
        let param = change.param();
        if seen.contains(&param) {
            return Err(GovernanceViolation::DuplicateChange { param });
        }
        seen.push(param);
        if !policy.allowed.contains(&param) {
            return Err(GovernanceViolation::ParamNotAllowed { param });
        }
        let not_applicable = |t: &Threshold| GovernanceViolation::NotApplicable {
            param,
            kind: threshold_kind(t).to_string(),
        };
        match *change {
            GovernanceChange::VotingPeriod { value } => {
                next.voting_period = changed_duration(policy, param, &config.voting_period, value)?;
            }
            GovernanceChange::AdoptionTimelock { value } => {
                next.adoption_timelock.duration =
                    changed_duration(policy, param, &config.adoption_timelock.duration, value)?;
            }
            GovernanceChange::Quorum { value } => {
                ensure_share(param, value)?;
                match &mut next.threshold {
                    Threshold::ThresholdQuorum { quorum, .. } => {
                        ensure_step(policy, param, share_of(quorum), value)?;
                        *quorum = PercentageThreshold::Percent(value);
                    }
                    other => return Err(not_applicable(other)),
                }
            }
            GovernanceChange::Threshold { value } => {
                ensure_share(param, value)?;
                match &mut next.threshold {
                    Threshold::ThresholdQuorum { threshold: p, .. }
                    | Threshold::AbsolutePercentage { percentage: p } => {
                        ensure_step(policy, param, share_of(p), value)?;
                        *p = PercentageThreshold::Percent(value);
                    }
                    other @ Threshold::AbsoluteCount { .. } => return Err(not_applicable(other)),
                }
            }
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::Timelock;
    use cosmwasm_std::Uint128;

    fn config() -> Config {
        Config {
            threshold: Threshold::ThresholdQuorum {
                threshold: PercentageThreshold::Majority {},
                quorum: PercentageThreshold::Percent(Decimal::percent(40)),
            },
            voting_period: Duration::Time(1000),
            min_voting_period: None,
            allow_revoting: false,
            only_members_execute: false,
            timelock: None,
            adoption_timelock: Timelock {
                duration: Duration::Time(600),
                vetoer: "vetoer".to_string(),
            },
            execution_window: None,
            governance: None,
        }
    }

    fn state(allowed: Vec<GovernanceParam>, last_change: Option<u64>) -> GovernanceState {
        GovernanceState {
            policy: Some(GovernancePolicy {
                allowed,
                max_step: Decimal::percent(10),
                min_interval_seconds: 100,
            }),
            last_change,
        }
    }

    fn all() -> Vec<GovernanceParam> {
        vec![
            GovernanceParam::VotingPeriod,
            GovernanceParam::Quorum,
            GovernanceParam::Threshold,
            GovernanceParam::AdoptionTimelock,
        ]
    }

    #[test]
    fn steps_inside_the_bound_change_the_config() {
        let changes = [
            GovernanceChange::Quorum {
                value: Decimal::percent(44),
            },
            GovernanceChange::Threshold {
                value: Decimal::percent(55),
            },
            GovernanceChange::VotingPeriod { value: 900 },
            GovernanceChange::AdoptionTimelock { value: 660 },
        ];
        let next = apply_changes(&config(), &state(all(), None), &changes, 1000).unwrap();
        assert_eq!(
            next.threshold,
            Threshold::ThresholdQuorum {
                threshold: PercentageThreshold::Percent(Decimal::percent(55)),
                quorum: PercentageThreshold::Percent(Decimal::percent(44)),
            }
        );
        assert_eq!(next.voting_period, Duration::Time(900));
        assert_eq!(next.adoption_timelock.duration, Duration::Time(660));
        assert_eq!(next.adoption_timelock.vetoer, "vetoer");
    }

    #[test]
    fn a_step_over_the_bound_is_refused_with_its_values() {
        let err = apply_changes(
            &config(),
            &state(all(), None),
            &[GovernanceChange::Quorum {
                value: Decimal::percent(45),
            }],
            1000,
        )
        .unwrap_err();
        assert_eq!(
            err,
            GovernanceViolation::StepTooLarge {
                param: GovernanceParam::Quorum,
                current: Decimal::percent(40),
                proposed: Decimal::percent(45),
                max_step: Decimal::percent(10),
            }
        );
        let err = apply_changes(
            &config(),
            &state(all(), None),
            &[GovernanceChange::VotingPeriod { value: 899 }],
            1000,
        )
        .unwrap_err();
        assert!(matches!(err, GovernanceViolation::StepTooLarge { .. }));
    }

    #[test]
    fn too_soon_not_allowed_duplicate_and_no_policy_are_refused() {
        let quorum = GovernanceChange::Quorum {
            value: Decimal::percent(41),
        };
        assert_eq!(
            apply_changes(&config(), &state(all(), Some(950)), &[quorum], 1000),
            Err(GovernanceViolation::TooSoon {
                last_change: 950,
                next_allowed: 1050,
                now: 1000
            })
        );
        assert!(apply_changes(&config(), &state(all(), Some(950)), &[quorum], 1050).is_ok());
        assert_eq!(
            apply_changes(
                &config(),
                &state(vec![GovernanceParam::Threshold], None),
                &[quorum],
                0
            ),
            Err(GovernanceViolation::ParamNotAllowed {
                param: GovernanceParam::Quorum
            })
        );
        assert_eq!(
            apply_changes(&config(), &state(all(), None), &[quorum, quorum], 0),
            Err(GovernanceViolation::DuplicateChange {
                param: GovernanceParam::Quorum
            })
        );
        let no_policy = GovernanceState {
            policy: None,
            last_change: None,
        };
        assert_eq!(
            apply_changes(&config(), &no_policy, &[quorum], 0),
            Err(GovernanceViolation::NoPolicy {})
        );
    }

    #[test]
    fn shares_stay_in_range_and_counts_are_out_of_reach() {
        let mut high = config();
        high.threshold = Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Percent(Decimal::percent(95)),
        };
        assert_eq!(
            apply_changes(
                &high,
                &state(all(), None),
                &[GovernanceChange::Threshold {
                    value: Decimal::percent(101)
                }],
                0
            ),
            Err(GovernanceViolation::ShareOutOfRange {
                param: GovernanceParam::Threshold,
                value: Decimal::percent(101)
            })
        );
        assert_eq!(
            apply_changes(
                &high,
                &state(all(), None),
                &[GovernanceChange::Quorum {
                    value: Decimal::percent(40)
                }],
                0
            ),
            Err(GovernanceViolation::NotApplicable {
                param: GovernanceParam::Quorum,
                kind: "absolute_percentage".to_string()
            })
        );
        let mut count = config();
        count.threshold = Threshold::AbsoluteCount {
            threshold: Uint128::new(3),
        };
        assert!(matches!(
            apply_changes(
                &count,
                &state(all(), None),
                &[GovernanceChange::Threshold {
                    value: Decimal::percent(50)
                }],
                0
            ),
            Err(GovernanceViolation::NotApplicable { .. })
        ));
    }

    #[test]
    fn a_policy_whose_steps_could_reach_zero_is_refused() {
        let mut p = state(all(), None).policy.unwrap();
        assert_eq!(p.validate(), Ok(()));
        p.max_step = Decimal::one();
        assert_eq!(
            p.validate(),
            Err(GovernancePolicyError::MaxStepOutOfRange {
                max_step: Decimal::one()
            })
        );
        p.max_step = Decimal::percent(10);
        p.allowed = vec![GovernanceParam::Quorum, GovernanceParam::Quorum];
        assert_eq!(
            p.validate(),
            Err(GovernancePolicyError::DuplicateAllowed {
                param: GovernanceParam::Quorum
            })
        );
        p.allowed = vec![];
        p.min_interval_seconds = MAX_DURATION_SECONDS + 1;
        assert!(matches!(
            p.validate(),
            Err(GovernancePolicyError::IntervalTooLong { .. })
        ));
    }
}

/// The proposal module's `GovernanceCheckResponse` read without the config a
/// pass would leave: whether the changes are allowed and why not, without the
/// parser of the whole proposal config.
#[derive(serde::Deserialize, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum GovernanceVerdict {
    /// Allowed now.
    Passed {},
    /// Refused, with why.
    Refused {
        /// The rule the changes break.
        violation: GovernanceViolation,
    },
}
