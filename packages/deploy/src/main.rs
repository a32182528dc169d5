//! `steward-deploy`: uploads the Steward contracts, instantiates a DAO from a
//! config file and writes `deployments/<chain-id>.json`; proposes migrations.
//! `feed-prices` is an alias of `steward-feed` (the same flags, the same
//! [`feed::run`]), kept for existing callers.
//!
//! Every input that can be checked before a transaction is checked first:
//! network name, config, artifacts, mnemonic, node, chain id, funds.

use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use steward_deploy::cli::{client, load_deployment, load_key, say, Common};
use steward_deploy::config::DaoConfig;
use steward_deploy::feed::{self, FeedArgs};
use steward_deploy::steps::{self, INSTANTIATE_GAS_ESTIMATE, UPLOAD_GAS_ESTIMATE};
use steward_deploy::{DeployError, DEPLOYER_MNEMONIC_ENV};

/// Deploys a Steward DAO to a wasmd chain.
#[derive(Parser)]
#[command(name = "steward-deploy", version)]
#[command(
    after_help = "The deployer's mnemonic comes from STEWARD_DEPLOYER_MNEMONIC or --mnemonic-file and is never printed.\nTest mnemonics (localnet/test-accounts.txt and well-known ones) are refused on public networks."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Upload the four contracts (skipping code already stored), instantiate
    /// the DAO from a config file, write deployments/<chain-id>.json
    Deploy(DeployArgs),
    /// Upload a module's new code and propose migrating it (the signer must be a member)
    Migrate(MigrateArgs),
    /// Alias of steward-feed, kept for existing callers: sign prices with a
    /// feeder key and submit them to the DAO's oracle
    FeedPrices(FeedArgs),
}

#[derive(Args)]
struct DeployArgs {
    #[command(flatten)]
    common: Common,
    /// DAO config (TOML)
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Directory holding steward_*.wasm and checksums.txt
    #[arg(long, value_name = "DIR", default_value = "artifacts")]
    artifacts: PathBuf,
    /// Instantiate a new DAO even if the deployment file names a live one
    #[arg(long)]
    new_dao: bool,
}

#[derive(Args)]
struct MigrateArgs {
    #[command(flatten)]
    common: Common,
    /// core, proposal, treasury or oracle
    #[arg(long)]
    module: String,
    /// The new wasm (default: artifacts/<module>.wasm)
    #[arg(long, value_name = "FILE")]
    wasm: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Deploy(a) => deploy(a),
        Command::Migrate(a) => migrate(a),
        Command::FeedPrices(a) => feed::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn deploy(a: DeployArgs) -> Result<(), DeployError> {
    let n = &a.common.network;
    // Offline checks first: config, artifacts, deployment file, mnemonic.
    let file = a.config.display().to_string();
    let text = std::fs::read_to_string(&a.config).map_err(|e| DeployError::File {
        action: "read",
        path: file.clone(),
        reason: e.to_string(),
    })?;
    let in_file = |error| DeployError::Config {
        file: file.clone(),
        error,
    };
    let config = DaoConfig::parse(&text).map_err(in_file)?;
    let placeholder = steward_deploy::config::CodeIds {
        core: 1,
        proposal: 1,
        treasury: 1,
        oracle: 1,
    };
    config
        .instantiate_msg(n.prefix, placeholder)
        .map_err(in_file)?;
    let artifacts = steps::read_artifacts(&a.artifacts)?;
    let (path, previous) = load_deployment(&a.common)?;
    let key = load_key(n, a.common.mnemonic_file.as_deref(), DEPLOYER_MNEMONIC_ENV)?;
    let client = client(
        &a.common,
        key,
        UPLOAD_GAS_ESTIMATE * artifacts.len() as u64 + INSTANTIATE_GAS_ESTIMATE,
    )?;
    say(format!(
        "deploying {:?} to {} ({}) as {}",
        config.name,
        n.chain_id,
        client.node.rest(),
        client.address()
    ));
    let outcome = steps::deploy(
        &client,
        n,
        &config,
        &artifacts,
        previous.clone(),
        a.new_dao,
        &mut say,
    )?;
    if !outcome.changed && previous.as_ref() == Some(&outcome.deployment) {
        say(format!("nothing changed: {} is up to date", path.display()));
        return Ok(());
    }
    outcome.deployment.save(&path)?;
    if let Some(c) = &outcome.deployment.contracts {
        say(format!(
            "dao-core {}\nproposal {}\ntreasury {}\noracle   {}",
            c.core, c.proposal, c.treasury, c.oracle
        ));
    }
    say(format!("wrote {}", path.display()));
    Ok(())
}

fn migrate(a: MigrateArgs) -> Result<(), DeployError> {
    let n = &a.common.network;
    let (kind, name) = steps::module_kind(&a.module)?;
    let artifact = match &a.wasm {
        Some(file) => {
            let dir = file.parent().unwrap_or(Path::new("."));
            let stem =
                file.file_stem()
                    .and_then(|s| s.to_str())
                    .ok_or_else(|| DeployError::NotWasm {
                        path: file.display().to_string(),
                    })?;
            steps::read_artifact(dir, stem)?
        }
        None => steps::read_artifact(Path::new("artifacts"), name)?,
    };
    let (path, d) = load_deployment(&a.common)?;
    let contracts = d
        .and_then(|d| d.contracts)
        .ok_or_else(|| DeployError::NoDao {
            path: path.display().to_string(),
        })?;
    let key = load_key(n, a.common.mnemonic_file.as_deref(), DEPLOYER_MNEMONIC_ENV)?;
    let client = client(
        &a.common,
        key,
        UPLOAD_GAS_ESTIMATE + INSTANTIATE_GAS_ESTIMATE,
    )?;
    let (code, id, tx) = steps::propose_migration(&client, &contracts, kind, &artifact, &mut say)?;
    say(format!(
        "proposal {id} migrates the {} module to code {} (tx {tx}); members vote on it, then anyone executes it",
        a.module, code.code_id
    ));
    Ok(())
}
