//! The DAO around the contract under test: who is who, the keys that sign,
//! the messages that build each contract, and the answers a contract gets when
//! it queries the others.
//!
//! Each contract runs alone on its VM instance, so dao-core, the treasury and
//! the oracle it queries are played by the mock querier, answering with
//! `steward-types` responses serialised to JSON.

use std::cell::RefCell;

use cosmwasm_std::testing::{mock_env, MockApi};
use cosmwasm_std::{Addr, Coin, Decimal, Env, Uint128};
use cosmwasm_std_vm as std3;
use cosmwasm_vm::testing::MockQuerier;
use cw_utils::Duration;
use serde::Serialize;
use steward_types::asset::{amount_of, AssetAmount, AssetInfo};
use steward_types::core::{self, Member, ModuleInstantiate, VotingConfig};
use steward_types::oracle::{self, AdvisorSignature};
use steward_types::payload::{
    PricePayload, PriceQuote, Provenance, Rationale, RecommendationPayload, StateRef,
};
use steward_types::policy::{Policy, PriceInfo, TreasuryAction};
use steward_types::proposal::{self, Timelock};
use steward_types::threshold::{PercentageThreshold, Threshold};
use steward_types::treasury;

// The same test keys, assets and ids as the multi-test suites.
pub use steward_testing::TestKey;
use steward_testing::{defaults, Answer, MockDao, Request};
pub use steward_tests::suite::{ADVISOR, ADVISOR_ED, ATOM, FEEDER, USD};
/// Code ids dao-core is told to instantiate its modules from.
pub const PROPOSAL_CODE_ID: u64 = 2;
pub const TREASURY_CODE_ID: u64 = 3;
pub const ORACLE_CODE_ID: u64 = 4;
/// Policy version the treasury reports.
pub const POLICY_VERSION: u64 = 1;

/// Everyone and everything in the DAO.
pub struct World {
    pub deployer: Addr,
    pub guardian: Addr,
    pub vetoer: Addr,
    pub relayer: Addr,
    pub recipient: Addr,
    pub outsider: Addr,
    /// Members and their weights.
    pub members: Vec<(Addr, u64)>,
    pub core: Addr,
    pub proposal: Addr,
    pub treasury: Addr,
    pub oracle: Addr,
    /// The allow-listed swap venue.
    pub pair: Addr,
    pub advisor: TestKey,
    pub advisor_ed: TestKey,
    pub feeder: TestKey,
    pub policy: Policy,
    /// What the treasury holds.
    pub treasury_funds: Vec<Coin>,
    /// The block every contract starts at.
    pub env: Env,
}

impl Default for World {
    fn default() -> Self {
        // Bech32 addresses with the prefix the VM's mock API validates.
        let api = MockApi::default();
        let addr = |name: &str| api.addr_make(name);
        let pair = addr("pair");
        World {
            deployer: addr("deployer"),
            guardian: addr("guardian"),
            vetoer: addr("vetoer"),
            relayer: addr("relayer"),
            recipient: addr("recipient"),
            outsider: addr("outsider"),
            members: vec![(addr("alice"), 40), (addr("bob"), 30), (addr("carol"), 30)],
            core: addr("steward-core"),
            proposal: addr("steward-proposal"),
            treasury: addr("steward-treasury"),
            oracle: addr("steward-oracle"),
            advisor: TestKey::secp256k1(7),
            advisor_ed: TestKey::ed25519(9),
            feeder: TestKey::secp256k1(11),
            policy: Policy {
                period_seconds: 86_400,
                allowances: vec![
                    AssetAmount::new(AssetInfo::native(USD), 10_000_000u128),
                    AssetAmount::new(AssetInfo::native(ATOM), 2_000_000u128),
                ],
                max_nav_share_bps: Some(2_500),
                recipient_allowlist: None,
                venue_allowlist: vec![pair.to_string()],
                min_reserves: vec![AssetAmount::new(AssetInfo::native(USD), 1_000_000u128)],
                max_slippage_bps: 300,
                max_price_age_seconds: 3_600,
            },
            pair,
            treasury_funds: vec![
                Coin::new(50_000_000u128, USD),
                Coin::new(10_000_000u128, ATOM),
            ],
            env: mock_env(),
        }
    }
}

impl World {
    pub fn member(&self, i: usize) -> &Addr {
        &self.members[i].0
    }

    pub fn now(&self) -> u64 {
        self.env.block.time.seconds()
    }

    // ---- instantiate messages ----

    pub fn proposal_config(&self) -> proposal::Config {
        proposal::Config {
            threshold: Threshold::AbsolutePercentage {
                percentage: PercentageThreshold::Majority {},
            },
            voting_period: Duration::Time(86_400),
            min_voting_period: None,
            allow_revoting: false,
            only_members_execute: false,
            timelock: None,
            adoption_timelock: Timelock {
                duration: Duration::Time(3_600),
                vetoer: self.vetoer.to_string(),
            },
            execution_window: Some(Duration::Time(7 * 86_400)),
            governance: None,
        }
    }

    pub fn proposal_instantiate(&self) -> proposal::InstantiateMsg {
        proposal::InstantiateMsg {
            config: self.proposal_config(),
        }
    }

    pub fn treasury_instantiate(&self) -> treasury::InstantiateMsg {
        treasury::InstantiateMsg {
            policy: self.policy.clone(),
        }
    }

    /// Both advisor keys and the feeder registered from the start, quorum 1.
    pub fn oracle_instantiate(&self) -> oracle::InstantiateMsg {
        oracle::InstantiateMsg {
            quorum: 1,
            advisors: vec![
                self.advisor.advisor_key(ADVISOR),
                self.advisor_ed.advisor_key(ADVISOR_ED),
            ],
            feeders: vec![self.feeder.feeder(FEEDER)],
            max_price_age_seconds: 3_600,
            outcome_horizon_seconds: None,
        }
    }

    pub fn core_instantiate(&self) -> core::InstantiateMsg {
        core::InstantiateMsg {
            name: "Steward VM DAO".into(),
            description: "A DAO whose treasury an AI advises".into(),
            members: self
                .members
                .iter()
                .map(|(addr, weight)| Member {
                    addr: addr.to_string(),
                    weight: *weight,
                })
                .collect(),
            voting: VotingConfig::Members {},
            guardian: Some(self.guardian.to_string()),
            proposal: module(
                PROPOSAL_CODE_ID,
                "steward-proposal",
                &self.proposal_instantiate(),
            ),
            treasury: module(
                TREASURY_CODE_ID,
                "steward-treasury",
                &self.treasury_instantiate(),
            ),
            oracle: module(ORACLE_CODE_ID, "steward-oracle", &self.oracle_instantiate()),
        }
    }

    // ---- signed payloads ----

    /// A transfer of `amount` uusd to the recipient.
    pub fn transfer(&self, amount: u128) -> TreasuryAction {
        defaults::transfer(USD, amount, self.recipient.as_str())
    }

    /// A recommendation for this chain and oracle, valid for a day from now.
    pub fn recommendation(
        &self,
        advisor: &str,
        nonce: u64,
        actions: Vec<TreasuryAction>,
    ) -> RecommendationPayload {
        let now = self.now();
        RecommendationPayload {
            chain_id: self.env.block.chain_id.clone(),
            oracle: self.oracle.to_string(),
            advisor: advisor.into(),
            nonce,
            issued_at: now,
            expires_at: now + 86_400,
            policy_version: POLICY_VERSION,
            state: StateRef {
                height: self.env.block.height,
                digest: "ab".repeat(32),
            },
            actions,
            governance: vec![],
            provenance: Provenance {
                strategy: "rebalance".into(),
                strategy_version: "1.0.0".into(),
                model_id: None,
                config_digest: "cd".repeat(32),
                rationale: Rationale {
                    text: "Pay the grants recipient from the stable surplus".into(),
                    uri: None,
                    digest: None,
                },
                confidence_bps: 8_000,
            },
        }
    }

    /// The submission of `payload`, serialised once and signed by `key` as `key_id`.
    pub fn submission(
        &self,
        payload: &RecommendationPayload,
        key: &TestKey,
        key_id: &str,
    ) -> oracle::ExecuteMsg {
        let bytes = serde_json::to_vec(payload).expect("payload serialises");
        oracle::ExecuteMsg::SubmitRecommendation {
            signatures: vec![AdvisorSignature {
                key_id: key_id.into(),
                signature: key.sign(&bytes),
            }],
            payload: bytes.into(),
        }
    }

    /// The oracle prices the mock treasury and the feeder agree on.
    pub fn prices(&self) -> Vec<PriceInfo> {
        [
            (USD, Decimal::one()),
            (ATOM, Decimal::from_ratio(10u128, 1u128)),
        ]
        .into_iter()
        .map(|(denom, price)| PriceInfo {
            asset: AssetInfo::native(denom),
            price,
            publish_time: self.now(),
        })
        .collect()
    }

    /// The feeder's signed price update, published now.
    pub fn price_submission(&self) -> oracle::ExecuteMsg {
        let payload = PricePayload {
            chain_id: self.env.block.chain_id.clone(),
            oracle: self.oracle.to_string(),
            feeder: FEEDER.into(),
            publish_time: self.now(),
            prices: self
                .prices()
                .into_iter()
                .map(|p| PriceQuote {
                    asset: p.asset,
                    price: p.price,
                })
                .collect(),
        };
        let bytes = serde_json::to_vec(&payload).expect("payload serialises");
        oracle::ExecuteMsg::SubmitPrices {
            signature: self.feeder.sign(&bytes),
            payload: bytes.into(),
        }
    }

    // ---- the rest of the DAO, as a querier ----

    /// dao-core, the treasury and the oracle as the shared mock DAO plays
    /// them: the members' weights (recorded at genesis), the policy with its
    /// limits full now, what the treasury holds of each allowance's asset,
    /// the prices.
    pub fn mock_dao(&self) -> MockDao {
        let mut dao = MockDao::new(&MockApi::default());
        dao.core = self.core.clone();
        dao.proposal = self.proposal.clone();
        dao.treasury = self.treasury.clone();
        dao.oracle = self.oracle.clone();
        for (member, weight) in &self.members {
            dao.set_power(member, 0, u128::from(*weight));
        }
        dao.height = self.env.block.height;
        dao.now = self.now();
        dao.policy = self.policy.clone();
        dao.policy_version = POLICY_VERSION;
        dao.balances = self
            .policy
            .allowances
            .iter()
            .map(|a| {
                let held = self
                    .treasury_funds
                    .iter()
                    .find(|c| AssetInfo::native(&c.denom) == a.info)
                    .map(|c| c.amount)
                    .unwrap_or_default();
                AssetAmount::new(a.info.clone(), held)
            })
            .collect();
        dao.prices = self.prices();
        dao
    }

    /// A VM querier holding the treasury's bank balance, whose wasm queries
    /// [`Self::mock_dao`] answers.
    pub fn querier(&self) -> MockQuerier {
        let funds: Vec<std3::Coin> = self
            .treasury_funds
            .iter()
            .map(|c| std3::Coin::new(c.amount.u128(), c.denom.clone()))
            .collect();
        let mut querier = MockQuerier::new(&[(self.treasury.as_str(), &funds)]);
        let dao = RefCell::new(self.mock_dao());
        querier.update_wasm(move |query| answer(&mut dao.borrow_mut(), query));
        querier
    }
}

/// The mock DAO's answer to a wasm query of the VM's cosmwasm-std 3 types.
fn answer(dao: &mut MockDao, query: &std3::WasmQuery) -> std3::QuerierResult {
    let (contract, request) = match query {
        std3::WasmQuery::Smart { contract_addr, msg } => {
            (contract_addr, Request::Smart(msg.as_slice()))
        }
        std3::WasmQuery::Raw { contract_addr, key } => {
            (contract_addr, Request::Raw(key.as_slice()))
        }
        _ => {
            return std3::SystemResult::Err(std3::SystemError::UnsupportedRequest {
                kind: "wasm queries other than smart and raw".into(),
            })
        }
    };
    match dao.answer(contract, request) {
        Answer::Ok(bytes) => {
            std3::SystemResult::Ok(std3::ContractResult::Ok(std3::Binary::new(bytes)))
        }
        Answer::Err(error) => std3::SystemResult::Ok(std3::ContractResult::Err(error)),
        Answer::NoSuchContract => std3::SystemResult::Err(std3::SystemError::NoSuchContract {
            addr: contract.clone(),
        }),
    }
}

fn module(code_id: u64, label: &str, msg: &impl Serialize) -> ModuleInstantiate {
    ModuleInstantiate::new(code_id, label, msg).expect("instantiate message serialises")
}

/// The amount of `denom` in a list of assets.
pub fn native_amount(list: &[AssetAmount], denom: &str) -> Uint128 {
    amount_of(list, &AssetInfo::native(denom))
}
