//! The DAO around a contract under test: what dao-core, the proposal module,
//! the treasury, the oracle and cw20 tokens answer when the contract queries
//! them, from one mutable state. Queries arrive as bytes (a smart query's
//! JSON, a raw read's key) and answers leave as JSON, so one mock serves the
//! cosmwasm-std 2 querier of the unit tests and the cosmwasm-std 3 querier of
//! the VM tests alike.
//!
//! Raw reads are answered under the keys the owners document
//! (`steward_types::{core,treasury,oracle,proposal}::stored`), as the owners
//! store them; a key the mock does not hold reads as absent, and the handles
//! then fall back to the smart query, as on a chain.

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{to_json_vec, Addr, Uint128};
use cw20::{BalanceResponse, Cw20QueryMsg, TokenInfoResponse};
use cw_utils::Expiration;
use serde::de::DeserializeOwned;
use serde::Serialize;
use steward_types::asset::AssetAmount;
use steward_types::core::stored::{
    PowerRecord, DAO_PAUSE, ORACLE_MODULE_KEY, POWER_RECORDS, PROPOSAL_MODULE_KEY,
    TOTAL_POWER_RECORD, TREASURY_MODULE_KEY,
};
use steward_types::core::{self, ModulesResponse, PauseInfoResponse, VotingPowerResponse};
use steward_types::oracle::{self, AdoptionTermsResponse, RecommendationResponse};
use steward_types::policy::{Limits, Policy, PriceInfo};
use steward_types::proposal::{self, stored::AdoptionView};
use steward_types::threshold::Status;
use steward_types::treasury::{self, PolicyResponse, PolicyStateResponse};

use crate::defaults;

/// A wasm query as the contract under test sent it.
#[derive(Clone, Copy, Debug)]
pub enum Request<'a> {
    /// A smart query: its JSON message.
    Smart(&'a [u8]),
    /// A raw read: the storage key.
    Raw(&'a [u8]),
}

/// What a queried contract answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The response's JSON (for a raw read, the stored value; empty when
    /// nothing is stored under the key).
    Ok(Vec<u8>),
    /// The contract's error.
    Err(String),
    /// No contract lives at the address.
    NoSuchContract,
}

/// A cw20 token's metadata and balances.
#[derive(Clone, Debug)]
pub struct MockToken {
    /// What `TokenInfo` answers.
    pub info: TokenInfoResponse,
    /// Balances by holder address.
    pub balances: BTreeMap<String, Uint128>,
}

/// A proposal the mocked proposal module holds, as far as other contracts
/// read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MockProposal {
    /// Its stored status.
    pub status: Status,
    /// The recommendation it adopts; `None` for a plain proposal.
    pub adopts: Option<u64>,
}

/// The DAO's state as the sibling contracts would answer it. Every field is
/// public: a test sets what its case needs and reads what was asked.
pub struct MockDao {
    /// dao-core's address.
    pub core: Addr,
    /// The proposal module's address.
    pub proposal: Addr,
    /// The treasury's address.
    pub treasury: Addr,
    /// The oracle's address.
    pub oracle: Addr,
    /// Contracts that answer every query with an error (a contract that is
    /// down, or migrated to code that refuses).
    pub down: BTreeSet<Addr>,
    /// Queries (smart and raw) each address was asked.
    pub asked: BTreeMap<Addr, u32>,

    /// dao-core's pause; `None` when unpaused.
    pub paused: Option<Expiration>,
    /// Member -> history of (height the power was recorded at, power). Power
    /// recorded at height h counts for queries at heights above h, as in
    /// dao-core.
    pub members: BTreeMap<Addr, Vec<(u64, u128)>>,
    /// The height a power query without one is answered at.
    pub height: u64,

    /// The treasury's policy.
    pub policy: Policy,
    /// The treasury's policy version.
    pub policy_version: u64,
    /// The treasury's balances, as its `PolicyState` reports them.
    pub balances: Vec<AssetAmount>,
    /// The time (Unix seconds) the treasury's `PolicyState` is answered at
    /// (its limits full then).
    pub now: u64,

    /// The oracle's latest price of each asset.
    pub prices: Vec<PriceInfo>,
    /// The oracle's recommendations by id.
    pub recommendations: BTreeMap<u64, RecommendationResponse>,
    /// What the oracle says of the signers of every recommendation
    /// (`AdoptionTerms.signer_problem`).
    pub signer_problem: Option<String>,

    /// The proposal module's proposals by id. One not listed answers as a
    /// plain proposal that passed.
    pub proposals: BTreeMap<u64, MockProposal>,

    /// cw20 tokens by address.
    pub tokens: BTreeMap<Addr, MockToken>,
}

impl MockDao {
    /// dao-core, the proposal module, the treasury and the oracle at
    /// `api.addr_make` of their names ("dao-core", "proposal", "treasury",
    /// "oracle"), unpaused, no members, the default policy at version 1 with
    /// nothing held, no prices, no proposals, no tokens. Set the address of
    /// the contract under test to its `env.contract.address`.
    pub fn new(api: &MockApi) -> Self {
        MockDao {
            core: api.addr_make("dao-core"),
            proposal: api.addr_make("proposal"),
            treasury: api.addr_make("treasury"),
            oracle: api.addr_make("oracle"),
            down: BTreeSet::new(),
            asked: BTreeMap::new(),
            paused: None,
            members: BTreeMap::new(),
            height: 0,
            policy: defaults::policy(),
            policy_version: 1,
            balances: vec![],
            now: 0,
            prices: vec![],
            recommendations: BTreeMap::new(),
            signer_problem: None,
            proposals: BTreeMap::new(),
            tokens: BTreeMap::new(),
        }
    }

    /// The module registry dao-core answers.
    pub fn modules(&self) -> ModulesResponse {
        ModulesResponse {
            proposal: self.proposal.clone(),
            treasury: self.treasury.clone(),
            oracle: self.oracle.clone(),
        }
    }

    /// Records `power` for `member` at `height` (it counts from `height + 1`).
    pub fn set_power(&mut self, member: &Addr, height: u64, power: u128) {
        self.members
            .entry(member.clone())
            .or_default()
            .push((height, power));
    }

    /// `member`'s power at the start of block `height` (now when `None`).
    pub fn power(&self, member: &Addr, height: Option<u64>) -> u128 {
        self.members
            .get(member)
            .and_then(|history| {
                history
                    .iter()
                    .rev()
                    .find(|(at, _)| height.is_none_or(|h| *at < h))
            })
            .map(|(_, power)| *power)
            .unwrap_or_default()
    }

    /// The total power at the start of block `height` (now when `None`).
    pub fn total_power(&self, height: Option<u64>) -> u128 {
        self.members.keys().map(|m| self.power(m, height)).sum()
    }

    /// Sets `holder`'s balance of the cw20 `token`, adding the token (six
    /// decimals, supply 1,000,000) when it is new.
    pub fn set_cw20_balance(&mut self, token: &Addr, holder: &str, amount: u128) {
        self.token(token)
            .balances
            .insert(holder.to_string(), Uint128::new(amount));
    }

    /// The cw20 `token`, added with default metadata when it is new.
    pub fn token(&mut self, token: &Addr) -> &mut MockToken {
        self.tokens
            .entry(token.clone())
            .or_insert_with(|| MockToken {
                info: TokenInfoResponse {
                    name: "Gov".to_string(),
                    symbol: "GOV".to_string(),
                    decimals: 6,
                    total_supply: Uint128::new(1_000_000),
                },
                balances: BTreeMap::new(),
            })
    }

    /// How many queries `contract` was asked.
    pub fn asked(&self, contract: &Addr) -> u32 {
        self.asked.get(contract).copied().unwrap_or_default()
    }

    /// What `contract` answers to `request`.
    pub fn answer(&mut self, contract: &str, request: Request) -> Answer {
        let Some(addr) = self.known(contract) else {
            return Answer::NoSuchContract;
        };
        *self.asked.entry(addr.clone()).or_default() += 1;
        if self.down.contains(&addr) {
            return Answer::Err(format!("{addr} is down"));
        }
        let answer = match request {
            Request::Raw(key) => Ok(self.raw(&addr, key).unwrap_or_default()),
            Request::Smart(msg) => self.smart(&addr, msg),
        };
        match answer {
            Ok(bytes) => Answer::Ok(bytes),
            Err(error) => Answer::Err(error),
        }
    }

    fn known(&self, contract: &str) -> Option<Addr> {
        [&self.core, &self.proposal, &self.treasury, &self.oracle]
            .into_iter()
            .chain(self.tokens.keys())
            .find(|a| a.as_str() == contract)
            .cloned()
    }

    fn smart(&self, addr: &Addr, msg: &[u8]) -> Result<Vec<u8>, String> {
        if *addr == self.core {
            self.core_query(parse(msg)?)
        } else if *addr == self.treasury {
            self.treasury_query(parse(msg)?)
        } else if *addr == self.oracle {
            self.oracle_query(parse(msg)?)
        } else if *addr == self.proposal {
            self.proposal_query(parse(msg)?)
        } else {
            self.token_query(addr, parse(msg)?)
        }
    }

    /// The value stored under `key`, as its owner stores it; `None` for a key
    /// the mock does not hold.
    fn raw(&self, addr: &Addr, key: &[u8]) -> Option<Vec<u8>> {
        if *addr == self.core {
            self.core_raw(key)
        } else if *addr == self.treasury {
            (key == treasury::stored::POLICY_VERSION.as_slice())
                .then(|| json(&self.policy_version).ok())
                .flatten()
        } else if *addr == self.oracle {
            let prefix = oracle::stored::PRICES.key("").to_vec();
            let asset = key.strip_prefix(prefix.as_slice())?;
            let price = self
                .prices
                .iter()
                .find(|p| p.asset.key().as_bytes() == asset)?;
            json(price).ok()
        } else if *addr == self.proposal {
            let (_, p) = self
                .proposals
                .iter()
                .find(|(id, _)| proposal::stored::ADOPTION_VIEWS.key(**id).to_vec() == key)?;
            json(&AdoptionView {
                status: p.status,
                adopts: p.adopts,
            })
            .ok()
        } else {
            None
        }
    }

    /// Power records as dao-core writes them, the module registry and the
    /// pause (stored as the DAO's own).
    fn core_raw(&self, key: &[u8]) -> Option<Vec<u8>> {
        if key == DAO_PAUSE.as_slice() {
            return json(&self.paused?).ok();
        }
        let record = |history: &[(u64, u128)]| {
            let (changed_at, power) = *history.last()?;
            Some(PowerRecord {
                power: Uint128::new(power),
                changed_at,
            })
        };
        let member_prefix = POWER_RECORDS.key(&Addr::unchecked("")).to_vec();
        if let Some(address) = key.strip_prefix(member_prefix.as_slice()) {
            let member = Addr::unchecked(String::from_utf8(address.to_vec()).ok()?);
            return json(&record(self.members.get(&member)?)?).ok();
        }
        if key == TOTAL_POWER_RECORD.as_slice() {
            let changed_at = self
                .members
                .values()
                .filter_map(|h| h.last())
                .map(|(at, _)| *at)
                .max()?;
            return json(&PowerRecord {
                power: Uint128::new(self.total_power(None)),
                changed_at,
            })
            .ok();
        }
        let module = match std::str::from_utf8(key).ok()? {
            PROPOSAL_MODULE_KEY => &self.proposal,
            TREASURY_MODULE_KEY => &self.treasury,
            ORACLE_MODULE_KEY => &self.oracle,
            _ => return None,
        };
        json(module).ok()
    }

    fn core_query(&self, msg: core::QueryMsg) -> Result<Vec<u8>, String> {
        match msg {
            core::QueryMsg::Modules {} => json(&self.modules()),
            core::QueryMsg::PauseInfo {} => json(&match self.paused {
                Some(expiration) => PauseInfoResponse::Paused { expiration },
                None => PauseInfoResponse::Unpaused {},
            }),
            core::QueryMsg::VotingPowerAtHeight { address, height } => json(&VotingPowerResponse {
                power: Uint128::new(self.power(&Addr::unchecked(address), height)),
                height: height.unwrap_or(self.height),
            }),
            core::QueryMsg::TotalPowerAtHeight { height } => json(&VotingPowerResponse {
                power: Uint128::new(self.total_power(height)),
                height: height.unwrap_or(self.height),
            }),
            other => Err(format!("the mock dao-core does not answer {other:?}")),
        }
    }

    fn treasury_query(&self, msg: treasury::QueryMsg) -> Result<Vec<u8>, String> {
        match msg {
            treasury::QueryMsg::PolicyState {} => json(&PolicyStateResponse::new(
                self.policy.clone(),
                self.policy_version,
                self.balances.clone(),
                &Limits::full(&self.policy, self.now),
                self.now,
            )),
            treasury::QueryMsg::Policy {} => json(&PolicyResponse {
                policy: self.policy.clone(),
                version: self.policy_version,
            }),
            other => Err(format!("the mock treasury does not answer {other:?}")),
        }
    }

    fn oracle_query(&self, msg: oracle::QueryMsg) -> Result<Vec<u8>, String> {
        match msg {
            oracle::QueryMsg::Prices { assets } => json(&oracle::PricesResponse {
                prices: self
                    .prices
                    .iter()
                    .filter(|p| assets.contains(&p.asset))
                    .cloned()
                    .collect(),
            }),
            oracle::QueryMsg::Recommendation { id } => json(self.recommendation(id)?),
            oracle::QueryMsg::AdoptionTerms { id } => {
                let res = self.recommendation(id)?;
                json(&AdoptionTermsResponse::new(
                    res.recommendation.clone(),
                    res.status,
                    self.signer_problem.clone(),
                ))
            }
            other => Err(format!("the mock oracle does not answer {other:?}")),
        }
    }

    fn recommendation(&self, id: u64) -> Result<&RecommendationResponse, String> {
        self.recommendations
            .get(&id)
            .ok_or_else(|| format!("recommendation {id} not found"))
    }

    fn proposal_query(&self, msg: proposal::QueryMsg) -> Result<Vec<u8>, String> {
        match msg {
            proposal::QueryMsg::Adoption { proposal_id } => {
                let p = self
                    .proposals
                    .get(&proposal_id)
                    .copied()
                    .unwrap_or(MockProposal {
                        status: Status::Passed,
                        adopts: None,
                    });
                json(&proposal::AdoptionResponse {
                    recommendation_id: p.adopts,
                    status: p.status,
                })
            }
            other => Err(format!(
                "the mock proposal module does not answer {other:?}"
            )),
        }
    }

    fn token_query(&self, addr: &Addr, msg: Cw20QueryMsg) -> Result<Vec<u8>, String> {
        let token = &self.tokens[addr];
        match msg {
            Cw20QueryMsg::Balance { address } => json(&BalanceResponse {
                balance: token.balances.get(&address).copied().unwrap_or_default(),
            }),
            Cw20QueryMsg::TokenInfo {} => json(&token.info),
            other => Err(format!("the mock cw20 token does not answer {other:?}")),
        }
    }
}

fn parse<T: DeserializeOwned>(msg: &[u8]) -> Result<T, String> {
    serde_json::from_slice(msg).map_err(|e| format!("unparsable query: {e}"))
}

fn json(value: &impl Serialize) -> Result<Vec<u8>, String> {
    to_json_vec(value).map_err(|e| e.to_string())
}
