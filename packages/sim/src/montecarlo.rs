//! Monte Carlo over seeds on every core (rayon), and the summary: the
//! advisor scorecard (mean and p5/p50/p95 of each statistic per strategy and
//! both baselines), outcomes and reasons, policy breaches measured from
//! balances, the attack's bound against the worst measured loss, and the
//! advisors' outcome record over paths ([`crate::outcomes::summarise`]).

use crate::engine::{run_path, PathResult};
use crate::error::SimResult;
use crate::metrics::{quantile, stats, Stats};
use crate::scenario::Scenario;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Mean and quantiles of one statistic.
#[derive(Clone, Debug, Serialize)]
pub struct Dist {
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Dist {
    /// Mean and quantiles of `values` (zeros when empty).
    pub fn of(values: &[f64]) -> Dist {
        Dist {
            mean: values.iter().sum::<f64>() / values.len().max(1) as f64,
            p5: quantile(values, 0.05),
            p50: quantile(values, 0.5),
            p95: quantile(values, 0.95),
        }
    }
}

/// One scorecard row: a strategy or a baseline.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreRow {
    /// Strategy label, `buy_and_hold` or `fixed_rebalance`.
    pub name: String,
    /// Statistic name → distribution over paths.
    pub stats: BTreeMap<String, Dist>,
}

/// The attack over every path.
#[derive(Clone, Debug, Serialize)]
pub struct AttackSummary {
    /// Attack kind.
    pub kind: String,
    /// The bound's formula.
    pub formula: String,
    /// The smallest bound over paths (bounds depend on the path's prices).
    pub min_bound: f64,
    /// The worst loss measured from balances.
    pub worst_measured: f64,
    /// The bound on the path of the worst loss.
    pub bound_at_worst: f64,
    /// The bound held on every path.
    pub held_on_every_path: bool,
    /// `held`, `breached`, or `waiting for <fix>`.
    pub status: String,
    /// The fix the scenario waits for.
    pub waits_for: Option<String>,
    /// Secondary figures, worst over paths.
    pub notes: BTreeMap<String, f64>,
}

/// What a run comes to.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Its description.
    pub description: String,
    /// Epochs per path.
    pub epochs: u32,
    /// Paths per strategy.
    pub paths: u32,
    /// Strategy labels.
    pub strategies: Vec<String>,
    /// The advisor scorecard.
    pub scorecard: Vec<ScoreRow>,
    /// Proposal outcomes per strategy, summed over paths.
    pub outcomes: BTreeMap<String, BTreeMap<String, u64>>,
    /// Refusals, failures and vetoes by reason per strategy, summed over paths.
    pub reasons: BTreeMap<String, BTreeMap<String, u64>>,
    /// Policy breaches measured from balances, over every path.
    pub breaches: usize,
    /// Paths on which a breach was seen.
    pub paths_with_breaches: usize,
    /// The first breaches seen (for diagnosis).
    pub breach_examples: Vec<crate::monitor::Breach>,
    /// Per strategy: mean Sharpe and mean maximum drawdown beside each
    /// baseline's, and whether it beats each.
    pub verdicts: Vec<Verdict>,
    /// The attack, for an attack scenario.
    pub attack: Option<AttackSummary>,
    /// The advisors' outcome record as the oracle holds it, over paths.
    pub outcome_record: crate::outcomes::OutcomeSummary,
    /// Proposals, votes and epochs over all paths, and wall-clock figures.
    pub throughput: Throughput,
}

/// A strategy against the baselines on Sharpe and maximum drawdown (means
/// over paths).
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    /// Strategy label.
    pub strategy: String,
    /// Its mean Sharpe.
    pub sharpe: f64,
    /// Its mean maximum drawdown (share of the peak).
    pub max_drawdown: f64,
    /// Against each baseline, by name.
    pub against: Vec<Against>,
}

/// One baseline's figures and the strategy's verdict against them.
#[derive(Clone, Debug, Serialize)]
pub struct Against {
    /// Baseline name (`buy_and_hold`, `fixed_rebalance`).
    pub baseline: String,
    /// The baseline's mean Sharpe.
    pub sharpe: f64,
    /// The baseline's mean maximum drawdown.
    pub max_drawdown: f64,
    /// The strategy's mean Sharpe is higher.
    pub sharpe_beats: bool,
    /// The strategy's mean maximum drawdown is smaller.
    pub max_drawdown_beats: bool,
}

/// Work done and time taken.
#[derive(Clone, Debug, Serialize)]
pub struct Throughput {
    /// Epochs simulated.
    pub epochs: u64,
    /// Proposals created.
    pub proposals: u64,
    /// Votes cast.
    pub votes: u64,
    /// Mean seconds per path.
    pub seconds_per_path: f64,
    /// Slowest path.
    pub max_seconds_per_path: f64,
    /// Wall-clock seconds of the whole run.
    pub wall_seconds: f64,
    /// Worker threads.
    pub threads: usize,
}

/// Every path of every strategy, and the summary.
pub struct Run {
    /// Path results, strategy-major.
    pub paths: Vec<PathResult>,
    /// The summary.
    pub summary: Summary,
}

/// Runs `paths` seeds of every strategy on all cores.
pub fn run(scenario: &Scenario, paths: u32, progress: bool) -> SimResult<Run> {
    let started = std::time::Instant::now();
    let jobs: Vec<(usize, u64)> = (0..scenario.strategies.len())
        .flat_map(|s| (0..u64::from(paths)).map(move |i| (s, scenario.seed + i)))
        .collect();
    let bar = if progress && jobs.len() > 1 {
        let b = ProgressBar::new(jobs.len() as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {pos}/{len} paths, eta {eta}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let results: Vec<SimResult<PathResult>> = jobs
        .par_iter()
        .map(|&(s, seed)| {
            let r = run_path(scenario, s, seed);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    let results = results.into_iter().collect::<SimResult<Vec<_>>>()?;
    let summary = summarise(scenario, paths, &results, started.elapsed().as_secs_f64());
    Ok(Run {
        paths: results,
        summary,
    })
}

/// Statistics of a path for the strategy and both baselines.
pub fn path_stats(scenario: &Scenario, p: &PathResult) -> [(String, Stats); 3] {
    let nav: Vec<f64> = p.records.iter().map(|r| r.nav).collect();
    let hold: Vec<f64> = p.records.iter().map(|r| r.hold_nav).collect();
    let reb: Vec<f64> = p.records.iter().map(|r| r.rebalance_nav).collect();
    let e = scenario.epoch_seconds;
    [
        (p.strategy.clone(), stats(&nav, e, p.traded, p.swap_cost)),
        ("buy_and_hold".into(), stats(&hold, e, 0.0, 0.0)),
        (
            "fixed_rebalance".into(),
            stats(&reb, e, p.rebalance_traded, p.rebalance_cost),
        ),
    ]
}

/// The summary of `results` (`paths` per strategy, strategy-major), `wall`
/// seconds of wall clock.
pub fn summarise(scenario: &Scenario, paths: u32, results: &[PathResult], wall: f64) -> Summary {
    let mut per: BTreeMap<String, Vec<Stats>> = BTreeMap::new();
    let mut order: Vec<String> = vec![];
    let mut strategies: Vec<String> = vec![];
    let mut outcomes: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut reasons: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let first_strategy = results.first().map(|p| p.strategy.clone());
    for p in results {
        if !strategies.contains(&p.strategy) {
            strategies.push(p.strategy.clone());
        }
        for (i, (name, st)) in path_stats(scenario, p).into_iter().enumerate() {
            // Baselines do not depend on the strategy: count them once per seed.
            if i > 0 && Some(&p.strategy) != first_strategy.as_ref() {
                continue;
            }
            if !order.contains(&name) {
                order.push(name.clone());
            }
            per.entry(name).or_default().push(st);
        }
        for (k, v) in &p.outcomes {
            *outcomes
                .entry(p.strategy.clone())
                .or_default()
                .entry(k.clone())
                .or_default() += v;
        }
        for (k, v) in &p.reasons {
            *reasons
                .entry(p.strategy.clone())
                .or_default()
                .entry(k.clone())
                .or_default() += v;
        }
    }
    // Strategies first, then the baselines.
    order.sort_by_key(|n| {
        (
            n == "buy_and_hold" || n == "fixed_rebalance",
            n == "fixed_rebalance",
        )
    });
    let scorecard: Vec<ScoreRow> = order
        .iter()
        .map(|name| {
            let st = &per[name];
            let pick = |f: fn(&Stats) -> f64| Dist::of(&st.iter().map(f).collect::<Vec<_>>());
            let mut stats = BTreeMap::new();
            stats.insert("return".into(), pick(|s| s.total_return));
            stats.insert("volatility".into(), pick(|s| s.volatility));
            stats.insert("sharpe".into(), pick(|s| s.sharpe));
            stats.insert("max_drawdown".into(), pick(|s| s.max_drawdown));
            stats.insert("turnover".into(), pick(|s| s.turnover));
            stats.insert("fees_and_slippage".into(), pick(|s| s.cost));
            ScoreRow {
                name: name.clone(),
                stats,
            }
        })
        .collect();
    let row = |n: &str| scorecard.iter().find(|r| r.name == n);
    let verdicts: Vec<Verdict> = strategies
        .iter()
        .filter_map(|s| row(s))
        .map(|r| {
            let (sharpe, max_drawdown) = (r.stats["sharpe"].mean, r.stats["max_drawdown"].mean);
            let against = ["buy_and_hold", "fixed_rebalance"]
                .iter()
                .filter_map(|b| row(b))
                .map(|base| {
                    let (bs, bd) = (base.stats["sharpe"].mean, base.stats["max_drawdown"].mean);
                    Against {
                        baseline: base.name.clone(),
                        sharpe: bs,
                        max_drawdown: bd,
                        sharpe_beats: sharpe > bs,
                        max_drawdown_beats: max_drawdown < bd,
                    }
                })
                .collect();
            Verdict {
                strategy: r.name.clone(),
                sharpe,
                max_drawdown,
                against,
            }
        })
        .collect();
    let breaches: usize = results.iter().map(|p| p.breaches.len()).sum();
    let attack = attack_summary(scenario, results);
    let secs: Vec<f64> = results.iter().map(|p| p.seconds).collect();
    Summary {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        epochs: scenario.epochs,
        paths,
        strategies,
        scorecard,
        outcomes,
        reasons,
        breaches,
        paths_with_breaches: results.iter().filter(|p| !p.breaches.is_empty()).count(),
        breach_examples: results
            .iter()
            .flat_map(|p| p.breaches.iter().cloned())
            .take(5)
            .collect(),
        verdicts,
        attack,
        outcome_record: crate::outcomes::summarise(scenario, paths, results),
        throughput: Throughput {
            epochs: results.iter().map(|p| p.records.len() as u64).sum(),
            proposals: results.iter().map(|p| p.proposals).sum(),
            votes: results.iter().map(|p| p.votes).sum(),
            seconds_per_path: secs.iter().sum::<f64>() / secs.len().max(1) as f64,
            max_seconds_per_path: secs.iter().copied().fold(0.0, f64::max),
            wall_seconds: wall,
            threads: rayon::current_num_threads(),
        },
    }
}

fn attack_summary(scenario: &Scenario, results: &[PathResult]) -> Option<AttackSummary> {
    let measures: Vec<_> = results.iter().filter_map(|p| p.attack.as_ref()).collect();
    let first = measures.first()?;
    let worst = measures
        .iter()
        .max_by(|a, b| a.measured.total_cmp(&b.measured))
        .expect("non-empty");
    let held = measures.iter().all(|m| m.holds);
    let status = match (held, &scenario.waits_for) {
        (true, _) => "held".to_string(),
        (false, Some(fix)) => format!("waiting for {fix}"),
        (false, None) => "breached".to_string(),
    };
    let mut notes: BTreeMap<String, f64> = BTreeMap::new();
    for m in &measures {
        for (k, v) in &m.notes {
            let e = notes.entry(k.clone()).or_insert(f64::MIN);
            *e = e.max(*v);
        }
    }
    Some(AttackSummary {
        kind: first.kind.clone(),
        formula: first.formula.clone(),
        min_bound: measures.iter().map(|m| m.bound).fold(f64::MAX, f64::min),
        worst_measured: worst.measured,
        bound_at_worst: worst.bound,
        held_on_every_path: held,
        status,
        waits_for: scenario.waits_for.clone(),
        notes,
    })
}
