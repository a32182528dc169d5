//! Unit tests: real secp256k1 and ed25519 signatures, dao-core and treasury
//! answered through the mock querier.

mod history;
mod instantiate;
mod keys;
mod migrate;
mod outcomes;
mod prices;
mod queries;
mod signatures;
mod status;
mod submit;

use crate::contract::{execute, instantiate, query};
use crate::error::ContractError;
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, to_json_vec, Addr, Binary, ContractResult, Decimal, Env, OwnedDeps,
    Response, SystemError, SystemResult, WasmQuery,
};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::core::{self, ModulesResponse};
use steward_types::crypto::{digest, KeyAlgorithm};
use steward_types::oracle::{
    AdvisorKeyMsg, AdvisorResponse, AdvisorSignature, ExecuteMsg, FeederMsg, InstantiateMsg,
    QueryMsg, RecommendationResponse,
};
use steward_types::payload::{
    PricePayload, PriceQuote, Provenance, Rationale, RecommendationPayload, StateRef,
};
use steward_types::policy::{Limits, Policy, TreasuryAction};
use steward_types::proposal;
use steward_types::threshold::Status;
use steward_types::treasury::{self, PolicyStateResponse};

pub const DENOM: &str = "ustake";
pub const OTHER: &str = "uatom";
pub const MAX_PRICE_AGE: u64 = 600;

/// A signing key held by a test advisor or feeder.
pub enum TestKey {
    Secp(k256::ecdsa::SigningKey),
    Ed(ed25519_dalek::SigningKey),
}

impl TestKey {
    pub fn secp(seed: u8) -> Self {
        TestKey::Secp(k256::ecdsa::SigningKey::from_bytes(&[seed; 32].into()).unwrap())
    }

    pub fn ed(seed: u8) -> Self {
        TestKey::Ed(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
    }

    pub fn algorithm(&self) -> KeyAlgorithm {
        match self {
            TestKey::Secp(_) => KeyAlgorithm::Secp256k1,
            TestKey::Ed(_) => KeyAlgorithm::Ed25519,
        }
    }

    pub fn public_key(&self) -> Binary {
        match self {
            TestKey::Secp(sk) => Binary::from(sk.verifying_key().to_encoded_point(true).as_bytes()),
            TestKey::Ed(sk) => Binary::from(sk.verifying_key().to_bytes()),
        }
    }

    /// 65-byte uncompressed form of a secp256k1 key.
    pub fn uncompressed_public_key(&self) -> Binary {
        match self {
            TestKey::Secp(sk) => {
                Binary::from(sk.verifying_key().to_encoded_point(false).as_bytes())
            }
            TestKey::Ed(_) => panic!("ed25519 keys have one form"),
        }
    }

    /// Signs `sha256(bytes)`, as advisors and feeders do.
    pub fn sign(&self, bytes: &[u8]) -> Binary {
        let hash = digest(bytes);
        match self {
            TestKey::Secp(sk) => {
                use k256::ecdsa::signature::hazmat::PrehashSigner;
                let sig: k256::ecdsa::Signature = sk.sign_prehash(&hash).unwrap();
                Binary::from(sig.to_vec())
            }
            TestKey::Ed(sk) => {
                use ed25519_dalek::Signer;
                Binary::from(sk.sign(&hash).to_bytes())
            }
        }
    }

    pub fn advisor_msg(&self, id: &str) -> AdvisorKeyMsg {
        AdvisorKeyMsg {
            id: id.to_string(),
            algorithm: self.algorithm(),
            public_key: self.public_key(),
            active_from: None,
            expires_at: None,
        }
    }

    pub fn feeder_msg(&self, id: &str) -> FeederMsg {
        FeederMsg {
            id: id.to_string(),
            algorithm: self.algorithm(),
            public_key: self.public_key(),
        }
    }
}

/// The advisor every default suite registers: secp256k1.
pub fn alpha() -> TestKey {
    TestKey::secp(7)
}

/// The feeder every default suite registers.
pub fn feeder_key() -> TestKey {
    TestKey::secp(50)
}

pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub dao: Addr,
    pub treasury: Addr,
    pub relayer: Addr,
    pub pair: Addr,
    /// Proposal id -> the recommendation it adopts, as the proposal module
    /// answers `Adoption` (every one of them being executed).
    pub adoptions: Rc<RefCell<BTreeMap<u64, u64>>>,
}

pub fn default_policy(api: &MockApi) -> Policy {
    Policy {
        period_seconds: 86_400,
        allowances: vec![
            AssetAmount::new(AssetInfo::native(DENOM), 1_000_000u128),
            AssetAmount::new(AssetInfo::native(OTHER), 1_000_000u128),
        ],
        max_nav_share_bps: None,
        recipient_allowlist: None,
        venue_allowlist: vec![api.addr_make("pair").into_string()],
        min_reserves: vec![],
        max_slippage_bps: 100,
        max_price_age_seconds: 600,
    }
}

pub fn default_instantiate() -> InstantiateMsg {
    InstantiateMsg {
        quorum: 1,
        advisors: vec![alpha().advisor_msg("alpha")],
        feeders: vec![feeder_key().feeder_msg("feeder-1")],
        max_price_age_seconds: MAX_PRICE_AGE,
        outcome_horizon_seconds: None,
    }
}

impl Suite {
    /// One secp256k1 advisor `alpha`, quorum 1, one feeder `feeder-1`.
    pub fn new() -> Self {
        Self::with(default_instantiate())
    }

    pub fn with(msg: InstantiateMsg) -> Self {
        let mut suite = Self::bare();
        instantiate(
            suite.deps.as_mut(),
            suite.env.clone(),
            message_info(&suite.dao, &[]),
            msg,
        )
        .unwrap();
        suite
    }

    /// Not yet instantiated.
    pub fn bare() -> Self {
        let deps = mock_dependencies();
        let dao = deps.api.addr_make("dao-core");
        let treasury = deps.api.addr_make("treasury");
        let relayer = deps.api.addr_make("relayer");
        let pair = deps.api.addr_make("pair");
        let mut suite = Suite {
            env: mock_env(),
            dao,
            treasury,
            relayer,
            pair,
            deps,
            adoptions: Rc::default(),
        };
        suite.set_treasury(1, default_policy(&suite.deps.api));
        suite
    }

    pub fn try_instantiate(&mut self, msg: InstantiateMsg) -> Result<Response, ContractError> {
        instantiate(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(&self.dao, &[]),
            msg,
        )
    }

    /// dao-core answers `Modules`, the treasury answers `PolicyState`.
    pub fn set_treasury(&mut self, policy_version: u64, policy: Policy) {
        let dao = self.dao.to_string();
        let treasury_addr = self.treasury.to_string();
        let proposal_addr = self.deps.api.addr_make("proposal").to_string();
        let adoptions = self.adoptions.clone();
        let modules = ModulesResponse {
            proposal: self.deps.api.addr_make("proposal"),
            treasury: self.treasury.clone(),
            oracle: self.env.contract.address.clone(),
        };
        let now = self.env.block.time.seconds();
        let state = PolicyStateResponse::new(
            policy.clone(),
            policy_version,
            vec![
                AssetAmount::new(AssetInfo::native(DENOM), 10_000_000u128),
                AssetAmount::new(AssetInfo::native(OTHER), 5_000_000u128),
            ],
            &Limits::full(&policy, now),
            now,
        );
        self.deps.querier.update_wasm(move |q| match q {
            // Nothing is stored raw here: the handles fall back to smart queries.
            WasmQuery::Raw { .. } => SystemResult::Ok(ContractResult::Ok(Default::default())),
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == dao => {
                match from_json::<core::QueryMsg>(msg) {
                    Ok(core::QueryMsg::Modules {}) => {
                        SystemResult::Ok(ContractResult::Ok(to_json_binary(&modules).unwrap()))
                    }
                    _ => SystemResult::Ok(ContractResult::Err("unexpected query".into())),
                }
            }
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == treasury_addr => {
                match from_json::<treasury::QueryMsg>(msg) {
                    Ok(treasury::QueryMsg::PolicyState {}) => {
                        SystemResult::Ok(ContractResult::Ok(to_json_binary(&state).unwrap()))
                    }
                    _ => SystemResult::Ok(ContractResult::Err("unexpected query".into())),
                }
            }
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == proposal_addr => {
                match from_json::<proposal::QueryMsg>(msg) {
                    Ok(proposal::QueryMsg::Adoption { proposal_id }) => {
                        let adopts = adoptions.borrow().get(&proposal_id).copied();
                        let res = proposal::AdoptionResponse {
                            recommendation_id: adopts,
                            status: if adopts.is_some() {
                                Status::Executed
                            } else {
                                Status::Passed
                            },
                        };
                        SystemResult::Ok(ContractResult::Ok(to_json_binary(&res).unwrap()))
                    }
                    _ => SystemResult::Ok(ContractResult::Err("unexpected query".into())),
                }
            }
            _ => SystemResult::Err(SystemError::NoSuchContract {
                addr: "unknown".into(),
            }),
        });
    }

    pub fn now(&self) -> u64 {
        self.env.block.time.seconds()
    }

    pub fn advance(&mut self, seconds: u64) {
        self.env.block.time = self.env.block.time.plus_seconds(seconds);
        self.env.block.height += seconds / 5;
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.deps.api.addr_make(name)
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    /// As dao-core. A `MarkExecuted` comes from the adoption proposal it names,
    /// being executed (see `exec_dao_unchecked` for one that does not).
    pub fn exec_dao(&mut self, msg: ExecuteMsg) -> Result<Response, ContractError> {
        if let ExecuteMsg::MarkExecuted {
            id, proposal_id, ..
        } = &msg
        {
            self.adoptions.borrow_mut().insert(*proposal_id, *id);
        }
        self.exec_dao_unchecked(msg)
    }

    /// As dao-core, whatever proposal is executing.
    pub fn exec_dao_unchecked(&mut self, msg: ExecuteMsg) -> Result<Response, ContractError> {
        let dao = self.dao.clone();
        self.exec(&dao, msg)
    }

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn query_err(&self, msg: QueryMsg) -> ContractError {
        query(self.deps.as_ref(), self.env.clone(), msg).unwrap_err()
    }

    pub fn advisor(&self, id: &str) -> AdvisorResponse {
        self.query(QueryMsg::Advisor { id: id.into() })
    }

    pub fn recommendation(&self, id: u64) -> RecommendationResponse {
        self.query(QueryMsg::Recommendation { id })
    }

    /// A valid payload of `advisor` with `nonce`: one small transfer, expiring in an hour.
    pub fn payload(&self, advisor: &str, nonce: u64) -> RecommendationPayload {
        let now = self.now();
        RecommendationPayload {
            chain_id: self.env.block.chain_id.clone(),
            oracle: self.env.contract.address.to_string(),
            advisor: advisor.to_string(),
            nonce,
            issued_at: now,
            expires_at: now + 3600,
            policy_version: 1,
            state: StateRef {
                height: self.env.block.height,
                digest: "ab".repeat(32),
            },
            actions: vec![TreasuryAction::Transfer {
                asset: AssetInfo::native(DENOM),
                amount: 1_000u128.into(),
                recipient: self.addr("grantee").into_string(),
            }],
            governance: vec![],
            provenance: Provenance {
                strategy: "rebalance".into(),
                strategy_version: "1.0.0".into(),
                model_id: None,
                config_digest: "cd".repeat(32),
                rationale: Rationale {
                    text: "keep runway".into(),
                    uri: None,
                    digest: None,
                },
                confidence_bps: 8_000,
            },
        }
    }

    pub fn submit_bytes(
        &mut self,
        bytes: &[u8],
        signers: &[(&str, &TestKey)],
    ) -> Result<Response, ContractError> {
        let signatures = signers
            .iter()
            .map(|(id, key)| AdvisorSignature {
                key_id: id.to_string(),
                signature: key.sign(bytes),
            })
            .collect();
        let relayer = self.relayer.clone();
        self.exec(
            &relayer,
            ExecuteMsg::SubmitRecommendation {
                payload: Binary::from(bytes),
                signatures,
            },
        )
    }

    pub fn submit(
        &mut self,
        payload: &RecommendationPayload,
        signers: &[(&str, &TestKey)],
    ) -> Result<Response, ContractError> {
        self.submit_bytes(&to_json_vec(payload).unwrap(), signers)
    }

    /// Submits a valid recommendation by `alpha` and returns its id.
    pub fn submit_ok(&mut self, nonce: u64, expires_in: u64) -> u64 {
        let mut p = self.payload("alpha", nonce);
        p.expires_at = self.now() + expires_in;
        let res = self.submit(&p, &[("alpha", &alpha())]).unwrap();
        attr(&res, "id").parse().unwrap()
    }

    pub fn price_payload(
        &self,
        feeder: &str,
        publish_time: u64,
        prices: &[(AssetInfo, Decimal)],
    ) -> PricePayload {
        PricePayload {
            chain_id: self.env.block.chain_id.clone(),
            oracle: self.env.contract.address.to_string(),
            feeder: feeder.to_string(),
            publish_time,
            prices: prices
                .iter()
                .map(|(asset, price)| PriceQuote {
                    asset: asset.clone(),
                    price: *price,
                })
                .collect(),
        }
    }

    pub fn submit_prices(
        &mut self,
        payload: &PricePayload,
        key: &TestKey,
    ) -> Result<Response, ContractError> {
        let bytes = to_json_vec(payload).unwrap();
        let signature = key.sign(&bytes);
        let relayer = self.relayer.clone();
        self.exec(
            &relayer,
            ExecuteMsg::SubmitPrices {
                payload: Binary::from(bytes),
                signature,
            },
        )
    }
}

pub fn attr(res: &Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key}"))
        .value
        .clone()
}
