//! What the fuzz targets share: each contract instantiated once on mock
//! dependencies, a querier that answers for the other modules, and a runner
//! that decodes a message from the fuzz input and executes it on a fresh copy
//! of the instantiated state.
//!
//! Input layout for the execute targets: byte 0 picks the sender (the DAO, a
//! member, an outsider, ...), byte 1 how far the clock has moved since
//! instantiation, the rest is the JSON of the contract's `ExecuteMsg`.

use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, ContractResult, Decimal, Empty, Env, MessageInfo,
    Order, OwnedDeps, Storage, SystemResult, Uint128, WasmQuery,
};
use serde_json::Value;
use std::marker::PhantomData;
use steward_types::asset::AssetInfo;
use steward_types::core::{ModulesResponse, PauseInfoResponse, VotingPowerResponse};
use steward_types::oracle::PricesResponse;
use steward_types::policy::PriceInfo;

/// Addresses every target uses.
pub struct Addrs {
    pub dao: Addr,
    pub proposal: Addr,
    pub treasury: Addr,
    pub oracle: Addr,
    pub token: Addr,
    pub pair: Addr,
    pub members: [Addr; 3],
    pub outsider: Addr,
    pub guardian: Addr,
    pub vetoer: Addr,
}

impl Addrs {
    pub fn new() -> Addrs {
        let api = MockApi::default();
        Addrs {
            dao: api.addr_make("dao"),
            proposal: api.addr_make("proposal"),
            treasury: api.addr_make("treasury"),
            oracle: api.addr_make("oracle"),
            token: api.addr_make("token"),
            pair: api.addr_make("pair"),
            members: [
                api.addr_make("alice"),
                api.addr_make("bob"),
                api.addr_make("carol"),
            ],
            outsider: api.addr_make("outsider"),
            guardian: api.addr_make("guardian"),
            vetoer: api.addr_make("vetoer"),
        }
    }

    /// The sender byte 0 of an input picks.
    pub fn sender(&self, byte: u8) -> Addr {
        match byte % 8 {
            0 | 1 => self.dao.clone(),
            2 => self.members[0].clone(),
            3 => self.members[1].clone(),
            4 => self.outsider.clone(),
            5 => self.guardian.clone(),
            6 => self.vetoer.clone(),
            _ => self.token.clone(),
        }
    }
}

impl Default for Addrs {
    fn default() -> Self {
        Addrs::new()
    }
}

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier, Empty>;

/// Mock dependencies whose querier answers as the other modules would:
/// dao-core (modules, pause, voting power), the oracle (prices), the
/// treasury (policy state), the token (balances). Anything else is refused.
pub fn deps(addrs: &Addrs) -> Deps {
    let mut querier = MockQuerier::default();
    querier.bank.update_balance(
        addrs.treasury.as_str(),
        vec![
            cosmwasm_std::coin(50_000_000, "uusd"),
            cosmwasm_std::coin(10_000_000, "uatom"),
        ],
    );
    let modules = ModulesResponse {
        proposal: addrs.proposal.clone(),
        treasury: addrs.treasury.clone(),
        oracle: addrs.oracle.clone(),
    };
    let token = addrs.token.clone();
    // What the treasury would answer: the instances' policy, untouched limits.
    let policy_state = steward_types::treasury::PolicyStateResponse {
        policy: policy(addrs),
        policy_version: 1,
        balances: vec![
            steward_types::asset::AssetAmount::new(AssetInfo::native("uusd"), 50_000_000u128),
            steward_types::asset::AssetAmount::new(AssetInfo::native("uatom"), 10_000_000u128),
        ],
        now: mock_env().block.time.seconds(),
        limits: Default::default(),
        asset_limits: vec![],
        nav_limit: None,
    };
    querier.update_wasm(move |q| {
        let (msg, contract_addr) = match q {
            WasmQuery::Smart { msg, contract_addr } => (msg, contract_addr),
            // Nothing is stored raw here: the handles fall back to smart queries.
            WasmQuery::Raw { .. } => return SystemResult::Ok(ContractResult::Ok(Default::default())),
            _ => return SystemResult::Ok(ContractResult::Err("unsupported query".into())),
        };
        let msg: Value = match from_json(msg) {
            Ok(v) => v,
            Err(e) => return SystemResult::Ok(ContractResult::Err(e.to_string())),
        };
        let key = msg
            .as_object()
            .and_then(|o| o.keys().next().cloned())
            .unwrap_or_default();
        let answer = match key.as_str() {
            "modules" => to_json_binary(&modules),
            "policy_state" => to_json_binary(&policy_state),
            "pause_info" => to_json_binary(&PauseInfoResponse::Unpaused {}),
            "voting_power_at_height" | "total_power_at_height" => {
                to_json_binary(&VotingPowerResponse {
                    power: Uint128::new(100),
                    height: 12_345,
                })
            }
            "prices" => to_json_binary(&PricesResponse {
                prices: ["uusd", "uatom"]
                    .iter()
                    .map(|d| PriceInfo {
                        asset: AssetInfo::native(*d),
                        price: Decimal::one(),
                        publish_time: mock_env().block.time.seconds(),
                    })
                    .chain(std::iter::once(PriceInfo {
                        asset: AssetInfo::cw20(token.as_str()),
                        price: Decimal::percent(200),
                        publish_time: mock_env().block.time.seconds(),
                    }))
                    .collect(),
            }),
            "balance" if *contract_addr == token.as_str() => {
                to_json_binary(&cw20::BalanceResponse {
                    balance: Uint128::new(1_000_000),
                })
            }
            _ => return SystemResult::Ok(ContractResult::Err(format!("no answer for {key}"))),
        };
        SystemResult::Ok(ContractResult::Ok(answer.expect("answers serialise")))
    });
    OwnedDeps {
        storage: MockStorage::default(),
        api: MockApi::default(),
        querier,
        custom_query_type: PhantomData,
    }
}

/// The state a contract had after instantiation, to start each input from.
pub struct Instance {
    pub addrs: Addrs,
    pub contract: Addr,
    state: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Instance {
    /// Instantiates with `init` (run on fresh mock dependencies as `contract`).
    pub fn new(
        contract: fn(&Addrs) -> Addr,
        init: impl FnOnce(&mut Deps, Env, &Addrs),
    ) -> Instance {
        let addrs = Addrs::new();
        let contract = contract(&addrs);
        let mut d = deps(&addrs);
        let mut env = mock_env();
        env.contract.address = contract.clone();
        init(&mut d, env, &addrs);
        let state = d
            .storage
            .range(None, None, Order::Ascending)
            .collect::<Vec<_>>();
        Instance {
            addrs,
            contract,
            state,
        }
    }

    /// Fresh dependencies holding the instantiated state.
    pub fn fresh(&self) -> Deps {
        let mut d = deps(&self.addrs);
        for (k, v) in &self.state {
            d.storage.set(k, v);
        }
        d
    }

    /// The environment and sender an input's first two bytes pick, and the
    /// rest of the input. `None` when the input is too short.
    pub fn split<'a>(&self, data: &'a [u8]) -> Option<(Env, MessageInfo, &'a [u8])> {
        let (&who, rest) = data.split_first()?;
        let (&clock, rest) = rest.split_first()?;
        let mut env = mock_env();
        env.contract.address = self.contract.clone();
        let seconds = match clock % 4 {
            0 => 0,
            1 => u64::from(clock) * 60,
            2 => u64::from(clock) * 86_400,
            // decades later: far past every configured duration
            _ => u64::from(clock % 16) * 6 * 365 * 86_400,
        };
        env.block.time = env.block.time.plus_seconds(seconds);
        env.block.height += seconds / 5;
        let info = message_info(&self.addrs.sender(who), &[]);
        Some((env, info, rest))
    }
}

/// Decodes a message, or `None` when the bytes are not one.
pub fn decode<M: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<M> {
    from_json(Binary::from(bytes)).ok()
}

/// The treasury policy every instance starts with.
pub fn policy(addrs: &Addrs) -> steward_types::policy::Policy {
    use steward_types::asset::AssetAmount;
    steward_types::policy::Policy {
        period_seconds: 86_400,
        allowances: vec![
            AssetAmount::new(AssetInfo::native("uusd"), 10_000_000u128),
            AssetAmount::new(AssetInfo::native("uatom"), 2_000_000u128),
            AssetAmount::new(AssetInfo::cw20(addrs.token.as_str()), 500_000u128),
        ],
        max_nav_share_bps: Some(2_500),
        recipient_allowlist: None,
        venue_allowlist: vec![addrs.pair.to_string()],
        min_reserves: vec![AssetAmount::new(AssetInfo::native("uusd"), 1_000_000u128)],
        max_slippage_bps: 300,
        max_price_age_seconds: 3_600,
    }
}

/// The proposal module's configuration every instance starts with.
pub fn proposal_config(addrs: &Addrs) -> steward_types::proposal::Config {
    use cw_utils::Duration;
    use steward_types::proposal::Timelock;
    use steward_types::threshold::{PercentageThreshold, Threshold};
    steward_types::proposal::Config {
        threshold: Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Majority {},
        },
        voting_period: Duration::Time(86_400),
        min_voting_period: None,
        allow_revoting: false,
        only_members_execute: false,
        timelock: Some(Timelock {
            duration: Duration::Time(600),
            vetoer: addrs.vetoer.to_string(),
        }),
        adoption_timelock: Timelock {
            duration: Duration::Time(3_600),
            vetoer: addrs.vetoer.to_string(),
        },
        execution_window: Some(Duration::Time(7 * 86_400)),
        governance: None,
    }
}

/// A compressed secp256k1 public key (the generator point) for keys that
/// must parse but never verify.
pub fn test_public_key() -> Binary {
    Binary::from(
        [
            0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce,
            0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81,
            0x5b, 0x16, 0xf8, 0x17, 0x98,
        ]
        .to_vec(),
    )
}
