//! A wasmd node through its REST (LCD) API: smart queries, the latest block,
//! accounts, and `BROADCAST_MODE_SYNC` broadcasts (all through the shared
//! `steward-chain` client), and the advisor's snapshot read on top of them.
//!
//! Smart queries go to `GET {rest}/cosmwasm/wasm/v1/contract/{addr}/smart/{query}`
//! with the query JSON in URL-safe base64 (the gateway decodes both base64
//! alphabets; the URL-safe one keeps `/` out of the path). A snapshot reads the
//! latest block first and pins every query to its height with the
//! `x-cosmos-block-height` header, so balances, prices and the nonce all come
//! from the same block.
//!
//! Price history comes from the oracle, which keeps the last
//! `PriceHistory::capacity` prices of each asset: a snapshot reads up to
//! `history_len` of them per policy asset (at the same height). A previous
//! snapshot's history is merged in too, so a window longer than the oracle's
//! survives across snapshots.

use crate::deployment::Contracts;
use crate::error::{AdvisorError, Result};
use crate::snapshot::{GovernanceSnapshot, PricePoint, Snapshot, SNAPSHOT_VERSION};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use steward_types::core::{self, ModulesResponse};
use steward_types::governance::GovernanceState;
use steward_types::oracle::{self, AdvisorResponse, PriceHistoryResponse, PricesResponse};
use steward_types::proposal::{ConfigResponse, ProposalListResponse, QueryMsg as ProposalQuery};
use steward_types::treasury::{self, Budget, BudgetListResponse, PolicyStateResponse};
use steward_types::AssetInfo;
use steward_types::MAX_LIMIT;

pub use steward_chain::node::{base64_url, AccountInfo, BlockInfo, TxResponse};

/// Most budget pages read for one snapshot (30 budgets a page).
const MAX_BUDGET_PAGES: usize = 100;

/// A node's REST API (the shared `steward-chain` client) and the advisor's
/// reads built on it.
#[derive(Clone)]
pub struct Node {
    inner: steward_chain::Node,
}

/// The treasury and oracle of one DAO, and its proposal module when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaoContracts {
    /// Treasury address.
    pub treasury: String,
    /// Oracle address.
    pub oracle: String,
    /// Proposal module address; without it a snapshot holds no governance
    /// state (the `governance` strategy needs it).
    pub proposal: Option<String>,
}

impl Node {
    /// A node at `rest` (e.g. `http://127.0.0.1:1317`).
    pub fn new(rest: &str, timeout: Duration) -> Self {
        Node {
            inner: steward_chain::Node::new(rest, timeout),
        }
    }

    /// The REST base URL.
    pub fn rest(&self) -> &str {
        self.inner.rest()
    }

    /// A smart query, at `height` when given.
    pub fn smart_query<Q: Serialize, R: DeserializeOwned>(
        &self,
        contract: &str,
        query: &Q,
        height: Option<u64>,
    ) -> Result<R> {
        Ok(self.inner.smart_query(contract, query, height)?)
    }

    /// The latest block's chain id, height and time.
    pub fn latest_block(&self) -> Result<BlockInfo> {
        Ok(self.inner.latest_block()?)
    }

    /// An account's number and sequence.
    pub fn account(&self, address: &str) -> Result<AccountInfo> {
        Ok(self.inner.account(address)?)
    }

    /// Broadcasts signed tx bytes and waits for the check (`BROADCAST_MODE_SYNC`).
    pub fn broadcast(&self, tx_bytes: &[u8]) -> Result<TxResponse> {
        Ok(self.inner.broadcast(tx_bytes)?)
    }

    /// Treasury, oracle and proposal module: as given, or asked of dao-core.
    pub fn resolve_contracts(&self, contracts: &Contracts) -> Result<DaoContracts> {
        if let (Some(treasury), Some(oracle)) = (&contracts.treasury, &contracts.oracle) {
            // dao-core is asked only for what is missing.
            if contracts.proposal.is_some() || contracts.core.is_none() {
                return Ok(DaoContracts {
                    treasury: treasury.clone(),
                    oracle: oracle.clone(),
                    proposal: contracts.proposal.clone(),
                });
            }
        }
        let core = contracts
            .core
            .as_deref()
            .ok_or_else(|| AdvisorError::MalformedDeployment {
                reason: "give the treasury and oracle addresses, or dao-core's".into(),
            })?;
        let modules: ModulesResponse = self.smart_query(core, &core::QueryMsg::Modules {}, None)?;
        Ok(DaoContracts {
            treasury: contracts
                .treasury
                .clone()
                .unwrap_or_else(|| modules.treasury.to_string()),
            oracle: contracts
                .oracle
                .clone()
                .unwrap_or_else(|| modules.oracle.to_string()),
            proposal: Some(
                contracts
                    .proposal
                    .clone()
                    .unwrap_or_else(|| modules.proposal.to_string()),
            ),
        })
    }

    /// Reads a snapshot at the latest block. With `previous`, its price
    /// history is carried over (it must be for the same chain and oracle).
    /// A read the node fails transiently is read again from a new latest
    /// block: a node can report a block before its state answers queries at
    /// that height ("cannot query with height in the future").
    pub fn snapshot(
        &self,
        contracts: &DaoContracts,
        key_id: &str,
        previous: Option<&Snapshot>,
        history_len: usize,
    ) -> Result<Snapshot> {
        const ATTEMPTS: u32 = 3;
        let mut attempt = 1;
        loop {
            match self.snapshot_once(contracts, key_id, previous, history_len) {
                Err(AdvisorError::Chain(e)) if e.is_retryable() && attempt < ATTEMPTS => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(500));
                }
                result => return result,
            }
        }
    }

    fn snapshot_once(
        &self,
        contracts: &DaoContracts,
        key_id: &str,
        previous: Option<&Snapshot>,
        history_len: usize,
    ) -> Result<Snapshot> {
        let block = self.latest_block()?;
        let at = Some(block.height);
        let state: PolicyStateResponse =
            self.smart_query(&contracts.treasury, &treasury::QueryMsg::PolicyState {}, at)?;
        let assets = state
            .policy
            .allowances
            .iter()
            .map(|a| a.info.clone())
            .collect::<Vec<_>>();
        let prices: PricesResponse = if assets.is_empty() {
            PricesResponse { prices: vec![] }
        } else {
            let assets = assets.clone();
            self.smart_query(&contracts.oracle, &oracle::QueryMsg::Prices { assets }, at)?
        };
        let advisor: AdvisorResponse = self.smart_query(
            &contracts.oracle,
            &oracle::QueryMsg::Advisor { id: key_id.into() },
            at,
        )?;
        let budgets = self.budgets(&contracts.treasury, at)?;
        let governance = contracts
            .proposal
            .as_deref()
            .map(|proposal| self.governance(proposal, at))
            .transpose()?;

        let mut snapshot = Snapshot {
            version: SNAPSHOT_VERSION,
            chain_id: block.chain_id,
            oracle: contracts.oracle.clone(),
            treasury: contracts.treasury.clone(),
            height: block.height,
            advisor: key_id.to_string(),
            last_nonce: advisor.last_nonce,
            context: state.into_context(prices.prices),
            budgets,
            price_history: vec![],
            governance,
        };
        if let Some(prev) = previous {
            if prev.chain_id != snapshot.chain_id || prev.oracle != snapshot.oracle {
                return Err(AdvisorError::MalformedSnapshot {
                    reason: format!(
                        "the previous snapshot is for {} / {}, not {} / {}",
                        prev.chain_id, prev.oracle, snapshot.chain_id, snapshot.oracle
                    ),
                });
            }
            snapshot.price_history = prev.price_history.clone();
        }
        for asset in &assets {
            let points = self.price_history(&contracts.oracle, asset, history_len, at)?;
            snapshot.merge_history(asset, points, history_len);
        }
        snapshot.record_current_prices(history_len);
        snapshot.validate()?;
        Ok(snapshot)
    }

    /// Up to `max` of the oracle's newest prices of `asset`, page by page.
    fn price_history(
        &self,
        oracle: &str,
        asset: &AssetInfo,
        max: usize,
        at: Option<u64>,
    ) -> Result<Vec<PricePoint>> {
        let mut out: Vec<PricePoint> = vec![];
        while out.len() < max {
            let limit = (max - out.len()).min(MAX_LIMIT as usize) as u32;
            let page: PriceHistoryResponse = self.smart_query(
                oracle,
                &oracle::QueryMsg::PriceHistory {
                    asset: asset.clone(),
                    start_after: out.last().map(|p| p.time),
                    limit: Some(limit),
                },
                at,
            )?;
            let n = page.points.len();
            out.extend(page.points.into_iter().map(|p| PricePoint {
                time: p.publish_time,
                price: p.price,
            }));
            // A short page is the end of what the oracle holds.
            if n < limit as usize {
                break;
            }
        }
        Ok(out)
    }

    /// The proposal config, the governance policy's state and the most recent
    /// proposals (one page, newest first).
    fn governance(&self, proposal: &str, at: Option<u64>) -> Result<GovernanceSnapshot> {
        let config: ConfigResponse = self.smart_query(proposal, &ProposalQuery::Config {}, at)?;
        let state: GovernanceState =
            self.smart_query(proposal, &ProposalQuery::Governance {}, at)?;
        let recent: ProposalListResponse = self.smart_query(
            proposal,
            &ProposalQuery::ReverseProposals {
                start_before: None,
                limit: Some(MAX_LIMIT),
            },
            at,
        )?;
        Ok(GovernanceSnapshot {
            config: config.config,
            state,
            proposals: recent.proposals,
        })
    }

    fn budgets(&self, treasury: &str, at: Option<u64>) -> Result<Vec<Budget>> {
        let mut out: Vec<Budget> = vec![];
        for _ in 0..MAX_BUDGET_PAGES {
            let start_after = out.last().map(|b| (b.spender.to_string(), b.asset.key()));
            let page: BudgetListResponse = self.smart_query(
                treasury,
                &treasury::QueryMsg::ListBudgets {
                    start_after,
                    limit: Some(MAX_LIMIT),
                },
                at,
            )?;
            let n = page.budgets.len();
            out.extend(page.budgets);
            if n < MAX_LIMIT as usize {
                break;
            }
        }
        Ok(out)
    }
}
