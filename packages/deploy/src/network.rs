//! The chains the tool knows. Public endpoints are configuration only; nothing
//! in the tests contacts them.

use cosmwasm_std::Decimal;
use std::str::FromStr;

/// One chain: where it is and how it is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// Name on the command line.
    pub name: &'static str,
    /// Chain id.
    pub chain_id: &'static str,
    /// REST (LCD) endpoint.
    pub rest: &'static str,
    /// CometBFT RPC endpoint (for reference: the tool speaks REST).
    pub rpc: &'static str,
    /// Fee denom.
    pub gas_denom: &'static str,
    /// Gas price in `gas_denom`.
    pub gas_price: &'static str,
    /// Bech32 address prefix.
    pub prefix: &'static str,
    /// A public network, where test mnemonics are refused.
    pub public: bool,
}

/// Every known network.
pub const NETWORKS: [Network; 4] = [
    Network {
        name: "local",
        chain_id: "steward-local",
        rest: "http://127.0.0.1:1317",
        rpc: "http://127.0.0.1:26657",
        gas_denom: "ustake",
        gas_price: "0.0025",
        prefix: "wasm",
        public: false,
    },
    Network {
        name: "pion-1",
        chain_id: "pion-1",
        rest: "https://rest-falcron.pion-1.ntrn.tech",
        rpc: "https://rpc-falcron.pion-1.ntrn.tech",
        gas_denom: "untrn",
        gas_price: "0.0053",
        prefix: "neutron",
        public: true,
    },
    Network {
        name: "osmo-test-5",
        chain_id: "osmo-test-5",
        rest: "https://lcd.osmotest5.osmosis.zone",
        rpc: "https://rpc.osmotest5.osmosis.zone",
        gas_denom: "uosmo",
        gas_price: "0.025",
        prefix: "osmo",
        public: true,
    },
    Network {
        name: "uni-6",
        chain_id: "uni-6",
        rest: "https://juno-testnet-api.polkachu.com",
        rpc: "https://juno-testnet-rpc.polkachu.com",
        gas_denom: "ujunox",
        gas_price: "0.025",
        prefix: "juno",
        public: true,
    },
];

impl Network {
    /// The gas price as a decimal.
    pub fn price(&self) -> Decimal {
        Decimal::from_str(self.gas_price).expect("the table's prices parse")
    }
}

/// A network name the tool does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown network {name:?}: expected one of {known}")]
pub struct UnknownNetwork {
    /// The name given.
    pub name: String,
    /// The names it knows, comma-separated.
    pub known: String,
}

impl FromStr for Network {
    type Err = UnknownNetwork;

    fn from_str(name: &str) -> Result<Self, UnknownNetwork> {
        NETWORKS
            .iter()
            .find(|n| n.name == name)
            .cloned()
            .ok_or_else(|| UnknownNetwork {
                name: name.to_string(),
                known: NETWORKS
                    .iter()
                    .map(|n| n.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_network_parses_and_has_a_price() {
        for n in NETWORKS {
            let parsed: Network = n.name.parse().unwrap();
            assert_eq!(parsed, n);
            assert!(!parsed.price().is_zero());
            assert_eq!(parsed.public, n.name != "local");
        }
        assert_eq!(
            "local".parse::<Network>().unwrap().chain_id,
            "steward-local"
        );
    }

    #[test]
    fn an_unknown_network_names_the_known_ones() {
        let err = "mainnet".parse::<Network>().unwrap_err();
        assert_eq!(err.name, "mainnet");
        assert_eq!(err.known, "local, pion-1, osmo-test-5, uni-6");
        assert!(err.to_string().contains("\"mainnet\""), "{err}");
    }
}
