//! `steward-feed`: signs prices with a feeder key and submits them to the
//! oracle of a DAO that `steward-deploy` deployed. `steward-deploy feed-prices`
//! is its alias: the same flags, the same [`feed::run`].

use clap::Parser;
use std::process::ExitCode;
use steward_deploy::feed::{self, FeedArgs};

/// Signs prices with a feeder key and submits them to the DAO's oracle.
#[derive(Parser)]
#[command(name = "steward-feed", version)]
#[command(
    after_help = "The feeder's mnemonic comes from STEWARD_FEEDER_MNEMONIC or --feeder-mnemonic-file; the relayer's (it pays the fee) from STEWARD_DEPLOYER_MNEMONIC or --mnemonic-file. Neither is ever printed.\nTest mnemonics (localnet/test-accounts.txt and well-known ones) are refused on public networks."
)]
struct Cli {
    #[command(flatten)]
    args: FeedArgs,
}

fn main() -> ExitCode {
    match feed::run(Cli::parse().args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
