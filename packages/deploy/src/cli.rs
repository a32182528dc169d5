//! What the command-line tools (`steward-deploy`, `steward-feed`) share: the
//! flags every command takes, the signer's key, the client, the deployment file.

use crate::deployment::Deployment;
use crate::network::Network;
use crate::{known_test_mnemonic, steps, DeployError};
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Duration;
use steward_chain::{AccountKey, Client, GasSettings, Mnemonic, Node};

/// The flags every command takes: where, as whom, which deployment files.
#[derive(Args)]
pub struct Common {
    /// local, pion-1, osmo-test-5 or uni-6
    #[arg(long, value_parser = |s: &str| s.parse::<Network>())]
    pub network: Network,
    /// REST endpoint instead of the network's
    #[arg(long, value_name = "URL")]
    pub rest: Option<String>,
    /// Read the signer's mnemonic from this file instead of STEWARD_DEPLOYER_MNEMONIC
    #[arg(long, value_name = "FILE")]
    pub mnemonic_file: Option<PathBuf>,
    /// Directory of deployment files
    #[arg(long, value_name = "DIR", default_value = "deployments")]
    pub deployments: PathBuf,
    /// Seconds to wait for each node request
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
}

/// Prints one line of progress.
pub fn say(line: String) {
    println!("{line}");
}

/// The signer's key, refused on a public network when it is a test mnemonic.
pub fn load_key(
    network: &Network,
    file: Option<&Path>,
    env: &'static str,
) -> Result<AccountKey, DeployError> {
    let mnemonic = Mnemonic::load(file, env).map_err(DeployError::chain("reading the mnemonic"))?;
    if network.public {
        if let Some(what) = known_test_mnemonic(&mnemonic) {
            return Err(DeployError::TestMnemonicOnPublicNetwork {
                what,
                network: network.name,
            });
        }
    }
    AccountKey::from_mnemonic(&mnemonic).map_err(DeployError::chain("deriving the account key"))
}

/// A client signing with `key`, after the preflight checks (node, chain id,
/// funds for `gas`).
pub fn client(c: &Common, key: AccountKey, gas: u64) -> Result<Client, DeployError> {
    let rest = c.rest.clone().unwrap_or_else(|| c.network.rest.to_string());
    let node = Node::new(&rest, Duration::from_secs(c.timeout.max(1)));
    let address = key
        .address(c.network.prefix)
        .map_err(DeployError::chain("deriving the address"))?;
    steps::preflight(&node, &c.network, c.network.chain_id, &address, gas)?;
    Client::new(
        node,
        c.network.chain_id,
        c.network.prefix,
        key,
        GasSettings {
            denom: c.network.gas_denom.to_string(),
            price: c.network.price(),
            adjustment: cosmwasm_std::Decimal::percent(140),
        },
    )
    .map_err(DeployError::chain("setting up the client"))
}

/// The network's deployment file and what it holds, if it exists.
pub fn load_deployment(c: &Common) -> Result<(PathBuf, Option<Deployment>), DeployError> {
    let path = steps::deployment_path(&c.deployments, c.network.chain_id);
    let d = Deployment::load(&path)?;
    Ok((path, d))
}
