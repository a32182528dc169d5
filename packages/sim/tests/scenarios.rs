//! The shipped scenarios, run for real in multi-test: a short run of the
//! default scenario and attack scenarios, with assertions on their summaries.

use std::path::PathBuf;
use steward_sim::engine::run_path;
use steward_sim::{montecarlo, report, Scenario};

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
    ] {
        let len = std::fs::metadata(out.join(f)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 100, "{f}: {len} bytes");
    }
    // The verdict against both baselines, with the numbers it rests on.
    assert!(text.contains("Verdict against the baselines"));
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
