//! `steward-advisor`: the command line of the off-chain advisor.
//!
//! Exit status: 0 done, 1 error (nothing signed or sent), 2 usage error,
//! 3 nothing to do (no payload written), 4 replay mismatch.

use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use steward_advisor::config::DEFAULT_HISTORY_LEN;
use steward_advisor::deployment::{Contracts, Deployment};
use steward_advisor::node::Node;
use steward_advisor::recommend::{
    self, Envelope, EnvelopeOverrides, Outcome, SignedRecommendation,
};
use steward_advisor::run::{available_in_words, RunOptions, Runner};
use steward_advisor::submit::{submit, AccountOverride};
use steward_advisor::{replay, AdvisorError, AdvisorKey, Config, Mnemonic, Snapshot};
use steward_types::crypto::KeyAlgorithm;
use steward_types::oracle::ExecuteMsg;

const EXIT_NOTHING_TO_DO: u8 = 3;
const EXIT_REPLAY_MISMATCH: u8 = 4;

/// Steward's off-chain treasury advisor: reads chain state, runs a strategy,
/// checks the result against the treasury policy, signs and submits.
#[derive(Parser)]
#[command(name = "steward-advisor", version, propagate_version = true)]
#[command(
    after_help = "The mnemonic is read from STEWARD_ADVISOR_MNEMONIC or --mnemonic-file; it is never printed.\nExit status: 0 done, 1 error, 2 usage, 3 nothing to do, 4 replay mismatch."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the advisor's public key and address (and the oracle registration message)
    Keys(KeysArgs),
    /// Read treasury balances, policy, prices and the advisor's nonce from a node into a snapshot file
    Snapshot(SnapshotArgs),
    /// Run the configured strategy on a snapshot and write the payload JSON (exit 3: nothing to do)
    Recommend(RecommendArgs),
    /// Check a payload against its snapshot's policy and sign it
    Sign(SignArgs),
    /// Send a signed recommendation to the oracle (or print the transaction with --dry-run)
    Submit(SubmitArgs),
    /// Every interval: snapshot, recommend, pre-check, sign, submit; stops on SIGINT/SIGTERM
    Run(RunArgs),
    /// Re-derive a payload from its snapshot and config; exit 4 with the first difference
    Replay(ReplayArgs),
    /// Write a signed briefing for each open proposal of a snapshot, and optionally publish it (exit 3: no open proposal)
    Brief(BriefArgs),
}

#[derive(Args)]
struct MnemonicArgs {
    /// Read the mnemonic from this file instead of STEWARD_ADVISOR_MNEMONIC
    #[arg(long, value_name = "FILE")]
    mnemonic_file: Option<PathBuf>,
}

#[derive(Args, Default)]
struct NodeArgs {
    /// REST (LCD) endpoint of a wasmd node, e.g. http://127.0.0.1:1317
    #[arg(long, value_name = "URL")]
    rest: Option<String>,
    /// Deployment file naming the contracts
    #[arg(long, value_name = "FILE")]
    deployment: Option<PathBuf>,
    /// dao-core address (finds treasury and oracle)
    #[arg(long, value_name = "ADDR")]
    core: Option<String>,
    /// Oracle address
    #[arg(long, value_name = "ADDR")]
    oracle: Option<String>,
    /// Treasury address
    #[arg(long, value_name = "ADDR")]
    treasury: Option<String>,
}

#[derive(Args)]
struct KeysArgs {
    /// Config file (algorithm, key id and address prefix come from it)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Key algorithm (default: the config's, else secp256k1)
    #[arg(long, value_parser = ["secp256k1", "ed25519"])]
    algorithm: Option<String>,
    /// Bech32 address prefix (default: the config's, else wasm)
    #[arg(long)]
    prefix: Option<String>,
    /// Key id for the registration message (default: the config's)
    #[arg(long)]
    key_id: Option<String>,
    #[command(flatten)]
    mnemonic: MnemonicArgs,
}

#[derive(Args)]
struct SnapshotArgs {
    /// Config file ([node] and [advisor] sections)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    node: NodeArgs,
    /// Advisor key id whose nonce is read (default: the config's)
    #[arg(long)]
    key_id: Option<String>,
    /// A previous snapshot whose price history is carried over
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// Price points kept per asset
    #[arg(long)]
    history_len: Option<usize>,
    /// Write the snapshot here instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct EnvelopeArgs {
    /// Nonce (default: the snapshot's last nonce + 1)
    #[arg(long)]
    nonce: Option<u64>,
    /// Issue time in Unix seconds (default: the snapshot's block time)
    #[arg(long)]
    issued_at: Option<u64>,
}

#[derive(Args)]
struct RecommendArgs {
    /// Snapshot file
    #[arg(long, value_name = "FILE")]
    snapshot: PathBuf,
    /// Config file (strategy and advisor)
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Deployment file whose venues give pairs named by their assets their
    /// addresses (default: the config's [node] deployment)
    #[arg(long, value_name = "FILE")]
    deployment: Option<PathBuf>,
    #[command(flatten)]
    envelope: EnvelopeArgs,
    /// Write the payload here instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct SignArgs {
    /// Snapshot the payload was computed from (its policy is checked again)
    #[arg(long, value_name = "FILE")]
    snapshot: PathBuf,
    /// Payload file; its exact bytes are signed
    #[arg(long, value_name = "FILE")]
    payload: PathBuf,
    /// Config file (key id and algorithm)
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    #[command(flatten)]
    mnemonic: MnemonicArgs,
    /// Write the signed submit_recommendation message here instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct SubmitArgs {
    /// Signed recommendation (the output of `sign`)
    #[arg(long, value_name = "FILE")]
    signed: PathBuf,
    /// Config file ([tx], [node], address prefix)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    node: NodeArgs,
    /// Account number of the relayer (default: read from the node)
    #[arg(long)]
    account_number: Option<u64>,
    /// Sequence of the relayer (default: read from the node)
    #[arg(long)]
    sequence: Option<u64>,
    /// Build and print the transaction; send nothing
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    mnemonic: MnemonicArgs,
}

#[derive(Args)]
struct RunArgs {
    /// Config file
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    #[command(flatten)]
    node: NodeArgs,
    /// Seconds between iterations
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    interval: u64,
    /// Longest wait after repeated failures, in seconds
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    backoff_max: u64,
    /// Stop after this many iterations
    #[arg(long)]
    iterations: Option<u64>,
    /// Keep the latest snapshot (and its price history) in this file
    #[arg(long, value_name = "FILE")]
    history_file: Option<PathBuf>,
    /// Build and log transactions; send nothing
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    mnemonic: MnemonicArgs,
}

#[derive(Args)]
struct ReplayArgs {
    /// Snapshot file the payload claims to come from
    #[arg(long, value_name = "FILE")]
    snapshot: PathBuf,
    /// Payload file
    #[arg(long, value_name = "FILE")]
    payload: PathBuf,
    /// Config file it was made with
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Deployment file whose venues give pairs named by their assets their
    /// addresses (default: the config's [node] deployment)
    #[arg(long, value_name = "FILE")]
    deployment: Option<PathBuf>,
    #[command(flatten)]
    envelope: EnvelopeArgs,
}

#[derive(Args)]
struct BriefArgs {
    /// Snapshot file, read with the proposal module (its open proposals are briefed)
    #[arg(long, value_name = "FILE")]
    snapshot: PathBuf,
    /// Config file (strategy and advisor); an `llm` strategy writes the summaries, any other the template
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Only this proposal (repeatable; default: every open one)
    #[arg(long = "proposal", value_name = "ID")]
    proposals: Vec<u64>,
    /// Issue time in Unix seconds (default: the snapshot's block time)
    #[arg(long)]
    issued_at: Option<u64>,
    /// Write each signed briefing to DIR/briefing-<proposal id>.json
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// Append each summary prompt (system and user message) to this file, one JSON object a line
    #[arg(long, value_name = "FILE")]
    prompt_log: Option<PathBuf>,
    /// Publish each briefing in the oracle (SubmitBriefing)
    #[arg(long)]
    submit: bool,
    /// With --submit: print the transactions instead of broadcasting them
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    mnemonic: MnemonicArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keys(a) => keys(a),
        Command::Snapshot(a) => snapshot(a),
        Command::Recommend(a) => recommend_cmd(a),
        Command::Sign(a) => sign(a),
        Command::Submit(a) => submit_cmd(a),
        Command::Run(a) => run(a),
        Command::Replay(a) => replay_cmd(a),
        Command::Brief(a) => brief_cmd(a),
    };
    match result {
        Ok(code) => code,
        Err(e @ AdvisorError::ReplayMismatch { .. }) => {
            eprintln!("replay mismatch: {e}");
            ExitCode::from(EXIT_REPLAY_MISMATCH)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type CmdResult = Result<ExitCode, AdvisorError>;

fn output(out: Option<&Path>, bytes: &[u8]) -> Result<(), AdvisorError> {
    match out {
        Some(path) => steward_advisor::write_file(path, bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|_| stdout.write_all(b"\n"))
                .map_err(|e| AdvisorError::WriteFile {
                    path: "<stdout>".into(),
                    reason: e.to_string(),
                })
        }
    }
}

fn print_json(value: &serde_json::Value) -> Result<(), AdvisorError> {
    output(
        None,
        serde_json::to_string_pretty(value)
            .expect("json")
            .as_bytes(),
    )
}

fn load_config(path: Option<&Path>) -> Result<Option<Config>, AdvisorError> {
    path.map(Config::load).transpose()
}

fn parse_algorithm(s: &str) -> KeyAlgorithm {
    match s {
        "ed25519" => KeyAlgorithm::Ed25519,
        _ => KeyAlgorithm::Secp256k1,
    }
}

fn algorithm_name(a: KeyAlgorithm) -> &'static str {
    match a {
        KeyAlgorithm::Secp256k1 => "secp256k1",
        KeyAlgorithm::Ed25519 => "ed25519",
    }
}

/// The deployment file of `--deployment`, else of `[node] deployment`, read.
fn load_deployment(
    config: Option<&Config>,
    args: &NodeArgs,
) -> Result<Option<Deployment>, AdvisorError> {
    let node_config = config.map(|c| &c.node);
    args.deployment
        .as_deref()
        .or(node_config.and_then(|n| n.deployment.as_deref()))
        .map(Deployment::load)
        .transpose()
}

/// REST URL, contracts and expected chain id from flags, config and deployment file.
fn node_settings(
    config: Option<&Config>,
    deployment: Option<Deployment>,
    args: &NodeArgs,
) -> (Option<String>, Contracts, Option<String>) {
    let node_config = config.map(|c| c.node.clone()).unwrap_or_default();
    let mut contracts = deployment
        .as_ref()
        .map(|d| d.contracts.clone())
        .unwrap_or_default();
    for (slot, config_value, arg) in [
        (&mut contracts.core, &node_config.core, &args.core),
        (&mut contracts.oracle, &node_config.oracle, &args.oracle),
        (
            &mut contracts.treasury,
            &node_config.treasury,
            &args.treasury,
        ),
    ] {
        if let Some(v) = arg.clone().or_else(|| config_value.clone()) {
            *slot = Some(v);
        }
    }
    let rest = args
        .rest
        .clone()
        .or(node_config.rest)
        .or_else(|| deployment.as_ref().and_then(|d| d.rest.clone()));
    (rest, contracts, deployment.and_then(|d| d.chain_id))
}

fn node_timeout(config: Option<&Config>) -> Duration {
    config
        .map(Config::node_timeout)
        .unwrap_or(Duration::from_secs(
            steward_advisor::config::DEFAULT_NODE_TIMEOUT_SECONDS,
        ))
}

fn require_rest(rest: Option<String>) -> Result<String, AdvisorError> {
    rest.ok_or_else(|| {
        AdvisorError::config(
            "node.rest",
            "no node: pass --rest, set [node] rest, or give a deployment file with rest",
        )
    })
}

fn keys(a: KeysArgs) -> CmdResult {
    let config = load_config(a.config.as_deref())?;
    let algorithm = match (&a.algorithm, &config) {
        (Some(s), _) => parse_algorithm(s),
        (None, Some(c)) => c.advisor.algorithm,
        (None, None) => KeyAlgorithm::Secp256k1,
    };
    let prefix = a
        .prefix
        .or_else(|| config.as_ref().map(|c| c.advisor.address_prefix.clone()))
        .unwrap_or_else(|| "wasm".into());
    let key_id = a
        .key_id
        .or_else(|| config.as_ref().map(|c| c.advisor.key_id.clone()));
    let mnemonic = Mnemonic::load(a.mnemonic.mnemonic_file.as_deref())?;
    let key = AdvisorKey::from_mnemonic(&mnemonic, algorithm)?;
    let relayer = AdvisorKey::relayer(&mnemonic)?;
    let public_key = cosmwasm_std::Binary::from(key.public_key());
    let mut out = serde_json::json!({
        "algorithm": algorithm_name(algorithm),
        "derivation_path": key.path(),
        "public_key": public_key.to_base64(),
        "public_key_hex": hex::encode(key.public_key()),
        "address": key.address(&prefix)?,
        "relayer_address": relayer.address(&prefix)?,
    });
    if let Some(id) = key_id {
        out["register_advisor"] = serde_json::to_value(ExecuteMsg::RegisterAdvisor {
            key: key.register_msg(&id),
        })
        .expect("json");
    }
    print_json(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn snapshot(a: SnapshotArgs) -> CmdResult {
    let config = load_config(a.config.as_deref())?;
    let deployment = load_deployment(config.as_ref(), &a.node)?;
    let (rest, contracts, chain_id) = node_settings(config.as_ref(), deployment, &a.node);
    let key_id = a
        .key_id
        .or_else(|| config.as_ref().map(|c| c.advisor.key_id.clone()))
        .ok_or_else(|| AdvisorError::config("advisor.key_id", "pass --key-id or a config"))?;
    let node = Node::new(&require_rest(rest)?, node_timeout(config.as_ref()));
    let previous = a.history.as_deref().map(Snapshot::load).transpose()?;
    let history_len = a
        .history_len
        .or(config.as_ref().and_then(|c| c.node.history_len))
        .unwrap_or(DEFAULT_HISTORY_LEN);
    let contracts = node.resolve_contracts(&contracts)?;
    let snap = node.snapshot(&contracts, &key_id, previous.as_ref(), history_len)?;
    if let Some(expected) = chain_id {
        if expected != snap.chain_id {
            return Err(AdvisorError::DomainMismatch {
                field: "chain_id",
                expected,
                got: snap.chain_id,
            });
        }
    }
    output(a.out.as_deref(), snap.to_json().as_bytes())?;
    eprintln!(
        "snapshot: chain {} height {} time {} policy v{} last nonce {:?} digest {}",
        snap.chain_id,
        snap.height,
        snap.now(),
        snap.context.policy_version,
        snap.last_nonce,
        snap.digest()
    );
    Ok(ExitCode::SUCCESS)
}

fn envelope_overrides(a: &EnvelopeArgs) -> EnvelopeOverrides {
    EnvelopeOverrides {
        nonce: a.nonce,
        issued_at: a.issued_at,
    }
}

fn recommend_cmd(a: RecommendArgs) -> CmdResult {
    let snapshot = Snapshot::load(&a.snapshot)?;
    let config = Config::load_resolved(&a.config, a.deployment.as_deref())?;
    let strategy = config.strategy.build()?;
    let envelope = Envelope::derive(&snapshot, &config.advisor, &envelope_overrides(&a.envelope))?;
    match recommend::recommend(&snapshot, strategy.as_ref(), &envelope)? {
        Outcome::NothingToDo { strategy, reason } => {
            eprintln!("nothing to do ({strategy}): {reason}");
            Ok(ExitCode::from(EXIT_NOTHING_TO_DO))
        }
        Outcome::Payload(rec) => {
            output(a.out.as_deref(), &rec.bytes)?;
            eprintln!(
                "payload: {} action(s), {} config change(s), nonce {}, expires {}, sha256 {}; policy check passed",
                rec.payload.actions.len(),
                rec.payload.governance.len(),
                rec.payload.nonce,
                rec.payload.expires_at,
                steward_types::crypto::digest_hex(&rec.bytes)
            );
            let after = steward_types::policy::usage_after(&snapshot.context, &rec.check);
            eprintln!(
                "limits after the actions (available/capacity): {}",
                available_in_words(&after)
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn sign(a: SignArgs) -> CmdResult {
    let snapshot = Snapshot::load(&a.snapshot)?;
    let config = Config::load(&a.config)?;
    let bytes = steward_advisor::read_file(&a.payload)?;
    let mnemonic = Mnemonic::load(a.mnemonic.mnemonic_file.as_deref())?;
    let key = AdvisorKey::from_mnemonic(&mnemonic, config.advisor.algorithm)?;
    let signed = recommend::sign(&key, &config.advisor.key_id, &snapshot, &bytes)?;
    let json = serde_json::to_string_pretty(&signed.to_msg()).expect("json");
    output(a.out.as_deref(), json.as_bytes())?;
    eprintln!(
        "signed payload {} with {} key {}",
        signed.payload_hash(),
        algorithm_name(key.algorithm()),
        config.advisor.key_id
    );
    Ok(ExitCode::SUCCESS)
}

fn submit_cmd(a: SubmitArgs) -> CmdResult {
    let config = load_config(a.config.as_deref())?;
    let signed = SignedRecommendation::parse(&steward_advisor::read_file(&a.signed)?)?;
    let payload = signed.payload()?;
    let deployment = load_deployment(config.as_ref(), &a.node)?;
    let (rest, contracts, chain_id) = node_settings(config.as_ref(), deployment, &a.node);
    // The payload names its oracle and chain; a deployment that disagrees is a mistake.
    if let Some(oracle) = contracts.oracle {
        if oracle != payload.oracle {
            return Err(AdvisorError::DomainMismatch {
                field: "oracle",
                expected: oracle,
                got: payload.oracle,
            });
        }
    }
    if let Some(chain) = chain_id {
        if chain != payload.chain_id {
            return Err(AdvisorError::DomainMismatch {
                field: "chain_id",
                expected: chain,
                got: payload.chain_id,
            });
        }
    }
    let node = match (rest, a.dry_run) {
        (Some(r), _) => Some(Node::new(&r, node_timeout(config.as_ref()))),
        (None, true) => None,
        (None, false) => Some(Node::new(
            &require_rest(None)?,
            node_timeout(config.as_ref()),
        )),
    };
    let mnemonic = Mnemonic::load(a.mnemonic.mnemonic_file.as_deref())?;
    let relayer = AdvisorKey::relayer(&mnemonic)?;
    let prefix = config
        .as_ref()
        .map(|c| c.advisor.address_prefix.clone())
        .unwrap_or_else(|| "wasm".into());
    let tx = config.as_ref().map(|c| c.tx.clone()).unwrap_or_default();
    let report = submit(
        node.as_ref(),
        &relayer,
        &prefix,
        &tx,
        &signed,
        AccountOverride {
            account_number: a.account_number,
            sequence: a.sequence,
        },
        a.dry_run,
    )?;
    if a.dry_run {
        let mut out = serde_json::json!({
            "dry_run": true,
            "signer": report.signer,
            "submit_recommendation": serde_json::to_value(signed.to_msg()).expect("json"),
            "tx": report.tx.summary,
        });
        if let Some(note) = report.note {
            out["note"] = note.into();
        }
        print_json(&out)?;
    } else {
        let b = report.broadcast.expect("broadcast when not a dry run");
        print_json(&serde_json::json!({
            "txhash": b.txhash,
            "code": b.code,
            "signer": report.signer,
            "payload_hash": signed.payload_hash(),
        }))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run(a: RunArgs) -> CmdResult {
    let mut config = Config::load(&a.config)?;
    // Read once: its contracts and rest, and the venues of pairs given by their assets.
    let deployment = load_deployment(Some(&config), &a.node)?;
    config.resolve_pairs(deployment.as_ref())?;
    let (rest, contracts, _) = node_settings(Some(&config), deployment, &a.node);
    let node = Node::new(&require_rest(rest)?, config.node_timeout());
    let contracts = node.resolve_contracts(&contracts)?;
    let mnemonic = Mnemonic::load(a.mnemonic.mnemonic_file.as_deref())?;
    let runner = Runner {
        strategy: config.strategy.build()?,
        key: AdvisorKey::from_mnemonic(&mnemonic, config.advisor.algorithm)?,
        relayer: AdvisorKey::relayer(&mnemonic)?,
        node,
        contracts,
        options: RunOptions {
            interval: Duration::from_secs(a.interval),
            backoff_base: Duration::from_secs(a.interval.clamp(1, 5)),
            backoff_max: Duration::from_secs(a.backoff_max),
            dry_run: a.dry_run,
            max_iterations: a.iterations,
            history_file: a.history_file,
        },
        config,
    };
    drop(mnemonic);
    let stop = Arc::new(AtomicBool::new(false));
    // The first signal asks the loop to stop; a second one, while it is
    // still stopping, exits at once.
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)))
            .map_err(|e| {
                AdvisorError::config("run", format!("cannot install the signal handler: {e}"))
            })?;
    }
    let summary = runner.run(&stop, &mut std::io::stderr());
    eprintln!(
        "run: {} iteration(s), {} submitted, {} nothing to do, {} unchanged, {} failed{}",
        summary.iterations,
        summary.submitted,
        summary.nothing_to_do,
        summary.unchanged,
        summary.failures,
        if summary.stopped {
            ", stopped by signal"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn replay_cmd(a: ReplayArgs) -> CmdResult {
    let snapshot = Snapshot::load(&a.snapshot)?;
    let config = Config::load_resolved(&a.config, a.deployment.as_deref())?;
    let bytes = steward_advisor::read_file(&a.payload)?;
    let strategy = config.strategy.build()?;
    let envelope = Envelope::derive(&snapshot, &config.advisor, &envelope_overrides(&a.envelope))?;
    let report = replay::replay(&snapshot, strategy.as_ref(), &envelope, &bytes)?;
    if report.actions_rederived {
        println!(
            "replay ok: payload {} re-derived byte for byte by {} from snapshot {}",
            report.payload_hash,
            strategy.name(),
            snapshot.digest()
        );
    } else {
        println!(
            "replay ok (partial): payload {} matches snapshot {}, envelope and prompt digest, and passes the policy; {} is not deterministic, so its actions were not re-derived",
            report.payload_hash,
            snapshot.digest(),
            strategy.name()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn brief_cmd(a: BriefArgs) -> CmdResult {
    use steward_advisor::brief::{brief, Summariser};
    use steward_advisor::submit::{submit_msg, Target};
    let config = Config::load_resolved(&a.config, a.node.deployment.as_deref())?;
    let snapshot = Snapshot::load(&a.snapshot)?;
    let mnemonic = Mnemonic::load(a.mnemonic.mnemonic_file.as_deref())?;
    let key = AdvisorKey::from_mnemonic(&mnemonic, config.advisor.algorithm)?;
    let strategy = config.strategy.build()?;
    let summariser = Summariser::from_config(&config.strategy)?;
    let issued_at = a.issued_at.unwrap_or(snapshot.now());
    let briefings = brief(
        &snapshot,
        strategy.as_ref(),
        &summariser,
        &key,
        &config.advisor.key_id,
        issued_at,
        &a.proposals,
    )?;
    if briefings.is_empty() {
        eprintln!("no open proposal to brief");
        return Ok(ExitCode::from(EXIT_NOTHING_TO_DO));
    }
    std::fs::create_dir_all(&a.out_dir).map_err(|e| AdvisorError::WriteFile {
        path: a.out_dir.display().to_string(),
        reason: e.to_string(),
    })?;
    if let Some(path) = &a.prompt_log {
        let mut log = String::new();
        for b in &briefings {
            log.push_str(&serde_json::to_string(&b.prompt).expect("json"));
            log.push('\n');
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(log.as_bytes()).map(|_| f));
        if let Err(e) = file.as_mut() {
            return Err(AdvisorError::WriteFile {
                path: path.display().to_string(),
                reason: e.to_string(),
            });
        }
    }
    let (node, relayer, prefix, mut account) = if a.submit {
        let deployment = load_deployment(Some(&config), &a.node)?;
        let (rest, _, _) = node_settings(Some(&config), deployment, &a.node);
        let node = match (rest, a.dry_run) {
            (Some(r), _) => Some(Node::new(&r, node_timeout(Some(&config)))),
            (None, true) => None,
            (None, false) => Some(Node::new(&require_rest(None)?, node_timeout(Some(&config)))),
        };
        let relayer = AdvisorKey::relayer(&mnemonic)?;
        let prefix = config.advisor.address_prefix.clone();
        // One read of the account; each later transaction takes the next
        // sequence, since a sync broadcast returns before the block.
        let account = match &node {
            Some(n) => {
                let info = n.account(&relayer.address(&prefix)?)?;
                AccountOverride {
                    account_number: Some(info.account_number),
                    sequence: Some(info.sequence),
                }
            }
            None => AccountOverride::default(),
        };
        (node, Some(relayer), prefix, account)
    } else {
        (None, None, String::new(), AccountOverride::default())
    };
    let mut report = vec![];
    for b in &briefings {
        let file = a.out_dir.join(format!("briefing-{}.json", b.proposal_id));
        steward_advisor::write_file(
            &file,
            serde_json::to_string_pretty(&b.signed)
                .expect("json")
                .as_bytes(),
        )?;
        let mut line = serde_json::json!({
            "proposal_id": b.proposal_id,
            "file": file.display().to_string(),
            "payload_hash": steward_types::crypto::digest_hex(&b.signed.payload),
            "summary_strategy": if b.prompt.sent_to_model { "model" } else { "template" },
        });
        if let Some(relayer) = &relayer {
            let sent = submit_msg(
                node.as_ref(),
                relayer,
                &prefix,
                &config.tx,
                Target {
                    chain_id: &snapshot.chain_id,
                    oracle: &snapshot.oracle,
                },
                &b.signed.to_msg(),
                account,
                a.dry_run,
            )?;
            account.sequence = account.sequence.map(|s| s + 1);
            match sent.broadcast {
                Some(tx) => {
                    line["txhash"] = tx.txhash.into();
                    line["code"] = tx.code.into();
                }
                None => line["tx"] = serde_json::to_value(&sent.tx.summary).expect("json"),
            }
        }
        report.push(line);
    }
    print_json(&serde_json::Value::Array(report))?;
    Ok(ExitCode::SUCCESS)
}
