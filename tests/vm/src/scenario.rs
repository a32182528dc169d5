//! Per contract: instantiate, representative executes (and one the contract
//! must refuse) and queries (and one it must refuse), each on the VM with its
//! gas recorded. Every step that must succeed is checked here, so a run that
//! returns `Ok` is a run in which the contract behaved; the tests look deeper
//! into the records, the `wasm-gas` binary prints them.

use crate::artifact::{self, Artifact};
use crate::vm::{CallRecord, Code, Vm, WASMD_CAPABILITIES};
use crate::world::{self, World, ADVISOR, ADVISOR_ED};
use anyhow::{anyhow, ensure, Context, Result};
use cosmwasm_std::{
    Binary, CosmosMsg, MsgResponse, Reply, ReplyOn, SubMsgResponse, SubMsgResult, WasmMsg,
};
use std::path::Path;
use steward_types::core::{self, Member};
use steward_types::oracle::{self, RecommendationResponse};
use steward_types::proposal::{self, ProposalAction};
use steward_types::threshold::Vote;
use steward_types::treasury;

/// Labels of the calls, for the tests to find them.
pub mod label {
    pub const INSTANTIATE: &str = "instantiate";

    pub const REPLY_PROPOSAL: &str = "reply: proposal instantiated";
    pub const REPLY_TREASURY: &str = "reply: treasury instantiated";
    pub const REPLY_ORACLE: &str = "reply: oracle instantiated";
    pub const UPDATE_MEMBERS: &str = "UpdateMembers (by the DAO)";
    pub const UPDATE_MEMBERS_REFUSED: &str = "UpdateMembers by an outsider (refused)";
    pub const MODULES: &str = "Modules";
    pub const LIST_MEMBERS: &str = "ListMembers";

    pub const PROPOSE: &str = "Propose (one transfer)";
    pub const VOTE: &str = "Vote";
    pub const PROPOSE_REFUSED: &str = "Propose by a non-member (refused)";
    pub const PROPOSAL: &str = "Proposal 1";
    pub const PROPOSAL_UNKNOWN: &str = "Proposal 99 (refused)";

    pub const EXECUTE_TRANSFER: &str = "Execute (one transfer)";
    pub const EXECUTE_REFUSED: &str = "Execute by an outsider (refused)";
    pub const POLICY_STATE: &str = "PolicyState";
    pub const CHECK_ACTIONS: &str = "CheckActions (over allowance)";

    pub const SUBMIT_PRICES: &str = "SubmitPrices (secp256k1)";
    pub const SUBMIT_SECP256K1: &str = "SubmitRecommendation (secp256k1)";
    pub const SUBMIT_ED25519: &str = "SubmitRecommendation (ed25519)";
    pub const SUBMIT_BAD_SIGNATURE: &str = "SubmitRecommendation, bad signature (refused)";
    pub const RECOMMENDATION: &str = "Recommendation 1";
    pub const RECOMMENDATION_UNKNOWN: &str = "Recommendation 99 (refused)";
    pub const ADOPTION_TERMS: &str = "AdoptionTerms 1";
    pub const ADVISOR: &str = "Advisor advisor-1";
    pub const SIGNATURES: &str = "Signatures 1";
    pub const PRICE_HISTORY: &str = "PriceHistory uusd";
}

/// The id the oracle's failing query asks for.
pub const UNKNOWN_ID: u64 = 99;

/// One contract's run.
#[derive(Clone, Debug)]
pub struct ContractRun {
    pub artifact: Artifact,
    pub code: Code,
    /// Every call, in order.
    pub calls: Vec<CallRecord>,
    /// The representative execute and query, for the summary.
    pub headline_execute: &'static str,
    pub headline_query: &'static str,
}

impl ContractRun {
    /// The call with this label; panics when there is none (a test bug).
    pub fn call(&self, label: &str) -> &CallRecord {
        self.calls
            .iter()
            .find(|c| c.label == label)
            .unwrap_or_else(|| panic!("{}: no call labelled {label:?}", self.artifact))
    }
}

/// Loads an artifact and stores it in the VM.
pub fn store(vm: &Vm, dir: &Path, artifact: Artifact) -> Result<Code> {
    let wasm = artifact::load(dir, artifact)?;
    vm.store(&wasm).map_err(|e| anyhow!("{artifact}: {e}"))
}

/// All four contracts from the artifacts in `dir`, on a VM with wasmd's capabilities.
pub fn run_all(dir: &Path) -> Result<Vec<ContractRun>> {
    let vm = Vm::new(WASMD_CAPABILITIES)?;
    let world = World::default();
    Artifact::ALL
        .into_iter()
        .map(|artifact| run(&vm, &world, dir, artifact))
        .collect()
}

/// One contract's scenario.
pub fn run(vm: &Vm, world: &World, dir: &Path, artifact: Artifact) -> Result<ContractRun> {
    let code = store(vm, dir, artifact)?;
    let calls = match artifact {
        Artifact::Core => core(vm, world, &code),
        Artifact::Proposal => proposal(vm, world, &code),
        Artifact::Treasury => treasury(vm, world, &code),
        Artifact::Oracle => oracle(vm, world, &code),
    }
    .with_context(|| format!("{artifact} in the VM"))?;
    let (headline_execute, headline_query) = match artifact {
        Artifact::Core => (label::UPDATE_MEMBERS, label::LIST_MEMBERS),
        Artifact::Proposal => (label::PROPOSE, label::PROPOSAL),
        Artifact::Treasury => (label::EXECUTE_TRANSFER, label::POLICY_STATE),
        Artifact::Oracle => (label::SUBMIT_SECP256K1, label::RECOMMENDATION),
    };
    Ok(ContractRun {
        artifact,
        code,
        calls,
        headline_execute,
        headline_query,
    })
}

/// dao-core: instantiate (three module submessages), the three replies that
/// record the modules, a membership change by the DAO itself.
fn core(vm: &Vm, world: &World, code: &Code) -> Result<Vec<CallRecord>> {
    let mut c = vm.contract(code, world.core.clone(), world.querier());
    let res = c.instantiate(
        label::INSTANTIATE,
        &world.deployer,
        &world.core_instantiate(),
    )?;

    // The submessages instantiate the modules with dao-core as their admin;
    // on chain wasmd would run them and call back `reply` with each address.
    let modules = [
        (
            &world.proposal,
            label::REPLY_PROPOSAL,
            world::PROPOSAL_CODE_ID,
        ),
        (
            &world.treasury,
            label::REPLY_TREASURY,
            world::TREASURY_CODE_ID,
        ),
        (&world.oracle, label::REPLY_ORACLE, world::ORACLE_CODE_ID),
    ];
    ensure!(
        res.messages.len() == modules.len(),
        "dao-core instantiate returned {} submessages, expected {}",
        res.messages.len(),
        modules.len()
    );
    for (sub, (addr, reply_label, code_id)) in res.messages.iter().zip(modules) {
        match &sub.msg {
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                admin,
                code_id: got,
                ..
            }) => {
                ensure!(
                    admin.as_deref() == Some(world.core.as_str()) && *got == code_id,
                    "module submessage: admin {admin:?}, code id {got}"
                );
            }
            other => return Err(anyhow!("unexpected submessage {other:?}")),
        }
        ensure!(sub.reply_on == ReplyOn::Success, "replies only on success");
        c.reply(reply_label, &instantiate_reply(sub.id, addr.as_str()))?;
    }
    c.next_block();

    let dave = cosmwasm_std::testing::MockApi::default().addr_make("dave");
    let update = core::ExecuteMsg::UpdateMembers {
        add: vec![Member {
            addr: dave.to_string(),
            weight: 20,
        }],
        remove: vec![world.member(2).to_string()],
    };
    c.execute(label::UPDATE_MEMBERS, &world.core.clone(), &update)?;
    c.execute_err(label::UPDATE_MEMBERS_REFUSED, &world.outsider, &update)?;
    c.next_block();

    let modules: core::ModulesResponse = c.query(label::MODULES, &core::QueryMsg::Modules {})?;
    ensure!(
        modules.proposal == world.proposal
            && modules.treasury == world.treasury
            && modules.oracle == world.oracle,
        "the modules recorded from the replies differ: {modules:?}"
    );
    let _: core::MembersResponse = c.query(
        label::LIST_MEMBERS,
        &core::QueryMsg::ListMembers {
            start_after: None,
            limit: None,
        },
    )?;
    Ok(c.calls)
}

/// The reply wasmd sends after instantiating a module: the new address in a
/// protobuf `MsgInstantiateContractResponse`.
fn instantiate_reply(id: u64, address: &str) -> Reply {
    // field 1 (contract_address), wire type 2: tag, length, bytes
    let mut value = vec![0x0a];
    let mut len = address.len();
    while len >= 0x80 {
        value.push((len as u8 & 0x7f) | 0x80);
        len >>= 7;
    }
    value.push(len as u8);
    value.extend_from_slice(address.as_bytes());
    #[allow(deprecated)] // `data` is what CosmWasm 1 chains filled; 2.x fills msg_responses
    let response = SubMsgResponse {
        events: vec![],
        data: None,
        msg_responses: vec![MsgResponse {
            type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".into(),
            value: Binary::from(value),
        }],
    };
    Reply {
        id,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(response),
    }
}

/// proposal: a member proposes a transfer, another votes; an outsider cannot propose.
fn proposal(vm: &Vm, world: &World, code: &Code) -> Result<Vec<CallRecord>> {
    let mut c = vm.contract(code, world.proposal.clone(), world.querier());
    c.instantiate(
        label::INSTANTIATE,
        &world.core,
        &world.proposal_instantiate(),
    )?;
    c.next_block();

    let propose = proposal::ExecuteMsg::Propose {
        title: "Pay the grants recipient".into(),
        description: "One transfer of 1 USD".into(),
        actions: vec![ProposalAction::Treasury {
            actions: vec![world.transfer(1_000_000)],
        }],
    };
    c.execute(label::PROPOSE, world.member(0), &propose)?;
    c.execute(
        label::VOTE,
        world.member(1),
        &proposal::ExecuteMsg::Vote {
            proposal_id: 1,
            vote: Vote::Yes,
            rationale: Some("Within the grants budget".into()),
        },
    )?;
    c.execute_err(label::PROPOSE_REFUSED, &world.outsider, &propose)?;
    c.next_block();

    let _: proposal::ProposalResponse = c.query(
        label::PROPOSAL,
        &proposal::QueryMsg::Proposal { proposal_id: 1 },
    )?;
    c.query_err(
        label::PROPOSAL_UNKNOWN,
        &proposal::QueryMsg::Proposal {
            proposal_id: UNKNOWN_ID,
        },
    )?;
    Ok(c.calls)
}

/// treasury: dao-core has it pay a recipient under the policy (which reads the
/// pause state, the oracle's prices and the bank balance); an outsider cannot.
fn treasury(vm: &Vm, world: &World, code: &Code) -> Result<Vec<CallRecord>> {
    let mut c = vm.contract(code, world.treasury.clone(), world.querier());
    c.instantiate(
        label::INSTANTIATE,
        &world.core,
        &world.treasury_instantiate(),
    )?;
    c.next_block();

    let execute = treasury::ExecuteMsg::Execute {
        actions: vec![world.transfer(1_000_000)],
        recommendation_id: None,
        expected_policy_version: Some(world::POLICY_VERSION),
    };
    c.execute(label::EXECUTE_TRANSFER, &world.core, &execute)?;
    c.execute_err(label::EXECUTE_REFUSED, &world.outsider, &execute)?;
    c.next_block();

    let _: treasury::PolicyStateResponse =
        c.query(label::POLICY_STATE, &treasury::QueryMsg::PolicyState {})?;
    let _: treasury::CheckActionsResponse = c.query(
        label::CHECK_ACTIONS,
        &treasury::QueryMsg::CheckActions {
            actions: vec![world.transfer(20_000_000)],
        },
    )?;
    Ok(c.calls)
}

/// oracle: signed prices, then recommendations signed with secp256k1 and
/// ed25519 that the VM's own crypto verifies, one whose signature does not
/// verify, and the queries of what was stored.
fn oracle(vm: &Vm, world: &World, code: &Code) -> Result<Vec<CallRecord>> {
    let mut c = vm.contract(code, world.oracle.clone(), world.querier());
    c.instantiate(label::INSTANTIATE, &world.core, &world.oracle_instantiate())?;

    c.execute(
        label::SUBMIT_PRICES,
        &world.relayer,
        &world.price_submission(),
    )?;
    let payload = world.recommendation(ADVISOR, 1, vec![world.transfer(1_000_000)]);
    c.execute(
        label::SUBMIT_SECP256K1,
        &world.relayer,
        &world.submission(&payload, &world.advisor, ADVISOR),
    )?;
    let payload_ed = world.recommendation(ADVISOR_ED, 1, vec![world.transfer(2_000_000)]);
    c.execute(
        label::SUBMIT_ED25519,
        &world.relayer,
        &world.submission(&payload_ed, &world.advisor_ed, ADVISOR_ED),
    )?;
    // Signed by the ed25519 key but presented as advisor-1's: the secp256k1
    // check of the VM must refuse it.
    let forged = world.recommendation(ADVISOR, 2, vec![world.transfer(3_000_000)]);
    c.execute_err(
        label::SUBMIT_BAD_SIGNATURE,
        &world.relayer,
        &world.submission(&forged, &world.advisor_ed, ADVISOR),
    )?;

    let _: RecommendationResponse = c.query(
        label::RECOMMENDATION,
        &oracle::QueryMsg::Recommendation { id: 1 },
    )?;
    // What ProposeAdoption reads: the same recommendation without its bytes.
    let _: oracle::AdoptionTermsResponse = c.query(
        label::ADOPTION_TERMS,
        &oracle::QueryMsg::AdoptionTerms { id: 1 },
    )?;
    c.query_err(
        label::RECOMMENDATION_UNKNOWN,
        &oracle::QueryMsg::Recommendation { id: UNKNOWN_ID },
    )?;
    let _: oracle::AdvisorResponse = c.query(
        label::ADVISOR,
        &oracle::QueryMsg::Advisor { id: ADVISOR.into() },
    )?;
    // What anyone re-checks a recommendation's signatures from, and the
    // history the price submission above began.
    let _: oracle::SignaturesResponse =
        c.query(label::SIGNATURES, &oracle::QueryMsg::Signatures { id: 1 })?;
    let _: oracle::PriceHistoryResponse = c.query(
        label::PRICE_HISTORY,
        &oracle::QueryMsg::PriceHistory {
            asset: steward_types::asset::AssetInfo::native(world::USD),
            start_after: None,
            limit: None,
        },
    )?;
    Ok(c.calls)
}
