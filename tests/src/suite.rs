//! A whole Steward DAO in a cw-multi-test `App`, and the steps tests and the
//! demo take with it.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coin, to_json_binary, to_json_vec, Addr, Coin, Decimal, Empty, Uint128};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use cw_utils::Duration;
use steward_pair::contract as pair;
use steward_pair::msg as pair_msg;
use steward_testing::TestKey;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::briefing::{BriefingFacts, BriefingPayload, BriefingSummary};
use steward_types::core::{self, Member, ModuleInstantiate, VotingConfig};
use steward_types::governance::GovernancePolicy;
use steward_types::handle::{CoreContract, DaoContracts};
use steward_types::json::ModuleMsg;
use steward_types::oracle::{self, AdvisorSignature, RecommendationResponse};
use steward_types::payload::{
    PricePayload, PriceQuote, Provenance, Rationale, RecommendationPayload, StateRef,
};
use steward_types::policy::{Policy, TreasuryAction};
use steward_types::proposal::{self, ProposalAction, ProposalResponse, Timelock};
use steward_types::threshold::{PercentageThreshold, Status, Threshold, Vote};
use steward_types::treasury;

/// The stable asset; the oracle's quote unit is one `uusd`.
pub const USD: &str = "uusd";
/// A volatile asset, worth 10 `uusd` per unit in the default prices.
pub const ATOM: &str = "uatom";
/// Id of the default advisor key (secp256k1).
pub const ADVISOR: &str = "advisor-1";
/// Id of the second advisor key (ed25519).
pub const ADVISOR_ED: &str = "advisor-ed";
/// Id of the price feeder.
pub const FEEDER: &str = "feeder-1";
/// Default timelock of adoption proposals, in seconds.
pub const ADOPTION_TIMELOCK: u64 = 3_600;
/// Default voting period, in seconds.
pub const VOTING_PERIOD: u64 = 86_400;
/// How long a passed proposal stays executable after its timelock: a week.
pub const EXECUTION_WINDOW: u64 = 7 * 86_400;

/// A DAO whose advisors are registered at genesis and whose oracle scores an
/// executed recommendation `horizon` seconds later, with the default prices.
pub fn scoring_suite(horizon: u64) -> Suite {
    let mut s = SuiteBuilder {
        advisors_at_genesis: true,
        outcome_horizon_seconds: Some(horizon),
        ..SuiteBuilder::default()
    }
    .build();
    s.set_default_prices().unwrap();
    s
}

/// A proposal action that runs `msg` in dao-core.
pub fn core_action(msg: &core::ExecuteMsg) -> ProposalAction {
    ProposalAction::CoreMsg {
        msg: ModuleMsg::new(msg).unwrap(),
    }
}

pub fn core_contract() -> Box<dyn Contract<Empty>> {
    use steward_core::contract as c;
    Box::new(
        ContractWrapper::new(c::execute, c::instantiate, c::query)
            .with_reply(c::reply)
            .with_migrate(c::migrate),
    )
}

pub fn proposal_contract() -> Box<dyn Contract<Empty>> {
    use steward_proposal::contract as c;
    Box::new(
        ContractWrapper::new(c::execute, c::instantiate, c::query)
            .with_reply(c::reply)
            .with_migrate(c::migrate),
    )
}

pub fn treasury_contract() -> Box<dyn Contract<Empty>> {
    use steward_treasury::contract as c;
    Box::new(ContractWrapper::new(c::execute, c::instantiate, c::query).with_migrate(c::migrate))
}

pub fn oracle_contract() -> Box<dyn Contract<Empty>> {
    use steward_oracle::contract as c;
    Box::new(ContractWrapper::new(c::execute, c::instantiate, c::query).with_migrate(c::migrate))
}

pub fn cw20_contract() -> Box<dyn Contract<Empty>> {
    use cw20_base::contract as c;
    Box::new(ContractWrapper::new(c::execute, c::instantiate, c::query))
}

pub fn pair_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        pair::execute,
        pair::instantiate,
        pair::query,
    ))
}

/// Stores every contract a DAO test needs (the four modules, cw20-base, the pair).
pub fn store_codes(app: &mut App) -> Codes {
    Codes {
        core: app.store_code(core_contract()),
        proposal: app.store_code(proposal_contract()),
        treasury: app.store_code(treasury_contract()),
        oracle: app.store_code(oracle_contract()),
        cw20: app.store_code(cw20_contract()),
        pair: app.store_code(pair_contract()),
    }
}

/// Instantiates dao-core (which instantiates the other three modules) as
/// `deployer`, makes dao-core its own admin so governance can migrate it, and
/// returns its address and its modules.
pub fn instantiate_dao(
    app: &mut App,
    codes: &Codes,
    deployer: &Addr,
    msg: &core::InstantiateMsg,
) -> AnyResult<(Addr, core::ModulesResponse)> {
    let core = app.instantiate_contract(
        codes.core,
        deployer.clone(),
        msg,
        &[],
        "steward-core",
        Some(deployer.to_string()),
    )?;
    app.execute(
        deployer.clone(),
        cosmwasm_std::WasmMsg::UpdateAdmin {
            contract_addr: core.to_string(),
            admin: core.to_string(),
        }
        .into(),
    )?;
    let modules = CoreContract(core.clone()).modules(&app.wrap())?;
    Ok((core, modules))
}

/// Stored code ids.
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub core: u64,
    pub proposal: u64,
    pub treasury: u64,
    pub oracle: u64,
    pub cw20: u64,
    pub pair: u64,
}

/// Everyone who acts in a test.
#[derive(Clone, Debug)]
pub struct Actors {
    /// Instantiates the DAO.
    pub deployer: Addr,
    /// Members, in builder order.
    pub members: Vec<Addr>,
    /// Not a member.
    pub outsider: Addr,
    /// Relays signed payloads.
    pub relayer: Addr,
    /// Pauses the DAO.
    pub guardian: Addr,
    /// Vetoes during timelocks.
    pub vetoer: Addr,
    /// Receives transfers.
    pub recipient: Addr,
    /// Draws a budget.
    pub spender: Addr,
}

/// How to build the DAO. `Default` is a three-member DAO (weights 40/30/30),
/// majority threshold, a day of voting, a 1-hour adoption timelock, a funded
/// treasury and a pair uatom/uusd.
#[derive(Clone, Debug)]
pub struct SuiteBuilder {
    pub members: Vec<(&'static str, u64)>,
    pub threshold: Threshold,
    pub min_voting_period: Option<Duration>,
    pub allow_revoting: bool,
    pub only_members_execute: bool,
    pub timelock: Option<u64>,
    pub adoption_timelock: u64,
    /// Register the advisor keys at instantiation instead of by proposal.
    pub advisors_at_genesis: bool,
    pub quorum: u32,
    /// Vote with a staked cw20 token instead of member weights.
    pub staking: bool,
    pub treasury_funds: Vec<Coin>,
    /// Adjust the default policy (its pair and token addresses are filled in).
    pub policy: fn(&mut Policy),
    /// The bounds on advisor-recommended config changes (`None`: none allowed).
    pub governance: Option<GovernancePolicy>,
    /// How long after execution the oracle scores outcomes (`None`: never).
    pub outcome_horizon_seconds: Option<u64>,
}

impl Default for SuiteBuilder {
    fn default() -> Self {
        SuiteBuilder {
            members: vec![("alice", 40), ("bob", 30), ("carol", 30)],
            threshold: Threshold::AbsolutePercentage {
                percentage: PercentageThreshold::Majority {},
            },
            min_voting_period: None,
            allow_revoting: false,
            only_members_execute: false,
            timelock: None,
            adoption_timelock: ADOPTION_TIMELOCK,
            advisors_at_genesis: false,
            quorum: 1,
            staking: false,
            treasury_funds: vec![coin(50_000_000, USD), coin(10_000_000, ATOM)],
            policy: |_| {},
            governance: None,
            outcome_horizon_seconds: None,
        }
    }
}

/// A running DAO.
pub struct Suite {
    pub app: App,
    pub codes: Codes,
    pub actors: Actors,
    pub core: Addr,
    pub proposal: Addr,
    pub treasury: Addr,
    pub oracle: Addr,
    /// cw20 token held by the treasury (also the governance token when staking).
    pub token: Addr,
    /// The allow-listed uatom/uusd pair.
    pub pair: Addr,
    /// Advisor key `ADVISOR` (secp256k1).
    pub advisor: TestKey,
    /// Advisor key `ADVISOR_ED` (ed25519).
    pub advisor_ed: TestKey,
    /// Price feeder key.
    pub feeder: TestKey,
    next_nonce: u64,
}

/// The default treasury policy for a pair and a token.
pub fn default_policy(pair: &Addr, token: &Addr) -> Policy {
    Policy {
        period_seconds: 86_400,
        allowances: vec![
            AssetAmount::new(AssetInfo::native(USD), 10_000_000u128),
            AssetAmount::new(AssetInfo::native(ATOM), 2_000_000u128),
            AssetAmount::new(AssetInfo::cw20(token.as_str()), 500_000u128),
        ],
        max_nav_share_bps: Some(2_500),
        recipient_allowlist: None,
        venue_allowlist: vec![pair.to_string()],
        min_reserves: vec![AssetAmount::new(AssetInfo::native(USD), 1_000_000u128)],
        max_slippage_bps: 300,
        max_price_age_seconds: 3_600,
    }
}

impl SuiteBuilder {
    pub fn build(self) -> Suite {
        let mut app = App::default();
        let api = *app.api();
        let name = |n: &str| api.addr_make(n);
        let actors = Actors {
            deployer: name("deployer"),
            members: self.members.iter().map(|(n, _)| name(n)).collect(),
            outsider: name("outsider"),
            relayer: name("relayer"),
            guardian: name("guardian"),
            vetoer: name("vetoer"),
            recipient: name("recipient"),
            spender: name("spender"),
        };
        let codes = store_codes(&mut app);
        app.init_modules(|router, _, storage| {
            let rich = vec![coin(1_000_000_000_000, USD), coin(100_000_000_000, ATOM)];
            router
                .bank
                .init_balance(storage, &actors.deployer, rich)
                .unwrap();
        });

        // A cw20 token: the treasury holds some, members hold some (to stake).
        let mut initial_balances = vec![cw20::Cw20Coin {
            address: actors.deployer.to_string(),
            amount: Uint128::new(1_000_000_000),
        }];
        for (addr, (_, weight)) in actors.members.iter().zip(&self.members) {
            initial_balances.push(cw20::Cw20Coin {
                address: addr.to_string(),
                amount: Uint128::from(*weight * 1_000),
            });
        }
        let token = app
            .instantiate_contract(
                codes.cw20,
                actors.deployer.clone(),
                &cw20_base::msg::InstantiateMsg {
                    name: "Steward Gov".into(),
                    symbol: "STEW".into(),
                    decimals: 6,
                    initial_balances,
                    mint: None,
                    marketing: None,
                },
                &[],
                "stew",
                None,
            )
            .unwrap();

        // The pair: 1 uatom = 10 uusd at its reserves, 0.3 % fee.
        let pair = app
            .instantiate_contract(
                codes.pair,
                actors.deployer.clone(),
                &pair_msg::InstantiateMsg {
                    assets: [AssetInfo::native(ATOM), AssetInfo::native(USD)],
                    fee_bps: 30,
                    honor_max_spread: true,
                },
                &[],
                "pair",
                None,
            )
            .unwrap();
        app.send_tokens(
            actors.deployer.clone(),
            pair.clone(),
            &[coin(1_000_000_000, ATOM), coin(10_000_000_000, USD)],
        )
        .unwrap();

        let advisor = TestKey::secp256k1(7);
        let advisor_ed = TestKey::ed25519(9);
        let feeder = TestKey::secp256k1(11);
        let mut policy = default_policy(&pair, &token);
        (self.policy)(&mut policy);
        let sec = Duration::Time;
        let msg = core::InstantiateMsg {
            name: "Steward Test DAO".into(),
            description: "A DAO whose treasury an AI advises".into(),
            // In staking mode power comes from stake alone.
            members: if self.staking {
                &[][..]
            } else {
                &self.members[..]
            }
            .iter()
            .zip(&actors.members)
            .map(|((_, weight), addr)| Member {
                addr: addr.to_string(),
                weight: *weight,
            })
            .collect(),
            voting: if self.staking {
                VotingConfig::Cw20Staked {
                    token: token.to_string(),
                    unbonding_period: sec(7 * 86_400),
                }
            } else {
                VotingConfig::Members {}
            },
            guardian: Some(actors.guardian.to_string()),
            proposal: ModuleInstantiate::new(
                codes.proposal,
                "steward-proposal",
                &proposal::InstantiateMsg {
                    config: proposal::Config {
                        threshold: self.threshold.clone(),
                        voting_period: sec(VOTING_PERIOD),
                        min_voting_period: self.min_voting_period,
                        allow_revoting: self.allow_revoting,
                        only_members_execute: self.only_members_execute,
                        timelock: self.timelock.map(|t| Timelock {
                            duration: sec(t),
                            vetoer: actors.vetoer.to_string(),
                        }),
                        adoption_timelock: Timelock {
                            duration: sec(self.adoption_timelock),
                            vetoer: actors.vetoer.to_string(),
                        },
                        execution_window: Some(sec(EXECUTION_WINDOW)),
                        governance: self.governance.clone(),
                    },
                },
            )
            .unwrap(),
            treasury: ModuleInstantiate::new(
                codes.treasury,
                "steward-treasury",
                &treasury::InstantiateMsg { policy },
            )
            .unwrap(),
            oracle: ModuleInstantiate::new(
                codes.oracle,
                "steward-oracle",
                &oracle::InstantiateMsg {
                    quorum: self.quorum,
                    advisors: if self.advisors_at_genesis {
                        vec![
                            advisor.advisor_key(ADVISOR),
                            advisor_ed.advisor_key(ADVISOR_ED),
                        ]
                    } else {
                        vec![]
                    },
                    feeders: vec![feeder.feeder(FEEDER)],
                    max_price_age_seconds: 3_600,
                    outcome_horizon_seconds: self.outcome_horizon_seconds,
                },
            )
            .unwrap(),
        };
        let (core, modules) = instantiate_dao(&mut app, &codes, &actors.deployer, &msg).unwrap();

        let mut suite = Suite {
            app,
            codes,
            actors,
            core,
            proposal: modules.proposal,
            treasury: modules.treasury,
            oracle: modules.oracle,
            token,
            pair,
            advisor,
            advisor_ed,
            feeder,
            next_nonce: 1,
        };
        if !self.treasury_funds.is_empty() {
            let deployer = suite.actors.deployer.clone();
            let treasury = suite.treasury.clone();
            suite
                .app
                .send_tokens(deployer, treasury, &self.treasury_funds)
                .unwrap();
        }
        suite.cw20_transfer(
            &suite.actors.deployer.clone(),
            &suite.treasury.clone(),
            1_000_000,
        );
        suite.set_default_prices().unwrap();
        if self.staking {
            for (member, (_, weight)) in suite.actors.members.clone().iter().zip(&self.members) {
                suite.stake(member, u128::from(*weight) * 1_000).unwrap();
            }
        }
        suite.next_block();
        suite
    }
}

impl DaoContracts for Suite {
    fn dao_addresses(&self) -> [&Addr; 4] {
        [&self.core, &self.proposal, &self.treasury, &self.oracle]
    }
}

impl Suite {
    pub fn member(&self, i: usize) -> Addr {
        self.actors.members[i].clone()
    }

    /// Any execute message from any sender (multi-test lets a test act as a contract).
    pub fn exec<M: serde::Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &M,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), contract.clone(), msg, &[])
    }

    // ---- time ----

    /// One block (5 s) later.
    pub fn next_block(&mut self) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(5);
        });
    }

    /// `seconds` later, one block per 5 s.
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += (seconds / 5).max(1);
            b.time = b.time.plus_seconds(seconds);
        });
    }

    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    // ---- proposals ----

    /// A member proposes; returns the new proposal id.
    pub fn propose(&mut self, who: &Addr, actions: Vec<ProposalAction>) -> AnyResult<u64> {
        self.app.execute_contract(
            who.clone(),
            self.proposal.clone(),
            &proposal::ExecuteMsg::Propose {
                title: "A proposal".into(),
                description: "Does what its actions say".into(),
                actions,
            },
            &[],
        )?;
        Ok(self.proposal_count())
    }

    /// A member proposes adopting a recommendation; returns the proposal id.
    pub fn propose_adoption(&mut self, who: &Addr, recommendation_id: u64) -> AnyResult<u64> {
        self.app.execute_contract(
            who.clone(),
            self.proposal.clone(),
            &proposal::ExecuteMsg::ProposeAdoption {
                recommendation_id,
                description: None,
            },
            &[],
        )?;
        Ok(self.proposal_count())
    }

    pub fn vote(&mut self, who: &Addr, proposal_id: u64, vote: Vote) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            who.clone(),
            self.proposal.clone(),
            &proposal::ExecuteMsg::Vote {
                proposal_id,
                vote,
                rationale: None,
            },
            &[],
        )
    }

    pub fn execute(&mut self, who: &Addr, proposal_id: u64) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            who.clone(),
            self.proposal.clone(),
            &proposal::ExecuteMsg::Execute { proposal_id },
            &[],
        )
    }

    /// Members vote yes, in order, until the proposal is decided.
    pub fn all_vote_yes(&mut self, proposal_id: u64) -> AnyResult<()> {
        for m in self.actors.members.clone() {
            if self.proposal(proposal_id).status != Status::Open {
                break;
            }
            self.vote(&m, proposal_id, Vote::Yes)?;
        }
        Ok(())
    }

    /// Propose as the first member, everyone votes yes, wait out any timelock, execute.
    pub fn pass(&mut self, actions: Vec<ProposalAction>) -> AnyResult<u64> {
        let proposer = self.member(0);
        let id = self.propose(&proposer, actions)?;
        self.all_vote_yes(id)?;
        self.wait_timelock(id);
        self.execute(&proposer, id)?;
        Ok(id)
    }

    /// Advance past the proposal's timelock, if it has one; the feeder keeps
    /// publishing meanwhile, so prices are fresh afterwards.
    pub fn wait_timelock(&mut self, proposal_id: u64) {
        if let Some(end) = self.proposal(proposal_id).timelock_ends {
            match end {
                cw_utils::Expiration::AtTime(t) => {
                    let wait = t.seconds().saturating_sub(self.now()) + 1;
                    self.advance(wait);
                }
                cw_utils::Expiration::AtHeight(h) => {
                    let blocks = h.saturating_sub(self.app.block_info().height) + 1;
                    self.advance(blocks * 5);
                }
                cw_utils::Expiration::Never {} => {}
            }
        } else {
            self.next_block();
        }
        self.set_default_prices().unwrap();
    }

    pub fn proposal(&self, id: u64) -> ProposalResponse {
        self.proposal_contract()
            .proposal(&self.app.wrap(), id)
            .unwrap()
    }

    /// What the last execution attempt of a proposal came to: `Executed`, or
    /// `ExecutionFailed` when it failed (the proposal itself stays `Passed`,
    /// executable again until its execution window ends); otherwise its status.
    pub fn attempt_outcome(&self, id: u64) -> Status {
        let p = self.proposal(id);
        if p.status == Status::Passed && p.proposal.failed_executions > 0 {
            Status::ExecutionFailed
        } else {
            p.status
        }
    }

    pub fn proposal_count(&self) -> u64 {
        self.proposal_contract()
            .proposal_count(&self.app.wrap())
            .unwrap()
    }

    /// Register both advisor keys through a passed proposal.
    pub fn register_advisors(&mut self) -> AnyResult<u64> {
        let keys = [
            self.advisor.advisor_key(ADVISOR),
            self.advisor_ed.advisor_key(ADVISOR_ED),
        ];
        let actions = keys
            .into_iter()
            .map(|key| ProposalAction::OracleMsg {
                msg: ModuleMsg::new(&oracle::ExecuteMsg::RegisterAdvisor { key }).unwrap(),
            })
            .collect();
        self.pass(actions)
    }

    // ---- recommendations and prices ----

    /// A recommendation for `actions` with fresh defaults: this chain and
    /// oracle, the next nonce, valid for a day, the current policy version.
    pub fn payload(&mut self, actions: Vec<TreasuryAction>) -> RecommendationPayload {
        let now = self.now();
        let nonce = self.next_nonce;
        self.next_nonce += 1;
        RecommendationPayload {
            chain_id: self.app.block_info().chain_id,
            oracle: self.oracle.to_string(),
            advisor: ADVISOR.into(),
            nonce,
            issued_at: now,
            expires_at: now + 86_400,
            policy_version: self.policy().version,
            state: StateRef {
                height: self.app.block_info().height,
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
                    text: "Move the surplus stable balance to the grants recipient".into(),
                    uri: None,
                    digest: None,
                },
                confidence_bps: 8_000,
            },
        }
    }

    /// A briefing by `advisor` about `proposal_id` (which moves 1000 uusd to
    /// the recipient), whose check is the treasury's own answer.
    pub fn briefing(
        &self,
        advisor: &str,
        proposal_id: u64,
        issued_at: u64,
        text: &str,
    ) -> BriefingPayload {
        let recipient = self.actors.recipient.clone();
        let check = self
            .treasury_contract()
            .check_actions(&self.app.wrap(), vec![transfer(USD, 1_000, &recipient)])
            .unwrap();
        BriefingPayload {
            chain_id: self.app.block_info().chain_id,
            oracle: self.oracle.to_string(),
            advisor: advisor.into(),
            proposal_id,
            issued_at,
            facts: BriefingFacts {
                state: StateRef {
                    height: self.app.block_info().height,
                    digest: "ab".repeat(32),
                },
                policy_version: self.policy().version,
                actions: vec![format!("transfer 1000 native:{USD} to {recipient}")],
                check: Some(check),
                risks: vec![],
                recommendation: "the advisor recommends no treasury action now".into(),
            },
            summary: BriefingSummary {
                text: text.into(),
                strategy: "template".into(),
                model_id: None,
            },
        }
    }

    /// Relay a payload signed by the given keys; returns the recommendation id.
    pub fn submit_signed(
        &mut self,
        bytes: &[u8],
        signatures: Vec<AdvisorSignature>,
    ) -> AnyResult<u64> {
        let res = self.app.execute_contract(
            self.actors.relayer.clone(),
            self.oracle.clone(),
            &oracle::ExecuteMsg::SubmitRecommendation {
                payload: bytes.to_vec().into(),
                signatures,
            },
            &[],
        )?;
        let id = res
            .events
            .iter()
            .flat_map(|e| &e.attributes)
            .find(|a| a.key == "recommendation_id" || a.key == "id")
            .map(|a| a.value.parse::<u64>().expect("numeric id"))
            .expect("submission reports its id");
        Ok(id)
    }

    /// Serialise, sign with the default secp256k1 advisor, relay.
    pub fn submit(&mut self, payload: &RecommendationPayload) -> AnyResult<u64> {
        let bytes = to_json_vec(payload).unwrap();
        let sig = self.advisor.advisor_signature(ADVISOR, &bytes);
        self.submit_signed(&bytes, vec![sig])
    }

    pub fn recommendation(&self, id: u64) -> RecommendationResponse {
        self.oracle_contract()
            .recommendation(&self.app.wrap(), id)
            .unwrap()
    }

    pub fn advisor_info(&self, id: &str) -> oracle::AdvisorResponse {
        self.oracle_contract()
            .advisor(&self.app.wrap(), id)
            .unwrap()
    }

    /// Signed prices from the feeder, published now.
    pub fn submit_prices(&mut self, prices: Vec<(AssetInfo, Decimal)>) -> AnyResult<AppResponse> {
        let payload = PricePayload {
            chain_id: self.app.block_info().chain_id,
            oracle: self.oracle.to_string(),
            feeder: FEEDER.into(),
            publish_time: self.now(),
            prices: prices
                .into_iter()
                .map(|(asset, price)| PriceQuote { asset, price })
                .collect(),
        };
        let bytes = to_json_vec(&payload).unwrap();
        let signature = self.feeder.sign(&bytes);
        self.app.execute_contract(
            self.actors.relayer.clone(),
            self.oracle.clone(),
            &oracle::ExecuteMsg::SubmitPrices {
                payload: bytes.into(),
                signature,
            },
            &[],
        )
    }

    /// In a new block, publish uusd = 1, uatom = 10, the token = 2 (quote
    /// units per smallest unit).
    pub fn set_default_prices(&mut self) -> AnyResult<AppResponse> {
        self.next_block();
        let token = AssetInfo::cw20(self.token.as_str());
        self.submit_prices(vec![
            (AssetInfo::native(USD), Decimal::one()),
            (AssetInfo::native(ATOM), Decimal::from_ratio(10u128, 1u128)),
            (token, Decimal::from_ratio(2u128, 1u128)),
        ])
    }

    // ---- treasury ----

    pub fn policy(&self) -> treasury::PolicyResponse {
        self.treasury_contract().policy(&self.app.wrap()).unwrap()
    }

    pub fn balance(&self, who: &Addr, denom: &str) -> u128 {
        self.app
            .wrap()
            .query_balance(who, denom)
            .unwrap()
            .amount
            .u128()
    }

    pub fn cw20_balance(&self, who: &Addr) -> u128 {
        let r: cw20::BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.token,
                &cw20::Cw20QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        r.balance.u128()
    }

    pub fn cw20_transfer(&mut self, from: &Addr, to: &Addr, amount: u128) {
        self.app
            .execute_contract(
                from.clone(),
                self.token.clone(),
                &cw20::Cw20ExecuteMsg::Transfer {
                    recipient: to.to_string(),
                    amount: Uint128::new(amount),
                },
                &[],
            )
            .unwrap();
    }

    /// Stake governance tokens in dao-core.
    pub fn stake(&mut self, who: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            who.clone(),
            self.token.clone(),
            &cw20::Cw20ExecuteMsg::Send {
                contract: self.core.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(&core::ReceiveMsg::Stake {}).unwrap(),
            },
            &[],
        )
    }

    pub fn voting_power(&self, who: &Addr, height: Option<u64>) -> u128 {
        let q = self.app.wrap();
        let dao = self.core_contract();
        match height {
            Some(height) => dao.voting_power_at(&q, who, height),
            None => dao.voting_power(&q, who),
        }
        .unwrap()
        .u128()
    }
}

/// A native transfer action.
pub fn transfer(denom: &str, amount: u128, recipient: &Addr) -> TreasuryAction {
    TreasuryAction::Transfer {
        asset: AssetInfo::native(denom),
        amount: Uint128::new(amount),
        recipient: recipient.to_string(),
    }
}

/// The contract error inside a multi-test error, if it is one of type `E`.
pub fn contract_error<E: std::error::Error + Send + Sync + 'static>(
    err: &anyhow::Error,
) -> Option<&E> {
    // anyhow's own downcast sees through the context multi-test adds.
    err.downcast_ref::<E>()
        .or_else(|| err.chain().find_map(|e| e.downcast_ref::<E>()))
}
