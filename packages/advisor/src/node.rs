//! A wasmd node through its REST (LCD) API: smart queries, the latest block,
//! accounts, and `BROADCAST_MODE_SYNC` broadcasts.
//!
//! Smart queries go to `GET {rest}/cosmwasm/wasm/v1/contract/{addr}/smart/{query}`
//! with the query JSON in URL-safe base64 (the gateway decodes both base64
//! alphabets; the URL-safe one keeps `/` out of the path). A snapshot reads the
//! latest block first and pins every query to its height with the
//! `x-cosmos-block-height` header, so balances, prices and the nonce all come
//! from the same block.
//!
//! The oracle keeps only the latest price of each asset, so price history
//! builds up across snapshots: pass the previous snapshot and the new prices
//! are appended to its history.

use crate::deployment::Contracts;
use crate::error::{AdvisorError, Result};
use crate::http::{join, Http};
use crate::snapshot::{Snapshot, SNAPSHOT_VERSION};
use cosmwasm_std::Binary;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use steward_types::core::{self, ModulesResponse};
use steward_types::oracle::{self, AdvisorResponse, PricesResponse};
use steward_types::treasury::{self, Budget, BudgetListResponse, PolicyStateResponse};
use steward_types::{PolicyContext, MAX_LIMIT};

/// Most budget pages read for one snapshot (30 budgets a page).
const MAX_BUDGET_PAGES: usize = 100;

/// A node's REST API.
#[derive(Clone)]
pub struct Node {
    rest: String,
    http: Http,
}

/// The latest block's header fields the advisor uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockInfo {
    /// Chain id.
    pub chain_id: String,
    /// Height.
    pub height: u64,
    /// Block time (Unix seconds).
    pub time: u64,
}

/// An account's signing state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountInfo {
    /// Account number.
    pub account_number: u64,
    /// Next sequence.
    pub sequence: u64,
}

/// The node's answer to a broadcast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxResponse {
    /// Transaction hash.
    pub txhash: String,
    /// ABCI code; 0 is success.
    pub code: u32,
    /// Log (the error, when `code` is not 0).
    pub raw_log: String,
}

/// The treasury and oracle of one DAO.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaoContracts {
    /// Treasury address.
    pub treasury: String,
    /// Oracle address.
    pub oracle: String,
}

#[derive(Deserialize)]
struct SmartResponse<T> {
    data: T,
}

#[derive(Deserialize)]
struct BlockResponse {
    block: Block,
}
#[derive(Deserialize)]
struct Block {
    header: Header,
}
#[derive(Deserialize)]
struct Header {
    chain_id: String,
    height: String,
    time: String,
}

#[derive(Deserialize)]
struct AccountResponse {
    account: Account,
}
#[derive(Deserialize)]
struct Account {
    account_number: String,
    sequence: String,
}

#[derive(Serialize)]
struct BroadcastRequest {
    tx_bytes: String,
    mode: &'static str,
}
#[derive(Deserialize)]
struct BroadcastResponse {
    tx_response: RawTxResponse,
}
#[derive(Deserialize)]
struct RawTxResponse {
    txhash: String,
    #[serde(default)]
    code: u32,
    #[serde(default)]
    raw_log: String,
}

/// URL-safe base64 (with padding) of `bytes`.
pub fn base64_url(bytes: &[u8]) -> String {
    Binary::from(bytes)
        .to_base64()
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

impl Node {
    /// A node at `rest` (e.g. `http://127.0.0.1:1317`).
    pub fn new(rest: &str, timeout: Duration) -> Self {
        Node {
            rest: rest.trim_end_matches('/').to_string(),
            http: Http::new(timeout),
        }
    }

    /// The REST base URL.
    pub fn rest(&self) -> &str {
        &self.rest
    }

    /// A smart query, at `height` when given.
    pub fn smart_query<Q: Serialize, R: DeserializeOwned>(
        &self,
        contract: &str,
        query: &Q,
        height: Option<u64>,
    ) -> Result<R> {
        let msg = serde_json::to_vec(query).expect("queries always serialise");
        let url = join(
            &self.rest,
            &format!(
                "cosmwasm/wasm/v1/contract/{contract}/smart/{}",
                base64_url(&msg)
            ),
        );
        let height = height.map(|h| h.to_string());
        let headers: Vec<(&str, &str)> = height
            .as_deref()
            .map(|h| vec![("x-cosmos-block-height", h)])
            .unwrap_or_default();
        let response: SmartResponse<R> = self.http.get_json_with(&url, &headers)?;
        Ok(response.data)
    }

    /// The latest block's chain id, height and time.
    pub fn latest_block(&self) -> Result<BlockInfo> {
        let url = join(&self.rest, "cosmos/base/tendermint/v1beta1/blocks/latest");
        let b: BlockResponse = self.http.get_json(&url)?;
        let bad = |reason: String| AdvisorError::BadResponse {
            url: url.clone(),
            reason,
        };
        let height = b.block.header.height.parse().map_err(|_| {
            bad(format!(
                "height {:?} is not a number",
                b.block.header.height
            ))
        })?;
        let time = cosmrs::tendermint::Time::parse_from_rfc3339(&b.block.header.time)
            .map_err(|e| bad(format!("time {:?}: {e}", b.block.header.time)))?
            .unix_timestamp();
        Ok(BlockInfo {
            chain_id: b.block.header.chain_id,
            height,
            time: u64::try_from(time).map_err(|_| bad(format!("time {time} is before 1970")))?,
        })
    }

    /// An account's number and sequence.
    pub fn account(&self, address: &str) -> Result<AccountInfo> {
        let url = join(
            &self.rest,
            &format!("cosmos/auth/v1beta1/accounts/{address}"),
        );
        let response: AccountResponse = match self.http.get_json(&url) {
            Ok(r) => r,
            Err(AdvisorError::HttpStatus { status, body, .. })
                if status == 404 || body.contains("not found") =>
            {
                return Err(AdvisorError::AccountNotFound {
                    address: address.to_string(),
                })
            }
            Err(e) => return Err(e),
        };
        let number = |field: &str, v: &str| {
            v.parse::<u64>().map_err(|_| AdvisorError::BadResponse {
                url: url.clone(),
                reason: format!("{field} {v:?} is not a number"),
            })
        };
        Ok(AccountInfo {
            account_number: number("account_number", &response.account.account_number)?,
            sequence: number("sequence", &response.account.sequence)?,
        })
    }

    /// Broadcasts signed tx bytes and waits for the check (`BROADCAST_MODE_SYNC`).
    pub fn broadcast(&self, tx_bytes: &[u8]) -> Result<TxResponse> {
        let url = join(&self.rest, "cosmos/tx/v1beta1/txs");
        let body = BroadcastRequest {
            tx_bytes: Binary::from(tx_bytes).to_base64(),
            mode: "BROADCAST_MODE_SYNC",
        };
        let r: BroadcastResponse = self.http.post_json(&url, &body, &[])?;
        let r = r.tx_response;
        if r.code != 0 {
            return Err(AdvisorError::TxRejected {
                txhash: r.txhash,
                code: r.code,
                log: r.raw_log,
            });
        }
        Ok(TxResponse {
            txhash: r.txhash,
            code: r.code,
            raw_log: r.raw_log,
        })
    }

    /// Treasury and oracle: as given, or asked of dao-core.
    pub fn resolve_contracts(&self, contracts: &Contracts) -> Result<DaoContracts> {
        if let (Some(treasury), Some(oracle)) = (&contracts.treasury, &contracts.oracle) {
            return Ok(DaoContracts {
                treasury: treasury.clone(),
                oracle: oracle.clone(),
            });
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
        })
    }

    /// Reads a snapshot at the latest block. With `previous`, its price
    /// history is carried over (it must be for the same chain and oracle).
    pub fn snapshot(
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
            self.smart_query(&contracts.oracle, &oracle::QueryMsg::Prices { assets }, at)?
        };
        let advisor: AdvisorResponse = self.smart_query(
            &contracts.oracle,
            &oracle::QueryMsg::Advisor { id: key_id.into() },
            at,
        )?;
        let budgets = self.budgets(&contracts.treasury, at)?;

        let mut snapshot = Snapshot {
            version: SNAPSHOT_VERSION,
            chain_id: block.chain_id,
            oracle: contracts.oracle.clone(),
            treasury: contracts.treasury.clone(),
            height: block.height,
            advisor: key_id.to_string(),
            last_nonce: advisor.last_nonce,
            context: PolicyContext {
                policy: state.policy,
                policy_version: state.policy_version,
                now: block.time,
                balances: state.balances,
                prices: prices.prices,
                usage: state.usage,
            },
            budgets,
            price_history: vec![],
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
        snapshot.record_current_prices(history_len);
        snapshot.validate()?;
        Ok(snapshot)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_url_keeps_slashes_out_of_paths() {
        // 0xfb 0xff encodes to "+/8=" in the standard alphabet.
        assert_eq!(base64_url(&[0xfb, 0xff]), "-_8=");
        assert_eq!(base64_url(b"{}"), "e30=");
    }
}
