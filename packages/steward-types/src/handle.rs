//! Typed handles for the contracts: one method per query another contract
//! asks of them, so a query message is written in one place. Where a value is
//! stored under a documented key, the handle reads it raw: a raw read loads no
//! contract code (wasmd charges 60,000 gas for the first load of each code in a
//! transaction), and falls back to the smart query whenever the raw value does
//! not answer alone.

use cosmwasm_std::{from_json, Addr, BlockInfo, QuerierWrapper, StdResult, Uint128};
use cw_utils::Expiration;
use serde::de::DeserializeOwned;

use crate::asset::AssetInfo;
use crate::core::stored::{
    PowerRecord, ORACLE_MODULE_KEY, POWER_RECORDS, PROPOSAL_MODULE_KEY, TOTAL_POWER_RECORD,
    TREASURY_MODULE_KEY,
};
use crate::core::{ModulesResponse, PauseInfoResponse, QueryMsg as CoreQuery, VotingPowerResponse};
use crate::governance::{GovernanceChange, GovernanceVerdict};
use crate::oracle;
use crate::policy::PriceInfo;
use crate::proposal;
use crate::threshold::Status;
use crate::treasury;

/// Reads the item under `key` of `contract` raw and parses it; `None` when it
/// is not stored (`Item::query` would fail instead, and the handles fall back
/// then). Maps are read with `Map::query`, which answers `None` itself.
fn raw<T: DeserializeOwned>(
    querier: &QuerierWrapper,
    contract: &Addr,
    key: &[u8],
) -> StdResult<Option<T>> {
    querier
        .query_wasm_raw(contract, key.to_vec())?
        .map(|bytes| from_json(bytes))
        .transpose()
}

/// dao-core.
#[derive(Clone, Debug, PartialEq)]
pub struct CoreContract(pub Addr);

impl CoreContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn power_record(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
    ) -> StdResult<Option<PowerRecord>> {
        POWER_RECORDS.query(querier, self.0.clone(), address)
    }

    fn ask_power(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        height: Option<u64>,
    ) -> StdResult<Uint128> {
        let res: VotingPowerResponse = querier.query_wasm_smart(
            &self.0,
            &CoreQuery::VotingPowerAtHeight {
                address: address.to_string(),
                height,
            },
        )?;
        Ok(res.power)
    }

    /// Voting power of `address` now.
    pub fn voting_power(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Uint128> {
        match self.power_record(querier, address)? {
            Some(record) => Ok(record.power),
            // No record: no power now, or state dao-core has not migrated yet.
            None => self.ask_power(querier, address, None),
        }
    }

    /// Voting power of `address` at the start of block `height`: from its
    /// power record when it has not changed since, else from dao-core's
    /// snapshots.
    pub fn voting_power_at(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        match self
            .power_record(querier, address)?
            .and_then(|record| record.at_height(height))
        {
            Some(power) => Ok(power),
            None => self.ask_power(querier, address, Some(height)),
        }
    }

    /// Total voting power at the start of block `height` (same rule as
    /// [`Self::voting_power_at`]).
    pub fn total_power_at(&self, querier: &QuerierWrapper, height: u64) -> StdResult<Uint128> {
        let record: Option<PowerRecord> = raw(querier, &self.0, TOTAL_POWER_RECORD.as_slice())?;
        if let Some(power) = record.and_then(|r| r.at_height(height)) {
            return Ok(power);
        }
        let res: VotingPowerResponse = querier.query_wasm_smart(
            &self.0,
            &CoreQuery::TotalPowerAtHeight {
                height: Some(height),
            },
        )?;
        Ok(res.power)
    }

    /// The module registry (three raw reads).
    pub fn modules(&self, querier: &QuerierWrapper) -> StdResult<ModulesResponse> {
        Ok(ModulesResponse {
            proposal: self.proposal_module(querier)?,
            treasury: self.treasury(querier)?,
            oracle: self.oracle(querier)?,
        })
    }

    /// One module's address, read raw from `key`; asked when it is not
    /// recorded yet, so the refusal is dao-core's own.
    fn module(
        &self,
        querier: &QuerierWrapper,
        key: &str,
        pick: fn(ModulesResponse) -> Addr,
    ) -> StdResult<Addr> {
        match raw(querier, &self.0, key.as_bytes())? {
            Some(addr) => Ok(addr),
            None => Ok(pick(
                querier.query_wasm_smart(&self.0, &CoreQuery::Modules {})?,
            )),
        }
    }

    /// The proposal module's address (one raw read).
    pub fn proposal_module(&self, querier: &QuerierWrapper) -> StdResult<Addr> {
        self.module(querier, PROPOSAL_MODULE_KEY, |m| m.proposal)
    }

    /// The treasury's address (one raw read).
    pub fn treasury(&self, querier: &QuerierWrapper) -> StdResult<Addr> {
        self.module(querier, TREASURY_MODULE_KEY, |m| m.treasury)
    }

    /// The oracle's address (one raw read).
    pub fn oracle(&self, querier: &QuerierWrapper) -> StdResult<Addr> {
        self.module(querier, ORACLE_MODULE_KEY, |m| m.oracle)
    }

    /// dao-core's pause, as it answers it.
    pub fn pause_info(&self, querier: &QuerierWrapper) -> StdResult<PauseInfoResponse> {
        querier.query_wasm_smart(&self.0, &CoreQuery::PauseInfo {})
    }

    /// When the DAO is paused at `block`, until when. A pause whose end has
    /// come no longer holds, whatever dao-core stored.
    pub fn paused_until(
        &self,
        querier: &QuerierWrapper,
        block: &BlockInfo,
    ) -> StdResult<Option<Expiration>> {
        Ok(match self.pause_info(querier)? {
            PauseInfoResponse::Paused { expiration } if !expiration.is_expired(block) => {
                Some(expiration)
            }
            _ => None,
        })
    }
}

/// The treasury.
#[derive(Clone, Debug, PartialEq)]
pub struct TreasuryContract(pub Addr);

impl TreasuryContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The policy's version (read raw; asked when not stored, so the refusal
    /// is the treasury's own).
    pub fn policy_version(&self, querier: &QuerierWrapper) -> StdResult<u64> {
        match raw(
            querier,
            &self.0,
            treasury::stored::POLICY_VERSION.as_slice(),
        )? {
            Some(version) => Ok(version),
            None => {
                let res: treasury::PolicyResponse =
                    querier.query_wasm_smart(&self.0, &treasury::QueryMsg::Policy {})?;
                Ok(res.version)
            }
        }
    }

    /// The policy, its version, balances and limits now.
    pub fn policy_state(
        &self,
        querier: &QuerierWrapper,
    ) -> StdResult<treasury::PolicyStateResponse> {
        querier.query_wasm_smart(&self.0, &treasury::QueryMsg::PolicyState {})
    }
}

/// The oracle.
#[derive(Clone, Debug, PartialEq)]
pub struct OracleContract(pub Addr);

impl OracleContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// What adopting recommendation `id` needs to know.
    pub fn adoption_terms(
        &self,
        querier: &QuerierWrapper,
        id: u64,
    ) -> StdResult<oracle::AdoptionTermsResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::AdoptionTerms { id })
    }

    /// The latest price of each of `assets` that has one, in their order
    /// (read raw: the answer of the oracle's `Prices` query, without a call).
    pub fn prices(
        &self,
        querier: &QuerierWrapper,
        assets: &[AssetInfo],
    ) -> StdResult<Vec<PriceInfo>> {
        let mut prices = Vec::with_capacity(assets.len());
        for asset in assets {
            if let Some(price) =
                oracle::stored::PRICES.query(querier, self.0.clone(), &asset.key())?
            {
                prices.push(price);
            }
        }
        Ok(prices)
    }
}

/// The proposal module.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalContract(pub Addr);

impl ProposalContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Proposal `proposal_id`'s status now (it moves with time, so it is asked).
    pub fn status(&self, querier: &QuerierWrapper, proposal_id: u64) -> StdResult<Status> {
        let view: proposal::stored::StatusView =
            querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Proposal { proposal_id })?;
        Ok(view.status)
    }

    /// Whether the governance policy allows `changes` now.
    pub fn check_governance(
        &self,
        querier: &QuerierWrapper,
        changes: Vec<GovernanceChange>,
    ) -> StdResult<GovernanceVerdict> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::CheckGovernance { changes })
    }

    /// What proposal `proposal_id` adopts, with its stored status: read raw
    /// from its vote state (asked when not stored, so the refusal is the
    /// module's own).
    pub fn adoption(
        &self,
        querier: &QuerierWrapper,
        proposal_id: u64,
    ) -> StdResult<proposal::AdoptionResponse> {
        match proposal::stored::ADOPTION_VIEWS.query(querier, self.0.clone(), proposal_id)? {
            Some(view) => Ok(proposal::AdoptionResponse {
                recommendation_id: view.adopts,
                status: view.status,
            }),
            None => {
                querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Adoption { proposal_id })
            }
        }
    }
}
