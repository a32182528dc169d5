//! Throughput: Steward's epochs, proposals and votes per second in
//! multi-test, beside cw-plus's cw3-flex-multisig + cw4-group 2.0 doing the
//! same number of proposals and votes; and an epoch's cost as members grow.
//! Numbers, not assertions: `scripts/bench` prints them.

use crate::engine::run_path;
use crate::error::{SimError, SimResult};
use crate::scenario::{MemberSpec, Scenario};
use cosmwasm_std::{coin, Addr, BankMsg, Empty};
use cw_multi_test::{App, ContractWrapper, Executor};
use cw_utils::{Duration, Threshold};
use std::time::Instant;

/// One line of a throughput table.
#[derive(Clone, Debug)]
pub struct Throughput {
    /// What ran.
    pub name: String,
    /// Epochs (Steward) or proposal rounds (cw3).
    pub epochs: u64,
    /// Proposals created.
    pub proposals: u64,
    /// Votes cast.
    pub votes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl Throughput {
    /// `epochs/s proposals/s votes/s`.
    pub fn rates(&self) -> (f64, f64, f64) {
        let s = self.seconds.max(1e-9);
        (
            self.epochs as f64 / s,
            self.proposals as f64 / s,
            self.votes as f64 / s,
        )
    }
}

/// Steward on one path of the scenario (setup excluded): whole epochs, and
/// the proposal-module calls alone.
pub fn steward(scenario: &Scenario) -> SimResult<(Throughput, Throughput)> {
    let p = run_path(scenario, 0, scenario.seed)?;
    let n = scenario.members.len();
    let whole = Throughput {
        name: format!("steward, whole epochs ({n} members)"),
        epochs: p.records.len() as u64,
        proposals: p.proposals,
        votes: p.votes,
        seconds: p.seconds,
    };
    let governance = Throughput {
        name: format!("steward, proposal calls only ({n} members)"),
        seconds: p.governance_seconds,
        ..whole.clone()
    };
    Ok((whole, governance))
}

/// A cw3-flex-multisig over a cw4-group of `members` equal weights in
/// multi-test, with a funded multisig; returns (app, multisig, member addresses).
fn cw3_setup(members: usize, voting_seconds: u64) -> SimResult<(App, Addr, Vec<Addr>)> {
    let mut app = App::default();
    let api = *app.api();
    let admin = api.addr_make("admin");
    let addrs: Vec<Addr> = (0..members)
        .map(|i| api.addr_make(&format!("member-{i}")))
        .collect();
    let group_code = app.store_code(Box::new(ContractWrapper::new(
        cw4_group::contract::execute,
        cw4_group::contract::instantiate,
        cw4_group::contract::query,
    )));
    let flex_code = app.store_code(Box::new(ContractWrapper::new(
        cw3_flex_multisig::contract::execute,
        cw3_flex_multisig::contract::instantiate,
        cw3_flex_multisig::contract::query,
    )));
    let group = app
        .instantiate_contract(
            group_code,
            admin.clone(),
            &cw4_group::msg::InstantiateMsg {
                admin: Some(admin.to_string()),
                members: addrs
                    .iter()
                    .map(|a| cw4::Member {
                        addr: a.to_string(),
                        weight: 1,
                    })
                    .collect(),
            },
            &[],
            "group",
            None,
        )
        .map_err(|e| SimError::setup("cw4-group", e))?;
    let flex = app
        .instantiate_contract(
            flex_code,
            admin.clone(),
            &cw3_flex_multisig::msg::InstantiateMsg {
                group_addr: group.to_string(),
                threshold: Threshold::AbsolutePercentage {
                    percentage: cosmwasm_std::Decimal::percent(51),
                },
                max_voting_period: Duration::Time(voting_seconds),
                executor: None,
                proposal_deposit: None,
            },
            &[],
            "flex",
            None,
        )
        .map_err(|e| SimError::setup("cw3-flex-multisig", e))?;
    app.init_modules(|router, _, storage| {
        router
            .bank
            .init_balance(storage, &flex, vec![coin(1_000_000_000_000, "uusd")])
            .expect("bank accepts balances");
    });
    // Voting power is read at a proposal's start height: members joined in
    // this block count from the next one.
    app.update_block(|b| {
        b.height += 1;
        b.time = b.time.plus_seconds(5);
    });
    Ok((app, flex, addrs))
}

/// cw3-flex-multisig + cw4-group: `proposals` proposals (a bank send each),
/// `votes` votes spread over them (members in turn, yes, the proposer's own
/// vote counted as cw3 counts it), each executed once passed.
pub fn cw3(
    members: usize,
    proposals: u64,
    votes: u64,
    voting_seconds: u64,
) -> SimResult<Throughput> {
    let (mut app, flex, addrs) = cw3_setup(members, voting_seconds)?;
    let recipient = app.api().addr_make("recipient");
    let per = votes.checked_div(proposals).unwrap_or(0);
    let started = Instant::now();
    let mut cast = 0;
    for p in 0..proposals {
        let proposer = addrs[(p as usize) % addrs.len()].clone();
        app.execute_contract(
            proposer.clone(),
            flex.clone(),
            &cw3_flex_multisig::msg::ExecuteMsg::Propose {
                title: "Pay".into(),
                description: "A transfer".into(),
                msgs: vec![BankMsg::Send {
                    to_address: recipient.to_string(),
                    amount: vec![coin(1, "uusd")],
                }
                .into()],
                latest: None,
            },
            &[],
        )
        .map_err(|e| SimError::setup("cw3 propose", e))?;
        let id = p + 1;
        let mut passed = false;
        for k in 1..addrs.len() {
            if (k as u64) > per.max(1) || cast >= votes {
                break;
            }
            let voter = addrs[((p as usize) + k) % addrs.len()].clone();
            let r = app.execute_contract(
                voter,
                flex.clone(),
                &cw3_flex_multisig::msg::ExecuteMsg::Vote {
                    proposal_id: id,
                    vote: cw3::Vote::Yes,
                },
                &[],
            );
            if r.is_ok() {
                cast += 1;
            } else {
                // Passed already: cw3 refuses votes on a passed proposal.
                passed = true;
                break;
            }
        }
        let status: cw3::ProposalResponse<Empty> = app
            .wrap()
            .query_wasm_smart(
                &flex,
                &cw3_flex_multisig::msg::QueryMsg::Proposal { proposal_id: id },
            )
            .map_err(|e| SimError::setup("cw3 proposal", e))?;
        if passed || status.status == cw3::Status::Passed {
            app.execute_contract(
                proposer,
                flex.clone(),
                &cw3_flex_multisig::msg::ExecuteMsg::Execute { proposal_id: id },
                &[],
            )
            .map_err(|e| SimError::setup("cw3 execute", e))?;
        }
        app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(5);
        });
    }
    Ok(Throughput {
        name: format!("cw3-flex-multisig + cw4-group ({members} members)"),
        epochs: proposals,
        proposals,
        votes: cast,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The scenario with a rebalance that trades every epoch (a narrow band and
/// a small minimum trade), so every epoch carries a proposal and its votes.
pub fn active(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    for t in &mut s.strategies {
        if let Some(table) = t.as_table_mut() {
            if table.get("kind").and_then(|k| k.as_str()) == Some("rebalance") {
                table.insert("drift_band_bps".into(), toml::Value::Integer(5));
                table.insert(
                    "min_trade_value".into(),
                    toml::Value::String("1000000".into()),
                );
            }
        }
    }
    s.strategies
        .retain(|t| t.get("kind").and_then(|k| k.as_str()) == Some("rebalance"));
    s.attack = None;
    s
}

/// The scenario with `n` equal members who all vote yes at once, for `epochs` epochs.
pub fn with_members(scenario: &Scenario, n: usize, epochs: u32) -> Scenario {
    let mut s = active(scenario);
    s.members = (0..n)
        .map(|i| MemberSpec {
            name: format!("member-{i}"),
            weight: 1,
            turnout: 1.0,
            follow_advisor: 1.0,
            max_delay_seconds: 0,
        })
        .collect();
    s.governance.proposer = 0;
    s.epochs = epochs;
    s
}

/// Seconds per epoch (and votes per epoch) for Steward and cw3 with `n` members.
pub fn epoch_cost(
    scenario: &Scenario,
    n: usize,
    epochs: u32,
) -> SimResult<(Throughput, Throughput)> {
    let s = with_members(scenario, n, epochs);
    let (steward, _) = steward(&s)?;
    // cw3 does what Steward's epochs did: as many proposals, as many votes.
    let cw3 = cw3(
        n,
        steward.proposals.max(1),
        steward.votes,
        s.governance.voting_period_seconds,
    )?;
    Ok((steward, cw3))
}
