//! A wasmd node through its REST (LCD) API: smart queries, blocks, accounts,
//! balances, stored code, contracts, simulation, `BROADCAST_MODE_SYNC`
//! broadcasts and waiting for inclusion.
//!
//! Smart queries go to `GET {rest}/cosmwasm/wasm/v1/contract/{addr}/smart/{query}`
//! with the query JSON in URL-safe base64 (the gateway decodes both base64
//! alphabets; the URL-safe one keeps `/` out of the path). A query can be
//! pinned to a height with the `x-cosmos-block-height` header.

use crate::error::{ChainError, Result};
use crate::http::{join, Http};
use cosmwasm_std::Binary;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Most pages read of a paginated listing.
const MAX_PAGES: usize = 1_000;

/// A node's REST API.
#[derive(Clone)]
pub struct Node {
    rest: String,
    http: Http,
}

/// The latest block's header fields.
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

/// One event attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Key.
    pub key: String,
    /// Value.
    #[serde(default)]
    pub value: String,
}

/// One event of an included transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Event type, e.g. `instantiate` or `wasm`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Attributes, in order.
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

/// An included transaction's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxResult {
    /// Transaction hash.
    pub txhash: String,
    /// Block height.
    pub height: u64,
    /// ABCI code; 0 is success.
    pub code: u32,
    /// Log (the error, when `code` is not 0).
    pub raw_log: String,
    /// Gas limit.
    pub gas_wanted: u64,
    /// Gas used.
    pub gas_used: u64,
    /// Events.
    pub events: Vec<Event>,
}

impl TxResult {
    /// Values of attribute `key` in events of type `kind`, in order.
    pub fn attributes(&self, kind: &str, key: &str) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| &e.attributes)
            .filter(|a| a.key == key)
            .map(|a| a.value.clone())
            .collect()
    }
}

/// A stored code's id and checksum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// Code id.
    pub code_id: u64,
    /// Creator address.
    pub creator: String,
    /// Lower-case hex sha256 of the wasm.
    pub checksum: String,
}

/// A contract's registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractInfo {
    /// Code id it runs.
    pub code_id: u64,
    /// Admin (may migrate), if any.
    pub admin: Option<String>,
    /// Label.
    pub label: String,
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
    #[serde(default)]
    height: String,
    #[serde(default)]
    gas_wanted: String,
    #[serde(default)]
    gas_used: String,
    #[serde(default)]
    events: Vec<Event>,
}

#[derive(Serialize)]
struct SimulateRequest {
    tx_bytes: String,
}
#[derive(Deserialize)]
struct SimulateResponse {
    gas_info: GasInfo,
}
#[derive(Deserialize)]
struct GasInfo {
    gas_used: String,
}

#[derive(Deserialize)]
struct BalanceResponse {
    balance: CoinJson,
}
#[derive(Deserialize)]
struct CoinJson {
    amount: String,
}

#[derive(Deserialize)]
struct Pagination {
    next_key: Option<String>,
}
#[derive(Deserialize)]
struct CodesResponse {
    code_infos: Vec<RawCodeInfo>,
    pagination: Option<Pagination>,
}
#[derive(Deserialize)]
struct RawCodeInfo {
    code_id: String,
    creator: String,
    data_hash: String,
}
#[derive(Deserialize)]
struct ContractResponse {
    contract_info: RawContractInfo,
}
#[derive(Deserialize)]
struct RawContractInfo {
    code_id: String,
    #[serde(default)]
    admin: String,
    #[serde(default)]
    label: String,
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

/// Percent-encodes a pagination key for a query string.
fn encode_query_value(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn number(url: &str, field: &str, v: &str) -> Result<u64> {
    v.parse::<u64>().map_err(|_| ChainError::BadResponse {
        url: url.to_string(),
        reason: format!("{field} {v:?} is not a number"),
    })
}

fn not_found(e: &ChainError) -> bool {
    matches!(e, ChainError::HttpStatus { status, body, .. }
        if *status == 404 || body.contains("not found"))
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

    fn url(&self, path: &str) -> String {
        join(&self.rest, path)
    }

    /// A smart query, at `height` when given.
    pub fn smart_query<Q: Serialize, R: DeserializeOwned>(
        &self,
        contract: &str,
        query: &Q,
        height: Option<u64>,
    ) -> Result<R> {
        let msg = serde_json::to_vec(query).expect("queries always serialise");
        let url = self.url(&format!(
            "cosmwasm/wasm/v1/contract/{contract}/smart/{}",
            base64_url(&msg)
        ));
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
        let url = self.url("cosmos/base/tendermint/v1beta1/blocks/latest");
        let b: BlockResponse = self.http.get_json(&url)?;
        let bad = |reason: String| ChainError::BadResponse {
            url: url.clone(),
            reason,
        };
        let height = number(&url, "height", &b.block.header.height)?;
        let time = cosmrs::tendermint::Time::parse_from_rfc3339(&b.block.header.time)
            .map_err(|e| bad(format!("time {:?}: {e}", b.block.header.time)))?
            .unix_timestamp();
        Ok(BlockInfo {
            chain_id: b.block.header.chain_id,
            height,
            time: u64::try_from(time).map_err(|_| bad(format!("time {time} is before 1970")))?,
        })
    }

    /// An account's number and sequence; `AccountNotFound` for an account
    /// that was never funded.
    pub fn account(&self, address: &str) -> Result<AccountInfo> {
        let url = self.url(&format!("cosmos/auth/v1beta1/accounts/{address}"));
        let response: AccountResponse = match self.http.get_json(&url) {
            Ok(r) => r,
            Err(e) if not_found(&e) => {
                return Err(ChainError::AccountNotFound {
                    address: address.to_string(),
                })
            }
            Err(e) => return Err(e),
        };
        Ok(AccountInfo {
            account_number: number(&url, "account_number", &response.account.account_number)?,
            sequence: number(&url, "sequence", &response.account.sequence)?,
        })
    }

    /// An address's balance of one denom (zero when it has none).
    pub fn balance(&self, address: &str, denom: &str) -> Result<u128> {
        let url = self.url(&format!(
            "cosmos/bank/v1beta1/balances/{address}/by_denom?denom={}",
            encode_query_value(denom)
        ));
        let r: BalanceResponse = self.http.get_json(&url)?;
        r.balance
            .amount
            .parse::<u128>()
            .map_err(|_| ChainError::BadResponse {
                url,
                reason: format!("amount {:?} is not a number", r.balance.amount),
            })
    }

    /// Every stored code (id, creator, checksum), in id order.
    pub fn codes(&self) -> Result<Vec<CodeInfo>> {
        let mut out = vec![];
        let mut key: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut path = "cosmwasm/wasm/v1/code?pagination.limit=100".to_string();
            if let Some(k) = &key {
                path.push_str(&format!("&pagination.key={}", encode_query_value(k)));
            }
            let url = self.url(&path);
            let page: CodesResponse = self.http.get_json(&url)?;
            for c in page.code_infos {
                out.push(CodeInfo {
                    code_id: number(&url, "code_id", &c.code_id)?,
                    creator: c.creator,
                    checksum: c.data_hash.to_ascii_lowercase(),
                });
            }
            key = page
                .pagination
                .and_then(|p| p.next_key)
                .filter(|k| !k.is_empty());
            if key.is_none() {
                break;
            }
        }
        Ok(out)
    }

    /// The code stored with this checksum (lower- or upper-case hex), if any.
    /// The lowest id wins when the same wasm was stored more than once.
    pub fn code_by_checksum(&self, checksum: &str) -> Result<Option<CodeInfo>> {
        let checksum = checksum.to_ascii_lowercase();
        Ok(self
            .codes()?
            .into_iter()
            .filter(|c| c.checksum == checksum)
            .min_by_key(|c| c.code_id))
    }

    /// A contract's code id, admin and label; `None` when no contract has
    /// this address.
    pub fn contract_info(&self, address: &str) -> Result<Option<ContractInfo>> {
        let url = self.url(&format!("cosmwasm/wasm/v1/contract/{address}"));
        let r: ContractResponse = match self.http.get_json(&url) {
            Ok(r) => r,
            Err(e) if not_found(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(ContractInfo {
            code_id: number(&url, "code_id", &r.contract_info.code_id)?,
            admin: Some(r.contract_info.admin).filter(|a| !a.is_empty()),
            label: r.contract_info.label,
        }))
    }

    /// Simulates signed tx bytes; returns the gas used. A failing message
    /// gives `SimulationFailed` with the node's explanation.
    pub fn simulate(&self, tx_bytes: &[u8]) -> Result<u64> {
        let url = self.url("cosmos/tx/v1beta1/simulate");
        let body = SimulateRequest {
            tx_bytes: Binary::from(tx_bytes).to_base64(),
        };
        match self.http.post_json::<_, SimulateResponse>(&url, &body, &[]) {
            Ok(r) => number(&url, "gas_used", &r.gas_info.gas_used),
            Err(ChainError::HttpStatus { body, .. }) => Err(ChainError::SimulationFailed {
                log: simulation_message(&body),
            }),
            Err(e) => Err(e),
        }
    }

    /// Broadcasts signed tx bytes and waits for the check (`BROADCAST_MODE_SYNC`).
    pub fn broadcast(&self, tx_bytes: &[u8]) -> Result<TxResponse> {
        let url = self.url("cosmos/tx/v1beta1/txs");
        let body = BroadcastRequest {
            tx_bytes: Binary::from(tx_bytes).to_base64(),
            mode: "BROADCAST_MODE_SYNC",
        };
        let r: BroadcastResponse = self.http.post_json(&url, &body, &[])?;
        let r = r.tx_response;
        if r.code != 0 {
            return Err(ChainError::TxRejected {
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

    /// An included transaction, or `None` while it is not in a block.
    pub fn tx(&self, txhash: &str) -> Result<Option<TxResult>> {
        let url = self.url(&format!("cosmos/tx/v1beta1/txs/{txhash}"));
        let r: BroadcastResponse = match self.http.get_json(&url) {
            Ok(r) => r,
            Err(e) if not_found(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        let r = r.tx_response;
        Ok(Some(TxResult {
            height: number(&url, "height", &r.height)?,
            gas_wanted: number(&url, "gas_wanted", &r.gas_wanted)?,
            gas_used: number(&url, "gas_used", &r.gas_used)?,
            txhash: r.txhash,
            code: r.code,
            raw_log: r.raw_log,
            events: r.events,
        }))
    }

    /// Waits until `txhash` is in a block (polling every `poll`, at most
    /// `timeout`). A transaction that failed in its block is `TxFailed`.
    pub fn wait_for_tx(&self, txhash: &str, poll: Duration, timeout: Duration) -> Result<TxResult> {
        let start = Instant::now();
        loop {
            if let Some(r) = self.tx(txhash)? {
                if r.code != 0 {
                    return Err(ChainError::TxFailed {
                        txhash: r.txhash,
                        height: r.height,
                        code: r.code,
                        log: r.raw_log,
                    });
                }
                return Ok(r);
            }
            if start.elapsed() >= timeout {
                return Err(ChainError::TxNotIncluded {
                    txhash: txhash.to_string(),
                    seconds: timeout.as_secs(),
                });
            }
            std::thread::sleep(poll);
        }
    }
}

/// The `message` of a gRPC-gateway error body, or the body itself.
fn simulation_message(body: &str) -> String {
    #[derive(Deserialize)]
    struct GatewayError {
        message: String,
    }
    serde_json::from_str::<GatewayError>(body)
        .map(|e| e.message)
        .unwrap_or_else(|_| body.to_string())
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

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query_value("AAAB/w+="), "AAAB%2Fw%2B%3D");
        assert_eq!(encode_query_value("ibc/27"), "ibc%2F27");
    }

    #[test]
    fn gateway_errors_give_their_message() {
        assert_eq!(
            simulation_message(
                r#"{"code":2,"message":"failed to execute message; unauthorized","details":[]}"#
            ),
            "failed to execute message; unauthorized"
        );
        assert_eq!(simulation_message("plain"), "plain");
    }

    #[test]
    fn a_closed_port_is_unreachable() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let node = Node::new(&format!("http://127.0.0.1:{port}"), Duration::from_secs(2));
        let err = node.latest_block().unwrap_err();
        assert!(matches!(err, ChainError::Unreachable { .. }), "{err}");
    }
}
