//! Governance: tunes the proposal config from the DAO's own history, one
//! bounded step at a time, inside the governance policy the DAO set.
//!
//! It reads the recent decided proposals in the snapshot (turnout, how early a
//! pass was certain, vetoes) and proposes at most one step per parameter:
//!
//! - **low turnout**: when at least `low_turnout_share_bps` of the decided
//!   proposals were rejected with turnout under the quorum (or under
//!   `low_turnout_bps` when the threshold has no quorum), it lengthens the
//!   voting period by one step and, for a quorum threshold, lowers the quorum
//!   one step toward the median turnout;
//! - **early decisions**: otherwise, when every passed proposal was decided
//!   within `early_decision_bps` of its voting period, it shortens the voting
//!   period by one step;
//! - **vetoes**: when at least `veto_share_bps` of the decided proposals were
//!   vetoed, it lengthens the adoption timelock by one step.
//!
//! A step is the policy's `max_step` of the value in force, rounded toward
//! the value in force, so it never exceeds the bound. The pass threshold is
//! never proposed: a margin says little about what share should decide.
//! Parameters the policy does not open are left alone; before the policy's
//! interval is over, or without a policy, there is nothing to do.

use super::{clip_rationale, Advice, Strategy};
use crate::error::{AdvisorError, Result};
use crate::snapshot::{GovernanceSnapshot, Snapshot};
use cosmwasm_std::{Decimal, Uint128};
use serde::{Deserialize, Serialize};
use steward_types::governance::{GovernanceChange, GovernanceParam, GovernancePolicy};
use steward_types::policy::BPS;
use steward_types::proposal::ProposalResponse;
use steward_types::threshold::{PercentageThreshold, Status, Threshold};
use steward_types::MAX_LIMIT;

/// `kind = "governance"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernanceConfig {
    /// Fewest decided proposals before any advice.
    #[serde(default = "default_min_proposals")]
    pub min_proposals: u32,
    /// Share of decided proposals rejected for low turnout that calls for a
    /// longer vote (and a lower quorum), in bps.
    #[serde(default = "default_low_turnout_share")]
    pub low_turnout_share_bps: u16,
    /// Turnout under which a rejection counts as for low turnout when the
    /// threshold has no quorum, in bps of the total power.
    #[serde(default = "default_low_turnout")]
    pub low_turnout_bps: u16,
    /// A pass certain within this share of the voting period counts as early, in bps.
    #[serde(default = "default_early_decision")]
    pub early_decision_bps: u16,
    /// Share of decided proposals vetoed that calls for a longer adoption timelock, in bps.
    #[serde(default = "default_veto_share")]
    pub veto_share_bps: u16,
}

fn default_min_proposals() -> u32 {
    3
}
fn default_low_turnout_share() -> u16 {
    3_334
}
fn default_low_turnout() -> u16 {
    5_000
}
fn default_early_decision() -> u16 {
    2_500
}
fn default_veto_share() -> u16 {
    2_000
}

impl GovernanceConfig {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        if self.min_proposals == 0 || self.min_proposals > MAX_LIMIT {
            return Err(AdvisorError::config(
                "strategy.min_proposals",
                format!("must be 1..={MAX_LIMIT} (the proposals a snapshot holds)"),
            ));
        }
        for (field, bps) in [
            ("strategy.low_turnout_share_bps", self.low_turnout_share_bps),
            ("strategy.low_turnout_bps", self.low_turnout_bps),
            ("strategy.early_decision_bps", self.early_decision_bps),
            ("strategy.veto_share_bps", self.veto_share_bps),
        ] {
            if bps == 0 || u64::from(bps) > BPS {
                return Err(AdvisorError::config(
                    field,
                    format!("{bps} is not in 1..={BPS}"),
                ));
            }
        }
        Ok(())
    }
}

/// The governance strategy.
pub struct GovernanceStrategy {
    config: GovernanceConfig,
    digest: String,
}

impl GovernanceStrategy {
    /// A strategy for a validated config; `digest` is the config's digest.
    pub fn new(config: GovernanceConfig, digest: String) -> Self {
        GovernanceStrategy { config, digest }
    }

    fn advice(
        &self,
        governance: Vec<GovernanceChange>,
        text: String,
        confidence_bps: u16,
    ) -> Advice {
        Advice {
            actions: vec![],
            governance,
            rationale: clip_rationale(text),
            confidence_bps,
            strategy: self.name().into(),
            strategy_version: self.version().into(),
            model_id: None,
            config_digest: self.digest.clone(),
        }
    }
}

fn bps(d: Decimal) -> Decimal {
    d * Decimal::from_ratio(BPS, 1u64)
}

fn share(part: usize, whole: usize) -> Decimal {
    Decimal::from_ratio(part as u128, whole.max(1) as u128)
}

fn from_bps(b: u16) -> Decimal {
    Decimal::from_ratio(u128::from(b), u128::from(BPS))
}

fn turnout(p: &ProposalResponse) -> Decimal {
    Decimal::from_ratio(
        p.proposal.votes.total(),
        p.proposal.total_power.max(Uint128::one()),
    )
}

fn quorum_of(t: &Threshold) -> Option<Decimal> {
    match t {
        Threshold::ThresholdQuorum { quorum, .. } => Some(match quorum {
            PercentageThreshold::Majority {} => Decimal::percent(50),
            PercentageThreshold::Percent(d) => *d,
        }),
        _ => None,
    }
}

/// How long the vote ran before a pass was certain, as a share of the voting
/// period, in the proposal's own unit.
fn decided_share(p: &ProposalResponse) -> Option<Decimal> {
    let passed = p.proposal.passed_at.as_ref()?;
    let (start, at, end) = match p.proposal.expiration {
        cw_utils::Expiration::AtTime(t) => (p.proposal.start_time, passed.time, t.seconds()),
        cw_utils::Expiration::AtHeight(h) => (p.proposal.start_height, passed.height, h),
        cw_utils::Expiration::Never {} => return None,
    };
    let period = end.checked_sub(start).filter(|d| *d > 0)?;
    Some(Decimal::from_ratio(at.saturating_sub(start), period))
}

/// `value` moved one step of `max_step`, rounded toward `value`; `None`
/// when the step rounds to nothing.
fn step_u64(value: u64, max_step: Decimal, up: bool) -> Option<u64> {
    let step = (Uint128::from(value).mul_floor(max_step)).u128() as u64;
    if step == 0 {
        return None;
    }
    if up {
        value.checked_add(step)
    } else {
        value.checked_sub(step).filter(|v| *v > 0)
    }
}

fn duration_value(d: &cw_utils::Duration) -> u64 {
    match d {
        cw_utils::Duration::Height(v) | cw_utils::Duration::Time(v) => *v,
    }
}

impl Strategy for GovernanceStrategy {
    fn name(&self) -> &'static str {
        "governance"
    }
    fn version(&self) -> &'static str {
        "1.0.0"
    }
    fn is_deterministic(&self) -> bool {
        true
    }
    fn config_digest(&self, _snapshot: &Snapshot) -> Result<String> {
        Ok(self.digest.clone())
    }

    fn advise(&self, snapshot: &Snapshot) -> Result<Advice> {
        let g: &GovernanceSnapshot =
            snapshot
                .governance
                .as_ref()
                .ok_or_else(|| AdvisorError::NoGovernanceState {
                    strategy: self.name().into(),
                })?;
        let Some(policy) = &g.state.policy else {
            return Ok(self.advice(
                vec![],
                "Governance: the DAO has set no governance policy, so no config change can be recommended".into(),
                10_000,
            ));
        };
        if let Some(last) = g.state.last_change {
            let next = last.saturating_add(policy.min_interval_seconds);
            if snapshot.now() < next {
                return Ok(self.advice(
                    vec![],
                    format!("Governance: the last advisor change executed at {last}; the next is allowed from {next}"),
                    10_000,
                ));
            }
        }
        let decided: Vec<&ProposalResponse> = g
            .proposals
            .iter()
            .filter(|p| p.status != Status::Open)
            .collect();
        if decided.len() < self.config.min_proposals as usize {
            return Ok(self.advice(
                vec![],
                format!(
                    "Governance: {} decided proposals, fewer than the {} needed to judge the config",
                    decided.len(),
                    self.config.min_proposals
                ),
                10_000,
            ));
        }
        Ok(self.tune(g, policy, &decided))
    }
}

impl GovernanceStrategy {
    fn tune(
        &self,
        g: &GovernanceSnapshot,
        policy: &GovernancePolicy,
        decided: &[&ProposalResponse],
    ) -> Advice {
        let c = &self.config;
        let allowed = |p: GovernanceParam| policy.allowed.contains(&p);
        let quorum = quorum_of(&g.config.threshold);
        let low_line = quorum.unwrap_or_else(|| from_bps(c.low_turnout_bps));
        let rejected =
            |p: &&&ProposalResponse| matches!(p.status, Status::Rejected | Status::Closed);
        let low_turnout = decided
            .iter()
            .filter(rejected)
            .filter(|p| turnout(p) < low_line)
            .count();
        let vetoed = decided
            .iter()
            .filter(|p| p.status == Status::Vetoed)
            .count();
        let passed: Vec<Decimal> = decided.iter().filter_map(|p| decided_share(p)).collect();
        let mut turnouts: Vec<Decimal> = decided.iter().map(|p| turnout(p)).collect();
        turnouts.sort();
        let median = turnouts[turnouts.len() / 2];

        let mut changes = vec![];
        let mut reasons = vec![format!(
            "{} decided proposals: median turnout {}%, {} rejected under {}% turnout, {} vetoed",
            decided.len(),
            bps(median) / Decimal::from_ratio(100u64, 1u64),
            low_turnout,
            bps(low_line) / Decimal::from_ratio(100u64, 1u64),
            vetoed
        )];
        let period = duration_value(&g.config.voting_period);
        if share(low_turnout, decided.len()) >= from_bps(c.low_turnout_share_bps) {
            if allowed(GovernanceParam::VotingPeriod) {
                if let Some(value) = step_u64(period, policy.max_step, true) {
                    changes.push(GovernanceChange::VotingPeriod { value });
                    reasons.push(format!(
                        "voting period {period} -> {value}: members need longer to take part"
                    ));
                }
            }
            if let (Some(q), true) = (quorum, allowed(GovernanceParam::Quorum)) {
                let floor = q - q * policy.max_step;
                let value = if median > floor { median } else { floor };
                if value < q {
                    changes.push(GovernanceChange::Quorum { value });
                    reasons.push(format!(
                        "quorum {q} -> {value}: toward the turnout members reach"
                    ));
                }
            }
        } else if !passed.is_empty()
            && passed.iter().all(|s| *s <= from_bps(c.early_decision_bps))
            && allowed(GovernanceParam::VotingPeriod)
        {
            if let Some(value) = step_u64(period, policy.max_step, false) {
                changes.push(GovernanceChange::VotingPeriod { value });
                reasons.push(format!(
                    "voting period {period} -> {value}: every pass was certain within {}% of it",
                    c.early_decision_bps / 100
                ));
            }
        }
        if share(vetoed, decided.len()) >= from_bps(c.veto_share_bps)
            && allowed(GovernanceParam::AdoptionTimelock)
        {
            let timelock = duration_value(&g.config.adoption_timelock.duration);
            if let Some(value) = step_u64(timelock, policy.max_step, true) {
                changes.push(GovernanceChange::AdoptionTimelock { value });
                reasons.push(format!(
                    "adoption timelock {timelock} -> {value}: the vetoer is using it"
                ));
            }
        }
        if changes.is_empty() {
            reasons.push("the config fits the history".into());
        }
        let confidence = if decided.len() >= 2 * c.min_proposals as usize {
            7_000
        } else {
            5_500
        };
        self.advice(
            changes,
            format!("Governance: {}", reasons.join("; ")),
            confidence,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use crate::snapshot::GovernanceSnapshot;
    use cosmwasm_std::Addr;
    use cw_utils::{Duration, Expiration};
    use steward_types::governance::GovernanceState;
    use steward_types::proposal::{Config, PassedAt, Proposal, ProposalKind, Timelock};
    use steward_types::threshold::Votes;

    const PERIOD: u64 = 86_400;

    fn config() -> Config {
        Config {
            threshold: Threshold::ThresholdQuorum {
                threshold: PercentageThreshold::Majority {},
                quorum: PercentageThreshold::Percent(Decimal::percent(40)),
            },
            voting_period: Duration::Time(PERIOD),
            min_voting_period: None,
            allow_revoting: false,
            only_members_execute: false,
            timelock: None,
            adoption_timelock: Timelock {
                duration: Duration::Time(3_600),
                vetoer: "vetoer".into(),
            },
            execution_window: None,
            governance: None,
        }
    }

    /// A decided proposal with `cast` of 100 power voting, passed after
    /// `passed_after` seconds if given.
    fn proposal(
        id: u64,
        status: Status,
        cast: u128,
        passed_after: Option<u64>,
    ) -> ProposalResponse {
        let start = 1_000;
        ProposalResponse {
            id,
            proposal: Proposal {
                title: format!("#{id}"),
                description: String::new(),
                proposer: Addr::unchecked("alice"),
                start_height: 10,
                start_time: start,
                expiration: Expiration::AtTime(cosmwasm_std::Timestamp::from_seconds(
                    start + PERIOD,
                )),
                min_voting_period: None,
                threshold: config().threshold,
                total_power: Uint128::new(100),
                allow_revoting: false,
                timelock: None,
                kind: ProposalKind::Actions { actions: vec![] },
                votes: Votes {
                    yes: Uint128::new(cast),
                    no: Uint128::zero(),
                    abstain: Uint128::zero(),
                },
                status,
                passed_at: passed_after.map(|s| PassedAt {
                    height: 11,
                    time: start + s,
                }),
                execution_window: None,
                failed_executions: 0,
                execution_failures: vec![],
            },
            status,
            timelock_ends: None,
            execution_ends: None,
        }
    }

    fn snapshot(proposals: Vec<ProposalResponse>, last_change: Option<u64>) -> Snapshot {
        let mut s = sample::snapshot(3);
        s.governance = Some(GovernanceSnapshot {
            config: config(),
            state: GovernanceState {
                policy: Some(GovernancePolicy {
                    allowed: vec![
                        GovernanceParam::VotingPeriod,
                        GovernanceParam::Quorum,
                        GovernanceParam::AdoptionTimelock,
                    ],
                    max_step: Decimal::percent(10),
                    min_interval_seconds: 86_400,
                }),
                last_change,
            },
            proposals,
        });
        s
    }

    fn strategy() -> GovernanceStrategy {
        let c: GovernanceConfig = toml::from_str("").unwrap();
        c.validate().unwrap();
        GovernanceStrategy::new(c, "00".repeat(32))
    }

    #[test]
    fn low_turnout_lengthens_the_vote_and_lowers_the_quorum_by_one_step() {
        let s = snapshot(
            vec![
                proposal(1, Status::Rejected, 20, None),
                proposal(2, Status::Rejected, 30, None),
                proposal(3, Status::Executed, 60, Some(80_000)),
            ],
            None,
        );
        let advice = strategy().advise(&s).unwrap();
        assert!(advice.actions.is_empty());
        assert_eq!(
            advice.governance,
            vec![
                GovernanceChange::VotingPeriod {
                    value: PERIOD + PERIOD / 10
                },
                // One step from 40 %: 36 %, above the median turnout of 30 %.
                GovernanceChange::Quorum {
                    value: Decimal::percent(36)
                },
            ]
        );
        // Inside the bound by the one rule the proposal module runs.
        let g = s.governance.as_ref().unwrap();
        steward_types::governance::apply_changes(&g.config, &g.state, &advice.governance, s.now())
            .unwrap();
    }

    #[test]
    fn early_passes_shorten_the_vote_and_vetoes_lengthen_the_timelock() {
        let s = snapshot(
            vec![
                proposal(1, Status::Executed, 90, Some(3_600)),
                proposal(2, Status::Vetoed, 80, Some(7_200)),
                proposal(3, Status::Executed, 70, Some(10_000)),
            ],
            None,
        );
        let advice = strategy().advise(&s).unwrap();
        assert_eq!(
            advice.governance,
            vec![
                GovernanceChange::VotingPeriod {
                    value: PERIOD - PERIOD / 10
                },
                GovernanceChange::AdoptionTimelock { value: 3_960 },
            ]
        );
    }

    #[test]
    fn too_soon_too_little_history_or_no_policy_is_nothing_to_do() {
        let history = vec![
            proposal(1, Status::Rejected, 10, None),
            proposal(2, Status::Rejected, 10, None),
            proposal(3, Status::Rejected, 10, None),
        ];
        let now = sample::snapshot(3).now();
        let soon = strategy()
            .advise(&snapshot(history.clone(), Some(now - 10)))
            .unwrap();
        assert!(soon.governance.is_empty());
        assert!(
            soon.rationale.contains("next is allowed from"),
            "{}",
            soon.rationale
        );
        let few = strategy()
            .advise(&snapshot(history[..2].to_vec(), None))
            .unwrap();
        assert!(few.governance.is_empty());
        let mut none = snapshot(history, None);
        none.governance.as_mut().unwrap().state.policy = None;
        assert!(strategy().advise(&none).unwrap().governance.is_empty());
        let mut missing = sample::snapshot(3);
        missing.governance = None;
        assert!(matches!(
            strategy().advise(&missing),
            Err(AdvisorError::NoGovernanceState { .. })
        ));
    }

    #[test]
    fn parameters_the_policy_keeps_closed_are_left_alone() {
        let mut s = snapshot(
            vec![
                proposal(1, Status::Rejected, 20, None),
                proposal(2, Status::Rejected, 30, None),
                proposal(3, Status::Rejected, 25, None),
            ],
            None,
        );
        s.governance
            .as_mut()
            .unwrap()
            .state
            .policy
            .as_mut()
            .unwrap()
            .allowed = vec![GovernanceParam::Quorum];
        let advice = strategy().advise(&s).unwrap();
        assert_eq!(
            advice.governance,
            vec![GovernanceChange::Quorum {
                value: Decimal::percent(36)
            }]
        );
    }
}
