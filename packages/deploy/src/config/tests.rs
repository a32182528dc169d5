use super::*;

const LOCAL: &str = include_str!("../../../../deploy/steward-local.toml");
const CODES: CodeIds = CodeIds {
    core: 1,
    proposal: 2,
    treasury: 3,
    oracle: 4,
};

fn check(edit: impl Fn(&mut DaoConfig)) -> Result<core::InstantiateMsg, ConfigError> {
    let mut c = DaoConfig::parse(LOCAL).unwrap();
    edit(&mut c);
    c.instantiate_msg("wasm", CODES)
}

fn refused(edit: impl Fn(&mut DaoConfig), field: &str, reason: &str) {
    let e = check(edit).unwrap_err();
    assert_eq!(e.field, field, "{e}");
    assert!(e.reason.contains(reason), "{e}");
}

#[test]
fn the_local_config_builds_the_whole_dao() {
    let msg = check(|_| {}).unwrap();
    assert_eq!(msg.members.len(), 3);
    assert_eq!(msg.members.iter().map(|m| m.weight).sum::<u64>(), 100);
    assert_eq!(msg.proposal.code_id, 2);
    assert_eq!(msg.oracle.code_id, 4);
    let p: proposal::InstantiateMsg = cosmwasm_std::from_json(&msg.proposal.msg).unwrap();
    assert_eq!(
        p.config.threshold,
        Threshold::AbsolutePercentage {
            percentage: PercentageThreshold::Percent(Decimal::percent(75))
        }
    );
    assert_eq!(p.config.adoption_timelock.duration, Duration::Time(10));
    assert!(p.config.timelock.is_none());
    let o: oracle::InstantiateMsg = cosmwasm_std::from_json(&msg.oracle.msg).unwrap();
    assert_eq!(o.advisors[0].public_key.len(), 33);
    assert_eq!(o.feeders[0].id, "feeder-1");
    let t: treasury::InstantiateMsg = cosmwasm_std::from_json(&msg.treasury.msg).unwrap();
    assert_eq!(t.policy.allowances.len(), 2);
}

#[test]
fn members_must_be_present_distinct_weighted_and_on_this_chain() {
    refused(|c| c.members.clear(), "members", "at least one member");
    refused(|c| c.members[1].weight = 0, "members[1].weight", "above 0");
    refused(
        |c| c.members[2].addr = c.members[0].addr.clone(),
        "members[2].addr",
        "twice",
    );
    refused(
        |c| c.members[0].addr = "osmo1n3sy4286tes87wzn9p42yujtjut233m0yqnyw2".into(),
        "members[0].addr",
        "not a valid wasm1",
    );
    // The same config on another chain fails on its first address.
    let e = DaoConfig::parse(LOCAL)
        .unwrap()
        .instantiate_msg("juno", CODES)
        .unwrap_err();
    assert!(e.reason.contains("juno1"), "{e}");
}

#[test]
fn thresholds_and_periods_are_checked() {
    refused(
        |c| c.proposal.threshold = Some("0".into()),
        "proposal.threshold",
        "above 0",
    );
    refused(
        |c| c.proposal.threshold = Some("101".into()),
        "proposal.threshold",
        "at most 1, got 1.01",
    );
    refused(
        |c| c.proposal.threshold = Some("most".into()),
        "proposal.threshold",
        "majority",
    );
    refused(
        |c| c.proposal.threshold = None,
        "proposal.threshold",
        "missing",
    );
    refused(
        |c| c.proposal.absolute_count = Some(10),
        "proposal",
        "not both",
    );
    refused(
        |c| {
            c.proposal.threshold = None;
            c.proposal.absolute_count = Some(101);
        },
        "proposal.absolute_count",
        "total weight 100",
    );
    refused(
        |c| c.proposal.voting_period_seconds = 0,
        "proposal.voting_period_seconds",
        "voting_period must be non-zero",
    );
    refused(
        |c| c.proposal.adoption_timelock_seconds = 0,
        "proposal.adoption_timelock_seconds",
        "adoption_timelock.duration must be non-zero",
    );
    refused(
        |c| c.proposal.vetoer = "nobody".into(),
        "proposal.vetoer",
        "not a valid",
    );
    let msg = check(|c| {
        c.proposal.threshold = Some("majority".into());
        c.proposal.quorum = Some("30%".into());
    })
    .unwrap();
    let p: proposal::InstantiateMsg = cosmwasm_std::from_json(&msg.proposal.msg).unwrap();
    assert_eq!(
        p.config.threshold,
        Threshold::ThresholdQuorum {
            threshold: PercentageThreshold::Majority {},
            quorum: PercentageThreshold::Percent(Decimal::percent(30)),
        }
    );
}

/// The deploy check bounds durations by the proposal module's own rule
/// (`steward_types::duration`): what it accepts, the contract accepts.
#[test]
fn durations_are_bounded_as_the_proposal_module_bounds_them() {
    use steward_types::duration::MAX_DURATION_SECONDS as MAX;
    // Two years: past a one-year guard a deploy tool might add of its own,
    // within the contract's ten years, so accepted.
    let two_years = 2 * 365 * 86_400;
    check(|c| {
        c.proposal.voting_period_seconds = two_years;
        c.proposal.adoption_timelock_seconds = two_years;
        c.proposal.timelock_seconds = two_years;
        c.proposal.execution_window_seconds = Some(two_years);
    })
    .unwrap();
    check(|c| c.proposal.voting_period_seconds = MAX).unwrap();
    for (field, contract_field) in [
        ("proposal.voting_period_seconds", "voting_period"),
        (
            "proposal.adoption_timelock_seconds",
            "adoption_timelock.duration",
        ),
        ("proposal.timelock_seconds", "proposal.timelock_seconds"),
        ("proposal.execution_window_seconds", "execution_window"),
    ] {
        let edit = |c: &mut DaoConfig| match field {
            "proposal.voting_period_seconds" => c.proposal.voting_period_seconds = MAX + 1,
            "proposal.adoption_timelock_seconds" => c.proposal.adoption_timelock_seconds = MAX + 1,
            "proposal.timelock_seconds" => c.proposal.timelock_seconds = MAX + 1,
            _ => c.proposal.execution_window_seconds = Some(MAX + 1),
        };
        let expected = steward_types::duration::ensure_bounded_seconds(contract_field, MAX + 1)
            .unwrap_err()
            .to_string();
        refused(edit, field, &expected);
    }
    refused(
        |c| c.proposal.execution_window_seconds = Some(0),
        "proposal.execution_window_seconds",
        "execution_window must be non-zero",
    );
}

#[test]
fn policy_and_keys_are_checked() {
    refused(
        |c| c.policy.period_seconds = 0,
        "policy.period_seconds",
        "period_seconds",
    );
    refused(
        |c| c.policy.allowances[0].asset = "uusd".into(),
        "policy.allowances[0].asset",
        "native:",
    );
    refused(
        |c| c.policy.allowances[0].amount = "-1".into(),
        "policy.allowances[0].amount",
        "whole number",
    );
    refused(|c| c.oracle.quorum = 2, "oracle.quorum", "1..=1");
    refused(
        |c| c.oracle.advisors[0].public_key = "AAAA".into(),
        "oracle.advisors[0].public_key",
        "malformed",
    );
    // The oracle's rule: with no advisor yet, the quorum is 1 (keys come
    // later by proposal); the config check once let 2 through.
    refused(
        |c| {
            c.oracle.advisors.clear();
            c.oracle.quorum = 2;
        },
        "oracle.quorum",
        "1..=1",
    );
    refused(
        |c| c.oracle.feeders.push(c.oracle.feeders[0].clone()),
        "oracle.feeders[1].id",
        "twice",
    );
}

#[test]
fn the_outcome_horizon_is_optional_and_bounded() {
    let o = |msg: core::InstantiateMsg| -> oracle::InstantiateMsg {
        cosmwasm_std::from_json(&msg.oracle.msg).unwrap()
    };
    // The local DAO scores outcomes 20 s after execution.
    assert_eq!(o(check(|_| {}).unwrap()).outcome_horizon_seconds, Some(20));
    let none = check(|c| c.oracle.outcome_horizon_seconds = None).unwrap();
    assert_eq!(o(none).outcome_horizon_seconds, None);
    refused(
        |c| c.oracle.outcome_horizon_seconds = Some(0),
        "oracle.outcome_horizon_seconds",
        "non-zero",
    );
    refused(
        |c| c.oracle.outcome_horizon_seconds = Some(11 * 365 * 86_400),
        "oracle.outcome_horizon_seconds",
        "longer than",
    );
}

#[test]
fn unknown_fields_and_bad_toml_are_refused() {
    let e = DaoConfig::parse(&format!("{LOCAL}\nsurprise = 1\n")).unwrap_err();
    assert_eq!(e.field, "<file>");
    assert!(e.reason.contains("surprise"), "{e}");
    let e = DaoConfig::parse("name = ").unwrap_err();
    assert_eq!(e.field, "<file>");
}

const TOKEN: &str = "wasm1n3sy4286tes87wzn9p42yujtjut233m072ra65";

fn token_info(symbol: &str, decimals: u8) -> cw20::TokenInfoResponse {
    cw20::TokenInfoResponse {
        name: "Steward Gov".into(),
        symbol: symbol.into(),
        decimals,
        total_supply: Uint128::new(1_000_000_000),
    }
}

fn entry(asset: &str, symbol: Option<&str>, decimals: Option<u8>) -> AssetDisplayConfig {
    AssetDisplayConfig {
        asset: asset.into(),
        symbol: symbol.map(Into::into),
        decimals,
        name: None,
    }
}

#[test]
fn the_local_config_shows_its_native_denoms() {
    let c = DaoConfig::parse(LOCAL).unwrap();
    let displays = c.stated_displays().unwrap();
    let atom = displays
        .iter()
        .find(|(a, _)| *a == AssetInfo::native("uatom"))
        .map(|(_, d)| d.clone());
    let Some(StatedDisplay::Native(atom)) = atom else {
        panic!("no uatom display in {displays:?}")
    };
    assert_eq!((atom.symbol.as_str(), atom.decimals), ("ATOM", 6));
    // Every policy asset of the local config is a native denom listed in assets.
    assert_eq!(displays.len(), c.assets.len());
}

#[test]
fn asset_displays_are_validated_on_their_field() {
    refused(
        |c| c.assets[0].decimals = Some(19),
        "assets[0]",
        "decimals 19 is more than 18",
    );
    refused(
        |c| c.assets[1].symbol = Some(String::new()),
        "assets[1]",
        "non-empty printable",
    );
    refused(
        |c| c.assets[1].symbol = Some("AT OM".into()),
        "assets[1]",
        "non-empty printable",
    );
    refused(
        |c| c.assets[0].symbol = None,
        "assets[0]",
        "needs symbol and decimals",
    );
    refused(
        |c| c.assets.push(c.assets[0].clone()),
        &format!("assets[{}].asset", 3),
        "listed twice",
    );
    refused(
        |c| c.assets.push(entry("cw20:wasm1nope", None, None)),
        "assets[3].asset",
        "not a valid wasm1",
    );
    refused(
        |c| {
            c.assets
                .push(entry(&format!("cw20:{TOKEN}"), None, Some(30)))
        },
        "assets[3].decimals",
        "more than 18",
    );
    // A cw20 entry may state nothing: the token's TokenInfo says it all.
    check(|c| c.assets.push(entry(&format!("cw20:{TOKEN}"), None, None))).unwrap();
}

#[test]
fn a_cw20_display_comes_from_its_token_info_and_disagreeing_decimals_are_refused() {
    let asset = AssetInfo::cw20(TOKEN);
    // Named only in the policy: all of it from TokenInfo.
    let mut c = DaoConfig::parse(LOCAL).unwrap();
    c.policy.allowances.push(AssetAmountConfig {
        asset: format!("cw20:{TOKEN}"),
        amount: "5".into(),
    });
    let displays = c.stated_displays().unwrap();
    let (info, stated) = displays.last().unwrap();
    assert_eq!(info, &asset);
    let d = cw20_display(&asset, stated, &token_info("STEW", 6)).unwrap();
    assert_eq!(
        d,
        AssetDisplay {
            symbol: "STEW".into(),
            decimals: 6,
            name: Some("Steward Gov".into())
        }
    );

    // Stated decimals that agree pass; a stated symbol replaces the token's.
    c.assets
        .push(entry(&format!("cw20:{TOKEN}"), Some("GOV"), Some(6)));
    let displays = c.stated_displays().unwrap();
    assert_eq!(
        displays.iter().filter(|(a, _)| *a == asset).count(),
        1,
        "listed once"
    );
    let (_, stated) = displays.iter().find(|(a, _)| *a == asset).unwrap();
    let d = cw20_display(&asset, stated, &token_info("STEW", 6)).unwrap();
    assert_eq!((d.symbol.as_str(), d.decimals), ("GOV", 6));

    // Disagreeing decimals: refused, naming both values.
    let e = cw20_display(&asset, stated, &token_info("STEW", 8)).unwrap_err();
    assert_eq!(
        e,
        DisplayError::DecimalsDisagree {
            field: "assets[3].decimals".into(),
            asset: format!("cw20:{TOKEN}"),
            config: 6,
            token_info: 8,
            factor: "10^2 times".into(),
        }
    );
    let text = e.to_string();
    assert!(
        text.contains("decimals = 6 in the config") && text.contains("TokenInfo says 8"),
        "{text}"
    );

    // A token whose own symbol cannot be shown needs one from the config.
    let bare = StatedDisplay::Cw20 {
        contract_addr: TOKEN.into(),
        field: None,
        symbol: None,
        decimals: None,
        name: None,
    };
    let e = cw20_display(&asset, &bare, &token_info("S T", 6)).unwrap_err();
    assert!(
        matches!(&e, DisplayError::InvalidTokenInfo { symbol, .. } if symbol == "S T"),
        "{e}"
    );
}

#[test]
fn the_governance_policy_reaches_the_proposal_module_and_is_validated_there_first() {
    use steward_types::governance::{GovernanceParam, GovernancePolicy};
    let msg = check(|_| {}).unwrap();
    let p: proposal::InstantiateMsg = cosmwasm_std::from_json(&msg.proposal.msg).unwrap();
    let g: GovernancePolicy = p.config.governance.expect("the local DAO sets one");
    assert_eq!(g.max_step, Decimal::percent(10));
    assert_eq!(g.min_interval_seconds, 3_600);
    assert!(g.allowed.contains(&GovernanceParam::VotingPeriod));
    refused(
        |c| c.proposal.governance.as_mut().unwrap().max_step = Decimal::one(),
        "proposal.governance",
        "outside (0, 1)",
    );
    refused(
        |c| {
            let g = c.proposal.governance.as_mut().unwrap();
            g.allowed = vec![GovernanceParam::Quorum, GovernanceParam::Quorum];
        },
        "proposal.governance",
        "listed twice",
    );
    assert!(check(|c| c.proposal.governance = None).is_ok());
}

/// The deploy check refuses a proposal config exactly as the proposal module
/// does: for each case, the same edit made to the config file and to the
/// message the contract receives gives the same field and the same reason.
#[test]
fn the_deploy_check_and_the_proposal_module_refuse_the_same_configs() {
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    use steward_proposal::contract::instantiate;
    let good: proposal::InstantiateMsg =
        cosmwasm_std::from_json(&check(|_| {}).unwrap().proposal.msg).unwrap();
    type FileEdit = fn(&mut DaoConfig);
    type MsgEdit = fn(&mut proposal::Config);
    let cases: Vec<(&str, FileEdit, MsgEdit)> = vec![
        (
            "proposal.threshold",
            |c| c.proposal.threshold = Some("0".into()),
            |m| {
                m.threshold = Threshold::AbsolutePercentage {
                    percentage: PercentageThreshold::Percent(Decimal::zero()),
                }
            },
        ),
        (
            "proposal.threshold",
            |c| c.proposal.threshold = Some("150".into()),
            |m| {
                m.threshold = Threshold::AbsolutePercentage {
                    percentage: PercentageThreshold::Percent(Decimal::percent(150)),
                }
            },
        ),
        (
            "proposal.quorum",
            |c| c.proposal.quorum = Some("0".into()),
            |m| {
                m.threshold = Threshold::ThresholdQuorum {
                    threshold: PercentageThreshold::Percent(Decimal::percent(75)),
                    quorum: PercentageThreshold::Percent(Decimal::zero()),
                }
            },
        ),
        (
            "proposal.voting_period_seconds",
            |c| c.proposal.voting_period_seconds = 0,
            |m| m.voting_period = Duration::Time(0),
        ),
        (
            "proposal.min_voting_period_seconds",
            |c| c.proposal.min_voting_period_seconds = Some(601),
            |m| m.min_voting_period = Some(Duration::Time(601)),
        ),
        (
            "proposal.adoption_timelock_seconds",
            |c| c.proposal.adoption_timelock_seconds = 0,
            |m| m.adoption_timelock.duration = Duration::Time(0),
        ),
        (
            "proposal.execution_window_seconds",
            |c| c.proposal.execution_window_seconds = Some(0),
            |m| m.execution_window = Some(Duration::Time(0)),
        ),
        (
            "proposal.voting_period_seconds",
            |c| c.proposal.voting_period_seconds = 11 * 365 * 86_400,
            |m| m.voting_period = Duration::Time(11 * 365 * 86_400),
        ),
        (
            "proposal.vetoer",
            |c| c.proposal.vetoer = "nobody".into(),
            |m| m.adoption_timelock.vetoer = "nobody".into(),
        ),
        (
            "proposal.governance",
            |c| c.proposal.governance.as_mut().unwrap().max_step = Decimal::one(),
            |m| m.governance.as_mut().unwrap().max_step = Decimal::one(),
        ),
    ];
    for (field, file_edit, msg_edit) in cases {
        let refused_by_deploy = check(file_edit).unwrap_err();
        let mut config = good.config.clone();
        msg_edit(&mut config);
        let mut deps = mock_dependencies();
        deps.api = deps.api.with_prefix("wasm");
        let dao = deps.api.addr_make("dao-core");
        let refused_by_contract = instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&dao, &[]),
            proposal::InstantiateMsg { config },
        )
        .unwrap_err();
        assert_eq!(refused_by_deploy.field, field, "{refused_by_deploy}");
        // Address errors end in the address library's own words (the chain's
        // on a node, a mock here); the rule and the values before them agree.
        let rule = |e: &str| e.split(": Generic error").next().unwrap().to_string();
        assert_eq!(
            rule(&refused_by_deploy.reason),
            rule(&refused_by_contract.to_string()),
            "{field}"
        );
    }
}

/// Every oracle and policy config the deploy check refuses, the oracle's and
/// the treasury's instantiation refuse too, for the same reason: both run the
/// validators on the shared types.
#[test]
fn the_deploy_check_and_the_oracle_and_treasury_refuse_the_same_configs() {
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    let good = check(|_| {}).unwrap();
    let good_oracle: oracle::InstantiateMsg = cosmwasm_std::from_json(&good.oracle.msg).unwrap();
    let good_treasury: treasury::InstantiateMsg =
        cosmwasm_std::from_json(&good.treasury.msg).unwrap();
    type FileEdit = fn(&mut DaoConfig);
    type OracleEdit = fn(&mut oracle::InstantiateMsg);
    let oracle_cases: Vec<(&str, FileEdit, OracleEdit)> = vec![
        ("oracle.quorum", |c| c.oracle.quorum = 0, |m| m.quorum = 0),
        ("oracle.quorum", |c| c.oracle.quorum = 2, |m| m.quorum = 2),
        (
            "oracle.quorum",
            |c| {
                c.oracle.advisors.clear();
                c.oracle.quorum = 2;
            },
            |m| {
                m.advisors.clear();
                m.quorum = 2;
            },
        ),
        (
            "oracle.max_price_age_seconds",
            |c| c.oracle.max_price_age_seconds = 0,
            |m| m.max_price_age_seconds = 0,
        ),
        (
            "oracle.outcome_horizon_seconds",
            |c| c.oracle.outcome_horizon_seconds = Some(0),
            |m| m.outcome_horizon_seconds = Some(0),
        ),
        (
            "oracle.advisors[0].id",
            |c| c.oracle.advisors[0].id = String::new(),
            |m| m.advisors[0].id = String::new(),
        ),
        (
            "oracle.advisors[0].public_key",
            |c| c.oracle.advisors[0].public_key = "AAAA".into(),
            |m| m.advisors[0].public_key = Binary::from(vec![0xaa, 0xaa]),
        ),
        (
            "oracle.advisors[1].id",
            |c| c.oracle.advisors.push(c.oracle.advisors[0].clone()),
            |m| m.advisors.push(m.advisors[0].clone()),
        ),
        (
            "oracle.advisors[1].public_key",
            |c| {
                let mut twin = c.oracle.advisors[0].clone();
                twin.id = "advisor-twin".into();
                c.oracle.advisors.push(twin);
            },
            |m| {
                let mut twin = m.advisors[0].clone();
                twin.id = "advisor-twin".into();
                m.advisors.push(twin);
            },
        ),
        (
            "oracle.feeders[1].id",
            |c| c.oracle.feeders.push(c.oracle.feeders[0].clone()),
            |m| m.feeders.push(m.feeders[0].clone()),
        ),
    ];
    for (field, file_edit, msg_edit) in oracle_cases {
        let refused_by_deploy = check(file_edit).unwrap_err();
        let mut msg = good_oracle.clone();
        msg_edit(&mut msg);
        let mut deps = mock_dependencies();
        let dao = deps.api.addr_make("dao-core");
        let refused_by_contract = steward_oracle::contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&dao, &[]),
            msg,
        )
        .unwrap_err();
        assert!(
            matches!(
                refused_by_contract,
                steward_oracle::ContractError::Config(_)
            ),
            "{field}: {refused_by_contract:?}"
        );
        assert_eq!(refused_by_deploy.field, field, "{refused_by_deploy}");
        assert_eq!(
            refused_by_deploy.reason,
            refused_by_contract.to_string(),
            "{field}"
        );
    }
    type PolicyEdit = fn(&mut Policy);
    let policy_cases: Vec<(&str, FileEdit, PolicyEdit)> = vec![
        (
            "policy.period_seconds",
            |c| c.policy.period_seconds = 0,
            |p| p.period_seconds = 0,
        ),
        (
            "policy.max_price_age_seconds",
            |c| c.policy.max_price_age_seconds = 0,
            |p| p.max_price_age_seconds = 0,
        ),
        (
            "policy.max_slippage_bps",
            |c| c.policy.max_slippage_bps = 10_001,
            |p| p.max_slippage_bps = 10_001,
        ),
        (
            "policy.max_nav_share_bps",
            |c| c.policy.max_nav_share_bps = Some(0),
            |p| p.max_nav_share_bps = Some(0),
        ),
        (
            "policy.allowances",
            |c| c.policy.allowances.push(c.policy.allowances[0].clone()),
            |p| p.allowances.push(p.allowances[0].clone()),
        ),
        (
            "policy.venue_allowlist",
            |c| c.policy.venue_allowlist = vec!["nobody".into()],
            |p| p.venue_allowlist = vec!["nobody".into()],
        ),
    ];
    for (field, file_edit, policy_edit) in policy_cases {
        let refused_by_deploy = check(file_edit).unwrap_err();
        let mut msg = good_treasury.clone();
        policy_edit(&mut msg.policy);
        let mut deps = mock_dependencies();
        deps.api = deps.api.with_prefix("wasm");
        let dao = deps.api.addr_make("dao-core");
        let refused_by_contract = steward_treasury::contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&dao, &[]),
            msg,
        )
        .unwrap_err();
        let steward_treasury::ContractError::InvalidPolicy(policy_error) = refused_by_contract
        else {
            panic!("{field}: {refused_by_contract:?}");
        };
        assert_eq!(refused_by_deploy.field, field, "{refused_by_deploy}");
        // Address errors end in the address library's own words (bech32's
        // here, the mock's in the contract); the rule and values agree.
        let rule = |e: &str| {
            e.split(" is not a valid address")
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            rule(&refused_by_deploy.reason),
            rule(&policy_error.to_string()),
            "{field}"
        );
    }
}

/// The DAO's name and description follow dao-core's own rule (a name of
/// spaces is a name there, so it is here).
#[test]
fn name_and_description_are_checked_by_dao_cores_rule() {
    refused(
        |c| c.name = String::new(),
        "name",
        &core::validate_name("").unwrap_err().to_string(),
    );
    refused(
        |c| c.name = "n".repeat(core::MAX_NAME_LEN + 1),
        "name",
        "got 65",
    );
    refused(
        |c| c.description = "d".repeat(core::MAX_DESCRIPTION_LEN + 1),
        "description",
        "at most 1024",
    );
    check(|c| c.name = "  ".into()).unwrap();
}
