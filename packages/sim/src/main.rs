//! `steward-sim run <scenario.toml> --out <dir>`: runs a scenario (one path,
//! or Monte Carlo over seeds on every core) and writes CSV, JSON, charts and
//! an HTML report. `steward-sim bench`: throughput tables.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use steward_sim::{bench, montecarlo, report, Scenario, SimError};

#[derive(Parser)]
#[command(
    name = "steward-sim",
    about = "Simulate a Steward DAO with the real contracts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and write its outputs.
    Run {
        /// The scenario file.
        scenario: PathBuf,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Paths per strategy (default: the scenario's `paths`).
        #[arg(long)]
        paths: Option<u32>,
        /// Epochs (default: the scenario's).
        #[arg(long)]
        epochs: Option<u32>,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Print throughput tables: Steward beside cw3-flex-multisig + cw4-group,
    /// and an epoch's cost as members grow.
    Bench {
        /// The scenario to measure (default scenario's file).
        scenario: PathBuf,
        /// Epochs of the throughput run.
        #[arg(long, default_value_t = 365)]
        epochs: u32,
        /// Member counts for the scaling table.
        #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
        members: Vec<usize>,
        /// Epochs per member count.
        #[arg(long, default_value_t = 3)]
        scaling_epochs: u32,
    },
}

fn main() -> ExitCode {
    // Contract errors are part of a simulation (refusals are counted): do
    // not capture a backtrace for each one. Panics still honour RUST_BACKTRACE.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steward-sim: {e}");
            ExitCode::FAILURE
        }
    }
}

fn load(path: &PathBuf) -> Result<(Scenario, String), SimError> {
    let text = std::fs::read_to_string(path).map_err(|e| SimError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok((Scenario::load(path)?, text))
}

fn run(cli: Cli) -> Result<(), SimError> {
    match cli.command {
        Command::Run {
            scenario,
            out,
            paths,
            epochs,
            threads,
            quiet,
        } => {
            let (mut s, text) = load(&scenario)?;
            if let Some(e) = epochs {
                s.epochs = e;
            }
            if let Some(t) = threads {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(t)
                    .build_global()
                    .map_err(|e| SimError::setup("threads", e))?;
            }
            let paths = paths.unwrap_or(s.paths);
            let run = montecarlo::run(&s, paths, !quiet)?;
            let report_path = report::write_all(&s, &text, &run, &out)?;
            let sum = &run.summary;
            println!(
                "scenario {}: {} path(s) × {} strategies × {} epochs",
                sum.scenario,
                sum.paths,
                sum.strategies.len(),
                sum.epochs
            );
            print!("{}", report::scorecard_markdown(sum));
            print!("\n{}\n", report::verdict_markdown(sum));
            println!("{}", report::outcome_record_markdown(sum));
            println!(
                "policy breaches measured from balances: {} (paths with any: {})",
                sum.breaches, sum.paths_with_breaches
            );
            for (strategy, m) in &sum.outcomes {
                let line: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
                println!("{strategy}: {}", line.join(", "));
            }
            if let Some(a) = &sum.attack {
                println!(
                    "attack {}: bound {:.2} (smallest over paths), worst measured {:.2} (bound on that path {:.2}): {}",
                    a.kind, a.min_bound, a.worst_measured, a.bound_at_worst, a.status
                );
            }
            let t = &sum.throughput;
            println!(
                "{:.2} s per path (slowest {:.2} s), {:.1} s wall on {} threads",
                t.seconds_per_path, t.max_seconds_per_path, t.wall_seconds, t.threads
            );
            println!("report: {}", report_path.display());
            Ok(())
        }
        Command::Bench {
            scenario,
            epochs,
            members,
            scaling_epochs,
        } => {
            let (s, _) = load(&scenario)?;
            let mut s = bench::active(&s);
            s.epochs = epochs;
            let (st, gov) = bench::steward(&s)?;
            let cw = bench::cw3(
                s.members.len(),
                st.proposals,
                st.votes,
                s.governance.voting_period_seconds,
            )?;
            println!(
                "Throughput in multi-test ({} epochs of scenario {}, rebalancing every epoch):\n",
                epochs, s.name
            );
            println!("| system | epochs | proposals | votes | seconds | epochs/s | proposals/s | votes/s |");
            println!("|---|---:|---:|---:|---:|---:|---:|---:|");
            for t in [&st, &gov, &cw] {
                let (e, p, v) = t.rates();
                println!(
                    "| {} | {} | {} | {} | {:.2} | {:.0} | {:.0} | {:.0} |",
                    t.name, t.epochs, t.proposals, t.votes, t.seconds, e, p, v
                );
            }
            println!("\nEpoch cost as members grow ({scaling_epochs} epochs each; every member votes yes at once until the proposal passes):\n");
            println!("| members | steward s/epoch | steward proposals | steward votes/proposal | cw3+cw4 s/proposal | cw3 votes/proposal |");
            println!("|---:|---:|---:|---:|---:|---:|");
            for n in members {
                let (st, cw) = bench::epoch_cost(&s, n, scaling_epochs)?;
                println!(
                    "| {n} | {:.4} | {} | {:.0} | {:.4} | {:.0} |",
                    st.seconds / st.epochs.max(1) as f64,
                    st.proposals,
                    st.votes as f64 / st.proposals.max(1) as f64,
                    cw.seconds / cw.proposals.max(1) as f64,
                    cw.votes as f64 / cw.proposals.max(1) as f64,
                );
            }
            Ok(())
        }
    }
}
