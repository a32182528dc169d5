//! The shipped scenarios, run for real in multi-test: a short run of the
//! default scenario and attack scenarios, with assertions on their summaries;
//! and scripted price paths whose outcome record is checked against the
//! oracle's.

use cosmwasm_std::Int256;
use std::path::PathBuf;
use steward_sim::engine::{run_path, run_path_keeping_world};
use steward_sim::world::World;
use steward_sim::{montecarlo, report, Scenario};
use steward_types::handle::DaoContracts;
use steward_types::oracle;
use steward_types::policy::TreasuryAction;

fn scenario(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    Scenario::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn short_run_trades_within_policy_and_writes_its_report() {
    let mut s = scenario("short.toml");
    s.paths = 2;
    let run = montecarlo::run(&s, s.paths, false).unwrap();
    let sum = &run.summary;
    assert_eq!(
        sum.strategies,
        vec!["rebalance".to_string(), "risk".to_string()]
    );
    assert_eq!(run.paths.len(), 4);
    for p in &run.paths {
        assert_eq!(p.records.len(), 20);
        assert!(p.records.iter().all(|r| r.nav > 0.0));
    }
    // The rebalance advisor's recommendations were adopted and executed.
    let executed = sum.outcomes["rebalance"]
        .get("executed")
        .copied()
        .unwrap_or(0);
    assert!(executed > 0, "{:?}", sum.outcomes);
    assert!(run
        .paths
        .iter()
        .filter(|p| p.strategy == "rebalance")
        .all(|p| p.traded > 0.0));
    // Swapping through a fee-charging pool costs something, never less than zero.
    assert!(run.paths.iter().all(|p| p.swap_cost >= 0.0));
    assert!(run.paths.iter().any(|p| p.swap_cost > 0.0));
    // Zero breaches, measured from balances against the scenario's limits.
    assert_eq!(sum.breaches, 0, "{:?}", sum.breach_examples);
    let names: Vec<&str> = sum.scorecard.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["rebalance", "risk", "buy_and_hold", "fixed_rebalance"]
    );
    // Buy-and-hold starts where the treasury starts.
    let p = &run.paths[0];
    let r0 = &p.records[0];
    assert!(
        (r0.hold_nav - r0.nav).abs() / r0.hold_nav < 0.01,
        "{} vs {}",
        r0.hold_nav,
        r0.nav
    );

    // The default horizon (three epochs): every executed adoption is
    // tracked; scored, or left unrecorded at the end; each path's record
    // adds up to its scored outcomes.
    let o = &sum.outcome_record;
    assert_eq!(o.horizon_seconds, Some(3 * 86_400));
    assert!(o.scored > 0, "{:?}", o.counts);
    for p in &run.paths {
        let r = &p.outcome_record;
        let c = &r.counts;
        assert_eq!(c.tracked, p.outcomes.get("executed").copied().unwrap_or(0));
        assert_eq!(
            c.tracked,
            c.recorded + c.not_due_at_end + c.due_unscored_at_end,
            "{c:?}"
        );
        assert_eq!(c.recorded as usize, r.scored.len());
        assert_eq!(r.advisors.len(), 1);
        let a = &r.advisors[0];
        assert_eq!(a.outcomes_recorded, c.recorded);
        let total = r
            .scored
            .iter()
            .fold(Int256::zero(), |t, o| t + o.value_added);
        assert_eq!(a.value_added, total);
        let hits = r.scored.iter().filter(|o| o.value_added > Int256::zero());
        assert_eq!(a.outcome_hits, hits.count() as u64);
        assert_eq!(
            a.worst_outcome,
            r.scored.iter().map(|o| o.value_added).min()
        );
    }
    assert!(report::outcome_record_markdown(sum).contains("median of the paths' records"));

    let out = std::env::temp_dir().join(format!("steward-sim-test-{}", std::process::id()));
    let html = report::write_all(&s, "name = \"short\"", &run, &out).unwrap();
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("<svg")
            && text.contains("Advisor scorecard")
            && text.contains("fixed_rebalance")
    );
    for f in [
        "summary.json",
        "timeseries.csv",
        "outcomes.csv",
        "scorecard.csv",
        "paths.csv",
        "charts/nav.png",
        "charts/allocation.svg",
        "charts/drawdown.png",
        "charts/outcomes.svg",
        "charts/verdict.svg",
        "charts/verdict.png",
        "outcome_record.csv",
        "charts/outcome_record.svg",
        "charts/outcome_record.png",
    ] {
        let len = std::fs::metadata(out.join(f)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 100, "{f}: {len} bytes");
    }
    // The verdict against both baselines, with the numbers it rests on.
    assert!(text.contains("Verdict against the baselines"));
    assert!(text.contains("<h2>Outcome record</h2>"));
    let v = &sum.verdicts;
    assert_eq!(v.len(), 2);
    for verdict in v {
        let row = sum
            .scorecard
            .iter()
            .find(|r| r.name == verdict.strategy)
            .unwrap();
        assert_eq!(verdict.sharpe, row.stats["sharpe"].mean);
        assert_eq!(verdict.against.len(), 2);
        for a in &verdict.against {
            let base = sum.scorecard.iter().find(|r| r.name == a.baseline).unwrap();
            assert_eq!(a.sharpe_beats, verdict.sharpe > base.stats["sharpe"].mean);
            assert_eq!(
                a.max_drawdown_beats,
                verdict.max_drawdown < base.stats["max_drawdown"].mean
            );
        }
    }
    let table = report::verdict_markdown(sum);
    assert_eq!(table.lines().count(), 2 + 4, "{table}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["breaches"], 0);
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_path_is_reproducible_from_its_seed() {
    let mut s = scenario("short.toml");
    s.epochs = 8;
    let a = run_path(&s, 0, 7).unwrap();
    let b = run_path(&s, 0, 7).unwrap();
    let c = run_path(&s, 0, 8).unwrap();
    let nav =
        |p: &steward_sim::engine::PathResult| p.records.iter().map(|r| r.nav).collect::<Vec<_>>();
    assert_eq!(nav(&a), nav(&b));
    assert_ne!(nav(&a), nav(&c));
}

#[test]
fn stolen_key_takes_something_and_stays_within_its_bound() {
    let mut s = scenario("attack-stolen-key.toml");
    s.paths = 2;
    s.epochs = 16;
    let run = montecarlo::run(&s, s.paths, false).unwrap();
    let a = run.summary.attack.as_ref().expect("an attack summary");
    assert_eq!(a.kind, "stolen_key");
    assert!(
        a.worst_measured > 0.0,
        "the thief took nothing: the bound is not tested"
    );
    assert!(
        a.worst_measured <= a.bound_at_worst,
        "{} > {}",
        a.worst_measured,
        a.bound_at_worst
    );
    assert!(a.held_on_every_path);
    assert_eq!(a.status, "held");
    assert!(a.notes["thief_recommendations"] >= 1.0);
    // The budgets' spenders drew in the window too: counted in the loss,
    // within the budgets' part of the bound.
    assert!(!s.budgets.is_empty());
    assert!(a.notes["budget_drawn"] > 0.0, "{:?}", a.notes);
    assert!(
        a.notes["budget_drawn"] <= a.notes["budget_bound"],
        "{:?}",
        a.notes
    );
    // The thief's adopted recommendations set budgets for itself, which
    // outlive the key: the DAO's incident response removes them.
    assert!(a.notes["thief_budgets_removed"] >= 1.0, "{:?}", a.notes);
    // Revoked at the first epoch after the detection delay.
    assert_eq!(a.notes["seconds_to_revocation"] as u64 / 86_400, 3);
    // The thief stays inside the policy: nothing it took breaches a limit.
    assert_eq!(run.summary.breaches, 0, "{:?}", run.summary.breach_examples);
    assert_eq!(a.waits_for.as_deref(), s.waits_for.as_deref());
}

#[test]
fn a_policy_change_racing_an_adoption_makes_it_fail() {
    let mut s = scenario("attack-policy-race.toml");
    s.paths = 1;
    s.epochs = 10;
    let run = montecarlo::run(&s, 1, false).unwrap();
    let a = run.summary.attack.as_ref().unwrap();
    assert_eq!(a.notes["raced"], 1.0);
    assert_eq!(a.worst_measured, 0.0);
    assert_eq!(a.status, "held");
    let reasons = &run.summary.reasons["rebalance"];
    assert!(
        reasons
            .keys()
            .any(|k| k.starts_with("execution_failed") && k.to_lowercase().contains("policy")),
        "{reasons:?}"
    );
}

#[test]
fn a_frozen_feed_loses_more_than_frozen_prices_admit_but_within_its_bound_at_market_prices() {
    let mut s = scenario("attack-frozen-feed.toml");
    s.paths = 1;
    s.epochs = 6;
    let run = montecarlo::run(&s, 1, false).unwrap();
    let a = run.summary.attack.as_ref().expect("an attack summary");
    assert_eq!(a.kind, "frozen_feed");
    // The treasury kept trading on the frozen prices: the price-age refusal
    // never fired, and the sandwiches took something.
    assert!(
        run.summary.outcomes["rebalance"]["executed"] >= 3,
        "{:?}",
        run.summary.outcomes
    );
    assert!(
        a.worst_measured > 0.0,
        "nothing lost: the bound is not tested"
    );
    assert!(a.notes["market_below_oracle"] > 0.3, "{:?}", a.notes);
    // Valued at the frozen prices the bound would not hold ...
    assert!(
        a.worst_measured > a.notes["bound_at_frozen_prices"],
        "{} ≤ {}",
        a.worst_measured,
        a.notes["bound_at_frozen_prices"]
    );
    // ... at market prices it does, and what left in swaps stays within
    // what the allowances and NAV share let out, valued at market prices.
    assert!(
        a.worst_measured <= a.bound_at_worst,
        "{} > {}",
        a.worst_measured,
        a.bound_at_worst
    );
    assert!(a.notes["swapped"] > 0.0 && a.notes["swapped"] <= a.notes["outflow_cap"]);
    assert_eq!(a.status, "held");
    assert_eq!(run.summary.breaches, 0, "{:?}", run.summary.breach_examples);
}

#[test]
fn a_drain_below_the_threshold_loses_only_what_the_budgets_let_out() {
    let mut s = scenario("attack-member-drain.toml");
    assert!(!s.budgets.is_empty());
    s.paths = 1;
    s.epochs = 9;
    if let Some(steward_sim::scenario::AttackSpec::MemberDrain {
        start_epoch,
        epochs,
        ..
    }) = &mut s.attack
    {
        *start_epoch = 2;
        *epochs = 6;
    }
    let run = montecarlo::run(&s, 1, false).unwrap();
    let a = run.summary.attack.as_ref().unwrap();
    assert_eq!(a.kind, "member_drain");
    assert!(a.formula.contains('<'), "{}", a.formula);
    // The coalition takes nothing; the spenders drew their budgets in full.
    assert!(a.bound_at_worst > 0.0);
    assert!(a.notes["budget_drawn"] > 0.0);
    assert_eq!(a.worst_measured, a.notes["budget_drawn"]);
    assert!(
        a.worst_measured <= a.bound_at_worst,
        "{} > {}",
        a.worst_measured,
        a.bound_at_worst
    );
    // Drawn in full: the bound is what the budgets allow, not a loose cap.
    assert!(
        a.worst_measured >= 0.5 * a.bound_at_worst,
        "{} against {}",
        a.worst_measured,
        a.bound_at_worst
    );
    assert_eq!(a.status, "held");
    assert_eq!(run.summary.breaches, 0, "{:?}", run.summary.breach_examples);
}

/// `short.toml` with a scripted ATOM price per epoch (OSMO and STEW stay
/// put), the rebalance advising only at epoch 0, every member voting yes at
/// once, no random veto, and the given `advisor.outcome_horizon_seconds`.
/// The treasury starts at the rebalance's target weights at the default
/// prices, so an ATOM price other than 8 at epoch 0 makes it trade ATOM.
fn scripted(tag: &str, atom: &[f64], horizon: Option<u64>) -> Scenario {
    let mut s = scenario("short.toml");
    s.strategies.truncate(1);
    assert_eq!(s.strategies[0]["label"].as_str(), Some("rebalance"));
    s.paths = 1;
    s.epochs = atom.len() as u32 - 1;
    s.advisor.every_epochs = 1000;
    s.advisor.outcome_horizon_seconds = horizon;
    s.vetoer.veto_probability = 0.0;
    for m in &mut s.members {
        m.turnout = 1.0;
        m.follow_advisor = 1.0;
        m.max_delay_seconds = 0;
    }
    let mut csv = String::from("epoch,ATOM,OSMO,STEW\n");
    for (i, p) in atom.iter().enumerate() {
        csv.push_str(&format!("{i},{p},0.6,2\n"));
    }
    let path = std::env::temp_dir().join(format!("steward-sim-{tag}-{}.csv", std::process::id()));
    std::fs::write(&path, csv).unwrap();
    s.prices.csv = Some(path);
    s
}

/// The oracle's executed recommendations, read from the chain.
fn executed_recommendations(world: &World) -> Vec<oracle::Recommendation> {
    let list = world
        .oracle_contract()
        .recommendations(
            &world.app.wrap(),
            Some(oracle::RecommendationStatus::Executed),
            None,
            Some(30),
        )
        .unwrap();
    list.recommendations
        .into_iter()
        .map(|r| r.recommendation)
        .collect()
}

fn oracle_outcome(world: &World, id: u64) -> Option<oracle::Outcome> {
    world
        .oracle_contract()
        .outcome(&world.app.wrap(), id)
        .unwrap()
        .outcome
}

fn track_record(world: &World, id: &str) -> oracle::TrackRecord {
    world
        .oracle_contract()
        .advisor(&world.app.wrap(), id)
        .unwrap()
        .record
}

/// Runs the scripted path; returns its one scored outcome's value added as
/// the oracle holds it, after checking that the report shows exactly that.
fn sell_atom_then(tag: &str, later: f64) -> Int256 {
    // ATOM at 10 at epoch 0 (above its 25 % target): the rebalance sells
    // ATOM for USD; then ATOM moves to `later` and stays. A horizon of two
    // epochs: the execution at epoch 0 is scored at epoch 3.
    let s = scripted(tag, &[10.0, later, later, later, later], Some(2 * 86_400));
    let (p, world) = run_path_keeping_world(&s, 0, s.seed).unwrap();
    assert_eq!(p.outcomes.get("executed"), Some(&1), "{:?}", p.outcomes);

    // What the chain holds: the executed recommendation sold ATOM ...
    let executed = executed_recommendations(&world);
    assert_eq!(executed.len(), 1);
    let rec = &executed[0];
    let atom = &world.assets[s.asset_index("ATOM").unwrap()];
    assert!(
        rec.payload.actions.iter().any(|a| matches!(
            a,
            TreasuryAction::Swap { offer_asset, .. } if offer_asset == atom
        )),
        "{:?}",
        rec.payload.actions
    );
    // ... and its outcome was scored by the keeper, who is not a member.
    let realised = oracle_outcome(&world, rec.id)
        .expect("tracked")
        .realised
        .expect("scored");
    assert_eq!(realised.recorded_by, world.keeper);
    assert!(!world.members.contains(&world.keeper));
    let record = track_record(&world, &s.advisor.key_id);
    assert_eq!(record.outcomes_recorded, 1);
    assert_eq!(record.value_added, realised.value_added);
    assert_eq!(record.worst_outcome, Some(realised.value_added));

    // The path's record is the oracle's.
    let r = &p.outcome_record;
    assert_eq!(r.horizon_seconds, Some(2 * 86_400));
    assert_eq!((r.counts.tracked, r.counts.recorded), (1, 1));
    assert_eq!(r.counts.not_due_at_end, 0);
    assert_eq!(r.scored.len(), 1);
    assert_eq!(r.scored[0].recommendation, rec.id);
    assert_eq!(r.scored[0].value_added, realised.value_added);
    assert_eq!(
        (r.scored[0].epoch_executed, r.scored[0].epoch_recorded),
        (0, 3)
    );
    let a = r
        .advisors
        .iter()
        .find(|a| a.advisor == s.advisor.key_id)
        .unwrap();
    assert_eq!(a.outcomes_recorded, record.outcomes_recorded);
    assert_eq!(a.outcome_hits, record.outcome_hits);
    assert_eq!(a.value_added, record.value_added);
    assert_eq!(a.worst_outcome, record.worst_outcome);

    // The report: the summary's row, the Markdown and the CSV show it.
    let units: f64 = realised.value_added.to_string().parse::<f64>().unwrap() / 1e6;
    let summary = montecarlo::summarise(&s, 1, std::slice::from_ref(&p), 0.0);
    let row = &summary.outcome_record.rows[0];
    assert_eq!(row.outcomes_recorded, 1);
    assert_eq!(row.value_added.p50, units);
    assert_eq!(row.worst_outcome, Some(units));
    let md = report::outcome_record_markdown(&summary);
    assert!(md.contains(&format!("| {units:.2} |")), "{md}");
    let run = montecarlo::Run {
        paths: vec![p],
        summary,
    };
    let out = std::env::temp_dir().join(format!("steward-sim-{tag}-{}", std::process::id()));
    let html = std::fs::read_to_string(report::write_all(&s, "", &run, &out).unwrap()).unwrap();
    assert!(html.contains("<h2>Outcome record</h2>"));
    assert!(html.contains(&format!("<td>{units:.2}</td>")));
    let csv = std::fs::read_to_string(out.join("outcome_record.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains(&format!(",{},", realised.value_added))),
        "{csv}"
    );
    for f in ["charts/outcome_record.svg", "charts/outcome_record.png"] {
        let len = std::fs::metadata(out.join(f)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 100, "{f}: {len} bytes");
    }
    std::fs::remove_dir_all(&out).ok();
    realised.value_added
}

#[test]
fn selling_before_a_fall_adds_value_and_before_a_rise_loses_it_in_the_oracles_record() {
    let fall = sell_atom_then("fall", 6.0);
    assert!(fall > Int256::zero(), "{fall}");
    let rise = sell_atom_then("rise", 14.0);
    assert!(rise < Int256::zero(), "{rise}");
}

#[test]
fn an_adoption_executed_too_close_to_the_end_stays_unrecorded() {
    // Executed at epoch 0 with a horizon of two epochs: epoch 2 is the last,
    // before it is due.
    let s = scripted("late", &[10.0, 6.0, 6.0], Some(2 * 86_400));
    let (p, world) = run_path_keeping_world(&s, 0, s.seed).unwrap();
    let r = &p.outcome_record;
    assert_eq!(r.counts.tracked, 1);
    assert_eq!((r.counts.sent, r.counts.not_due_at_end), (0, 1));
    assert!(r.scored.is_empty());
    let rec = &executed_recommendations(&world)[0];
    let o = oracle_outcome(&world, rec.id).expect("tracked");
    assert!(o.realised.is_none() && o.due_at > world.now());
    let summary = montecarlo::summarise(&s, 1, std::slice::from_ref(&p), 0.0);
    let md = report::outcome_record_markdown(&summary);
    assert_eq!(md.lines().count(), 1, "{md}");
    assert!(
        md.contains("no outcome was scored")
            && md.contains("1 executed too close to the end of the run"),
        "{md}"
    );
}

#[test]
fn without_a_horizon_no_outcome_is_recorded_and_the_report_says_so() {
    let s = scripted("none", &[10.0, 6.0, 6.0, 6.0, 6.0], Some(0));
    assert_eq!(s.outcome_horizon(), None);
    let (p, world) = run_path_keeping_world(&s, 0, s.seed).unwrap();
    assert_eq!(p.outcomes.get("executed"), Some(&1), "{:?}", p.outcomes);
    let config = world.oracle_contract().config(&world.app.wrap()).unwrap();
    assert_eq!(config.outcome_horizon_seconds, None);
    // The oracle tracks nothing, so the keeper sends nothing.
    let rec = &executed_recommendations(&world)[0];
    assert!(oracle_outcome(&world, rec.id).is_none());
    assert_eq!(track_record(&world, &s.advisor.key_id).outcomes_recorded, 0);
    let r = &p.outcome_record;
    assert_eq!(r.horizon_seconds, None);
    assert_eq!((r.counts.tracked, r.counts.sent), (0, 0));
    assert!(!p.reasons.keys().any(|k| k.starts_with("record_outcome")));

    let summary = montecarlo::summarise(&s, 1, std::slice::from_ref(&p), 0.0);
    let md = report::outcome_record_markdown(&summary);
    assert_eq!(md.lines().count(), 1, "{md}");
    assert!(md.contains("no outcome horizon is set"), "{md}");
    let run = montecarlo::Run {
        paths: vec![p],
        summary,
    };
    let out = std::env::temp_dir().join(format!("steward-sim-none-{}", std::process::id()));
    let html = std::fs::read_to_string(report::write_all(&s, "", &run, &out).unwrap()).unwrap();
    assert!(html.contains("no outcome horizon is set"));
    assert!(!out.join("charts/outcome_record.svg").exists());
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn the_default_horizon_is_three_epochs_and_zero_means_none() {
    let mut s = scenario("short.toml");
    assert_eq!(s.advisor.outcome_horizon_seconds, None);
    assert_eq!(s.outcome_horizon(), Some(3 * s.epoch_seconds));
    s.advisor.outcome_horizon_seconds = Some(0);
    assert_eq!(s.outcome_horizon(), None);
    s.advisor.outcome_horizon_seconds = Some(600);
    assert_eq!(s.outcome_horizon(), Some(600));
}

#[test]
fn a_horizon_the_oracle_would_refuse_is_refused_in_the_scenario() {
    let short = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/short.toml");
    let path =
        std::env::temp_dir().join(format!("steward-sim-horizon-{}.toml", std::process::id()));
    // Eleven years: past the oracle's ten.
    std::fs::write(
        &path,
        format!(
            "base = {:?}\n[advisor]\noutcome_horizon_seconds = {}\n",
            short.display().to_string(),
            11 * 365 * 86_400
        ),
    )
    .unwrap();
    let err = Scenario::load(&path).unwrap_err().to_string();
    std::fs::remove_file(&path).ok();
    assert!(err.contains("advisor.outcome_horizon_seconds"), "{err}");
}

#[test]
fn an_outcome_due_while_the_feed_is_down_is_refused_counted_and_scored_after_it_resumes() {
    // Executed at epoch 0, due at epoch 3; the feed stops at epochs 3 and 4.
    let mut s = scripted(
        "stale",
        &[10.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0],
        Some(2 * 86_400),
    );
    s.attack = Some(steward_sim::scenario::AttackSpec::StaleFeed {
        start_epoch: 3,
        epochs: 2,
        shock: 0.0,
    });
    let (p, world) = run_path_keeping_world(&s, 0, s.seed).unwrap();
    let c = &p.outcome_record.counts;
    assert_eq!(
        (c.tracked, c.sent, c.refused, c.recorded),
        (1, 3, 2, 1),
        "{c:?}"
    );
    let refusals: Vec<_> = p
        .reasons
        .iter()
        .filter(|(k, _)| k.starts_with("record_outcome_refused:"))
        .collect();
    assert_eq!(refusals.len(), 1, "{:?}", p.reasons);
    assert!(refusals[0].0.contains("older than"), "{refusals:?}");
    assert_eq!(*refusals[0].1, 2);
    let scored = &p.outcome_record.scored;
    assert_eq!(scored[0].epoch_recorded, 5);
    let realised = oracle_outcome(&world, scored[0].recommendation)
        .unwrap()
        .realised
        .unwrap();
    assert_eq!(realised.value_added, scored[0].value_added);
    assert!(realised.value_added > Int256::zero());
}
