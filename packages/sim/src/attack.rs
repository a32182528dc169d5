//! Attack scenarios: what the attacker does inside an epoch, and the
//! closed-form bound on what it can take, computed from the scenario's policy
//! parameters apart from the contracts, against the loss measured from
//! balances.
//!
//! The bounds use the allowance rule of the security rework (token buckets
//! that refill continuously): over any window of length `T`, an asset with
//! allowance `A` per period `P` moves at most `A · (1 + T/P)`, and the NAV
//! share `f` moves at most `f · NAV · (1 + T/P)`. With fixed periods (the
//! rule before the rework) a window can touch `⌈T/P⌉ + 1` periods, which is
//! more; a scenario that relies on a fix says so in `waits_for`.

use crate::engine::{whole, EpochRecord};
use crate::monitor::Monitor;
use crate::scenario::{AttackSpec, Scenario};
use crate::world::World;
use cosmwasm_std::Uint128;
use serde::Serialize;
use std::collections::BTreeMap;
use steward_advisor::recommend::finish;
use steward_advisor::snapshot::Snapshot;
use steward_advisor::{Advice, AdvisorError, Envelope, Outcome};
use steward_types::oracle::{self, PricesResponse};
use steward_types::policy::{check_actions, TreasuryAction};
use steward_types::treasury::{self, PolicyStateResponse};
use steward_types::AssetInfo;

/// What an attack has done so far on a path.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The attack has started.
    pub active: bool,
    /// When the advisor key was stolen.
    pub theft_time: Option<u64>,
    /// The stolen key has been revoked.
    pub revoked: bool,
    /// When.
    pub revoked_at: Option<u64>,
    /// Recommendations the thief submitted.
    pub thief_recommendations: Vec<u64>,
    /// Fees and slippage on treasury swaps during the attack window.
    pub swap_loss: f64,
    /// Value the treasury swapped during the window.
    pub swapped: f64,
    /// The policy race has happened.
    pub raced: bool,
    /// Prices at the race.
    pub race_prices: Vec<f64>,
    /// Outflow before the race in its period.
    pub race_outflow_before: Vec<f64>,
    /// The period of the race.
    pub race_period: Option<u64>,
    /// Pauses the DAO set.
    pub dao_pauses: u32,
    /// DAO pauses the captured guardian lifted.
    pub pause_lifts: u32,
}

/// An attack's bound and measured loss on one path.
#[derive(Clone, Debug, Serialize)]
pub struct AttackMeasure {
    /// Attack kind.
    pub kind: String,
    /// The bound's formula with its parameters.
    pub formula: String,
    /// The bound (stable units).
    pub bound: f64,
    /// Loss measured from balances (stable units).
    pub measured: f64,
    /// measured ≤ bound (and every secondary count within its bound).
    pub holds: bool,
    /// The fix the bound waits for, from the scenario.
    pub waits_for: Option<String>,
    /// Secondary figures.
    pub notes: BTreeMap<String, f64>,
}

/// Epochs during which the attack is on.
pub fn in_window(s: &Scenario, epoch: u32) -> bool {
    match &s.attack {
        Some(AttackSpec::StaleFeed {
            start_epoch,
            epochs,
            ..
        })
        | Some(AttackSpec::PoolManipulation {
            start_epoch,
            epochs,
        })
        | Some(AttackSpec::MemberDrain {
            start_epoch,
            epochs,
            ..
        })
        | Some(AttackSpec::CapturedGuardian {
            start_epoch,
            epochs,
            ..
        }) => epoch >= *start_epoch && epoch < start_epoch + epochs,
        Some(AttackSpec::StolenKey { start_epoch, .. }) => epoch >= *start_epoch,
        Some(AttackSpec::PolicyRace { epoch: e, .. }) => epoch >= *e,
        None => false,
    }
}

/// The feeder publishes nothing this epoch.
pub fn feed_stopped(s: &Scenario, epoch: u32) -> bool {
    matches!(s.attack, Some(AttackSpec::StaleFeed { .. })) && in_window(s, epoch)
}

/// The attacking member proposes a drain this epoch.
pub fn drain_epoch(s: &Scenario, epoch: u32) -> bool {
    matches!(s.attack, Some(AttackSpec::MemberDrain { .. })) && in_window(s, epoch)
}

/// The thief holds the advisor key this epoch.
pub fn key_stolen(s: &Scenario, state: &State, epoch: u32) -> bool {
    matches!(s.attack, Some(AttackSpec::StolenKey { .. })) && in_window(s, epoch) && !state.revoked
}

fn transfers_to(world: &World, snapshot: &Snapshot, scale: f64) -> Vec<TreasuryAction> {
    world
        .assets
        .iter()
        .filter(|a| snapshot.is_listed(a))
        .filter_map(|a| {
            let amount = (snapshot.movable(a).u128() as f64 * scale) as u128;
            (amount > 0).then(|| TreasuryAction::Transfer {
                asset: a.clone(),
                amount: Uint128::new(amount),
                recipient: world.attacker.to_string(),
            })
        })
        .collect()
}

/// The thief's recommendation: transfers of everything the policy lets move
/// to itself, shrunk until the advisor library's own pre-check passes it
/// (the thief signs with the library, so nothing it signs fails that check).
pub fn thief_recommendation(
    snapshot: &Snapshot,
    envelope: &Envelope,
    world: &World,
) -> steward_advisor::Result<Outcome> {
    let mut scale = 1.0;
    let mut last = None;
    for _ in 0..14 {
        let advice = Advice {
            actions: transfers_to(world, snapshot, scale),
            governance: vec![],
            rationale: "Rebalance to the new custody address".into(),
            confidence_bps: 9_000,
            strategy: "rebalance".into(),
            strategy_version: "1.0.0".into(),
            model_id: None,
            config_digest: "00".repeat(32),
        };
        match finish(snapshot, advice, envelope) {
            Err(e @ AdvisorError::PolicyRefused { .. }) => {
                last = Some(e);
                scale *= 0.7;
            }
            other => return other,
        }
    }
    Err(last.expect("tried at least once"))
}

/// The drain a member proposes: transfers to itself, as large as the
/// policy check on the treasury's current state lets through.
pub fn drain_actions(
    world: &mut World,
    s: &Scenario,
) -> crate::error::SimResult<Option<Vec<TreasuryAction>>> {
    let _ = s;
    let q = world.app.wrap();
    let state: PolicyStateResponse = q
        .query_wasm_smart(&world.treasury, &treasury::QueryMsg::PolicyState {})
        .map_err(|e| crate::error::SimError::setup("policy state", e))?;
    let assets: Vec<AssetInfo> = state
        .policy
        .allowances
        .iter()
        .map(|a| a.info.clone())
        .collect();
    let prices: PricesResponse = q
        .query_wasm_smart(&world.oracle, &oracle::QueryMsg::Prices { assets })
        .map_err(|e| crate::error::SimError::setup("prices", e))?;
    let ctx = state.into_context(prices.prices);
    let mut scale = 1.0;
    for _ in 0..14 {
        let actions: Vec<TreasuryAction> = ctx
            .balances
            .iter()
            .filter_map(|b| {
                let amount = (b.amount.u128() as f64 * scale) as u128;
                (amount > 0).then(|| TreasuryAction::Transfer {
                    asset: b.info.clone(),
                    amount: Uint128::new(amount),
                    recipient: world.attacker.to_string(),
                })
            })
            .collect();
        if actions.is_empty() {
            return Ok(None);
        }
        if check_actions(&ctx, &actions).is_ok() {
            return Ok(Some(actions));
        }
        scale *= 0.6;
    }
    Ok(None)
}

/// A sandwich in progress: the attacker's first leg and what it received.
pub struct Sandwich {
    pair_asset: usize,
    ask: usize,
    received: u128,
}

/// Constant-product output with the fee taken from the output.
fn cp_out(offer_reserve: f64, ask_reserve: f64, offer: f64, fee: f64) -> f64 {
    ask_reserve * offer / (offer_reserve + offer) * (1.0 - fee)
}

/// Before a treasury swap executes during a pool-manipulation window, the
/// attacker sells the same asset into the pool, as much as still leaves the
/// treasury's output at its minimum (computed from oracle prices, as the
/// treasury does).
pub fn front_run(
    s: &Scenario,
    epoch: u32,
    world: &mut World,
    actions: &[TreasuryAction],
    oracle_prices: &[f64],
) -> Option<Sandwich> {
    if !matches!(s.attack, Some(AttackSpec::PoolManipulation { .. })) || !in_window(s, epoch) {
        return None;
    }
    let (pair, offer, amount, ask, slip) = actions.iter().find_map(|a| match a {
        TreasuryAction::Swap {
            pair,
            offer_asset,
            offer_amount,
            ask_asset,
            max_slippage_bps,
        } => Some((
            pair.clone(),
            offer_asset.clone(),
            *offer_amount,
            ask_asset.clone(),
            *max_slippage_bps,
        )),
        _ => None,
    })?;
    let i = world
        .pairs
        .iter()
        .position(|p| p.as_ref().is_some_and(|p| p.as_str() == pair))?;
    let o = world.assets.iter().position(|a| a == &offer)?;
    let k = world.assets.iter().position(|a| a == &ask)?;
    let fee = f64::from(
        s.pairs
            .iter()
            .find(|p| s.asset_index(&p.base) == Some(i))?
            .fee_bps,
    ) / 10_000.0;
    let (base, quote) = world.reserves(i)?;
    let (x, y) = if o == i {
        (base as f64, quote as f64)
    } else {
        (quote as f64, base as f64)
    };
    let a = amount.u128() as f64;
    let price = |j: usize| oracle_prices[j] * world.units[world.stable] / world.units[j];
    let expected = a * price(o) / price(k);
    let min_out = expected * (1.0 - f64::from(slip) / 10_000.0);
    let treasury_gets = |f: f64| {
        let paid = cp_out(x, y, f, fee);
        cp_out(x + f, y - paid, a, fee)
    };
    if treasury_gets(0.0) < min_out {
        return None;
    }
    let (mut lo, mut hi) = (0.0, x * 4.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if treasury_gets(mid) >= min_out * 1.000_001 + 2.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let f = lo as u128;
    if f == 0 {
        return None;
    }
    let attacker = world.attacker.clone();
    let before = world.balance(&attacker, k);
    world.swap(&attacker, i, o, f).ok()?;
    let received = world.balance(&attacker, k).saturating_sub(before);
    Some(Sandwich {
        pair_asset: i,
        ask: k,
        received,
    })
}

/// The attacker's second leg: sells back what the first leg bought.
pub fn back_run(world: &mut World, sandwich: Option<Sandwich>) {
    if let Some(s) = sandwich {
        let attacker = world.attacker.clone();
        let _ = world.swap(&attacker, s.pair_asset, s.ask, s.received);
    }
}

/// What the policy lets move over a window of `t` seconds (token-bucket
/// rule), valued at the highest prices and NAV seen in the window.
fn window_cap(s: &Scenario, t: f64, prices_max: &[f64], nav_max: f64) -> (f64, String) {
    let p = &s.policy;
    let period = p.period_seconds as f64;
    let refill = 1.0 + t / period;
    let allowances: f64 = s
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| p.allowances.get(&a.symbol).copied().unwrap_or(0.0) * prices_max[i])
        .sum::<f64>()
        * refill;
    let mut cap = allowances.min(nav_max);
    let mut formula = format!("min(ΣA·p·(1+T/P), NAV) with T={t:.0}s, P={period:.0}s");
    if let Some(bps) = p.max_nav_share_bps {
        let share = f64::from(bps) / 10_000.0 * nav_max * refill;
        cap = cap.min(share);
        formula = format!(
            "min(ΣA·p·(1+T/P), f·NAV·(1+T/P), NAV) with f={bps}bps, T={t:.0}s, P={period:.0}s"
        );
    }
    (cap, formula)
}

/// The bound and the measured loss of the scenario's attack on one path.
pub fn measure(
    s: &Scenario,
    state: &State,
    attacker_gain: f64,
    records: &[EpochRecord],
    monitor: &Monitor,
) -> Option<AttackMeasure> {
    let attack = s.attack.as_ref()?;
    let g = &s.governance;
    let window: Vec<&EpochRecord> = records.iter().filter(|r| in_window(s, r.epoch)).collect();
    let n = s.assets.len();
    let mut prices_max = vec![0.0f64; n];
    let mut nav_max = 0.0f64;
    for r in if window.is_empty() {
        records.iter().collect()
    } else {
        window.clone()
    } {
        for (max, p) in prices_max.iter_mut().zip(&r.prices) {
            *max = max.max(*p);
        }
        nav_max = nav_max.max(r.nav);
    }
    // The NAV before the first epoch's record, too.
    nav_max = nav_max.max(s.assets.iter().map(|a| a.initial * a.price).sum());
    let plain_lock = g.timelock_seconds.unwrap_or(0) as f64;
    let voting = g.voting_period_seconds as f64;
    let adoption_lock = g.adoption_timelock_seconds as f64;
    let slip = f64::from(s.policy.max_slippage_bps) / 10_000.0;
    let mut notes = BTreeMap::new();
    let (bound, formula, measured, mut holds) = match attack {
        AttackSpec::StolenKey {
            detection_delay_seconds,
            ..
        } => {
            let t = *detection_delay_seconds as f64 + voting + plain_lock + voting + adoption_lock;
            let (cap, f) = window_cap(s, t, &prices_max, nav_max);
            notes.insert(
                "thief_recommendations".into(),
                state.thief_recommendations.len() as f64,
            );
            if let (Some(a), Some(b)) = (state.theft_time, state.revoked_at) {
                notes.insert("seconds_to_revocation".into(), (b - a) as f64);
            }
            (
                cap,
                format!("{f}; T = detection + 2·voting + timelock + adoption timelock"),
                attacker_gain,
                true,
            )
        }
        AttackSpec::MemberDrain {
            epochs,
            attacker,
            colluders,
            ..
        } => {
            let total: u64 = s.members.iter().map(|m| m.weight).sum();
            let coalition: u64 = s.members[*attacker].weight
                + colluders
                    .iter()
                    .filter_map(|c| s.members.get(*c))
                    .map(|m| m.weight)
                    .sum::<u64>();
            let share = coalition as f64 / total as f64;
            notes.insert("coalition_share".into(), share);
            let t = f64::from(*epochs) * s.epoch_seconds as f64 + voting + plain_lock;
            let (cap, f) = window_cap(s, t, &prices_max, nav_max);
            let passes = share * 100.0 >= g.threshold_percent as f64;
            let bound = if passes { cap } else { 0.0 };
            (
                bound,
                format!(
                    "coalition {:.0}% {} threshold {}% → {}",
                    share * 100.0,
                    if passes { "≥" } else { "<" },
                    g.threshold_percent,
                    if passes { f } else { "0".into() }
                ),
                attacker_gain,
                true,
            )
        }
        AttackSpec::StaleFeed { shock, .. } => {
            let t = s.policy.max_price_age_seconds as f64;
            let (cap, f) = window_cap(s, t, &prices_max, nav_max);
            let mispricing = (1.0 - shock.exp()).abs();
            notes.insert("swapped".into(), state.swapped);
            (
                (slip + mispricing) * cap,
                format!(
                    "(s + |1−e^shock|)·cap, s={}bps, shock={shock}; cap = {f} (T = max price age)",
                    s.policy.max_slippage_bps
                ),
                state.swap_loss + attacker_gain,
                true,
            )
        }
        AttackSpec::PoolManipulation { epochs, .. } => {
            let t = f64::from(*epochs) * s.epoch_seconds as f64;
            let (cap, f) = window_cap(s, t, &prices_max, nav_max);
            notes.insert("swapped".into(), state.swapped);
            (
                slip * cap,
                format!("s·cap, s={}bps; cap = {f}", s.policy.max_slippage_bps),
                state.swap_loss,
                true,
            )
        }
        AttackSpec::PolicyRace { scale, .. } => {
            let measured = match state.race_period {
                Some(period) => {
                    let mut out = vec![0.0; n];
                    for (t, moved) in &monitor.events {
                        if t / s.policy.period_seconds == period {
                            for i in 0..n {
                                out[i] += moved[i];
                            }
                        }
                    }
                    s.assets
                        .iter()
                        .enumerate()
                        .map(|(i, a)| {
                            let allowed =
                                s.policy.allowances.get(&a.symbol).copied().unwrap_or(0.0) * scale;
                            (out[i] - allowed).max(0.0)
                                * state.race_prices.get(i).copied().unwrap_or(0.0)
                        })
                        .sum()
                }
                None => 0.0,
            };
            notes.insert("raced".into(), if state.raced { 1.0 } else { 0.0 });
            (0.0, format!("0: nothing beyond the new policy (allowances ×{scale}) moves in the race's period"), measured, true)
        }
        AttackSpec::CapturedGuardian { .. } => {
            notes.insert("dao_pauses".into(), f64::from(state.dao_pauses));
            notes.insert(
                "dao_pauses_lifted_by_guardian".into(),
                f64::from(state.pause_lifts),
            );
            let lifts_ok = state.pause_lifts == 0;
            (
                0.0,
                "0: a guardian moves no funds; and lifts no pause the DAO set (bound 0)".into(),
                attacker_gain,
                lifts_ok,
            )
        }
    };
    holds &= measured <= bound * (1.0 + 1e-6) + 1e-6;
    let _ = whole;
    Some(AttackMeasure {
        kind: attack.kind().into(),
        formula,
        bound,
        measured,
        holds,
        waits_for: s.waits_for.clone(),
        notes,
    })
}
