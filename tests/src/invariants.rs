//! Random message sequences against a whole DAO, and the invariants that must
//! hold after every step.
//!
//! The generator is biased towards messages that succeed (a proposal is
//! usually followed by the votes that pass it and the execution that runs it)
//! with small mutations (wrong sender, too large an amount, a stale policy
//! version, an unknown id), so sequences reach the states where the rules
//! matter. The invariants are read from bank and cw20 balances and from the
//! contracts' raw storage, never from the contracts' own query answers.

use crate::suite::{core_action, transfer, Suite, SuiteBuilder, ATOM, USD};
use cosmwasm_std::{coins, to_json_binary, Addr, BankMsg, Uint128, WasmMsg};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_multi_test::Executor;
use cw_utils::Duration;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use steward_types::asset::AssetInfo;
use steward_types::core;
use steward_types::json::ModuleMsg;
use steward_types::oracle::{self, RecommendationStatus};
use steward_types::policy::TreasuryAction;
use steward_types::proposal::{self, ProposalAction};
use steward_types::threshold::{Status, Vote};
use steward_types::treasury;

/// Per-period amount of the spender's uusd budget set up before every sequence.
pub const BUDGET_PER_PERIOD: u128 = 300_000;

/// Who sends a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Member(u8),
    Outsider,
    Spender,
    Relayer,
    Guardian,
    Vetoer,
    /// A pair contract that is not on the venue allowlist.
    HostilePair,
    /// An address that calls cw20 hooks as if it were a token.
    FakeCw20,
}

/// Which proposal or recommendation a message names: mostly the latest one.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    Latest,
    Back(u8),
    Unknown,
}

/// What a proposal carries.
#[derive(Clone, Debug)]
pub enum Payload {
    /// uusd, uatom or the cw20 token to the recipient.
    Transfer { asset: u8, amount: u128 },
    /// Swap uatom for uusd, or back, through the allow-listed pair.
    Swap { atom_to_usd: bool, amount: u128 },
    /// A swap through the hostile pair (refused: not on the venue allowlist).
    HostileSwap { amount: u128 },
    /// Pause the DAO for a while.
    Pause { seconds: u64 },
    /// Move governance tokens out of dao-core (the stake, in staking mode).
    TakeStake { amount: u128 },
    /// A plain proposal that marks a recommendation adopted and executed.
    MarkExecuted,
}

/// One message of a sequence.
#[derive(Clone, Debug)]
pub enum Op {
    Propose { who: Who, payload: Payload },
    ProposeAdoption { who: Who, target: Target },
    Vote { who: Who, target: Target, vote: u8 },
    Execute { who: Who, target: Target },
    Veto { who: Who, target: Target },
    Close { who: Who, target: Target },
    Recommend { amount: u128, mutation: u8 },
    Prices,
    Advance { seconds: u64 },
    GuardianPause { who: Who, seconds: u64 },
    GuardianUnpause { who: Who },
    DrawBudget { who: Who, amount: u128 },
    Deposit { asset: u8, amount: u128 },
    FakeReceive { target_core: bool, amount: u128 },
    HostileCall { kind: u8 },
    Stake { who: Who, amount: u128 },
    Unstake { who: Who, amount: u128 },
    Claim { who: Who },
    Query { kind: u8, n: u32 },
}

/// The kinds of message counted in the report, in the order they are printed.
pub const KINDS: &[&str] = &[
    "propose",
    "propose_adoption",
    "vote",
    "execute",
    "veto",
    "close",
    "recommend",
    "prices",
    "advance",
    "guardian_pause",
    "guardian_unpause",
    "draw_budget",
    "deposit",
    "fake_cw20_receive",
    "stake",
    "unstake",
    "claim",
    "query",
];

/// Kinds no sequence may ever see succeed: privileged messages from senders
/// that hold no privilege.
pub const NEVER_KINDS: &[&str] = &["hostile_call"];

impl Op {
    pub fn kind(&self) -> &'static str {
        match self {
            Op::Propose { .. } => "propose",
            Op::ProposeAdoption { .. } => "propose_adoption",
            Op::Vote { .. } => "vote",
            Op::Execute { .. } => "execute",
            Op::Veto { .. } => "veto",
            Op::Close { .. } => "close",
            Op::Recommend { .. } => "recommend",
            Op::Prices => "prices",
            Op::Advance { .. } => "advance",
            Op::GuardianPause { .. } => "guardian_pause",
            Op::GuardianUnpause { .. } => "guardian_unpause",
            Op::DrawBudget { .. } => "draw_budget",
            Op::Deposit { .. } => "deposit",
            Op::FakeReceive { .. } => "fake_cw20_receive",
            Op::HostileCall { .. } => "hostile_call",
            Op::Stake { .. } => "stake",
            Op::Unstake { .. } => "unstake",
            Op::Claim { .. } => "claim",
            Op::Query { .. } => "query",
        }
    }
}

// ---- generators ----

fn member() -> impl Strategy<Value = Who> {
    (0u8..3).prop_map(Who::Member)
}

/// Mostly `usual`, sometimes anyone.
fn mostly(usual: Who) -> impl Strategy<Value = Who> {
    prop_oneof![
        8 => Just(usual),
        2 => any_sender(),
    ]
}

fn mostly_member() -> impl Strategy<Value = Who> {
    prop_oneof![8 => member(), 2 => any_sender()]
}

fn any_sender() -> impl Strategy<Value = Who> {
    prop_oneof![
        3 => member(),
        1 => Just(Who::Outsider),
        1 => Just(Who::Spender),
        1 => Just(Who::Relayer),
        1 => Just(Who::Guardian),
        1 => Just(Who::Vetoer),
        1 => Just(Who::HostilePair),
        1 => Just(Who::FakeCw20),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        8 => Just(Target::Latest),
        2 => (1u8..4).prop_map(Target::Back),
        1 => Just(Target::Unknown),
    ]
}

/// A small amount, sometimes one that breaks a limit.
fn amount(small: u128, large: u128) -> impl Strategy<Value = u128> {
    prop_oneof![
        8 => 1..=small,
        1 => Just(0u128),
        2 => small..=large,
    ]
}

fn payload() -> impl Strategy<Value = Payload> {
    prop_oneof![
        10 => (0u8..3, amount(3_000_000, 60_000_000))
            .prop_map(|(asset, amount)| Payload::Transfer { asset, amount }),
        4 => (any::<bool>(), amount(100_000, 5_000_000))
            .prop_map(|(atom_to_usd, amount)| Payload::Swap { atom_to_usd, amount }),
        1 => amount(100_000, 1_000_000).prop_map(|amount| Payload::HostileSwap { amount }),
        2 => prop_oneof![Just(60u64), Just(3_600u64), Just(86_400u64)]
            .prop_map(|seconds| Payload::Pause { seconds }),
        1 => amount(1_000, 200_000).prop_map(|amount| Payload::TakeStake { amount }),
        1 => Just(Payload::MarkExecuted),
    ]
}

/// A proposal's usual life: proposed, voted through, sometimes waited on,
/// executed; with its steps sometimes mutated or dropped by the mix below.
fn proposal_life() -> impl Strategy<Value = Vec<Op>> {
    (member(), payload(), any::<bool>(), mostly(Who::Member(0))).prop_map(
        |(proposer, payload, wait, executor)| {
            let mut ops = vec![
                Op::Propose {
                    who: proposer,
                    payload,
                },
                Op::Vote {
                    who: Who::Member(0),
                    target: Target::Latest,
                    vote: 0,
                },
                Op::Vote {
                    who: Who::Member(1),
                    target: Target::Latest,
                    vote: 0,
                },
            ];
            if wait {
                ops.push(Op::Advance { seconds: 60 });
            }
            ops.push(Op::Execute {
                who: executor,
                target: Target::Latest,
            });
            ops
        },
    )
}

/// A recommendation's usual life: signed, relayed, adopted, voted through,
/// the adoption timelock waited out (sometimes vetoed), executed.
fn adoption_life() -> impl Strategy<Value = Vec<Op>> {
    (amount(2_000_000, 30_000_000), 0u8..20, member(), 0u8..10).prop_map(
        |(amount, mutation, proposer, veto)| {
            let mut ops = vec![
                Op::Recommend { amount, mutation },
                Op::ProposeAdoption {
                    who: proposer,
                    target: Target::Latest,
                },
                Op::Vote {
                    who: Who::Member(0),
                    target: Target::Latest,
                    vote: 0,
                },
                Op::Vote {
                    who: Who::Member(2),
                    target: Target::Latest,
                    vote: 0,
                },
            ];
            if veto < 2 {
                ops.push(Op::Veto {
                    who: Who::Vetoer,
                    target: Target::Latest,
                });
            }
            ops.push(Op::Advance { seconds: 3_605 });
            ops.push(Op::Prices);
            ops.push(Op::Execute {
                who: Who::Relayer,
                target: Target::Latest,
            });
            ops
        },
    )
}

/// A proposal voted down (or left to expire) and closed.
fn closed_life() -> impl Strategy<Value = Vec<Op>> {
    (member(), payload(), any::<bool>(), any_sender()).prop_map(
        |(proposer, payload, expire, closer)| {
            let mut ops = vec![Op::Propose {
                who: proposer,
                payload,
            }];
            if expire {
                ops.push(Op::Advance { seconds: 86_405 });
            } else {
                for m in [0, 1] {
                    ops.push(Op::Vote {
                        who: Who::Member(m),
                        target: Target::Latest,
                        vote: 3,
                    });
                }
            }
            ops.push(Op::Close {
                who: closer,
                target: Target::Latest,
            });
            ops
        },
    )
}

/// The guardian pauses, something is tried meanwhile, the guardian unpauses.
fn guardian_life() -> impl Strategy<Value = Vec<Op>> {
    (single(), prop_oneof![Just(600u64), Just(7_200u64)]).prop_map(|(meanwhile, seconds)| {
        vec![
            Op::GuardianPause {
                who: Who::Guardian,
                seconds,
            },
            meanwhile,
            Op::GuardianUnpause { who: Who::Guardian },
        ]
    })
}

/// A staker unbonds, waits out the unbonding period, claims.
fn unbonding_life() -> impl Strategy<Value = Vec<Op>> {
    (member(), amount(5_000, 50_000)).prop_map(|(who, amount)| {
        vec![
            Op::Stake { who, amount },
            Op::Unstake { who, amount },
            Op::Advance {
                seconds: 7 * 86_400 + 5,
            },
            Op::Claim { who },
        ]
    })
}

/// One message on its own.
fn single() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (mostly_member(), payload()).prop_map(|(who, payload)| Op::Propose { who, payload }),
        2 => (mostly_member(), target()).prop_map(|(who, target)| Op::ProposeAdoption { who, target }),
        4 => (mostly_member(), target(), 0u8..5).prop_map(|(who, target, vote)| Op::Vote { who, target, vote }),
        4 => (any_sender(), target()).prop_map(|(who, target)| Op::Execute { who, target }),
        2 => (mostly(Who::Vetoer), target()).prop_map(|(who, target)| Op::Veto { who, target }),
        2 => (any_sender(), target()).prop_map(|(who, target)| Op::Close { who, target }),
        2 => (amount(2_000_000, 30_000_000), 0u8..20)
            .prop_map(|(amount, mutation)| Op::Recommend { amount, mutation }),
        3 => Just(Op::Prices),
        3 => prop_oneof![
            3 => Just(5u64),
            2 => Just(300u64),
            2 => Just(3_605u64),
            1 => Just(86_405u64),
            1 => Just(8 * 86_400u64),
        ].prop_map(|seconds| Op::Advance { seconds }),
        2 => (mostly(Who::Guardian), prop_oneof![Just(60u64), Just(600u64), Just(7_200u64)])
            .prop_map(|(who, seconds)| Op::GuardianPause { who, seconds }),
        1 => mostly(Who::Guardian).prop_map(|who| Op::GuardianUnpause { who }),
        4 => (mostly(Who::Spender), amount(100_000, 400_000))
            .prop_map(|(who, amount)| Op::DrawBudget { who, amount }),
        3 => (0u8..3, amount(1_000_000, 5_000_000))
            .prop_map(|(asset, amount)| Op::Deposit { asset, amount }),
        3 => (any::<bool>(), amount(1_000, 1_000_000))
            .prop_map(|(target_core, amount)| Op::FakeReceive { target_core, amount }),
        2 => (0u8..6).prop_map(|kind| Op::HostileCall { kind }),
        2 => (mostly_member(), amount(5_000, 50_000)).prop_map(|(who, amount)| Op::Stake { who, amount }),
        2 => (mostly_member(), amount(5_000, 50_000)).prop_map(|(who, amount)| Op::Unstake { who, amount }),
        1 => mostly_member().prop_map(|who| Op::Claim { who }),
        3 => (0u8..12, any::<u32>()).prop_map(|(kind, n)| Op::Query { kind, n }),
    ]
}

/// A sequence: whether the DAO votes with staked tokens, then fragments of
/// usual lives and single messages, flattened.
pub fn sequence(fragments: usize) -> impl Strategy<Value = Case> {
    let fragment = prop_oneof![
        3 => proposal_life(),
        2 => adoption_life(),
        1 => closed_life(),
        1 => guardian_life(),
        1 => unbonding_life(),
        6 => single().prop_map(|op| vec![op]),
    ];
    (
        any::<bool>(),
        proptest::collection::vec(fragment, 1..=fragments),
    )
        .prop_map(|(staking, frags)| Case {
            staking,
            ops: frags.into_iter().flatten().collect(),
        })
}

/// One generated case.
#[derive(Clone)]
pub struct Case {
    pub staking: bool,
    pub ops: Vec<Op>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "staking: {}", self.staking)?;
        for (i, op) in self.ops.iter().enumerate() {
            writeln!(f, "  {i:3}: {op:?}")?;
        }
        Ok(())
    }
}

// ---- the world and its invariants ----

/// Succeeded and attempted messages per kind, over many sequences.
#[derive(Default, Debug, Clone)]
pub struct Tally {
    pub ok: BTreeMap<&'static str, u64>,
    pub tried: BTreeMap<&'static str, u64>,
}

impl Tally {
    pub fn merge(&mut self, other: &Tally) {
        for (k, v) in &other.ok {
            *self.ok.entry(k).or_default() += v;
        }
        for (k, v) in &other.tried {
            *self.tried.entry(k).or_default() += v;
        }
    }
}

/// Assets the treasury holds: uusd, uatom, the cw20 token.
const ASSETS: usize = 3;

/// Balances and raw state read after each step.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    /// Per asset: treasury, recipient, spender, allow-listed pair.
    held: [[u128; 4]; ASSETS],
    core_token: u128,
    /// The DAO's own pause in force, if any (not the guardian's).
    dao_pause: Option<cw_utils::Expiration>,
    proposals: BTreeMap<u64, proposal::Proposal>,
    recommendations: BTreeMap<u64, RecommendationStatus>,
}

/// A DAO under test, and what the harness knows independently of it.
pub struct World {
    pub s: Suite,
    staking: bool,
    hostile_pair: Addr,
    fake_cw20: Addr,
    /// Outflows per asset: (time, amount).
    outflows: [Vec<(u64, u128)>; ASSETS],
    /// Budget draws: (time, amount).
    draws: Vec<(u64, u128)>,
    /// Value moved as a share of the NAV before the step, in parts per 10^12,
    /// rounded down: (time, share).
    nav_shares: Vec<(u64, u128)>,
    /// Proposals seen executed.
    executed: BTreeSet<u64>,
    /// Recommendations seen executed, with the adoption proposal that did it.
    recommendations_executed: BTreeMap<u64, u64>,
    pub tally: Tally,
}

/// A broken invariant: the step and what was seen.
#[derive(Debug)]
pub struct Violation(pub String);

impl World {
    /// A DAO with the advisor keys registered, a budget for the spender, and
    /// (in staking mode) members holding unstaked tokens too.
    pub fn new(staking: bool) -> World {
        let mut s = SuiteBuilder {
            staking,
            advisors_at_genesis: true,
            ..SuiteBuilder::default()
        }
        .build();
        let hostile_pair = s
            .app
            .instantiate_contract(
                s.codes.pair,
                s.actors.deployer.clone(),
                &steward_pair::msg::InstantiateMsg {
                    assets: [AssetInfo::native(ATOM), AssetInfo::native(USD)],
                    fee_bps: 30,
                    honor_max_spread: false,
                },
                &[],
                "hostile-pair",
                None,
            )
            .unwrap();
        let fake_cw20 = s.app.api().addr_make("fake-cw20");
        let spender = s.actors.spender.clone();
        s.pass(vec![ProposalAction::Treasury {
            actions: vec![TreasuryAction::SetBudget {
                spender: spender.to_string(),
                asset: AssetInfo::native(USD),
                amount_per_period: Uint128::new(BUDGET_PER_PERIOD),
                period_seconds: 86_400,
            }],
        }])
        .unwrap();
        if staking {
            let deployer = s.actors.deployer.clone();
            for m in s.actors.members.clone() {
                s.cw20_transfer(&deployer, &m, 200_000);
            }
        }
        s.set_default_prices().unwrap();
        World {
            s,
            staking,
            hostile_pair,
            fake_cw20,
            outflows: Default::default(),
            draws: Vec::new(),
            nav_shares: Vec::new(),
            executed: BTreeSet::new(),
            recommendations_executed: BTreeMap::new(),
            tally: Tally::default(),
        }
    }

    fn addr(&self, who: Who) -> Addr {
        let a = &self.s.actors;
        match who {
            Who::Member(i) => a.members[i as usize % a.members.len()].clone(),
            Who::Outsider => a.outsider.clone(),
            Who::Spender => a.spender.clone(),
            Who::Relayer => a.relayer.clone(),
            Who::Guardian => a.guardian.clone(),
            Who::Vetoer => a.vetoer.clone(),
            Who::HostilePair => self.hostile_pair.clone(),
            Who::FakeCw20 => self.fake_cw20.clone(),
        }
    }

    fn asset(&self, i: u8) -> AssetInfo {
        match i % 3 {
            0 => AssetInfo::native(USD),
            1 => AssetInfo::native(ATOM),
            _ => AssetInfo::cw20(self.s.token.as_str()),
        }
    }

    fn proposal_id(&self, t: Target) -> u64 {
        let count = self.s.proposal_count();
        match t {
            Target::Latest => count,
            Target::Back(n) => count.saturating_sub(u64::from(n)).max(1),
            Target::Unknown => count + 7,
        }
    }

    fn recommendation_id(&self, t: Target) -> u64 {
        let storage = self.s.app.contract_storage(&self.s.oracle);
        let last = steward_oracle::state::LAST_RECOMMENDATION_ID
            .may_load(&*storage)
            .unwrap()
            .unwrap_or(0);
        match t {
            Target::Latest => last,
            Target::Back(n) => last.saturating_sub(u64::from(n)).max(1),
            Target::Unknown => last + 7,
        }
    }

    fn treasury_action(&self, p: &Payload) -> Vec<ProposalAction> {
        let recipient = self.s.actors.recipient.clone();
        let treasury = |actions| vec![ProposalAction::Treasury { actions }];
        match p {
            Payload::Transfer { asset, amount } => treasury(vec![TreasuryAction::Transfer {
                asset: self.asset(*asset),
                amount: Uint128::new(*amount),
                recipient: recipient.to_string(),
            }]),
            Payload::Swap {
                atom_to_usd,
                amount,
            } => {
                let (offer, ask) = if *atom_to_usd {
                    (ATOM, USD)
                } else {
                    (USD, ATOM)
                };
                treasury(vec![TreasuryAction::Swap {
                    pair: self.s.pair.to_string(),
                    offer_asset: AssetInfo::native(offer),
                    offer_amount: Uint128::new(*amount),
                    ask_asset: AssetInfo::native(ask),
                    max_slippage_bps: 300,
                }])
            }
            Payload::HostileSwap { amount } => treasury(vec![TreasuryAction::Swap {
                pair: self.hostile_pair.to_string(),
                offer_asset: AssetInfo::native(USD),
                offer_amount: Uint128::new(*amount),
                ask_asset: AssetInfo::native(ATOM),
                max_slippage_bps: 300,
            }]),
            Payload::Pause { seconds } => vec![core_action(&core::ExecuteMsg::Pause {
                duration: Duration::Time(*seconds),
            })],
            Payload::TakeStake { amount } => vec![ProposalAction::Cosmos {
                msg: WasmMsg::Execute {
                    contract_addr: self.s.token.to_string(),
                    msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                        recipient: recipient.to_string(),
                        amount: Uint128::new(*amount),
                    })
                    .unwrap(),
                    funds: vec![],
                }
                .into(),
            }],
            Payload::MarkExecuted => {
                let id = self.recommendation_id(Target::Latest).max(1);
                let count = self.s.proposal_count();
                vec![ProposalAction::OracleMsg {
                    msg: ModuleMsg::new(&oracle::ExecuteMsg::MarkExecuted {
                        id,
                        proposal_id: count + 1,
                        balances_before: vec![],
                    })
                    .unwrap(),
                }]
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        let s = &self.s;
        let holders = [&s.treasury, &s.actors.recipient, &s.actors.spender, &s.pair];
        let mut held = [[0u128; 4]; ASSETS];
        for (j, h) in holders.iter().enumerate() {
            held[0][j] = s.balance(h, USD);
            held[1][j] = s.balance(h, ATOM);
            held[2][j] = s.cw20_balance(h);
        }
        let storage = s.app.contract_storage(&s.proposal);
        let proposals = steward_proposal::state::PROPOSAL_VOTES
            .keys(&*storage, None, None, cosmwasm_std::Order::Ascending)
            .map(|id| {
                let id = id.unwrap();
                (
                    id,
                    steward_proposal::state::load_proposal(&*storage, id).unwrap(),
                )
            })
            .collect();
        let storage = s.app.contract_storage(&s.oracle);
        let recommendations = steward_oracle::state::recommendations()
            .range(&*storage, None, None, cosmwasm_std::Order::Ascending)
            .map(|r| r.unwrap())
            .map(|(id, r)| (id, r.status))
            .collect();
        let storage = s.app.contract_storage(&s.core);
        let dao_pause =
            steward_core::state::active_dao_pause(&*storage, &s.app.block_info()).unwrap();
        Snapshot {
            held,
            core_token: s.cw20_balance(&s.core),
            dao_pause,
            proposals,
            recommendations,
        }
    }

    /// The pause in force now, read from dao-core's storage.
    fn paused(&self) -> bool {
        let storage = self.s.app.contract_storage(&self.s.core);
        let block = self.s.app.block_info();
        steward_core::state::active_pause(&*storage, &block)
            .unwrap()
            .is_some()
    }

    /// Total voting power at a height, read from dao-core's storage.
    fn total_power_at(&self, height: u64) -> u128 {
        let storage = self.s.app.contract_storage(&self.s.core);
        steward_core::power::total_power(&*storage, Some(height))
            .unwrap()
            .u128()
    }

    /// What dao-core owes stakers: stakes plus unbonding claims.
    fn owed_to_stakers(&self) -> u128 {
        let storage = self.s.app.contract_storage(&self.s.core);
        let staked = steward_core::power::total_power(&*storage, None).unwrap();
        let unbonding = steward_core::state::TOTAL_UNBONDING
            .may_load(&*storage)
            .unwrap()
            .unwrap_or_default();
        (staked + unbonding).u128()
    }

    /// Runs one message; returns whether it succeeded and what flowed into
    /// the treasury from outside on purpose (deposits).
    fn apply(&mut self, op: &Op) -> (bool, [u128; ASSETS]) {
        let mut inflow = [0u128; ASSETS];
        let s_core = self.s.core.clone();
        let treasury = self.s.treasury.clone();
        let oracle_addr = self.s.oracle.clone();
        let ok = match op {
            Op::Propose { who, payload } => {
                let actions = self.treasury_action(payload);
                let who = self.addr(*who);
                self.s.propose(&who, actions).is_ok()
            }
            Op::ProposeAdoption { who, target } => {
                let id = self.recommendation_id(*target);
                let who = self.addr(*who);
                self.s.propose_adoption(&who, id).is_ok()
            }
            Op::Vote { who, target, vote } => {
                let id = self.proposal_id(*target);
                let who = self.addr(*who);
                let vote = match vote {
                    0..=2 => Vote::Yes,
                    3 => Vote::No,
                    _ => Vote::Abstain,
                };
                self.s.vote(&who, id, vote).is_ok()
            }
            Op::Execute { who, target } => {
                let id = self.proposal_id(*target);
                let who = self.addr(*who);
                self.s.execute(&who, id).is_ok()
            }
            Op::Veto { who, target } => {
                let id = self.proposal_id(*target);
                let who = self.addr(*who);
                let proposal = self.s.proposal.clone();
                self.s
                    .exec(
                        &who,
                        &proposal,
                        &proposal::ExecuteMsg::Veto { proposal_id: id },
                    )
                    .is_ok()
            }
            Op::Close { who, target } => {
                let id = self.proposal_id(*target);
                let who = self.addr(*who);
                let proposal = self.s.proposal.clone();
                self.s
                    .exec(
                        &who,
                        &proposal,
                        &proposal::ExecuteMsg::Close { proposal_id: id },
                    )
                    .is_ok()
            }
            Op::Recommend { amount, mutation } => self.recommend(*amount, *mutation),
            Op::Prices => self.s.set_default_prices().is_ok(),
            Op::Advance { seconds } => {
                self.s.advance(*seconds);
                true
            }
            Op::GuardianPause { who, seconds } => {
                let who = self.addr(*who);
                self.s
                    .exec(
                        &who,
                        &s_core,
                        &core::ExecuteMsg::Pause {
                            duration: Duration::Time(*seconds),
                        },
                    )
                    .is_ok()
            }
            Op::GuardianUnpause { who } => {
                let who = self.addr(*who);
                self.s
                    .exec(&who, &s_core, &core::ExecuteMsg::Unpause {})
                    .is_ok()
            }
            Op::DrawBudget { who, amount } => {
                let who = self.addr(*who);
                self.s
                    .exec(
                        &who,
                        &treasury,
                        &treasury::ExecuteMsg::DrawBudget {
                            asset: AssetInfo::native(USD),
                            amount: Uint128::new(*amount),
                            recipient: None,
                        },
                    )
                    .is_ok()
            }
            Op::Deposit { asset, amount } => {
                let deployer = self.s.actors.deployer.clone();
                let i = usize::from(*asset % 3);
                let res = match self.asset(*asset) {
                    AssetInfo::NativeToken { denom } => self.s.app.execute(
                        deployer,
                        BankMsg::Send {
                            to_address: treasury.to_string(),
                            amount: coins(*amount, denom),
                        }
                        .into(),
                    ),
                    AssetInfo::Token { contract_addr } => self.s.app.execute_contract(
                        deployer,
                        Addr::unchecked(contract_addr),
                        &Cw20ExecuteMsg::Send {
                            contract: treasury.to_string(),
                            amount: Uint128::new(*amount),
                            msg: to_json_binary(&treasury::ReceiveMsg::Deposit {}).unwrap(),
                        },
                        &[],
                    ),
                };
                if res.is_ok() {
                    inflow[i] = *amount;
                }
                res.is_ok()
            }
            Op::FakeReceive {
                target_core,
                amount,
            } => {
                let fake = self.fake_cw20.clone();
                let outsider = self.s.actors.outsider.clone();
                let wrapper = Cw20ReceiveMsg {
                    sender: outsider.to_string(),
                    amount: Uint128::new(*amount),
                    msg: if *target_core {
                        to_json_binary(&core::ReceiveMsg::Stake {}).unwrap()
                    } else {
                        to_json_binary(&treasury::ReceiveMsg::Deposit {}).unwrap()
                    },
                };
                if *target_core {
                    self.s
                        .exec(&fake, &s_core, &core::ExecuteMsg::Receive(wrapper))
                        .is_ok()
                } else {
                    self.s
                        .exec(&fake, &treasury, &treasury::ExecuteMsg::Receive(wrapper))
                        .is_ok()
                }
            }
            Op::HostileCall { kind } => self.hostile_call(*kind, &s_core, &treasury, &oracle_addr),
            Op::Stake { who, amount } => {
                let who = self.addr(*who);
                self.s.stake(&who, *amount).is_ok()
            }
            Op::Unstake { who, amount } => {
                let who = self.addr(*who);
                self.s
                    .exec(
                        &who,
                        &s_core,
                        &core::ExecuteMsg::Unstake {
                            amount: Uint128::new(*amount),
                        },
                    )
                    .is_ok()
            }
            Op::Claim { who } => {
                let who = self.addr(*who);
                self.s
                    .exec(&who, &s_core, &core::ExecuteMsg::Claim {})
                    .is_ok()
            }
            Op::Query { kind, n } => self.query(*kind, *n),
        };
        (ok, inflow)
    }

    /// Signs and relays a recommendation; `mutation` sometimes spoils it.
    fn recommend(&mut self, amount: u128, mutation: u8) -> bool {
        let recipient = self.s.actors.recipient.clone();
        let mut payload = self.s.payload(vec![transfer(USD, amount, &recipient)]);
        match mutation {
            0 => payload.policy_version += 1,
            1 => payload.expires_at = payload.issued_at,
            2 => payload.chain_id = "another-chain".into(),
            3 => payload.nonce = 0,
            4 => {
                payload.actions = vec![transfer(USD, amount, &self.s.treasury.clone())];
            }
            5 => payload.actions.push(transfer(ATOM, amount, &recipient)),
            _ => {}
        }
        self.s.submit(&payload).is_ok()
    }

    /// Privileged messages sent by addresses without the privilege: the
    /// hostile pair, the fake token, an outsider.
    fn hostile_call(
        &mut self,
        kind: u8,
        core_addr: &Addr,
        treasury: &Addr,
        oracle_addr: &Addr,
    ) -> bool {
        let recipient = self.s.actors.recipient.clone();
        let hostile = self.hostile_pair.clone();
        let fake = self.fake_cw20.clone();
        let outsider = self.s.actors.outsider.clone();
        let take = BankMsg::Send {
            to_address: recipient.to_string(),
            amount: coins(1_000, USD),
        };
        match kind % 6 {
            0 => self
                .s
                .exec(
                    &hostile,
                    core_addr,
                    &core::ExecuteMsg::ExecuteProposal {
                        msgs: vec![take.into()],
                    },
                )
                .is_ok(),
            1 => self
                .s
                .exec(
                    &outsider,
                    treasury,
                    &treasury::ExecuteMsg::Execute {
                        actions: vec![transfer(USD, 1_000, &recipient)],
                        recommendation_id: None,
                        expected_policy_version: None,
                    },
                )
                .is_ok(),
            2 => {
                let id = self.recommendation_id(Target::Latest);
                self.s
                    .exec(
                        &fake,
                        oracle_addr,
                        &oracle::ExecuteMsg::MarkExecuted {
                            id,
                            proposal_id: 1,
                            balances_before: vec![],
                        },
                    )
                    .is_ok()
            }
            3 => {
                let policy = self.s.policy().policy;
                self.s
                    .exec(
                        &hostile,
                        treasury,
                        &treasury::ExecuteMsg::UpdatePolicy { policy },
                    )
                    .is_ok()
            }
            4 => self
                .s
                .exec(
                    &outsider,
                    core_addr,
                    &core::ExecuteMsg::UpdateMembers {
                        add: vec![core::Member {
                            addr: outsider.to_string(),
                            weight: 1_000,
                        }],
                        remove: vec![],
                    },
                )
                .is_ok(),
            _ => {
                let id = self.recommendation_id(Target::Latest);
                let proposal_id = self.s.proposal_count();
                self.s
                    .exec(
                        &hostile,
                        oracle_addr,
                        &oracle::ExecuteMsg::MarkExecuted {
                            id,
                            proposal_id,
                            balances_before: vec![],
                        },
                    )
                    .is_ok()
            }
        }
    }

    /// A query with arbitrary arguments: it may refuse, never panic; list
    /// answers never exceed the page limit, whatever limit was asked for.
    fn query(&mut self, kind: u8, n: u32) -> bool {
        use serde_json::Value;
        let s = &self.s;
        let q = s.app.wrap();
        let limit = Some(n);
        let id = u64::from(n % 16);
        let who = self.addr(Who::Member((n % 3) as u8)).to_string();
        let (contract, msg, list): (&Addr, Value, bool) = match kind % 12 {
            0 => (
                &s.proposal,
                serde_json::to_value(proposal::QueryMsg::ListProposals {
                    start_after: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            1 => (
                &s.proposal,
                serde_json::to_value(proposal::QueryMsg::ReverseProposals {
                    start_before: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            2 => (
                &s.proposal,
                serde_json::to_value(proposal::QueryMsg::Proposal { proposal_id: id }).unwrap(),
                false,
            ),
            3 => (
                &s.proposal,
                serde_json::to_value(proposal::QueryMsg::ListVotes {
                    proposal_id: id,
                    start_after: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            4 => (
                &s.treasury,
                serde_json::to_value(treasury::QueryMsg::PolicyState {}).unwrap(),
                false,
            ),
            5 => (
                &s.treasury,
                serde_json::to_value(treasury::QueryMsg::CheckActions {
                    actions: vec![transfer(USD, u128::from(n), &s.actors.recipient)],
                })
                .unwrap(),
                false,
            ),
            6 => (
                &s.treasury,
                serde_json::to_value(treasury::QueryMsg::ListBudgets {
                    start_after: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            7 => (
                &s.oracle,
                serde_json::to_value(oracle::QueryMsg::Recommendations {
                    status: None,
                    start_after: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            8 => (
                &s.oracle,
                serde_json::to_value(oracle::QueryMsg::ListPrices {
                    start_after: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            9 => (
                &s.core,
                serde_json::to_value(core::QueryMsg::VotingPowerAtHeight {
                    address: who,
                    height: Some(u64::from(n)),
                })
                .unwrap(),
                false,
            ),
            10 => (
                &s.core,
                serde_json::to_value(core::QueryMsg::ListMembers {
                    start_after: None,
                    limit,
                })
                .unwrap(),
                true,
            ),
            _ => (
                &s.core,
                serde_json::to_value(core::QueryMsg::Claims { address: who }).unwrap(),
                false,
            ),
        };
        // Raw on purpose: any query with any page size, its answer read as JSON.
        let answer: Result<Value, _> = q.query_wasm_smart(contract, &msg);
        match answer {
            Ok(v) => {
                if list {
                    let len = v
                        .as_object()
                        .and_then(|o| o.values().find_map(|x| x.as_array().map(|a| a.len())))
                        .unwrap_or(0);
                    assert!(
                        len <= steward_types::MAX_LIMIT as usize,
                        "{msg} answered {len} items, above the page limit"
                    );
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Runs a sequence, checking every invariant after every step.
    pub fn run(&mut self, ops: &[Op]) -> Result<(), Violation> {
        let mut before = self.snapshot();
        for (step, op) in ops.iter().enumerate() {
            let paused = self.paused();
            let now = self.s.now();
            let (ok, inflow) = self.apply(op);
            *self.tally.tried.entry(op.kind()).or_default() += 1;
            if ok {
                *self.tally.ok.entry(op.kind()).or_default() += 1;
            }
            let after = self.snapshot();
            self.check(step, op, ok, paused, now, &before, &after, &inflow)
                .map_err(|e| Violation(format!("step {step} ({op:?}, ok = {ok}): {e}")))?;
            before = after;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        _step: usize,
        op: &Op,
        ok: bool,
        paused: bool,
        now: u64,
        before: &Snapshot,
        after: &Snapshot,
        inflow: &[u128; ASSETS],
    ) -> Result<(), String> {
        // Privileged messages from the unprivileged never succeed.
        if ok && NEVER_KINDS.contains(&op.kind()) {
            return Err("a privileged message from an unprivileged sender succeeded".into());
        }
        // Conservation: what the treasury gained or lost is exactly what was
        // deposited minus what reached the recipient, the spender and the pair.
        let mut out = [0u128; ASSETS];
        for a in 0..ASSETS {
            let delta = |j: usize| after.held[a][j] as i128 - before.held[a][j] as i128;
            let elsewhere = delta(1) + delta(2) + delta(3);
            if delta(0) + elsewhere != inflow[a] as i128 {
                return Err(format!(
                    "asset {a}: treasury changed by {}, recipient+spender+pair by {elsewhere}, deposits {}",
                    delta(0),
                    inflow[a]
                ));
            }
            let net_out = inflow[a] as i128 - delta(0);
            if net_out > 0 {
                out[a] = net_out as u128;
            }
        }
        let moved = out.iter().any(|o| *o > 0);
        // Nothing leaves the treasury while the DAO is paused.
        if paused && moved {
            return Err(format!("{out:?} left the treasury while paused"));
        }
        // The guardian may start or lengthen a pause, never end or shorten
        // one the DAO voted.
        if matches!(op, Op::GuardianPause { .. } | Op::GuardianUnpause { .. }) {
            if let Some(voted) = &before.dao_pause {
                let shortened = match &after.dao_pause {
                    None => true,
                    Some(now) => now < voted,
                };
                if shortened {
                    return Err(format!(
                        "the DAO's pause until {voted} became {:?}",
                        after.dao_pause
                    ));
                }
            }
        }
        // Only an executing proposal or a budget draw moves treasury assets.
        let newly_executed: Vec<u64> = after
            .proposals
            .iter()
            .filter(|(id, p)| {
                p.status == Status::Executed
                    && before.proposals.get(id).map(|b| b.status) != Some(Status::Executed)
            })
            .map(|(id, _)| *id)
            .collect();
        if moved {
            let explained = match op {
                Op::Execute { .. } => !newly_executed.is_empty(),
                Op::DrawBudget { .. } => true,
                _ => false,
            };
            if !explained {
                return Err(format!("{out:?} left the treasury without an execution"));
            }
        }
        // No proposal executes twice, nor leaves the executed state.
        for (id, p) in &before.proposals {
            if p.status == Status::Executed
                && after.proposals.get(id).map(|a| a.status) != Some(Status::Executed)
            {
                return Err(format!("proposal {id} left Executed"));
            }
        }
        for id in &newly_executed {
            if !self.executed.insert(*id) {
                return Err(format!("proposal {id} executed twice"));
            }
        }
        // No tally exceeds the total power at the proposal's start height.
        for (id, p) in &after.proposals {
            let cast = p.votes.total().u128();
            let total = self.total_power_at(p.start_height);
            if cast > total || cast > p.total_power.u128() {
                return Err(format!(
                    "proposal {id}: {cast} votes cast, total power {total} at height {} (recorded {})",
                    p.start_height, p.total_power
                ));
            }
        }
        // A recommendation executes at most once, and only through an
        // adoption proposal that executed.
        for (id, status) in &after.recommendations {
            let was = before.recommendations.get(id);
            if was == Some(&RecommendationStatus::Executed)
                && *status != RecommendationStatus::Executed
            {
                return Err(format!("recommendation {id} left Executed"));
            }
            if *status == RecommendationStatus::Executed
                && was != Some(&RecommendationStatus::Executed)
            {
                let by = newly_executed.iter().find(|pid| {
                    matches!(
                        &after.proposals[pid].kind,
                        proposal::ProposalKind::Adoption { recommendation_id, .. } if recommendation_id == id
                    )
                });
                let Some(by) = by else {
                    return Err(format!(
                        "recommendation {id} executed without its adoption proposal"
                    ));
                };
                if let Some(first) = self.recommendations_executed.insert(*id, *by) {
                    return Err(format!(
                        "recommendation {id} executed by {first} and again by {by}"
                    ));
                }
            }
        }
        // Staked tokens are never moved by a proposal.
        if self.staking {
            let owed = self.owed_to_stakers();
            if after.core_token < owed {
                return Err(format!(
                    "dao-core holds {} governance tokens but owes stakers {owed}",
                    after.core_token
                ));
            }
            if matches!(op, Op::Execute { .. }) && after.core_token < before.core_token {
                return Err(format!(
                    "a proposal moved staked tokens: {} -> {}",
                    before.core_token, after.core_token
                ));
            }
        }
        // Every page of every list stays within its limit (also a query that must not panic).
        if !self.query(0, u32::MAX) {
            return Err("ListProposals with a huge limit failed".into());
        }
        for (a, amount) in out.iter().enumerate() {
            if *amount > 0 {
                self.outflows[a].push((now, *amount));
            }
        }
        if moved {
            if matches!(op, Op::DrawBudget { .. }) {
                self.draws.push((now, out[0]));
            }
            // NAV before the step at the published prices; an asset the
            // oracle could not price counts as zero there, so this NAV is at
            // least the treasury's and the share at most its own.
            let nav: u128 = (0..ASSETS).map(|a| before.held[a][0] * PRICES[a]).sum();
            let value: u128 = (0..ASSETS).map(|a| out[a] * PRICES[a]).sum();
            let share = value * 1_000_000_000_000 / nav.max(1);
            // A swap's outflow comes back as the other asset: count what left.
            self.nav_shares.push((now, share));
        }
        self.check_window_bound()
    }

    /// Outflows in any window of length T stay within amount × (1 + T / period)
    /// of each allowance, of the spender's budget and of the NAV cap (the
    /// continuous limits of the policy). Every earlier window was checked when
    /// it ended, so only the windows that end at the latest outflow are.
    fn check_window_bound(&self) -> Result<(), String> {
        let within = |events: &[(u64, u128)], capacity: u128, what: &str| {
            window_excess(events, capacity, POLICY_PERIOD)
                .map_or(Ok(()), |e| Err(format!("{what}: {e}")))
        };
        for (a, allowance) in ALLOWANCES.iter().enumerate() {
            within(
                &self.outflows[a],
                *allowance,
                &format!("asset {a} allowance"),
            )?;
        }
        within(&self.draws, BUDGET_PER_PERIOD, "the spender's budget")?;
        // NAV cap: shares of NAV, in parts per 10^12 of the NAV before each step.
        within(
            &self.nav_shares,
            u128::from(NAV_CAP_BPS) * 100_000_000,
            "the NAV cap",
        )
    }
}

/// Whether the windows that end at the last of `events` (time, amount)
/// moved more than `capacity × (1 + T / period)`; says how much if so.
pub fn window_excess(events: &[(u64, u128)], capacity: u128, period: u64) -> Option<String> {
    let &(end, _) = events.last()?;
    let period = u128::from(period);
    let mut sum = 0u128;
    for &(start, amount) in events.iter().rev() {
        sum += amount;
        let window = u128::from(end - start);
        // sum ≤ capacity × (1 + window / period), without division
        if sum * period > capacity * (period + window) {
            return Some(format!(
                "{sum} left in a window of {window} s, bound {capacity} × (1 + {window} / {period})"
            ));
        }
    }
    None
}

/// The policy's period, allowances (uusd, uatom, token) and NAV cap, as in
/// `suite::default_policy`; no sequence changes the policy.
const POLICY_PERIOD: u64 = 86_400;
const ALLOWANCES: [u128; ASSETS] = [10_000_000, 2_000_000, 500_000];
const NAV_CAP_BPS: u64 = 2_500;
/// Prices the feeder always publishes: uusd 1, uatom 10, the token 2.
const PRICES: [u128; ASSETS] = [1, 10, 2];

#[cfg(test)]
mod tests {
    use super::window_excess;

    #[test]
    fn the_window_bound_flags_twice_the_allowance_across_a_boundary() {
        // Fixed windows allowed this: 100 at the end of one period, 100 at
        // the start of the next, 10 s apart.
        assert!(window_excess(&[(86_395, 100), (86_405, 100)], 100, 86_400).is_some());
        // A full period apart, both fit: 200 ≤ 100 × (1 + 1).
        assert!(window_excess(&[(0, 100), (86_400, 100)], 100, 86_400).is_none());
        // Refill is linear: half a period refills half the amount.
        assert!(window_excess(&[(0, 100), (43_200, 50)], 100, 86_400).is_none());
        assert!(window_excess(&[(0, 100), (43_200, 51)], 100, 86_400).is_some());
        assert!(window_excess(&[], 100, 86_400).is_none());
    }
}
