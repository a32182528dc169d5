//! Publishing prices: the feeder signs them, the relayer (the deployer's key)
//! submits them to the DAO's oracle. `steward-feed` runs it, and so does
//! `steward-deploy feed-prices`, its alias kept for existing callers.

use crate::cli::{self, Common};
use crate::{steps, DeployError, DEPLOYER_MNEMONIC_ENV, FEEDER_MNEMONIC_ENV};
use clap::Args;
use std::path::PathBuf;

/// Gas the preflight check asks the relayer to be able to pay for.
const FEED_GAS_ESTIMATE: u64 = 1_000_000;

/// What to publish, signed by which feeder.
#[derive(Args)]
pub struct FeedArgs {
    /// Network, relayer key (it pays the fee), deployment files
    #[command(flatten)]
    pub common: Common,
    /// The feeder's id in the oracle
    #[arg(long, default_value = "feeder-1")]
    pub feeder_id: String,
    /// Read the feeder's mnemonic from this file instead of STEWARD_FEEDER_MNEMONIC
    #[arg(long, value_name = "FILE")]
    pub feeder_mnemonic_file: Option<PathBuf>,
    /// A price: native:<denom>=<price> or cw20:<address>=<price> (quote units per smallest unit)
    #[arg(long = "price", value_name = "ASSET=PRICE", required = true)]
    pub prices: Vec<String>,
}

/// Signs the prices with the feeder's key at the latest block's time and
/// submits them to the oracle of the network's deployment file.
pub fn run(a: FeedArgs) -> Result<(), DeployError> {
    let n = &a.common.network;
    let prices = a
        .prices
        .iter()
        .map(|p| steps::parse_price(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (path, d) = cli::load_deployment(&a.common)?;
    let contracts = d
        .and_then(|d| d.contracts)
        .ok_or_else(|| DeployError::NoDao {
            path: path.display().to_string(),
        })?;
    let feeder = cli::load_key(n, a.feeder_mnemonic_file.as_deref(), FEEDER_MNEMONIC_ENV)?;
    let relayer = cli::load_key(n, a.common.mnemonic_file.as_deref(), DEPLOYER_MNEMONIC_ENV)?;
    let client = cli::client(&a.common, relayer, FEED_GAS_ESTIMATE)?;
    let block = client
        .node
        .latest_block()
        .map_err(DeployError::chain("reading the latest block"))?;
    let msg = steps::signed_prices(
        &feeder,
        &a.feeder_id,
        n.chain_id,
        &contracts.oracle,
        block.time,
        prices,
    )?;
    let exec = steward_chain::tx::execute_msg(
        client.address(),
        &contracts.oracle,
        &serde_json::to_vec(&msg).expect("json"),
        &[],
    )
    .map_err(DeployError::chain("submitting prices"))?;
    let r = client
        .send(vec![exec], "steward: prices")
        .map_err(DeployError::chain("submitting prices"))?;
    cli::say(format!(
        "prices published by {} at {} (tx {}, gas {})",
        a.feeder_id, block.time, r.txhash, r.gas_used
    ));
    Ok(())
}
