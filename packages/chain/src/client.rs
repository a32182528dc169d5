//! A signing client: one account on one chain. `send` reads the account,
//! simulates to size the gas, pays `gas × price`, signs, broadcasts and waits
//! for the block, so a message that would fail costs nothing.

use crate::error::{ChainError, Result};
use crate::keys::AccountKey;
use crate::node::{Node, TxResult};
use crate::tx::{sign, TxPlan};
use cosmrs::Any;
use cosmwasm_std::{Decimal, Uint128};
use std::time::Duration;

/// Gas added to every padded simulation.
pub const GAS_MARGIN: u64 = 50_000;

/// Gas price and how generously simulated gas is padded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasSettings {
    /// Fee denom.
    pub denom: String,
    /// Price per unit of gas, in `denom`.
    pub price: Decimal,
    /// Gas limit = simulated gas × this.
    pub adjustment: Decimal,
}

impl GasSettings {
    /// The fee for `gas_limit`, rounded up.
    pub fn fee(&self, gas_limit: u64) -> Uint128 {
        Uint128::from(gas_limit).mul_ceil(self.price)
    }

    /// The gas limit for simulated `gas_used`, rounded up, plus
    /// [`GAS_MARGIN`]: a simulation does not see the fee's and signature's
    /// own bytes, which small transactions feel most.
    pub fn limit(&self, gas_used: u64) -> u64 {
        Uint128::from(gas_used)
            .mul_ceil(self.adjustment)
            .saturating_add(Uint128::from(GAS_MARGIN))
            .u128()
            .try_into()
            .unwrap_or(u64::MAX)
    }
}

/// An account that signs and sends transactions.
pub struct Client {
    /// The node.
    pub node: Node,
    /// The chain id signed over.
    pub chain_id: String,
    /// Gas price and padding.
    pub gas: GasSettings,
    /// How long to wait for a transaction to be included.
    pub inclusion_timeout: Duration,
    key: AccountKey,
    address: String,
}

impl Client {
    /// A client for `key` (address with `prefix`) on `chain_id`.
    pub fn new(
        node: Node,
        chain_id: &str,
        prefix: &str,
        key: AccountKey,
        gas: GasSettings,
    ) -> Result<Self> {
        let address = key.address(prefix)?;
        Ok(Client {
            node,
            chain_id: chain_id.to_string(),
            gas,
            inclusion_timeout: Duration::from_secs(60),
            key,
            address,
        })
    }

    /// The signer's address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Simulates `msgs`; returns the gas they would use.
    pub fn simulate(&self, msgs: Vec<Any>, memo: &str) -> Result<u64> {
        let plan = self.simulation_plan(memo)?;
        self.node.simulate(&sign(&self.key, msgs, &plan)?.bytes)
    }

    /// The signer's current account and sequence, with no gas limit or fee
    /// yet: what a simulation is signed with.
    fn simulation_plan(&self, memo: &str) -> Result<TxPlan> {
        let account = self.node.account(&self.address)?;
        Ok(TxPlan {
            chain_id: self.chain_id.clone(),
            account_number: account.account_number,
            sequence: account.sequence,
            gas_limit: 0,
            fee_amount: Uint128::zero(),
            fee_denom: self.gas.denom.clone(),
            memo: memo.to_string(),
        })
    }

    /// Simulates, signs, broadcasts and waits for the block.
    pub fn send(&self, msgs: Vec<Any>, memo: &str) -> Result<TxResult> {
        let mut plan = self.simulation_plan(memo)?;
        let simulated = self
            .node
            .simulate(&sign(&self.key, msgs.clone(), &plan)?.bytes)?;
        plan.gas_limit = self.gas.limit(simulated);
        plan.fee_amount = self.gas.fee(plan.gas_limit);
        let signed = sign(&self.key, msgs, &plan)?;
        let accepted = self.node.broadcast(&signed.bytes)?;
        if accepted.txhash != signed.hash {
            return Err(ChainError::BadResponse {
                url: self.node.rest().to_string(),
                reason: format!(
                    "the node reports hash {} for transaction {}",
                    accepted.txhash, signed.hash
                ),
            });
        }
        self.node.wait_for_tx(
            &signed.hash,
            Duration::from_millis(250),
            self.inclusion_timeout,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_and_limits_round_up() {
        let gas = GasSettings {
            denom: "ustake".into(),
            price: Decimal::permille(2) + Decimal::raw(500_000_000_000_000),
            adjustment: Decimal::percent(130),
        };
        assert_eq!(gas.price.to_string(), "0.0025");
        assert_eq!(gas.fee(100_001), Uint128::new(251));
        assert_eq!(gas.limit(100_001), 130_002 + GAS_MARGIN);
    }
}
