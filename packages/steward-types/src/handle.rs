//! Typed handles for the contracts: one method per query another contract
//! asks of them, so a query message is written in one place. Where a value is
//! stored under a documented key, the handle reads it raw: a raw read loads no
//! contract code (wasmd charges 60,000 gas for the first load of each code in a
//! transaction), and falls back to the smart query whenever the raw value does
//! not answer alone.

use cosmwasm_std::{from_json, Addr, BlockInfo, QuerierWrapper, StdResult, Uint128};
use cw_utils::Expiration;
use serde::de::DeserializeOwned;

use crate::asset::AssetInfo;
use crate::core::stored::{
    active_pause, PowerRecord, DAO_PAUSE, GUARDIAN_PAUSE, ORACLE_MODULE_KEY, POWER_RECORDS,
    PROPOSAL_MODULE_KEY, TOTAL_POWER_RECORD, TREASURY_MODULE_KEY,
};
use crate::core::{
    ModulesResponse, PauseInfoResponse, PendingUpgradeResponse, QueryMsg as CoreQuery,
    VotingPowerResponse,
};
use crate::governance::{GovernanceChange, GovernanceState, GovernanceVerdict};
use crate::oracle;
use crate::policy::{Policy, PolicyContext, PriceInfo, TreasuryAction};
use crate::proposal;
use crate::threshold::Status;
use crate::treasury;

/// Reads the item under `key` of `contract` raw and parses it; `None` when it
/// is not stored (`Item::query` would fail instead, and the handles fall back
/// then). Maps are read with `Map::query`, which answers `None` itself.
fn raw<T: DeserializeOwned>(
    querier: &QuerierWrapper,
    contract: &Addr,
    key: &[u8],
) -> StdResult<Option<T>> {
    querier
        .query_wasm_raw(contract, key.to_vec())?
        .map(|bytes| from_json(bytes))
        .transpose()
}

/// dao-core.
#[derive(Clone, Debug, PartialEq)]
pub struct CoreContract(pub Addr);

impl CoreContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn power_record(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
    ) -> StdResult<Option<PowerRecord>> {
        POWER_RECORDS.query(querier, self.0.clone(), address)
    }

    fn ask_power(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        height: Option<u64>,
    ) -> StdResult<Uint128> {
        let res: VotingPowerResponse = querier.query_wasm_smart(
            &self.0,
            &CoreQuery::VotingPowerAtHeight {
                address: address.to_string(),
                height,
            },
        )?;
        Ok(res.power)
    }

    /// Voting power of `address` now.
    pub fn voting_power(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Uint128> {
        match self.power_record(querier, address)? {
            Some(record) => Ok(record.power),
            // No record: no power now, or state dao-core has not migrated yet.
            None => self.ask_power(querier, address, None),
        }
    }

    /// Voting power of `address` at the start of block `height`: from its
    /// power record when it has not changed since, else from dao-core's
    /// snapshots.
    pub fn voting_power_at(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        match self
            .power_record(querier, address)?
            .and_then(|record| record.at_height(height))
        {
            Some(power) => Ok(power),
            None => self.ask_power(querier, address, Some(height)),
        }
    }

    /// Total voting power at the start of block `height` (same rule as
    /// [`Self::voting_power_at`]).
    pub fn total_power_at(&self, querier: &QuerierWrapper, height: u64) -> StdResult<Uint128> {
        let record: Option<PowerRecord> = raw(querier, &self.0, TOTAL_POWER_RECORD.as_slice())?;
        if let Some(power) = record.and_then(|r| r.at_height(height)) {
            return Ok(power);
        }
        let res: VotingPowerResponse = querier.query_wasm_smart(
            &self.0,
            &CoreQuery::TotalPowerAtHeight {
                height: Some(height),
            },
        )?;
        Ok(res.power)
    }

    /// Total voting power now (same rule as [`Self::voting_power`]).
    pub fn total_power(&self, querier: &QuerierWrapper) -> StdResult<Uint128> {
        let record: Option<PowerRecord> = raw(querier, &self.0, TOTAL_POWER_RECORD.as_slice())?;
        match record {
            Some(record) => Ok(record.power),
            None => {
                let res: VotingPowerResponse = querier
                    .query_wasm_smart(&self.0, &CoreQuery::TotalPowerAtHeight { height: None })?;
                Ok(res.power)
            }
        }
    }

    /// The module registry (three raw reads).
    pub fn modules(&self, querier: &QuerierWrapper) -> StdResult<ModulesResponse> {
        Ok(ModulesResponse {
            proposal: self.proposal_module(querier)?,
            treasury: self.treasury(querier)?,
            oracle: self.oracle(querier)?,
        })
    }

    /// One module's address, read raw from `key`; asked when it is not
    /// recorded yet, so the refusal is dao-core's own.
    fn module(
        &self,
        querier: &QuerierWrapper,
        key: &str,
        pick: fn(ModulesResponse) -> Addr,
    ) -> StdResult<Addr> {
        match raw(querier, &self.0, key.as_bytes())? {
            Some(addr) => Ok(addr),
            None => Ok(pick(
                querier.query_wasm_smart(&self.0, &CoreQuery::Modules {})?,
            )),
        }
    }

    /// The proposal module's address (one raw read).
    pub fn proposal_module(&self, querier: &QuerierWrapper) -> StdResult<Addr> {
        self.module(querier, PROPOSAL_MODULE_KEY, |m| m.proposal)
    }

    /// The treasury's address (one raw read).
    pub fn treasury(&self, querier: &QuerierWrapper) -> StdResult<Addr> {
        self.module(querier, TREASURY_MODULE_KEY, |m| m.treasury)
    }

    /// The oracle's address (one raw read).
    pub fn oracle(&self, querier: &QuerierWrapper) -> StdResult<Addr> {
        self.module(querier, ORACLE_MODULE_KEY, |m| m.oracle)
    }

    /// dao-core's pause, as it answers it.
    pub fn pause_info(&self, querier: &QuerierWrapper) -> StdResult<PauseInfoResponse> {
        querier.query_wasm_smart(&self.0, &CoreQuery::PauseInfo {})
    }

    /// The change of dao-core's own code or admin waiting out its delay, if any.
    pub fn pending_upgrade(&self, querier: &QuerierWrapper) -> StdResult<PendingUpgradeResponse> {
        querier.query_wasm_smart(&self.0, &CoreQuery::PendingUpgrade {})
    }

    /// When the DAO is paused at `block`, until when: dao-core's two pause
    /// ends read raw, and the rule it answers `PauseInfo` by
    /// ([`active_pause`]). Nothing stored is no pause, so there is no
    /// fallback to ask; a pause whose end has come no longer holds, whatever
    /// dao-core stored.
    pub fn paused_until(
        &self,
        querier: &QuerierWrapper,
        block: &BlockInfo,
    ) -> StdResult<Option<Expiration>> {
        let dao = raw(querier, &self.0, DAO_PAUSE.as_slice())?;
        let guardian = raw(querier, &self.0, GUARDIAN_PAUSE.as_slice())?;
        Ok(active_pause(dao, guardian, block))
    }
}

/// The treasury.
#[derive(Clone, Debug, PartialEq)]
pub struct TreasuryContract(pub Addr);

impl TreasuryContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The policy's version (read raw; asked when not stored, so the refusal
    /// is the treasury's own).
    pub fn policy_version(&self, querier: &QuerierWrapper) -> StdResult<u64> {
        match raw(
            querier,
            &self.0,
            treasury::stored::POLICY_VERSION.as_slice(),
        )? {
            Some(version) => Ok(version),
            None => {
                let res: treasury::PolicyResponse =
                    querier.query_wasm_smart(&self.0, &treasury::QueryMsg::Policy {})?;
                Ok(res.version)
            }
        }
    }

    /// The policy and its version.
    pub fn policy(&self, querier: &QuerierWrapper) -> StdResult<treasury::PolicyResponse> {
        querier.query_wasm_smart(&self.0, &treasury::QueryMsg::Policy {})
    }

    /// The policy, its version, balances and limits now.
    pub fn policy_state(
        &self,
        querier: &QuerierWrapper,
    ) -> StdResult<treasury::PolicyStateResponse> {
        querier.query_wasm_smart(&self.0, &treasury::QueryMsg::PolicyState {})
    }

    /// What the treasury's policy check starts from at `now`, read as its
    /// `Execute` reads it: the policy, its version and the limits raw (no
    /// treasury code is loaded), the balances of the listed assets from the
    /// bank or their cw20 contracts, and no prices (the caller adds its own).
    /// Asked of the treasury (`PolicyState`) when any of the three is not
    /// stored.
    pub fn policy_context(&self, querier: &QuerierWrapper, now: u64) -> StdResult<PolicyContext> {
        let policy: Option<treasury::stored::StoredPolicy> =
            raw(querier, &self.0, treasury::stored::POLICY.as_slice())?;
        let version: Option<u64> = raw(
            querier,
            &self.0,
            treasury::stored::POLICY_VERSION.as_slice(),
        )?;
        let limits: Option<treasury::stored::StoredLimits> =
            raw(querier, &self.0, treasury::stored::LIMITS.as_slice())?;
        let (Some(policy), Some(policy_version), Some(limits)) = (policy, version, limits) else {
            let mut ctx = self.policy_state(querier)?.into_context(vec![]);
            ctx.now = now;
            return Ok(ctx);
        };
        let policy = Policy::from(policy);
        Ok(PolicyContext {
            balances: treasury::policy_balances(querier, &self.0, &policy)?,
            policy_version,
            now,
            prices: vec![],
            limits: limits.into(),
            policy,
        })
    }

    /// The policy check of `actions` now, as the treasury would run it on
    /// `Execute` (a refusal is an answer; an error is a query the treasury
    /// could not run).
    pub fn check_actions(
        &self,
        querier: &QuerierWrapper,
        actions: Vec<TreasuryAction>,
    ) -> StdResult<treasury::CheckActionsResponse> {
        querier.query_wasm_smart(&self.0, &treasury::QueryMsg::CheckActions { actions })
    }

    /// The budget of `spender` in `asset`.
    pub fn budget(
        &self,
        querier: &QuerierWrapper,
        spender: &Addr,
        asset: &AssetInfo,
    ) -> StdResult<treasury::BudgetResponse> {
        querier.query_wasm_smart(
            &self.0,
            &treasury::QueryMsg::Budget {
                spender: spender.to_string(),
                asset: asset.clone(),
            },
        )
    }

    /// A page of budgets in (spender, asset key) order, after `start_after`.
    pub fn list_budgets(
        &self,
        querier: &QuerierWrapper,
        start_after: Option<(String, String)>,
        limit: Option<u32>,
    ) -> StdResult<treasury::BudgetListResponse> {
        querier.query_wasm_smart(
            &self.0,
            &treasury::QueryMsg::ListBudgets { start_after, limit },
        )
    }
}

/// The oracle.
#[derive(Clone, Debug, PartialEq)]
pub struct OracleContract(pub Addr);

impl OracleContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Quorum, price age, outcome horizon and the DAO.
    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<oracle::ConfigResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::Config {})
    }

    /// Recommendation `id`, with its payload and provenance.
    pub fn recommendation(
        &self,
        querier: &QuerierWrapper,
        id: u64,
    ) -> StdResult<oracle::RecommendationResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::Recommendation { id })
    }

    /// A page of recommendations in id order after `start_after`, only those
    /// of `status` when given (a pending one past its expiry counts as
    /// expired).
    pub fn recommendations(
        &self,
        querier: &QuerierWrapper,
        status: Option<oracle::RecommendationStatus>,
        start_after: Option<u64>,
        limit: Option<u32>,
    ) -> StdResult<oracle::RecommendationListResponse> {
        querier.query_wasm_smart(
            &self.0,
            &oracle::QueryMsg::Recommendations {
                status,
                start_after,
                limit,
            },
        )
    }

    /// Advisor key `id` and its track record.
    pub fn advisor(
        &self,
        querier: &QuerierWrapper,
        id: &str,
    ) -> StdResult<oracle::AdvisorResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::Advisor { id: id.to_string() })
    }

    /// A page of advisors in id order, after `start_after`.
    pub fn advisors(
        &self,
        querier: &QuerierWrapper,
        start_after: Option<String>,
        limit: Option<u32>,
    ) -> StdResult<oracle::AdvisorListResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::Advisors { start_after, limit })
    }

    /// A page of `asset`'s past prices, newest first, published before
    /// `start_after` (Unix seconds).
    pub fn price_history(
        &self,
        querier: &QuerierWrapper,
        asset: &AssetInfo,
        start_after: Option<u64>,
        limit: Option<u32>,
    ) -> StdResult<oracle::PriceHistoryResponse> {
        querier.query_wasm_smart(
            &self.0,
            &oracle::QueryMsg::PriceHistory {
                asset: asset.clone(),
                start_after,
                limit,
            },
        )
    }

    /// The signatures that counted toward recommendation `id`'s quorum.
    pub fn signatures(
        &self,
        querier: &QuerierWrapper,
        id: u64,
    ) -> StdResult<oracle::SignaturesResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::Signatures { id })
    }

    /// Advisor `advisor`'s briefing about proposal `proposal_id`.
    pub fn briefing(
        &self,
        querier: &QuerierWrapper,
        proposal_id: u64,
        advisor: &str,
    ) -> StdResult<oracle::BriefingResponse> {
        querier.query_wasm_smart(
            &self.0,
            &oracle::QueryMsg::Briefing {
                proposal_id,
                advisor: advisor.to_string(),
            },
        )
    }

    /// A page of the briefings about proposal `proposal_id`, in advisor id
    /// order after `start_after`.
    pub fn briefings(
        &self,
        querier: &QuerierWrapper,
        proposal_id: u64,
        start_after: Option<String>,
        limit: Option<u32>,
    ) -> StdResult<oracle::BriefingListResponse> {
        querier.query_wasm_smart(
            &self.0,
            &oracle::QueryMsg::Briefings {
                proposal_id,
                start_after,
                limit,
            },
        )
    }

    /// The outcome of recommendation `id`: what its execution changed, when
    /// it is due to be scored, and the score once recorded.
    pub fn outcome(&self, querier: &QuerierWrapper, id: u64) -> StdResult<oracle::OutcomeResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::Outcome { id })
    }

    /// What adopting recommendation `id` needs to know.
    pub fn adoption_terms(
        &self,
        querier: &QuerierWrapper,
        id: u64,
    ) -> StdResult<oracle::AdoptionTermsResponse> {
        querier.query_wasm_smart(&self.0, &oracle::QueryMsg::AdoptionTerms { id })
    }

    /// The latest price of each of `assets` that has one, in their order
    /// (read raw: the answer of the oracle's `Prices` query, without a call).
    pub fn prices(
        &self,
        querier: &QuerierWrapper,
        assets: &[AssetInfo],
    ) -> StdResult<Vec<PriceInfo>> {
        let mut prices = Vec::with_capacity(assets.len());
        for asset in assets {
            if let Some(price) =
                oracle::stored::PRICES.query(querier, self.0.clone(), &asset.key())?
            {
                prices.push(price);
            }
        }
        Ok(prices)
    }
}

/// The proposal module.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalContract(pub Addr);

impl ProposalContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The config and the DAO this module serves.
    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<proposal::ConfigResponse> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Config {})
    }

    /// Proposal `proposal_id` with its status now (asked, as it moves with
    /// time).
    pub fn proposal(
        &self,
        querier: &QuerierWrapper,
        proposal_id: u64,
    ) -> StdResult<proposal::ProposalResponse> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Proposal { proposal_id })
    }

    /// How many proposals have been created.
    pub fn proposal_count(&self, querier: &QuerierWrapper) -> StdResult<u64> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::ProposalCount {})
    }

    /// The governance policy and when the last advisor change executed.
    pub fn governance(&self, querier: &QuerierWrapper) -> StdResult<GovernanceState> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Governance {})
    }

    /// Proposal `proposal_id`'s status now (it moves with time, so it is asked).
    pub fn status(&self, querier: &QuerierWrapper, proposal_id: u64) -> StdResult<Status> {
        let view: proposal::stored::StatusView =
            querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Proposal { proposal_id })?;
        Ok(view.status)
    }

    /// Whether the governance policy allows `changes` now.
    pub fn check_governance(
        &self,
        querier: &QuerierWrapper,
        changes: Vec<GovernanceChange>,
    ) -> StdResult<GovernanceVerdict> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::CheckGovernance { changes })
    }

    /// Whether the governance policy allows `changes` now and, when it does,
    /// the config they would leave ([`Self::check_governance`] reads the same
    /// answer without the config).
    pub fn check_governance_with_config(
        &self,
        querier: &QuerierWrapper,
        changes: Vec<GovernanceChange>,
    ) -> StdResult<proposal::GovernanceCheckResponse> {
        querier.query_wasm_smart(&self.0, &proposal::QueryMsg::CheckGovernance { changes })
    }

    /// What proposal `proposal_id` adopts, with its stored status: read raw
    /// from its vote state (asked when not stored, so the refusal is the
    /// module's own).
    pub fn adoption(
        &self,
        querier: &QuerierWrapper,
        proposal_id: u64,
    ) -> StdResult<proposal::AdoptionResponse> {
        match proposal::stored::ADOPTION_VIEWS.query(querier, self.0.clone(), proposal_id)? {
            Some(view) => Ok(proposal::AdoptionResponse {
                recommendation_id: view.adopts,
                status: view.status,
            }),
            None => {
                querier.query_wasm_smart(&self.0, &proposal::QueryMsg::Adoption { proposal_id })
            }
        }
    }
}

/// Whatever knows one DAO's four addresses (a test suite, the simulator's
/// world) hands out their handles through this, so no caller rebuilds them.
pub trait DaoContracts {
    /// dao-core, the proposal module, the treasury and the oracle.
    fn dao_addresses(&self) -> [&Addr; 4];

    /// dao-core's handle.
    fn core_contract(&self) -> CoreContract {
        CoreContract(self.dao_addresses()[0].clone())
    }

    /// The proposal module's handle.
    fn proposal_contract(&self) -> ProposalContract {
        ProposalContract(self.dao_addresses()[1].clone())
    }

    /// The treasury's handle.
    fn treasury_contract(&self) -> TreasuryContract {
        TreasuryContract(self.dao_addresses()[2].clone())
    }

    /// The oracle's handle.
    fn oracle_contract(&self) -> OracleContract {
        OracleContract(self.dao_addresses()[3].clone())
    }
}
