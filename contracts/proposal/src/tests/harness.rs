//! The proposal contract under test, with dao-core, the oracle and the
//! treasury around it played by the shared mock DAO (`steward_testing`).

use crate::contract::{execute, instantiate, query, reply};
use crate::error::ContractError;
use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Decimal, Env, OwnedDeps, Reply, Response, SubMsgResult,
};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::rc::Rc;
use steward_testing::{defaults, mock_deps, MockDao, SharedDao};
use steward_types::oracle::{Recommendation, RecommendationResponse, RecommendationStatus};
use steward_types::payload::{Provenance, Rationale, RecommendationPayload, StateRef};
use steward_types::policy::TreasuryAction;
use steward_types::proposal::{Config, ExecuteMsg, InstantiateMsg, ProposalAction};
use steward_types::threshold::{PercentageThreshold, Vote};

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    /// dao-core, the oracle and the treasury, as the proposal module sees
    /// them.
    pub world: SharedDao,
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
    defaults::proposal_config(adoption_vetoer().as_str())
}

pub fn transfer(amount: u128) -> TreasuryAction {
    defaults::transfer("uatom", amount, addr("payee").as_str())
}

pub fn text_action() -> Vec<ProposalAction> {
    vec![ProposalAction::Treasury {
        actions: vec![transfer(5)],
    }]
}

impl Suite {
    /// Members alice (40), bob (30), carol (30), recorded long before.
    pub fn new(config: Config) -> Self {
        Self::try_new(config).unwrap()
    }

    pub fn try_new(config: Config) -> Result<Self, ContractError> {
        let env = mock_env();
        let mut mock = MockDao::new(&MockApi::default());
        mock.proposal = env.contract.address.clone();
        for (member, power) in [("alice", 40), ("bob", 30), ("carol", 30)] {
            mock.set_power(&addr(member), 1, power);
        }
        let (dao, oracle, treasury) = (
            mock.core.clone(),
            mock.oracle.clone(),
            mock.treasury.clone(),
        );
        let world = Rc::new(RefCell::new(mock));
        let deps = mock_deps(&world);
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
        self.world.borrow_mut().set_power(who, height, power);
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
