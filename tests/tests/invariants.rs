//! Random message sequences from every kind of sender against the real
//! contracts, with the invariants checked after every step (see
//! `steward_tests::invariants`).
//!
//! The seed is fixed, so a red run replays. `STEWARD_PROPTEST_CASES` sets the
//! number of sequences (default 1,000; `scripts/fuzz --long` runs 100,000) and
//! `STEWARD_PROPTEST_SEED` the seed.

use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRng, TestRunner};
use std::cell::RefCell;
use std::time::Instant;
use steward_tests::invariants::{sequence, Tally, World, KINDS, NEVER_KINDS};

/// Fragments per sequence (a fragment is one message or one proposal's life).
const FRAGMENTS: usize = 8;
/// Below this many sequences the per-kind minimum is not asserted.
const FULL_RUN: u32 = 1_000;
/// Each kind must succeed at least this often in a full run.
const MIN_SUCCESSES: u64 = 50;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} must be a number"))
        })
        .unwrap_or(default)
}

#[test]
fn invariants_hold_under_random_sequences() {
    let cases = env_u64("STEWARD_PROPTEST_CASES", u64::from(FULL_RUN)) as u32;
    let seed = env_u64("STEWARD_PROPTEST_SEED", 0x5754_4557_4152_4421);
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed));
    let mut runner = TestRunner::new_with_rng(config, rng);
    let tally = RefCell::new(Tally::default());
    let steps = RefCell::new(0u64);
    let started = Instant::now();
    let result = runner.run(&sequence(FRAGMENTS), |case| {
        let mut world = World::new(case.staking);
        let outcome = world.run(&case.ops);
        tally.borrow_mut().merge(&world.tally);
        *steps.borrow_mut() += case.ops.len() as u64;
        outcome.map_err(|v| proptest::test_runner::TestCaseError::fail(v.0))
    });
    let elapsed = started.elapsed();
    let tally = tally.into_inner();
    println!(
        "{cases} sequences, {} messages (with shrinking, if any) in {:.1} s, seed {seed:#x}",
        steps.into_inner(),
        elapsed.as_secs_f64()
    );
    println!("{:<20} {:>9} {:>9}", "message kind", "succeeded", "sent");
    for kind in KINDS.iter().chain(NEVER_KINDS) {
        println!(
            "{kind:<20} {:>9} {:>9}",
            tally.ok.get(kind).copied().unwrap_or(0),
            tally.tried.get(kind).copied().unwrap_or(0)
        );
    }
    if let Err(e) = result {
        panic!("{e}");
    }
    if cases >= FULL_RUN {
        for kind in KINDS {
            let ok = tally.ok.get(kind).copied().unwrap_or(0);
            assert!(
                ok >= MIN_SUCCESSES,
                "{kind} succeeded {ok} times: the generator no longer reaches it"
            );
        }
    }
}

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&seed.wrapping_mul(i as u64 + 1).to_le_bytes());
    }
    bytes
}
