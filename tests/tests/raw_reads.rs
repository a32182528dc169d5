//! Every value a contract reads raw from another (through the handles in
//! `steward_types::handle`) equals what the owning contract answers itself:
//! a key that drifted would otherwise be hidden by the handles' fallbacks.

use cosmwasm_std::Addr;
use steward_tests::suite::{core_action, transfer, Suite, SuiteBuilder, ATOM, USD};
use steward_types::asset::AssetInfo;
use steward_types::core::stored::{POWER_RECORDS, TOTAL_POWER_RECORD};
use steward_types::handle::{
    CoreContract, DaoContracts, OracleContract, ProposalContract, TreasuryContract,
};
use steward_types::threshold::Vote;
use steward_types::{core, oracle, proposal, treasury};

fn core_power(s: &Suite, who: &Addr, height: Option<u64>) -> u128 {
    // Raw on purpose: dao-core's own answer, which the handle's raw reads must match.
    let res: core::VotingPowerResponse = s
        .app
        .wrap()
        .query_wasm_smart(
            &s.core,
            &core::QueryMsg::VotingPowerAtHeight {
                address: who.to_string(),
                height,
            },
        )
        .unwrap();
    res.power.u128()
}

#[test]
fn raw_reads_agree_with_the_owners_answers() {
    let mut s = SuiteBuilder::default().build();
    s.set_default_prices().unwrap();
    let q = s.app.wrap();
    let dao = CoreContract(s.core.clone());
    let height = s.app.block_info().height + 1;

    // Power and total: the records are there, and read as the snapshots do.
    for i in 0..3 {
        let member = s.member(i);
        assert!(POWER_RECORDS
            .query(&q, s.core.clone(), &member)
            .unwrap()
            .is_some());
        assert_eq!(
            dao.voting_power_at(&q, &member, height).unwrap().u128(),
            core_power(&s, &member, Some(height))
        );
        assert_eq!(
            dao.voting_power(&q, &member).unwrap().u128(),
            core_power(&s, &member, None)
        );
    }
    assert!(TOTAL_POWER_RECORD.query(&q, s.core.clone()).is_ok());
    // Raw on purpose: dao-core's own answer, which the handle's raw read must match.
    let total: core::VotingPowerResponse = q
        .query_wasm_smart(
            &s.core,
            &core::QueryMsg::TotalPowerAtHeight {
                height: Some(height),
            },
        )
        .unwrap();
    assert_eq!(dao.total_power_at(&q, height).unwrap(), total.power);
    // Raw on purpose: dao-core's own answer, which the handle's raw read must match.
    let total_now: core::VotingPowerResponse = q
        .query_wasm_smart(
            &s.core,
            &core::QueryMsg::TotalPowerAtHeight { height: None },
        )
        .unwrap();
    assert_eq!(dao.total_power(&q).unwrap(), total_now.power);

    // The module registry and the policy version are stored where the
    // shared package says (the handles would otherwise fall back unseen).
    for key in [
        core::stored::PROPOSAL_MODULE_KEY,
        core::stored::TREASURY_MODULE_KEY,
        core::stored::ORACLE_MODULE_KEY,
    ] {
        assert!(
            q.query_wasm_raw(&s.core, key.as_bytes()).unwrap().is_some(),
            "{key}"
        );
    }
    assert!(q
        .query_wasm_raw(&s.treasury, treasury::stored::POLICY_VERSION_KEY.as_bytes())
        .unwrap()
        .is_some());
    // The module registry. Raw on purpose: dao-core's own answer, for the handle to match.
    let modules: core::ModulesResponse = q
        .query_wasm_smart(&s.core, &core::QueryMsg::Modules {})
        .unwrap();
    assert_eq!(dao.modules(&q).unwrap(), modules);
    assert_eq!(dao.treasury(&q).unwrap(), s.treasury);
    assert_eq!(dao.proposal_module(&q).unwrap(), s.proposal);

    // The policy version and prices.
    let treasury_contract = TreasuryContract(s.treasury.clone());
    let policy = treasury_contract.policy(&q).unwrap();
    assert_eq!(
        treasury_contract.policy_version(&q).unwrap(),
        policy.version
    );
    let assets = vec![
        AssetInfo::native(USD),
        AssetInfo::native(ATOM),
        AssetInfo::native("unpriced"),
    ];
    // Raw on purpose: the oracle's own answer, which the handle's raw reads must match.
    let prices: oracle::PricesResponse = q
        .query_wasm_smart(
            &s.oracle,
            &oracle::QueryMsg::Prices {
                assets: assets.clone(),
            },
        )
        .unwrap();
    assert_eq!(prices.prices.len(), 2);
    assert_eq!(
        OracleContract(s.oracle.clone())
            .prices(&q, &assets)
            .unwrap(),
        prices.prices
    );

    // What a proposal adopts, for a plain one and an adoption.
    let recipient = s.actors.recipient.clone();
    let alice = s.member(0);
    let plain = s
        .propose(
            &alice,
            vec![proposal::ProposalAction::Treasury {
                actions: vec![transfer(USD, 1, &recipient)],
            }],
        )
        .unwrap();
    s.register_advisors().unwrap();
    let payload = s.payload(vec![transfer(USD, 10, &recipient)]);
    let rec = s.submit(&payload).unwrap();
    let adoption = s.propose_adoption(&alice, rec).unwrap();
    s.vote(&alice, adoption, Vote::Yes).unwrap();
    let q = s.app.wrap();
    let handle = ProposalContract(s.proposal.clone());
    for id in [plain, adoption] {
        // Raw on purpose: the module's own answer, which the handle's raw read must match.
        let asked: proposal::AdoptionResponse = q
            .query_wasm_smart(
                &s.proposal,
                &proposal::QueryMsg::Adoption { proposal_id: id },
            )
            .unwrap();
        assert_eq!(handle.adoption(&q, id).unwrap(), asked);
    }
    // Stored where the shared package says, not answered by the fallback.
    assert!(proposal::stored::ADOPTION_VIEWS
        .query(&q, s.proposal.clone(), adoption)
        .unwrap()
        .is_some());
    assert_eq!(
        handle.adoption(&q, adoption).unwrap().recommendation_id,
        Some(rec)
    );
    assert_eq!(handle.adoption(&q, plain).unwrap().recommendation_id, None);
    assert!(
        handle.adoption(&q, 999).is_err(),
        "an unknown proposal is the module's own refusal"
    );

    // The policy context the oracle checks a recommendation on, once a
    // transfer has drawn on the limits: stored where the shared package says,
    // and the treasury's own `PolicyState` answer (whose limits are refilled
    // to now; the stored ones are refilled by the check itself).
    s.pass(vec![proposal::ProposalAction::Treasury {
        actions: vec![transfer(USD, 1_000_000, &recipient)],
    }])
    .unwrap();
    s.advance(60);
    let q = s.app.wrap();
    for key in [treasury::stored::POLICY_KEY, treasury::stored::LIMITS_KEY] {
        assert!(
            q.query_wasm_raw(&s.treasury, key.as_bytes())
                .unwrap()
                .is_some(),
            "{key}"
        );
    }
    let now = s.now();
    let ctx = treasury_contract.policy_context(&q, now).unwrap();
    let state = treasury_contract.policy_state(&q).unwrap();
    assert_eq!(ctx.now, state.now);
    assert_eq!(ctx.policy, state.policy);
    assert_eq!(ctx.policy_version, state.policy_version);
    assert_eq!(ctx.balances, state.balances);
    assert!(ctx.prices.is_empty());
    assert_ne!(
        ctx.limits, state.limits,
        "a minute after a transfer the stored limits are behind"
    );
    assert_eq!(ctx.limits.at(&ctx.policy, now), state.limits);
}

/// What dao-core answers of its pause, as the handle reads it.
fn asked_pause(s: &Suite) -> Option<cw_utils::Expiration> {
    match s.core_contract().pause_info(&s.app.wrap()).unwrap() {
        core::PauseInfoResponse::Paused { expiration } => Some(expiration),
        core::PauseInfoResponse::Unpaused {} => None,
    }
}

#[test]
fn the_pause_read_raw_agrees_with_dao_cores_answer() {
    let mut s = SuiteBuilder::default().build();
    let guardian = s.actors.guardian.clone();
    let core_addr = s.core.clone();
    let read = |s: &Suite| {
        s.core_contract()
            .paused_until(&s.app.wrap(), &s.app.block_info())
            .unwrap()
    };
    let pause = |s: &mut Suite, seconds: u64| {
        s.exec(
            &guardian,
            &core_addr,
            &core::ExecuteMsg::Pause {
                duration: cw_utils::Duration::Time(seconds),
            },
        )
        .unwrap();
    };
    assert_eq!(read(&s), None);
    assert_eq!(asked_pause(&s), None);

    // The guardian's pause alone, stored where the shared package says.
    pause(&mut s, 3_600);
    assert!(core::stored::GUARDIAN_PAUSE
        .query(&s.app.wrap(), s.core.clone())
        .is_ok());
    assert!(read(&s).is_some());
    assert_eq!(read(&s), asked_pause(&s));

    // The DAO's own pause replaces it (a paused DAO still runs proposals
    // that govern only dao-core itself)…
    s.pass(vec![core_action(&core::ExecuteMsg::Pause {
        duration: cw_utils::Duration::Time(600),
    })])
    .unwrap();
    let q = s.app.wrap();
    assert!(core::stored::DAO_PAUSE.query(&q, s.core.clone()).is_ok());
    assert!(core::stored::GUARDIAN_PAUSE
        .query(&q, s.core.clone())
        .is_err());
    assert_eq!(read(&s), asked_pause(&s));
    // …and the guardian lengthens it: both stored, the later end holds.
    pause(&mut s, 3_600);
    let q = s.app.wrap();
    let dao_end = core::stored::DAO_PAUSE.query(&q, s.core.clone()).unwrap();
    let guardian_end = core::stored::GUARDIAN_PAUSE
        .query(&q, s.core.clone())
        .unwrap();
    assert!(guardian_end > dao_end);
    assert_eq!(read(&s), Some(guardian_end));
    assert_eq!(read(&s), asked_pause(&s));

    // Past both ends: no pause, though both are still stored.
    s.advance(3_600 + 5);
    assert!(core::stored::DAO_PAUSE
        .query(&s.app.wrap(), s.core.clone())
        .is_ok());
    assert!(core::stored::GUARDIAN_PAUSE
        .query(&s.app.wrap(), s.core.clone())
        .is_ok());
    assert_eq!(read(&s), None);
    assert_eq!(asked_pause(&s), None);
}
