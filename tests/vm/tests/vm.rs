//! The artifacts in `artifacts/` (built by `scripts/build-wasm`) in the CosmWasm
//! VM. A missing artifact fails these tests with the command that builds it.

use cosmwasm_std::{from_json, BankMsg, Coin, CosmosMsg, Response, Uint128};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use steward_types::asset::AssetInfo;
use steward_types::core::{MembersResponse, ModulesResponse};
use steward_types::crypto::digest_hex;
use steward_types::oracle::{
    AdoptionTermsResponse, AdvisorResponse, RecommendationResponse, RecommendationStatus,
};
use steward_types::policy::PolicyViolation;
use steward_types::proposal::{ProposalKind, ProposalResponse};
use steward_types::threshold::Status;
use steward_types::treasury::{CheckActionsResponse, PolicyStateResponse};
use steward_vm_tests::artifact::{self, Artifact};
use steward_vm_tests::scenario::{self, label, ContractRun, UNKNOWN_ID};
use steward_vm_tests::vm::{
    capabilities, Outcome, Vm, CALL_GAS_LIMIT, COSMWASM_2_1_CAPABILITIES, WASMD_CAPABILITIES,
};
use steward_vm_tests::world::{self, World, ADVISOR, ADVISOR_ED};
use steward_vm_tests::{report, vm::CallRecord};

/// Secp256k1 and ed25519 verification prices of the VM (`GasConfig::default`).
const SECP256K1_VERIFY_GAS: u64 = 96_000_000;
const ED25519_VERIFY_GAS: u64 = 35_000_000;

/// The scenario of all four contracts, run once and shared by the tests that
/// look into it (compiling the artifacts is most of the time).
fn runs() -> &'static [ContractRun] {
    static RUNS: OnceLock<Result<Vec<ContractRun>, String>> = OnceLock::new();
    match RUNS
        .get_or_init(|| scenario::run_all(&artifact::default_dir()).map_err(|e| format!("{e:#}")))
    {
        Ok(runs) => runs,
        Err(e) => panic!("{e}"),
    }
}

fn run(artifact: Artifact) -> &'static ContractRun {
    runs()
        .iter()
        .find(|r| r.artifact == artifact)
        .expect("every artifact runs")
}

fn response(call: &CallRecord) -> &Response {
    match &call.outcome {
        Outcome::Response(res) => res,
        other => panic!("{}: expected a response, got {other:?}", call.label),
    }
}

fn data<T: serde::de::DeserializeOwned>(call: &CallRecord) -> T {
    match &call.outcome {
        Outcome::Data(data) => from_json(data).expect("query response parses"),
        other => panic!("{}: expected data, got {other:?}", call.label),
    }
}

fn error(call: &CallRecord) -> &str {
    match &call.outcome {
        Outcome::Error(e) => e,
        other => panic!("{}: expected an error, got {other:?}", call.label),
    }
}

fn attribute<'a>(res: &'a Response, key: &str) -> &'a str {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}

#[test]
fn every_artifact_passes_the_vm_checks_and_needs_nothing_past_cosmwasm_2_1() {
    // A VM that offers no more than wasmvm 2.2 chains such as Osmosis accepts them all.
    let vm = Vm::new(COSMWASM_2_1_CAPABILITIES).unwrap();
    let offered = capabilities(COSMWASM_2_1_CAPABILITIES);
    for artifact in Artifact::ALL {
        let code = scenario::store(&vm, &artifact::default_dir(), artifact)
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert!(
            code.required_capabilities.is_subset(&offered),
            "{artifact} requires {:?}",
            code.required_capabilities
        );
        let mut expected: BTreeSet<String> = ["instantiate", "execute", "query", "migrate"]
            .map(String::from)
            .into();
        // Only what catches a sub-message's result has a reply: dao-core
        // (the modules it instantiates) and the proposal module (a failed
        // execution).
        if !matches!(artifact, Artifact::Oracle | Artifact::Treasury) {
            expected.insert("reply".into());
        }
        assert_eq!(code.entrypoints, expected, "{artifact} entry points");
    }
}

#[test]
fn a_vm_without_the_needed_capabilities_refuses_the_artifact() {
    let vm = Vm::new("iterator,cosmwasm_1_1").unwrap();
    let err = scenario::store(&vm, &artifact::default_dir(), Artifact::Oracle)
        .expect_err("cosmwasm_2_1 is required but not offered");
    let msg = format!("{err:#}");
    assert!(msg.contains("steward_oracle.wasm"), "{msg}");
    assert!(msg.contains("cosmwasm_2_1"), "{msg}");
}

#[test]
fn a_missing_artifact_fails_and_says_how_to_build_it() {
    let empty = std::env::temp_dir().join(format!("steward-vm-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let vm = Vm::new(WASMD_CAPABILITIES).unwrap();
    let err = scenario::run(&vm, &World::default(), &empty, Artifact::Core)
        .expect_err("no artifact there");
    let msg = format!("{err:#}");
    assert!(msg.contains("steward_core.wasm is missing"), "{msg}");
    assert!(msg.contains("run scripts/build-wasm"), "{msg}");

    std::fs::write(empty.join("steward_proposal.wasm"), b"not wasm").unwrap();
    let err = artifact::load(&empty, Artifact::Proposal).expect_err("not a wasm module");
    assert!(format!("{err}").contains("is not a wasm module"));
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn dao_core_instantiates_its_modules_by_submessage_and_records_the_replies() {
    let run = run(Artifact::Core);
    let w = World::default();

    let init = response(run.call(label::INSTANTIATE));
    assert_eq!(init.messages.len(), 3);
    assert_eq!(attribute(init, "action"), "instantiate");
    for (label, module, addr) in [
        (label::REPLY_PROPOSAL, "proposal", &w.proposal),
        (label::REPLY_TREASURY, "treasury", &w.treasury),
        (label::REPLY_ORACLE, "oracle", &w.oracle),
    ] {
        let res = response(run.call(label));
        assert_eq!(attribute(res, "module"), module);
        assert_eq!(attribute(res, "address"), addr.as_str());
    }
    let modules: ModulesResponse = data(run.call(label::MODULES));
    assert_eq!(modules.oracle, w.oracle);

    let refused = error(run.call(label::UPDATE_MEMBERS_REFUSED));
    assert!(refused.contains(w.outsider.as_str()), "{refused}");

    // dave joined with 20, carol left; the refused call changed nothing more.
    let members: MembersResponse = data(run.call(label::LIST_MEMBERS));
    let powers: Vec<(String, u128)> = members
        .members
        .iter()
        .map(|m| (m.addr.to_string(), m.power.u128()))
        .collect();
    let dave = cosmwasm_std::testing::MockApi::default().addr_make("dave");
    assert_eq!(powers.len(), 3, "{powers:?}");
    assert!(powers.contains(&(dave.to_string(), 20)));
    assert!(powers.contains(&(w.member(0).to_string(), 40)));
    assert!(!powers.iter().any(|(a, _)| a == w.member(2).as_str()));
}

#[test]
fn proposal_stores_a_members_proposal_and_vote_and_refuses_an_unknown_id() {
    let run = run(Artifact::Proposal);
    let w = World::default();

    assert_eq!(
        attribute(response(run.call(label::PROPOSE)), "proposal_id"),
        "1"
    );
    let refused = error(run.call(label::PROPOSE_REFUSED));
    assert!(refused.contains("has no voting power"), "{refused}");

    let p: ProposalResponse = data(run.call(label::PROPOSAL));
    assert_eq!(p.id, 1);
    assert_eq!(p.status, Status::Open);
    assert_eq!(&p.proposal.proposer, w.member(0));
    assert_eq!(p.proposal.total_power, Uint128::new(100));
    assert_eq!(p.proposal.votes.yes, Uint128::new(30));
    assert!(matches!(p.proposal.kind, ProposalKind::Actions { ref actions } if actions.len() == 1));

    let unknown = error(run.call(label::PROPOSAL_UNKNOWN));
    assert!(
        unknown.contains(&format!("proposal {UNKNOWN_ID} not found")),
        "{unknown}"
    );
}

#[test]
fn treasury_pays_under_the_policy_and_takes_it_from_the_allowance() {
    let run = run(Artifact::Treasury);
    let w = World::default();

    let res = response(run.call(label::EXECUTE_TRANSFER));
    assert_eq!(res.messages.len(), 1);
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: w.recipient.to_string(),
            amount: vec![Coin::new(1_000_000u128, world::USD)],
        })
    );
    let refused = error(run.call(label::EXECUTE_REFUSED));
    assert!(refused.contains(w.outsider.as_str()), "{refused}");

    let state: PolicyStateResponse = data(run.call(label::POLICY_STATE));
    assert_eq!(state.policy_version, 1);
    let usd = state
        .asset_limits
        .iter()
        .find(|l| l.asset == AssetInfo::native(world::USD))
        .unwrap();
    // The query runs a block (5 s) after the transfer: that much has refilled.
    let refill = usd
        .capacity
        .multiply_ratio(5u128, u128::from(usd.refill_period_seconds));
    assert_eq!(
        usd.capacity - usd.available,
        Uint128::new(1_000_000) - refill,
        "only the accepted transfer counts"
    );
    // Balances come from the bank, through the VM's querier.
    assert_eq!(
        world::native_amount(&state.balances, world::ATOM),
        Uint128::new(10_000_000)
    );

    let check: CheckActionsResponse = data(run.call(label::CHECK_ACTIONS));
    assert!(
        matches!(
            check.violation(),
            Some(PolicyViolation::AllowanceExceeded { available, .. })
                if *available == usd.available
        ),
        "{:?}",
        check.verdict
    );
    // The refusal still answers the balances and limits it started from, in
    // the same block as the policy state.
    assert_eq!(check.before.balances, state.balances);
    assert_eq!(check.before.asset_limits, state.asset_limits);
}

#[test]
fn oracle_verifies_signatures_with_the_vms_crypto_and_stores_the_recommendation() {
    let run = run(Artifact::Oracle);
    let w = World::default();

    let secp = response(run.call(label::SUBMIT_SECP256K1));
    assert_eq!(attribute(secp, "id"), "1");
    let ed = response(run.call(label::SUBMIT_ED25519));
    assert_eq!(attribute(ed, "id"), "2");
    assert_eq!(attribute(ed, "signers"), ADVISOR_ED);

    let bad = error(run.call(label::SUBMIT_BAD_SIGNATURE));
    assert_eq!(bad, format!("signature of key {ADVISOR} does not verify"));

    // Stored as submitted: the exact bytes that were signed, and their hash.
    let bytes =
        serde_json::to_vec(&w.recommendation(ADVISOR, 1, vec![w.transfer(1_000_000)])).unwrap();
    let rec: RecommendationResponse = data(run.call(label::RECOMMENDATION));
    assert_eq!(rec.status, RecommendationStatus::Pending);
    let rec = rec.recommendation;
    assert_eq!(rec.id, 1);
    assert_eq!(rec.payload_bytes.as_slice(), bytes.as_slice());
    assert_eq!(rec.payload_hash, digest_hex(&bytes));
    assert_eq!(rec.signers, vec![ADVISOR.to_string()]);
    assert_eq!(rec.submitted_by, w.relayer);
    assert_eq!(rec.payload.actions, vec![w.transfer(1_000_000)]);

    let terms: AdoptionTermsResponse = data(run.call(label::ADOPTION_TERMS));
    assert_eq!(terms.payload_hash, rec.payload_hash);
    assert_eq!(terms.actions, rec.payload.actions);
    assert_eq!(terms.status, RecommendationStatus::Pending);

    let unknown = error(run.call(label::RECOMMENDATION_UNKNOWN));
    assert_eq!(unknown, format!("recommendation {UNKNOWN_ID} not found"));

    // The refused submission (nonce 2) left the advisor's nonce and record alone.
    let advisor: AdvisorResponse = data(run.call(label::ADVISOR));
    assert_eq!(advisor.last_nonce, Some(1));
    assert_eq!(advisor.record.submitted, 1);
    assert!(advisor.active);

    // The signature that made recommendation 1, as submitted, with its key id.
    let submitted = w.submission(
        &w.recommendation(ADVISOR, 1, vec![w.transfer(1_000_000)]),
        &w.advisor,
        ADVISOR,
    );
    let steward_types::oracle::ExecuteMsg::SubmitRecommendation { signatures, .. } = submitted
    else {
        panic!("a recommendation submission")
    };
    let stored: steward_types::oracle::SignaturesResponse = data(run.call(label::SIGNATURES));
    assert_eq!(stored.id, 1);
    assert_eq!(stored.signatures, signatures);

    // The one price update so far is the history's one point.
    let history: steward_types::oracle::PriceHistoryResponse = data(run.call(label::PRICE_HISTORY));
    assert_eq!(history.asset, AssetInfo::native(world::USD));
    assert_eq!(history.points.len(), 1);
    assert_eq!(history.points[0].publish_time, w.now());
}

#[test]
fn every_call_is_metered_deterministically_and_within_the_limit() {
    let runs = runs();
    for run in runs {
        for call in &run.calls {
            let gas = call.gas;
            assert!(
                gas.wasm > 0,
                "{}: {}: no wasm gas",
                run.artifact,
                call.label
            );
            assert!(
                gas.total < CALL_GAS_LIMIT,
                "{}: {}",
                run.artifact,
                call.label
            );
            assert_eq!(gas.total, gas.wasm + gas.host);
        }
    }
    let oracle = runs
        .iter()
        .find(|r| r.artifact == Artifact::Oracle)
        .unwrap();
    // The signature checks ran in the VM and were priced by it.
    assert!(oracle.call(label::SUBMIT_SECP256K1).gas.wasm > SECP256K1_VERIFY_GAS);
    assert!(oracle.call(label::SUBMIT_ED25519).gas.wasm > ED25519_VERIFY_GAS);
    // The policy check queried dao-core and the treasury: 100,000 gas per query.
    assert!(oracle.call(label::SUBMIT_SECP256K1).gas.host > 200_000);

    // Gas depends on nothing but the code and the inputs: a second run, on a
    // VM of its own, measures the same.
    let again = scenario::run_all(&artifact::default_dir()).unwrap();
    let gas = |runs: &[ContractRun]| -> Vec<(String, u64)> {
        runs.iter()
            .flat_map(|r| r.calls.iter().map(|c| (c.label.clone(), c.gas.total)))
            .collect()
    };
    assert_eq!(gas(runs), gas(&again));
}

#[test]
fn the_report_lists_every_artifact_and_call_against_its_size_target() {
    let runs = runs();
    let text = report::render(runs);
    for run in runs {
        assert!(text.contains(run.artifact.file_name()));
        assert!(text.contains(&report::budget(run.artifact, run.code.bytes)));
        for call in &run.calls {
            assert!(text.contains(&call.label), "{}", call.label);
            assert!(text.contains(&report::group(call.gas.total)));
        }
    }
}

#[test]
fn a_call_over_its_gas_limit_fails_in_the_vm_and_leaves_no_state() {
    let w = World::default();
    let vm = Vm::new(WASMD_CAPABILITIES).unwrap();
    let code = scenario::store(&vm, &artifact::default_dir(), Artifact::Oracle)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let oracle = || {
        let mut c = vm.contract(&code, w.oracle.clone(), w.querier());
        c.instantiate(label::INSTANTIATE, &w.core, &w.oracle_instantiate())
            .unwrap();
        c
    };
    let mut probe = oracle();
    probe
        .execute(label::SUBMIT_PRICES, &w.relayer, &w.price_submission())
        .unwrap();
    let needed = probe.calls.last().unwrap().gas.total;

    // One unit short: the VM stops the call at its very end, after the prices
    // were written.
    let mut short = oracle();
    short.gas_limit = needed - 1;
    let err = short
        .execute(label::SUBMIT_PRICES, &w.relayer, &w.price_submission())
        .expect_err("one unit short of what the call needs");
    assert!(format!("{err:#}").contains("out of gas"), "{err:#}");

    // The same update goes through with enough gas: the failed call kept
    // nothing (a stored price of the same time would refuse it as stale).
    short.gas_limit = CALL_GAS_LIMIT;
    short
        .execute(label::SUBMIT_PRICES, &w.relayer, &w.price_submission())
        .unwrap();
    assert_eq!(short.calls.last().unwrap().gas.total, needed);
}
