//! recommend + sign on a 20-asset snapshot, for each deterministic strategy.
//!
//! `cargo bench -p steward-advisor --bench recommend` (or `scripts/bench-advisor`).
//! Each iteration is the advisor's real path: the strategy, payload building
//! and the policy check (`recommend`), then parsing, the policy check again
//! and a secp256k1 signature (`sign`). Key derivation (PBKDF2, once per
//! process) is not measured. Prints one row per strategy: medians of each
//! phase, and the spread of the total (10th to 90th percentile, min, max).
//! `STEWARD_BENCH_ITERATIONS` sets the sample count (default 1000).

use std::hint::black_box;
use std::time::{Duration, Instant};
use steward_advisor::recommend::{recommend, sign, Envelope, Outcome};
use steward_advisor::{sample, AdvisorKey, Mnemonic};

const ASSETS: usize = 20;
const WARMUP: usize = 50;

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() - 1) * p / 100]
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn main() {
    let iterations: usize = std::env::var("STEWARD_BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
        .max(10);
    let snapshot = sample::snapshot(ASSETS);
    let key = AdvisorKey::relayer(&Mnemonic::parse(sample::TEST_MNEMONIC).unwrap()).unwrap();
    let strategies = [
        sample::rebalance_config(ASSETS),
        sample::risk_config(ASSETS),
        sample::runway_config(),
    ];
    println!(
        "recommend + sign, {ASSETS}-asset snapshot, {iterations} iterations each (after {WARMUP} warm-up), times in µs"
    );
    println!(
        "{:<10} {:>7} {:>8} {:>14} {:>10} {:>12} {:>9} {:>9} {:>9}",
        "strategy",
        "actions",
        "bytes",
        "recommend p50",
        "sign p50",
        "total p50",
        "p10",
        "p90",
        "max"
    );
    for config in strategies {
        let full = sample::config(config);
        let strategy = full.strategy.build().unwrap();
        let envelope = Envelope::derive(&snapshot, &full.advisor, &Default::default()).unwrap();
        let mut rec_times = Vec::with_capacity(iterations);
        let mut sign_times = Vec::with_capacity(iterations);
        let mut totals = Vec::with_capacity(iterations);
        let (mut actions, mut bytes) = (0, 0);
        for i in 0..WARMUP + iterations {
            let t0 = Instant::now();
            let outcome = recommend(black_box(&snapshot), strategy.as_ref(), &envelope).unwrap();
            let t1 = Instant::now();
            let Outcome::Payload(rec) = outcome else {
                panic!("{}: nothing to do on the sample", strategy.name())
            };
            let signed = sign(&key, sample::KEY_ID, &snapshot, &rec.bytes).unwrap();
            let t2 = Instant::now();
            black_box(signed);
            if i >= WARMUP {
                rec_times.push(t1 - t0);
                sign_times.push(t2 - t1);
                totals.push(t2 - t0);
            }
            actions = rec.payload.actions.len();
            bytes = rec.bytes.len();
        }
        for v in [&mut rec_times, &mut sign_times, &mut totals] {
            v.sort();
        }
        println!(
            "{:<10} {:>7} {:>8} {:>14} {:>10} {:>12} {:>9} {:>9} {:>9}",
            strategy.name(),
            actions,
            bytes,
            micros(percentile(&rec_times, 50)),
            micros(percentile(&sign_times, 50)),
            micros(percentile(&totals, 50)),
            micros(percentile(&totals, 10)),
            micros(percentile(&totals, 90)),
            micros(*totals.last().unwrap()),
        );
    }
}
