//! The advisor's outcome record. When the DAO's oracle has an outcome
//! horizon, every adopted recommendation that executes is tracked by the
//! oracle; once its horizon has passed, a keeper (an address that is no
//! member: anyone may) sends `RecordOutcome` at the next epoch, and the
//! oracle scores it (`steward_types::outcome::value_added`) into the issuing
//! advisor's `TrackRecord`. At the end of a path the record is read back
//! from the oracle by query: the figures shown are the chain's, never
//! recomputed here.

use crate::engine::{reason_key, ExecHelper, PathResult};
use crate::error::{SimError, SimResult};
use crate::montecarlo::Dist;
use crate::scenario::Scenario;
use crate::world::World;
use cosmwasm_std::{Addr, Int256};
use serde::Serialize;
use std::collections::BTreeMap;
use steward_types::handle::DaoContracts;
use steward_types::oracle::{self, Outcome};

/// What the keeper did on a path.
#[derive(Clone, Debug, Default, Serialize)]
pub struct OutcomeCounts {
    /// Executed adoptions whose outcome the oracle tracks.
    pub tracked: u64,
    /// `RecordOutcome` messages sent.
    pub sent: u64,
    /// Of those, accepted (the outcome scored).
    pub recorded: u64,
    /// Of those, refused (by reason in the path's reasons, as
    /// `record_outcome_refused: ...`); a refused outcome is tried again at
    /// the next epoch.
    pub refused: u64,
    /// Tracked outcomes no epoch came to after they were due: executed too
    /// close to the end of the run, they stay unrecorded.
    pub not_due_at_end: u64,
    /// Tracked outcomes due and tried, but still unscored at the end (every
    /// attempt refused).
    pub due_unscored_at_end: u64,
}

impl OutcomeCounts {
    /// Adds another path's counts.
    pub fn add(&mut self, other: &OutcomeCounts) {
        self.tracked += other.tracked;
        self.sent += other.sent;
        self.recorded += other.recorded;
        self.refused += other.refused;
        self.not_due_at_end += other.not_due_at_end;
        self.due_unscored_at_end += other.due_unscored_at_end;
    }
}

/// One advisor's `TrackRecord` as the oracle holds it at the end of a path.
#[derive(Clone, Debug, Serialize)]
pub struct AdvisorRecord {
    /// The advisor's key id.
    pub advisor: String,
    /// Its recommendations the treasury carried out.
    pub executed: u64,
    /// Outcomes scored (`TrackRecord::outcomes_recorded`).
    pub outcomes_recorded: u64,
    /// Of those, the ones that added value (`TrackRecord::outcome_hits`).
    pub outcome_hits: u64,
    /// `outcome_hits / outcomes_recorded`; `None` before the first score.
    pub hit_rate: Option<f64>,
    /// Sum of the scores in the quote asset's smallest units, as the oracle
    /// holds it (`TrackRecord::value_added`).
    pub value_added: Int256,
    /// The same in whole units of the stable asset.
    pub value_added_units: f64,
    /// Lowest score in smallest units (`TrackRecord::worst_outcome`).
    pub worst_outcome: Option<Int256>,
    /// The same in whole units of the stable asset.
    pub worst_outcome_units: Option<f64>,
}

/// One scored outcome as the oracle holds it (`QueryMsg::Outcome`).
#[derive(Clone, Debug, Serialize)]
pub struct ScoredOutcome {
    /// The recommendation.
    pub recommendation: u64,
    /// Key id of the advisor that issued it.
    pub advisor: String,
    /// Block time of execution.
    pub executed_at: u64,
    /// The epoch it executed in.
    pub epoch_executed: u32,
    /// Block time the score was recorded.
    pub recorded_at: u64,
    /// The epoch it was recorded in.
    pub epoch_recorded: u32,
    /// Value added against holding, in the quote asset's smallest units.
    pub value_added: Int256,
    /// The same in whole units of the stable asset.
    pub value_added_units: f64,
    /// Who sent `RecordOutcome`.
    pub recorded_by: Addr,
}

/// A path's outcome record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct OutcomeRecord {
    /// The oracle's horizon in seconds; `None`: no outcomes are recorded.
    pub horizon_seconds: Option<u64>,
    /// What the keeper did.
    pub counts: OutcomeCounts,
    /// Every advisor's record, in key id order.
    pub advisors: Vec<AdvisorRecord>,
    /// Every scored outcome, in the order scored.
    pub scored: Vec<ScoredOutcome>,
}

/// A tracked outcome waiting for its horizon.
struct Due {
    id: u64,
    due_at: u64,
    attempts: u32,
}

/// Tracks executed adoptions and scores them once due.
pub struct Keeper {
    horizon_seconds: Option<u64>,
    waiting: Vec<Due>,
    recorded: Vec<u64>,
    counts: OutcomeCounts,
}

fn int_to_f64(x: Int256) -> f64 {
    x.to_string().parse().unwrap_or(0.0)
}

fn outcome(world: &World, id: u64) -> SimResult<Option<Outcome>> {
    world
        .oracle_contract()
        .outcome(&world.app.wrap(), id)
        .map(|r| r.outcome)
        .map_err(|e| SimError::setup("query outcome", e))
}

impl Keeper {
    /// A keeper for an oracle with this horizon.
    pub fn new(horizon_seconds: Option<u64>) -> Keeper {
        Keeper {
            horizon_seconds,
            waiting: vec![],
            recorded: vec![],
            counts: OutcomeCounts::default(),
        }
    }

    /// After recommendation `id` executed: tracked when the oracle says so,
    /// due when the oracle says.
    pub fn executed(&mut self, world: &World, id: u64) -> SimResult<()> {
        if let Some(o) = outcome(world, id)? {
            self.counts.tracked += 1;
            self.waiting.push(Due {
                id,
                due_at: o.due_at,
                attempts: 0,
            });
        }
        Ok(())
    }

    /// Sends `RecordOutcome` for every tracked outcome due now. A refusal is
    /// counted by reason into `reasons` and tried again next time, unless
    /// the oracle no longer has it to score.
    pub fn record_due(
        &mut self,
        world: &mut World,
        reasons: &mut BTreeMap<String, u64>,
    ) -> SimResult<()> {
        let now = world.now();
        let mut still = vec![];
        for mut due in std::mem::take(&mut self.waiting) {
            if due.due_at > now {
                still.push(due);
                continue;
            }
            self.counts.sent += 1;
            due.attempts += 1;
            let keeper = world.keeper.clone();
            let oracle = world.oracle.clone();
            let res = world.app.execute_contract_helper(
                &keeper,
                &oracle,
                &oracle::ExecuteMsg::RecordOutcome { id: due.id },
            );
            match res {
                Ok(_) => {
                    self.counts.recorded += 1;
                    self.recorded.push(due.id);
                }
                Err(e) => {
                    self.counts.refused += 1;
                    *reasons
                        .entry(format!(
                            "record_outcome_refused: {}",
                            reason_key(&e.root_cause().to_string())
                        ))
                        .or_default() += 1;
                    if outcome(world, due.id)?.is_some_and(|o| o.realised.is_none()) {
                        still.push(due);
                    }
                }
            }
        }
        self.waiting = still;
        Ok(())
    }

    /// The record as the oracle holds it at the end of the path: every
    /// advisor's `TrackRecord` and every outcome the keeper scored.
    pub fn finish(
        mut self,
        world: &World,
        genesis: u64,
        epoch_seconds: u64,
    ) -> SimResult<OutcomeRecord> {
        for due in &self.waiting {
            if due.attempts == 0 {
                self.counts.not_due_at_end += 1;
            } else {
                self.counts.due_unscored_at_end += 1;
            }
        }
        let unit = world.units[world.stable];
        let units = |x: Int256| int_to_f64(x) / unit;
        let epoch =
            |t: u64| (t.saturating_sub(genesis) / epoch_seconds.max(1)).min(u64::from(u32::MAX));
        let mut advisors = vec![];
        let mut start_after = None;
        loop {
            let page = world
                .oracle_contract()
                .advisors(&world.app.wrap(), start_after.clone(), Some(30))
                .map_err(|e| SimError::setup("list advisors", e))?;
            let Some(last) = page.advisors.last() else {
                break;
            };
            start_after = Some(last.id.clone());
            for a in page.advisors {
                let r = a.record;
                advisors.push(AdvisorRecord {
                    advisor: a.id,
                    executed: r.executed,
                    outcomes_recorded: r.outcomes_recorded,
                    outcome_hits: r.outcome_hits,
                    hit_rate: (r.outcomes_recorded > 0)
                        .then(|| r.outcome_hits as f64 / r.outcomes_recorded as f64),
                    value_added: r.value_added,
                    value_added_units: units(r.value_added),
                    worst_outcome: r.worst_outcome,
                    worst_outcome_units: r.worst_outcome.map(units),
                });
            }
        }
        let mut scored = vec![];
        for &id in &self.recorded {
            let o = outcome(world, id)?
                .ok_or_else(|| SimError::setup("outcome", format!("{id} recorded, not kept")))?;
            let realised = o
                .realised
                .ok_or_else(|| SimError::setup("outcome", format!("{id} recorded, no score")))?;
            scored.push(ScoredOutcome {
                recommendation: id,
                advisor: o.advisor,
                executed_at: o.executed_at,
                epoch_executed: epoch(o.executed_at) as u32,
                recorded_at: realised.recorded_at,
                epoch_recorded: epoch(realised.recorded_at) as u32,
                value_added: realised.value_added,
                value_added_units: units(realised.value_added),
                recorded_by: realised.recorded_by,
            });
        }
        Ok(OutcomeRecord {
            horizon_seconds: self.horizon_seconds,
            counts: self.counts,
            advisors,
            scored,
        })
    }
}

/// One advisor of one strategy over every path.
#[derive(Clone, Debug, Serialize)]
pub struct OutcomeRow {
    /// Strategy label.
    pub strategy: String,
    /// The advisor's key id.
    pub advisor: String,
    /// Paths on which the oracle has this advisor.
    pub paths: u64,
    /// Outcomes scored, summed over paths.
    pub outcomes_recorded: u64,
    /// Of those, hits, summed over paths.
    pub outcome_hits: u64,
    /// Hits over outcomes scored, pooled over paths; `None` before any score.
    pub hit_rate: Option<f64>,
    /// Each path's `TrackRecord::value_added` (whole stable units): mean,
    /// p5, median, p95 over paths.
    pub value_added: Dist,
    /// The lowest `TrackRecord::worst_outcome` over paths (whole stable units).
    pub worst_outcome: Option<f64>,
}

/// The outcome record of a run.
#[derive(Clone, Debug, Serialize)]
pub struct OutcomeSummary {
    /// The oracle's horizon in seconds; `None`: no outcomes are recorded.
    pub horizon_seconds: Option<u64>,
    /// The horizon in epochs.
    pub horizon_epochs: Option<f64>,
    /// Symbol of the stable asset the values are in.
    pub quote: String,
    /// Paths per strategy.
    pub paths: u32,
    /// What the keeper did, per strategy, summed over paths.
    pub counts: BTreeMap<String, OutcomeCounts>,
    /// Per strategy and advisor.
    pub rows: Vec<OutcomeRow>,
    /// Outcomes scored over every path.
    pub scored: u64,
}

/// Aggregates the paths' records: per strategy and advisor, the scored
/// outcomes and hits summed (the hit rate pooled), the value added as a
/// distribution of the paths' records, the worst outcome the lowest over
/// paths. Every figure is one the oracle holds at the end of a path.
pub fn summarise(scenario: &Scenario, paths: u32, results: &[PathResult]) -> OutcomeSummary {
    let mut counts: BTreeMap<String, OutcomeCounts> = BTreeMap::new();
    let mut keys: Vec<(String, String)> = vec![];
    let mut per: BTreeMap<(String, String), Vec<&AdvisorRecord>> = BTreeMap::new();
    for p in results {
        counts
            .entry(p.strategy.clone())
            .or_default()
            .add(&p.outcome_record.counts);
        for a in &p.outcome_record.advisors {
            let key = (p.strategy.clone(), a.advisor.clone());
            if !keys.contains(&key) {
                keys.push(key.clone());
            }
            per.entry(key).or_default().push(a);
        }
    }
    let rows: Vec<OutcomeRow> = keys
        .into_iter()
        .map(|key| {
            let records = &per[&key];
            let recorded: u64 = records.iter().map(|r| r.outcomes_recorded).sum();
            let hits: u64 = records.iter().map(|r| r.outcome_hits).sum();
            let values: Vec<f64> = records.iter().map(|r| r.value_added_units).collect();
            OutcomeRow {
                strategy: key.0,
                advisor: key.1,
                paths: records.len() as u64,
                outcomes_recorded: recorded,
                outcome_hits: hits,
                hit_rate: (recorded > 0).then(|| hits as f64 / recorded as f64),
                value_added: Dist::of(&values),
                worst_outcome: records
                    .iter()
                    .filter_map(|r| r.worst_outcome_units)
                    .reduce(f64::min),
            }
        })
        .collect();
    let horizon = scenario.outcome_horizon();
    OutcomeSummary {
        horizon_seconds: horizon,
        horizon_epochs: horizon.map(|h| h as f64 / scenario.epoch_seconds.max(1) as f64),
        quote: scenario.stable().symbol.clone(),
        paths,
        counts,
        scored: rows.iter().map(|r| r.outcomes_recorded).sum(),
        rows,
    }
}
