//! `run`: every interval, snapshot → recommend → pre-check → sign → submit.
//!
//! One log line per step (`ts=… iter=… step=… key=value…`). A failed step
//! ends the iteration and the next one waits an exponential backoff (doubling
//! from `backoff_base` up to `backoff_max`) instead of the interval. The same
//! actions are not submitted again while the previous submission of them is
//! unexpired. The price history carries over from one snapshot to the next
//! (and to `history_file`, when set, so it survives restarts). Setting the
//! stop flag (the binary does on SIGINT or SIGTERM) ends the loop between
//! steps or during a wait.

use crate::config::{Config, DEFAULT_HISTORY_LEN};
use crate::error::Result;
use crate::keys::AdvisorKey;
use crate::node::{DaoContracts, Node};
use crate::recommend::{self, Envelope, EnvelopeOverrides, Outcome};
use crate::snapshot::Snapshot;
use crate::strategy::Strategy;
use crate::submit::{submit, AccountOverride};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use steward_types::policy::{usage_after, PolicyUsage};

/// How the loop runs.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Wait between successful iterations.
    pub interval: Duration,
    /// First wait after a failure.
    pub backoff_base: Duration,
    /// Longest wait after failures.
    pub backoff_max: Duration,
    /// Build and print transactions, never broadcast.
    pub dry_run: bool,
    /// Stop after this many iterations.
    pub max_iterations: Option<u64>,
    /// Where the latest snapshot (and so the price history) is kept.
    pub history_file: Option<PathBuf>,
}

/// Counts of a finished run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Iterations started.
    pub iterations: u64,
    /// Recommendations submitted (or built, on a dry run).
    pub submitted: u64,
    /// Iterations with nothing to do.
    pub nothing_to_do: u64,
    /// Iterations skipped because the same actions are still pending.
    pub unchanged: u64,
    /// Iterations that failed.
    pub failures: u64,
    /// Whether the stop flag ended the run.
    pub stopped: bool,
}

/// Everything the loop needs.
pub struct Runner {
    /// The config.
    pub config: Config,
    /// The strategy it describes.
    pub strategy: Box<dyn Strategy>,
    /// The advisor key.
    pub key: AdvisorKey,
    /// The relayer key (secp256k1 of the same mnemonic).
    pub relayer: AdvisorKey,
    /// The node.
    pub node: Node,
    /// Treasury and oracle.
    pub contracts: DaoContracts,
    /// Loop settings.
    pub options: RunOptions,
}

enum Tick {
    Submitted,
    NothingToDo,
    Unchanged,
}

struct StepError {
    step: &'static str,
    message: String,
}

fn at<T>(step: &'static str, r: Result<T>) -> std::result::Result<T, StepError> {
    r.map_err(|e| StepError {
        step,
        message: e.to_string(),
    })
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// One line of log, newlines removed from values.
/// Each listed asset's limit as `asset available/capacity`, comma-separated.
pub fn available_in_words(usage: &PolicyUsage) -> String {
    usage
        .asset_limits
        .iter()
        .map(|l| format!("{} {}/{}", l.asset, l.available, l.capacity))
        .collect::<Vec<_>>()
        .join(", ")
}

fn log(out: &mut dyn Write, iteration: u64, step: &str, fields: &[(&str, String)]) {
    let mut line = format!("ts={} iter={iteration} step={step}", unix_now());
    for (k, v) in fields {
        let v = v.replace(['\n', '\r'], " ");
        if v.contains(' ') || v.contains('=') {
            line.push_str(&format!(" {k}={v:?}"));
        } else {
            line.push_str(&format!(" {k}={v}"));
        }
    }
    let _ = writeln!(out, "{line}");
}

impl Runner {
    /// Runs until `stop` is set or `max_iterations` is reached.
    pub fn run(&self, stop: &AtomicBool, out: &mut dyn Write) -> RunSummary {
        let mut summary = RunSummary::default();
        let mut previous: Option<Snapshot> = None;
        if let Some(path) = self.options.history_file.as_deref().filter(|p| p.exists()) {
            match Snapshot::load(path) {
                Ok(s) => previous = Some(s),
                // A damaged history costs the risk strategy its memory, not the run.
                Err(e) => log(out, 0, "history", &[("error", e.to_string())]),
            }
        }
        let mut pending: Option<(String, u64)> = None;
        let mut consecutive_failures = 0u32;
        loop {
            if stop.load(Ordering::SeqCst) {
                summary.stopped = true;
                break;
            }
            if self
                .options
                .max_iterations
                .is_some_and(|max| summary.iterations >= max)
            {
                break;
            }
            summary.iterations += 1;
            let iteration = summary.iterations;
            let wait = match self.tick(iteration, &mut previous, &mut pending, out) {
                Ok(tick) => {
                    consecutive_failures = 0;
                    match tick {
                        Tick::Submitted => summary.submitted += 1,
                        Tick::NothingToDo => summary.nothing_to_do += 1,
                        Tick::Unchanged => summary.unchanged += 1,
                    }
                    self.options.interval
                }
                Err(e) => {
                    summary.failures += 1;
                    consecutive_failures += 1;
                    let wait = self
                        .options
                        .backoff_base
                        .saturating_mul(1 << (consecutive_failures - 1).min(16))
                        .min(self.options.backoff_max);
                    log(
                        out,
                        iteration,
                        e.step,
                        &[
                            ("error", e.message),
                            ("retry_in_ms", wait.as_millis().to_string()),
                        ],
                    );
                    wait
                }
            };
            if self
                .options
                .max_iterations
                .is_some_and(|max| summary.iterations >= max)
            {
                break;
            }
            if sleep_unless_stopped(wait, stop) {
                summary.stopped = true;
                break;
            }
        }
        log(
            out,
            summary.iterations,
            "stop",
            &[(
                "reason",
                if summary.stopped {
                    "signal"
                } else {
                    "iterations"
                }
                .into(),
            )],
        );
        summary
    }

    fn tick(
        &self,
        iteration: u64,
        previous: &mut Option<Snapshot>,
        pending: &mut Option<(String, u64)>,
        out: &mut dyn Write,
    ) -> std::result::Result<Tick, StepError> {
        let c = &self.config;
        let history_len = c.node.history_len.unwrap_or(DEFAULT_HISTORY_LEN);
        let snapshot = at(
            "snapshot",
            self.node.snapshot(
                &self.contracts,
                &c.advisor.key_id,
                previous.as_ref(),
                history_len,
            ),
        )?;
        log(
            out,
            iteration,
            "snapshot",
            &[
                ("height", snapshot.height.to_string()),
                ("time", snapshot.now().to_string()),
                (
                    "policy_version",
                    snapshot.context.policy_version.to_string(),
                ),
                ("last_nonce", format!("{:?}", snapshot.last_nonce)),
            ],
        );
        if let Some(path) = &self.options.history_file {
            at(
                "snapshot",
                crate::write_file(path, snapshot.to_json().as_bytes()),
            )?;
        }
        *previous = Some(snapshot.clone());

        let envelope = at(
            "recommend",
            Envelope::derive(&snapshot, &c.advisor, &EnvelopeOverrides::default()),
        )?;
        let rec = match at(
            "recommend",
            self.strategy
                .advise(&snapshot)
                .and_then(|advice| recommend::finish(&snapshot, advice, &envelope)),
        )? {
            Outcome::NothingToDo { reason, strategy } => {
                log(
                    out,
                    iteration,
                    "recommend",
                    &[
                        ("strategy", strategy),
                        ("outcome", "nothing_to_do".into()),
                        ("reason", reason),
                    ],
                );
                return Ok(Tick::NothingToDo);
            }
            Outcome::Payload(rec) => rec,
        };
        log(
            out,
            iteration,
            "recommend",
            &[
                ("strategy", rec.payload.provenance.strategy.clone()),
                ("actions", rec.payload.actions.len().to_string()),
                ("nonce", rec.payload.nonce.to_string()),
                (
                    "confidence_bps",
                    rec.payload.provenance.confidence_bps.to_string(),
                ),
                ("rationale", rec.payload.provenance.rationale.text.clone()),
            ],
        );
        // What the limits hold after these actions, from the same summary the
        // treasury's CheckActions answers.
        let after = usage_after(&snapshot.context, &rec.check);
        let mut fields = vec![
            ("result", "pass".into()),
            ("swaps", rec.check.swaps.len().to_string()),
            ("available_after", available_in_words(&after)),
        ];
        if let Some(nav) = &after.nav_limit {
            fields.push((
                "nav_share_available_after",
                nav.limit.available_share.to_string(),
            ));
        }
        log(out, iteration, "precheck", &fields);
        let actions_key = serde_json::to_string(&rec.payload.actions).expect("actions serialise");
        if let Some((key, expires_at)) = pending.as_ref() {
            if *key == actions_key && snapshot.now() < *expires_at {
                log(
                    out,
                    iteration,
                    "submit",
                    &[("skipped", "same actions as the pending submission".into())],
                );
                return Ok(Tick::Unchanged);
            }
        }

        let signed = at(
            "sign",
            recommend::sign(&self.key, &c.advisor.key_id, &snapshot, &rec.bytes),
        )?;
        log(
            out,
            iteration,
            "sign",
            &[
                ("key_id", c.advisor.key_id.clone()),
                ("payload_hash", signed.payload_hash()),
            ],
        );
        let report = at(
            "submit",
            submit(
                Some(&self.node),
                &self.relayer,
                &c.advisor.address_prefix,
                &c.tx,
                &signed,
                AccountOverride::default(),
                self.options.dry_run,
            ),
        )?;
        let mut fields = vec![
            ("dry_run", self.options.dry_run.to_string()),
            ("tx_hash", report.tx.hash.clone()),
            ("signer", report.signer.clone()),
        ];
        if let Some(b) = &report.broadcast {
            fields.push(("code", b.code.to_string()));
        }
        log(out, iteration, "submit", &fields);
        *pending = Some((actions_key, rec.payload.expires_at));
        Ok(Tick::Submitted)
    }
}

/// Sleeps up to `wait`, waking early when `stop` is set; true when stopped.
pub fn sleep_unless_stopped(wait: Duration, stop: &AtomicBool) -> bool {
    let deadline = Instant::now() + wait;
    loop {
        if stop.load(Ordering::SeqCst) {
            return true;
        }
        let now = Instant::now();
        if now >= deadline {
            return false;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(50)));
    }
}
