//! A mock chain around the proposal contract: dao-core, oracle and treasury
//! answer queries from a shared, mutable world.

use crate::contract::{execute, instantiate, query, reply};
use crate::error::ContractError;
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, ContractResult, Decimal, Env, OwnedDeps, Reply,
    Response, SubMsgResult, SystemError, SystemResult, Uint128, WasmQuery,
};
use cw_utils::{Duration, Expiration};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use steward_types::asset::AssetInfo;
use steward_types::core::stored::{self, PowerRecord, POWER_RECORDS, TOTAL_POWER_RECORD};
use steward_types::core::{
    ModulesResponse, PauseInfoResponse, QueryMsg as CoreQuery, VotingPowerResponse,
};
use steward_types::oracle::{
    AdoptionTermsResponse, QueryMsg as OracleQuery, Recommendation, RecommendationResponse,
    RecommendationStatus,
};
use steward_types::payload::{Provenance, Rationale, RecommendationPayload, StateRef};
use steward_types::policy::{Policy, TreasuryAction};
use steward_types::proposal::{Config, ExecuteMsg, InstantiateMsg, ProposalAction, Timelock};
use steward_types::threshold::{PercentageThreshold, Threshold, Vote};
use steward_types::treasury::stored::POLICY_VERSION;
use steward_types::treasury::{PolicyResponse, QueryMsg as TreasuryQuery};

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

/// What the sibling contracts know.
#[derive(Default)]
pub struct World {
    /// Member -> history of (height its power was recorded at, power). Power
    /// recorded at height h counts for queries at heights above h, as in dao-core.
    pub members: BTreeMap<Addr, Vec<(u64, u128)>>,
    pub paused: Option<Expiration>,
    pub recommendations: BTreeMap<u64, RecommendationResponse>,
    pub policy_version: u64,
    /// What the oracle says of the signers of every recommendation.
    pub signer_problem: Option<String>,
}

impl World {
    fn power(&self, who: &Addr, height: Option<u64>) -> u128 {
        let Some(history) = self.members.get(who) else {
            return 0;
        };
        history
            .iter()
            .rev()
            .find(|(at, _)| match height {
                Some(h) => *at < h,
                None => true,
            })
            .map(|(_, p)| *p)
            .unwrap_or_default()
    }

    fn total(&self, height: Option<u64>) -> u128 {
        self.members.keys().map(|m| self.power(m, height)).sum()
    }

    /// What dao-core stores under `key`, for raw reads: power records as
    /// dao-core writes them, and the module registry.
    fn core_raw(&self, key: &[u8], modules: &ModulesResponse) -> Option<Vec<u8>> {
        fn json<T: serde::Serialize>(v: &T) -> Option<Vec<u8>> {
            cosmwasm_std::to_json_vec(v).ok()
        }
        let record = |power: u128, changed_at: u64| PowerRecord {
            power: Uint128::new(power),
            changed_at,
        };
        let member_prefix = POWER_RECORDS.key(&Addr::unchecked("")).to_vec();
        if let Some(address) = key.strip_prefix(member_prefix.as_slice()) {
            let who = Addr::unchecked(String::from_utf8(address.to_vec()).unwrap());
            let (changed_at, power) = *self.members.get(&who)?.last()?;
            return (power > 0)
                .then(|| json(&record(power, changed_at)))
                .flatten();
        }
        if key == TOTAL_POWER_RECORD.as_slice() {
            let changed_at = self
                .members
                .values()
                .filter_map(|h| h.last())
                .map(|(at, _)| *at)
                .max()?;
            return json(&record(self.total(None), changed_at));
        }
        match std::str::from_utf8(key).ok()? {
            k if k == stored::PROPOSAL_MODULE_KEY => json(&modules.proposal),
            k if k == stored::TREASURY_MODULE_KEY => json(&modules.treasury),
            k if k == stored::ORACLE_MODULE_KEY => json(&modules.oracle),
            _ => None,
        }
    }
}

pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub world: Rc<RefCell<World>>,
    pub dao: Addr,
    pub oracle: Addr,
    pub treasury: Addr,
}

pub fn vetoer() -> Addr {
    addr("vetoer")
}

pub fn adoption_vetoer() -> Addr {
    addr("guardian")
}

/// Majority of all power, 100 blocks to vote, 10-block timelock on adoptions only.
pub fn default_config() -> Config {
    Config {
        threshold: Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Majority {},
        },
        voting_period: Duration::Height(100),
        min_voting_period: None,
        allow_revoting: false,
        only_members_execute: false,
        timelock: None,
        adoption_timelock: Timelock {
            duration: Duration::Height(10),
            vetoer: adoption_vetoer().to_string(),
        },
        execution_window: Some(Duration::Height(100)),
        governance: None,
    }
}

pub fn transfer(amount: u128) -> TreasuryAction {
    TreasuryAction::Transfer {
        asset: AssetInfo::NativeToken {
            denom: "uatom".into(),
        },
        amount: Uint128::new(amount),
        recipient: addr("payee").to_string(),
    }
}

pub fn text_action() -> Vec<ProposalAction> {
    vec![ProposalAction::Treasury {
        actions: vec![transfer(5)],
    }]
}

pub fn policy() -> Policy {
    Policy {
        period_seconds: 86_400,
        allowances: vec![],
        max_nav_share_bps: None,
        recipient_allowlist: None,
        venue_allowlist: vec![],
        min_reserves: vec![],
        max_slippage_bps: 100,
        max_price_age_seconds: 600,
    }
}

fn ok<T: serde::Serialize>(value: &T) -> SystemResult<ContractResult<Binary>> {
    SystemResult::Ok(ContractResult::Ok(to_json_binary(value).unwrap()))
}

fn err(msg: &str) -> SystemResult<ContractResult<Binary>> {
    SystemResult::Ok(ContractResult::Err(msg.to_string()))
}

impl Suite {
    /// Members alice (40), bob (30), carol (30), recorded long before.
    pub fn new(config: Config) -> Self {
        Self::try_new(config).unwrap()
    }

    pub fn try_new(config: Config) -> Result<Self, ContractError> {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let dao = addr("dao-core");
        let oracle = addr("oracle");
        let treasury = addr("treasury");
        let world = Rc::new(RefCell::new(World {
            policy_version: 1,
            ..World::default()
        }));
        {
            let mut w = world.borrow_mut();
            w.members.insert(addr("alice"), vec![(1, 40)]);
            w.members.insert(addr("bob"), vec![(1, 30)]);
            w.members.insert(addr("carol"), vec![(1, 30)]);
        }
        let w = world.clone();
        let (d, o, t) = (dao.clone(), oracle.clone(), treasury.clone());
        let proposal = env.contract.address.clone();
        deps.querier.update_wasm(move |q| {
            let world = w.borrow();
            let (contract_addr, msg) = match q {
                WasmQuery::Smart { contract_addr, msg } => (contract_addr, msg),
                WasmQuery::Raw { contract_addr, key } if *contract_addr == d.to_string() => {
                    let modules = ModulesResponse {
                        proposal: proposal.clone(),
                        treasury: t.clone(),
                        oracle: o.clone(),
                    };
                    let value = world.core_raw(key, &modules).unwrap_or_default();
                    return SystemResult::Ok(ContractResult::Ok(Binary::from(value)));
                }
                WasmQuery::Raw { contract_addr, key } if *contract_addr == t.to_string() => {
                    let value = if key.as_slice() == POLICY_VERSION.as_slice() {
                        cosmwasm_std::to_json_vec(&world.policy_version).unwrap()
                    } else {
                        vec![]
                    };
                    return SystemResult::Ok(ContractResult::Ok(Binary::from(value)));
                }
                _ => return SystemResult::Err(SystemError::Unknown {}),
            };
            if *contract_addr == d.to_string() {
                match from_json::<CoreQuery>(msg).unwrap() {
                    CoreQuery::VotingPowerAtHeight { address, height } => {
                        let power = world.power(&Addr::unchecked(address), height);
                        ok(&VotingPowerResponse {
                            power: Uint128::new(power),
                            height: height.unwrap_or_default(),
                        })
                    }
                    CoreQuery::TotalPowerAtHeight { height } => ok(&VotingPowerResponse {
                        power: Uint128::new(world.total(height)),
                        height: height.unwrap_or_default(),
                    }),
                    CoreQuery::Modules {} => ok(&ModulesResponse {
                        proposal: proposal.clone(),
                        treasury: t.clone(),
                        oracle: o.clone(),
                    }),
                    CoreQuery::PauseInfo {} => ok(&match world.paused {
                        Some(expiration) => PauseInfoResponse::Paused { expiration },
                        None => PauseInfoResponse::Unpaused {},
                    }),
                    other => panic!("unexpected dao-core query {other:?}"),
                }
            } else if *contract_addr == o.to_string() {
                match from_json::<OracleQuery>(msg).unwrap() {
                    OracleQuery::AdoptionTerms { id } => match world.recommendations.get(&id) {
                        Some(res) => ok(&AdoptionTermsResponse::new(
                            res.recommendation.clone(),
                            res.status,
                            world.signer_problem.clone(),
                        )),
                        None => err("recommendation not found"),
                    },
                    other => panic!("unexpected oracle query {other:?}"),
                }
            } else if *contract_addr == t.to_string() {
                match from_json::<TreasuryQuery>(msg).unwrap() {
                    TreasuryQuery::Policy {} => ok(&PolicyResponse {
                        policy: policy(),
                        version: world.policy_version,
                    }),
                    other => panic!("unexpected treasury query {other:?}"),
                }
            } else {
                SystemResult::Err(SystemError::NoSuchContract {
                    addr: contract_addr.clone(),
                })
            }
        });
        let mut suite = Suite {
            deps,
            env,
            world,
            dao,
            oracle,
            treasury,
        };
        let dao = suite.dao.clone();
        instantiate(
            suite.deps.as_mut(),
            suite.env.clone(),
            message_info(&dao, &[]),
            InstantiateMsg { config },
        )?;
        Ok(suite)
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    pub fn exec_paying(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &cosmwasm_std::coins(1, "uatom")),
            msg,
        )
    }

    pub fn query<T: DeserializeOwned>(&self, msg: steward_types::proposal::QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn proposal(&self, id: u64) -> steward_types::proposal::ProposalResponse {
        self.query(steward_types::proposal::QueryMsg::Proposal { proposal_id: id })
    }

    /// dao-core's execution of proposal `id`, started by alice, failed with `error`.
    pub fn reply_err(&mut self, id: u64, error: &str) -> Result<Response, ContractError> {
        let msg = Reply {
            id,
            payload: cosmwasm_std::to_json_binary(&addr("alice")).unwrap(),
            gas_used: 0,
            result: SubMsgResult::Err(error.to_string()),
        };
        reply(self.deps.as_mut(), self.env.clone(), msg)
    }

    /// Moves `n` blocks (5 seconds each) forward.
    pub fn advance(&mut self, n: u64) {
        self.env.block.height += n;
        self.env.block.time = self.env.block.time.plus_seconds(5 * n);
    }

    pub fn set_member(&mut self, who: &Addr, power: u128) {
        let height = self.env.block.height;
        self.world
            .borrow_mut()
            .members
            .entry(who.clone())
            .or_default()
            .push((height, power));
    }

    pub fn propose(&mut self, sender: &Addr, actions: Vec<ProposalAction>) -> u64 {
        let res = self
            .exec(
                sender,
                ExecuteMsg::Propose {
                    title: "Pay the auditors".into(),
                    description: "Five uatom".into(),
                    actions,
                },
            )
            .unwrap();
        attr(&res, "proposal_id").parse().unwrap()
    }

    pub fn vote(
        &mut self,
        voter: &str,
        proposal_id: u64,
        vote: Vote,
    ) -> Result<Response, ContractError> {
        self.exec(
            &addr(voter),
            ExecuteMsg::Vote {
                proposal_id,
                vote,
                rationale: None,
            },
        )
    }

    /// Adds a pending recommendation signed against `policy_version`, expiring
    /// an hour from now.
    pub fn add_recommendation(&mut self, id: u64, policy_version: u64) {
        let now = self.env.block.time.seconds();
        let payload = RecommendationPayload {
            chain_id: self.env.block.chain_id.clone(),
            oracle: self.oracle.to_string(),
            advisor: "advisor-1".into(),
            nonce: id,
            issued_at: now - 10,
            expires_at: now + 3600,
            policy_version,
            state: StateRef {
                height: self.env.block.height - 1,
                digest: "ab".repeat(32),
            },
            actions: vec![transfer(7), transfer(8)],
            governance: vec![],
            provenance: Provenance {
                strategy: "rebalance".into(),
                strategy_version: "1.0.0".into(),
                model_id: None,
                config_digest: "cd".repeat(32),
                rationale: Rationale {
                    text: "drift above band".into(),
                    uri: None,
                    digest: None,
                },
                confidence_bps: 8000,
            },
        };
        let rec = Recommendation {
            id,
            payload_hash: format!("{id:064x}"),
            payload_bytes: to_json_binary(&payload).unwrap(),
            payload,
            signers: vec!["advisor-1".into()],
            submitted_by: addr("relayer"),
            submitted_at: now,
            status: RecommendationStatus::Pending,
            proposal_id: None,
        };
        self.world.borrow_mut().recommendations.insert(
            id,
            RecommendationResponse {
                recommendation: rec,
                status: RecommendationStatus::Pending,
            },
        );
    }

    pub fn set_recommendation_status(&mut self, id: u64, status: RecommendationStatus) {
        let mut world = self.world.borrow_mut();
        let rec = world.recommendations.get_mut(&id).unwrap();
        rec.status = status;
        if status != RecommendationStatus::Expired {
            rec.recommendation.status = status;
        }
    }

    pub fn propose_adoption(&mut self, sender: &Addr, id: u64) -> Result<Response, ContractError> {
        self.exec(
            sender,
            ExecuteMsg::ProposeAdoption {
                recommendation_id: id,
                description: None,
            },
        )
    }
}

/// The value of an attribute of a response.
pub fn attr(res: &Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key}"))
        .value
        .clone()
}

pub fn percent(s: &str) -> PercentageThreshold {
    PercentageThreshold::Percent(s.parse::<Decimal>().unwrap())
}
