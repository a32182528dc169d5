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
use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{
    from_json, to_json_binary, to_json_vec, Addr, Binary, Decimal, Env, OwnedDeps, Response,
    SystemError, SystemResult,
};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::rc::Rc;
use steward_testing::dao::MockProposal;
use steward_testing::{mock_deps, MockDao, SharedDao};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::crypto::{digest, KeyAlgorithm};
use steward_types::oracle::{
    AdvisorResponse, AdvisorSignature, ExecuteMsg, InstantiateMsg, QueryMsg, RecommendationResponse,
};
use steward_types::payload::{
    PricePayload, PriceQuote, Provenance, Rationale, RecommendationPayload, StateRef,
};
use steward_types::policy::{Policy, TreasuryAction};
use steward_types::threshold::Status;

pub const DENOM: &str = "ustake";
pub const OTHER: &str = "uatom";
pub const MAX_PRICE_AGE: u64 = 600;

pub use steward_testing::TestKey;

/// The advisor every default suite registers: secp256k1.
pub fn alpha() -> TestKey {
    TestKey::secp256k1(7)
}

/// The feeder every default suite registers.
pub fn feeder_key() -> TestKey {
    TestKey::secp256k1(50)
}

pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub dao: Addr,
    pub relayer: Addr,
    pub pair: Addr,
    /// dao-core, the treasury and the proposal module, as the oracle sees
    /// them.
    pub mock_dao: SharedDao,
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
        advisors: vec![alpha().advisor_key("alpha")],
        feeders: vec![feeder_key().feeder("feeder-1")],
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
        let env = mock_env();
        let api = MockApi::default();
        let mut mock = MockDao::new(&api);
        mock.oracle = env.contract.address.clone();
        let mock_dao = Rc::new(RefCell::new(mock));
        let deps = mock_deps(&mock_dao);
        let mut suite = Suite {
            dao: api.addr_make("dao-core"),
            relayer: api.addr_make("relayer"),
            pair: api.addr_make("pair"),
            env,
            deps,
            mock_dao,
        };
        suite.set_treasury(1, default_policy(&api));
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

    /// The treasury answers `PolicyState` with `policy` at `policy_version`,
    /// holding 10,000,000 of `DENOM` and 5,000,000 of `OTHER`, its limits full
    /// now.
    pub fn set_treasury(&mut self, policy_version: u64, policy: Policy) {
        let mut mock = self.mock_dao.borrow_mut();
        mock.policy = policy;
        mock.policy_version = policy_version;
        mock.balances = vec![
            AssetAmount::new(AssetInfo::native(DENOM), 10_000_000u128),
            AssetAmount::new(AssetInfo::native(OTHER), 5_000_000u128),
        ];
        mock.now = self.env.block.time.seconds();
    }

    /// The proposal module answers that proposal `proposal_id` adopts
    /// recommendation `id` and is being executed.
    pub fn set_adoption(&mut self, proposal_id: u64, id: u64) {
        self.mock_dao.borrow_mut().proposals.insert(
            proposal_id,
            MockProposal {
                status: Status::Executed,
                adopts: Some(id),
            },
        );
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
            self.set_adoption(*proposal_id, *id);
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
