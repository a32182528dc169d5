//! Deploying a Steward DAO: the networks the tool knows, the DAO config file,
//! the deployment file, the refusal of test mnemonics on public networks, and
//! the deploy, migrate and price-feed steps on a [`steward_chain::Client`],
//! and what the command-line tools share ([`cli`], [`feed`]).

#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod deployment;
pub mod error;
pub mod feed;
pub mod network;
pub mod steps;

pub use error::DeployError;

/// The module artifacts, in upload order, by file stem.
pub const ARTIFACTS: [&str; 4] = [
    "steward_core",
    "steward_proposal",
    "steward_treasury",
    "steward_oracle",
];

/// Environment variable of the deployer's mnemonic.
pub const DEPLOYER_MNEMONIC_ENV: &str = "STEWARD_DEPLOYER_MNEMONIC";
/// Environment variable of the price feeder's mnemonic.
pub const FEEDER_MNEMONIC_ENV: &str = "STEWARD_FEEDER_MNEMONIC";

/// The local chain's test accounts (public mnemonics).
const TEST_ACCOUNTS: &str = include_str!("../../../localnet/test-accounts.txt");

/// Well-known public test mnemonics (cosmjs and wasmd fixtures, BIP-39 vectors).
const WELL_KNOWN: [&str; 4] = [
    "enlist hip relief stomach skate base shallow young switch frequent cry park",
    "economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone",
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
];

/// The name of the public test mnemonic `m` is, if it is one.
pub fn known_test_mnemonic(m: &steward_chain::Mnemonic) -> Option<String> {
    TEST_ACCOUNTS
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .find(|(_, phrase)| m.is_phrase(phrase))
        .map(|(name, _)| format!("the local test account {name:?} (localnet/test-accounts.txt)"))
        .or_else(|| {
            WELL_KNOWN
                .iter()
                .any(|p| m.is_phrase(p))
                .then(|| "a well-known public test mnemonic".to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use steward_chain::Mnemonic;

    #[test]
    fn test_mnemonics_are_recognised() {
        let line = TEST_ACCOUNTS
            .lines()
            .find(|l| l.starts_with("deployer "))
            .unwrap();
        let m = Mnemonic::parse(line.split_once(' ').unwrap().1).unwrap();
        assert!(known_test_mnemonic(&m).unwrap().contains("\"deployer\""));
        let m = Mnemonic::parse(WELL_KNOWN[0]).unwrap();
        assert!(known_test_mnemonic(&m).unwrap().contains("well-known"));
        // A fresh mnemonic (the BIP-39 vector "legal winner…") is not refused.
        let m = Mnemonic::parse(
            "legal winner thank year wave sausage worth useful legal winner thank yellow",
        )
        .unwrap();
        assert_eq!(known_test_mnemonic(&m), None);
    }
}
