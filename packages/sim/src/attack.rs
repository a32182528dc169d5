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
use steward_types::handle::DaoContracts;
use steward_types::policy::{check_actions, TreasuryAction};
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
    /// Budgets the thief set that the DAO's incident response removed.
    pub budgets_removed: u32,
    /// When the attack's window opened (block time of its first epoch).
    pub started_at: Option<u64>,
    /// Budget draws: (block time, value at market prices, stable units).
    pub budget_draws: Vec<(u64, f64)>,
    /// Smallest and largest ratio of market price to oracle price seen in
    /// the window over every asset (the stable asset's is 1).
    pub ratio_min: Option<f64>,
    /// See `ratio_min`.
    pub ratio_max: Option<f64>,
    /// Largest treasury NAV at oracle prices seen in the window.
    pub oracle_nav_max: f64,
    /// Highest oracle price of each asset seen in the window.
    pub oracle_prices_max: Vec<f64>,
}

impl State {
    /// Notes how far the oracle's prices are from the market's now, and the
    /// treasury's NAV at the oracle's prices.
    pub fn observe_prices(&mut self, market: &[f64], oracle: &[f64], holdings: &[f64]) {
        for (m, o) in market.iter().zip(oracle) {
            if *o > 0.0 {
                let r = m / o;
                self.ratio_min = Some(self.ratio_min.map_or(r, |x| x.min(r)));
                self.ratio_max = Some(self.ratio_max.map_or(r, |x| x.max(r)));
            }
        }
        let nav: f64 = holdings.iter().zip(oracle).map(|(h, p)| h * p).sum();
        self.oracle_nav_max = self.oracle_nav_max.max(nav);
        self.oracle_prices_max.resize(oracle.len(), 0.0);
        for (max, p) in self.oracle_prices_max.iter_mut().zip(oracle) {
            *max = max.max(*p);
        }
    }

    /// Value of the budget draws made within `[from, from + t]`.
    pub fn drawn_within(&self, from: u64, t: f64) -> f64 {
        self.budget_draws
            .iter()
            .filter(|(at, _)| *at >= from && (*at - from) as f64 <= t)
            .map(|(_, v)| v)
            .sum()
    }
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
        | Some(AttackSpec::FrozenFeed {
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

/// The feeder signs fresh timestamps on the prices of the epoch before the
/// window this epoch.
pub fn feed_frozen(s: &Scenario, epoch: u32) -> bool {
    matches!(s.attack, Some(AttackSpec::FrozenFeed { .. })) && in_window(s, epoch)
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

/// Budgets for the thief itself, as large as the policy accepts (each
/// asset's allowance, refilled hourly): they outlive the key, so the thief
/// draws from them until the DAO removes them.
fn budgets_for(world: &World, snapshot: &Snapshot) -> Vec<TreasuryAction> {
    world
        .assets
        .iter()
        .filter_map(|a| {
            let allowance = snapshot.context.policy.allowance(a)?;
            (!allowance.is_zero()).then(|| TreasuryAction::SetBudget {
                spender: world.attacker.to_string(),
                asset: a.clone(),
                amount_per_period: allowance,
                period_seconds: THIEF_BUDGET_PERIOD_SECONDS,
            })
        })
        .collect()
}

/// The refill period of the budgets a thief sets itself.
pub const THIEF_BUDGET_PERIOD_SECONDS: u64 = 3_600;

/// The thief's recommendation: transfers of everything the policy lets move
/// to itself, shrunk until the advisor library's own pre-check passes it
/// (the thief signs with the library, so nothing it signs fails that check),
/// and budgets for itself.
pub fn thief_recommendation(
    snapshot: &Snapshot,
    envelope: &Envelope,
    world: &World,
) -> steward_advisor::Result<Outcome> {
    let mut scale = 1.0;
    let mut last = None;
    for _ in 0..14 {
        let mut actions = transfers_to(world, snapshot, scale);
        actions.extend(budgets_for(world, snapshot));
        let advice = Advice {
            actions,
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
    let state = world
        .treasury_contract()
        .policy_state(&q)
        .map_err(|e| crate::error::SimError::setup("policy state", e))?;
    let assets: Vec<AssetInfo> = state
        .policy
        .allowances
        .iter()
        .map(|a| a.info.clone())
        .collect();
    let prices = world
        .oracle_contract()
        .prices(&q, &assets)
        .map_err(|e| crate::error::SimError::setup("prices", e))?;
    let ctx = state.into_context(prices);
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
    let sandwiches = matches!(
        s.attack,
        Some(AttackSpec::PoolManipulation { .. } | AttackSpec::FrozenFeed { .. })
    );
    if !sandwiches || !in_window(s, epoch) {
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

/// What the scenario's budgets let their spenders draw over a window of `t`
/// seconds, valued at `prices_max`: per asset, the budgets' buckets
/// `B·(1 + T/P_b)`, but no more than the asset's allowance lets out,
/// `A·(1 + T/P)`, since every draw also passes it.
pub fn budget_cap(s: &Scenario, t: f64, prices_max: &[f64]) -> f64 {
    s.assets
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let drawn: f64 = s
                .budgets
                .iter()
                .filter(|b| b.asset == a.symbol)
                .map(|b| b.amount_per_period * (1.0 + t / b.period_seconds as f64))
                .sum();
            let allowance = s.policy.allowances.get(&a.symbol).copied().unwrap_or(0.0)
                * (1.0 + t / s.policy.period_seconds as f64);
            drawn.min(allowance) * prices_max[i]
        })
        .sum()
}

/// A frozen feed's bound over a window of `t` seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrozenFeedBound {
    /// The most value (at market prices) that may leave the treasury in the
    /// window: `min(ΣA·p·(1+T/P), f·NAV_o·r_max·(1+T/P), NAV)`.
    pub cap: f64,
    /// The most a swap can lose, as a share of the value it offers:
    /// `1 − (1 − s)·r_min/r_max`.
    pub loss_share: f64,
    /// `loss_share · cap`.
    pub bound: f64,
}

/// The frozen feed's bound. The treasury sizes a swap's minimum output from
/// oracle prices: a swap offering asset `o` for asset `k` returns at least
/// `(1 − s)·r_k/r_o` of the offered value at market prices, `r = market /
/// oracle`, so it loses at most `1 − (1 − s)·r_min/r_max`. What may be
/// offered is valued at market prices too: allowances are amounts, so at
/// most `ΣA·p·(1+T/P)` with `p` the highest market price; the NAV share is
/// counted at oracle prices, so at most `f·NAV_o·(1+T/P)` at oracle prices,
/// which is up to `r_max` times that at market prices; and never more than
/// the NAV at market prices. Valued at the frozen prices instead (`r = 1`,
/// oracle prices for `p`), the bound would be `s·cap` at those prices.
#[allow(clippy::too_many_arguments)]
pub fn frozen_feed_bound(
    s: &Scenario,
    t: f64,
    prices_max: &[f64],
    nav_max: f64,
    oracle_nav_max: f64,
    ratio_min: f64,
    ratio_max: f64,
) -> FrozenFeedBound {
    let p = &s.policy;
    let refill = 1.0 + t / p.period_seconds as f64;
    let allowances: f64 = s
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| p.allowances.get(&a.symbol).copied().unwrap_or(0.0) * prices_max[i])
        .sum::<f64>()
        * refill;
    let mut cap = allowances.min(nav_max);
    if let Some(bps) = p.max_nav_share_bps {
        cap = cap.min(f64::from(bps) / 10_000.0 * oracle_nav_max * ratio_max * refill);
    }
    let slip = f64::from(p.max_slippage_bps) / 10_000.0;
    let loss_share = 1.0 - (1.0 - slip) * ratio_min / ratio_max;
    FrozenFeedBound {
        cap,
        loss_share,
        bound: loss_share * cap,
    }
}

/// The budgets' part of a bound, noted; true when the draws stay within it.
fn budget_check(
    s: &Scenario,
    t: f64,
    prices_max: &[f64],
    cap: f64,
    drawn: f64,
    notes: &mut BTreeMap<String, f64>,
) -> bool {
    if s.budgets.is_empty() {
        return true;
    }
    let bound = budget_cap(s, t, prices_max).min(cap);
    notes.insert("budget_drawn".into(), drawn);
    notes.insert("budget_bound".into(), bound);
    drawn <= bound * (1.0 + 1e-6) + 1e-6
}

fn budget_formula(s: &Scenario) -> String {
    if s.budgets.is_empty() {
        String::new()
    } else {
        "; budget draws in the window count as loss and pass the same limits; alone they stay within min(Σ_asset min(ΣB·(1+T/P_b), A·(1+T/P))·p, cap(T))".into()
    }
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
            notes.insert(
                "thief_budgets_removed".into(),
                f64::from(state.budgets_removed),
            );
            // Budget spenders draw in full during the window too: their
            // draws pass the same allowances and NAV share as the thief's
            // transfers, so thief and spenders together stay within cap(T),
            // and the draws alone within the budgets' own buckets.
            let drawn = state
                .theft_time
                .map_or(0.0, |from| state.drawn_within(from, t));
            let budgets_ok = budget_check(s, t, &prices_max, cap, drawn, &mut notes);
            (
                cap,
                format!(
                    "{f}; T = detection + 2·voting + timelock + adoption timelock{}",
                    budget_formula(s)
                ),
                attacker_gain + drawn,
                budgets_ok,
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
            // A coalition below the threshold takes nothing; budget spenders
            // still draw their budgets in full meanwhile.
            let budgets = budget_cap(s, t, &prices_max).min(cap);
            let bound = if passes { cap } else { budgets };
            let drawn = state
                .started_at
                .map_or(0.0, |from| state.drawn_within(from, t));
            let budgets_ok = budget_check(s, t, &prices_max, cap, drawn, &mut notes);
            (
                bound,
                format!(
                    "coalition {:.0}% {} threshold {}% → {}{}",
                    share * 100.0,
                    if passes { "≥" } else { "<" },
                    g.threshold_percent,
                    if passes {
                        f
                    } else if s.budgets.is_empty() {
                        "0".into()
                    } else {
                        format!("the budgets' draws alone, T={t:.0}s")
                    },
                    budget_formula(s)
                ),
                attacker_gain + drawn,
                budgets_ok,
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
        AttackSpec::FrozenFeed { epochs, shock, .. } => {
            let t = f64::from(*epochs) * s.epoch_seconds as f64;
            let (r_min, r_max) = (
                state.ratio_min.unwrap_or(1.0).min(1.0),
                state.ratio_max.unwrap_or(1.0).max(1.0),
            );
            let at_market = frozen_feed_bound(
                s,
                t,
                &prices_max,
                nav_max,
                state.oracle_nav_max,
                r_min,
                r_max,
            );
            // The same rule valued at the frozen prices: what a bound that
            // trusted the feed would promise.
            let oracle_max = if state.oracle_prices_max.len() == n {
                state.oracle_prices_max.clone()
            } else {
                prices_max.clone()
            };
            let at_oracle = frozen_feed_bound(
                s,
                t,
                &oracle_max,
                state.oracle_nav_max,
                state.oracle_nav_max,
                1.0,
                1.0,
            );
            notes.insert("swapped".into(), state.swapped);
            notes.insert("outflow_cap".into(), at_market.cap);
            notes.insert("loss_share".into(), at_market.loss_share);
            // Noted so that the largest over paths is the worst: 1 − r_min,
            // the share the market fell below the oracle's price, and
            // r_max − 1, the share it rose above.
            notes.insert("market_below_oracle".into(), 1.0 - r_min);
            notes.insert("market_above_oracle".into(), r_max - 1.0);
            notes.insert("bound_at_frozen_prices".into(), at_oracle.bound);
            // What left in swaps, at market prices, within what may leave.
            let outflow_ok = state.swapped <= at_market.cap * (1.0 + 1e-6) + 1e-6;
            (
                at_market.bound,
                format!(
                    "(1 − (1−s)·r_min/r_max)·min(ΣA·p·(1+T/P), f·NAV_o·r_max·(1+T/P), NAV) at market prices, r = market/oracle price, s={}bps, shock={shock}, T={t:.0}s (the frozen window), P={:.0}s",
                    s.policy.max_slippage_bps, s.policy.period_seconds
                ),
                state.swap_loss + attacker_gain,
                outflow_ok,
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

#[cfg(test)]
mod tests {
    use super::{budget_cap, frozen_feed_bound};
    use crate::scenario::{BudgetSpec, Scenario};
    use std::path::PathBuf;

    fn default_scenario() -> Scenario {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
        Scenario::load(&path).unwrap()
    }

    #[test]
    fn a_frozen_feed_bound_is_valued_at_market_prices() {
        let s = default_scenario();
        // USD, ATOM, OSMO, STEW; allowances 60000, 8000, 100000, 40000 a day;
        // NAV share 10 %; slippage 1.5 %.
        let prices = [1.0, 4.8, 0.36, 1.2];
        let day = 86_400.0;
        // Market equals oracle: only the slippage is lost, s·cap.
        let calm = frozen_feed_bound(&s, day, &prices, 2e6, 1e6, 1.0, 1.0);
        let allowances: f64 = (60_000.0 + 8_000.0 * 4.8 + 100_000.0 * 0.36 + 40_000.0 * 1.2) * 2.0;
        assert!((calm.cap - allowances.min(0.1 * 1e6 * 2.0)).abs() < 1e-6);
        assert!((calm.loss_share - 0.015).abs() < 1e-12);
        // A 40 % crash the oracle does not see: a swap into the volatile
        // assets loses up to 1 − 0.985·0.6 of what it offers.
        let crash = frozen_feed_bound(&s, day, &prices, 2e6, 1e6, 0.6, 1.0);
        assert!((crash.loss_share - (1.0 - 0.985 * 0.6)).abs() < 1e-12);
        assert!((crash.bound - crash.loss_share * crash.cap).abs() < 1e-6);
        // A rise the oracle does not see: the NAV share, counted at oracle
        // prices, lets out up to r_max times more at market prices.
        let rise = frozen_feed_bound(&s, day, &prices, 1e9, 1e6, 1.0, 1.5);
        assert!((rise.cap - (0.1f64 * 1e6 * 1.5 * 2.0).min(allowances)).abs() < 1e-6);
        assert!(rise.bound > calm.bound * 10.0);
    }

    #[test]
    fn budgets_count_up_to_their_buckets_and_the_allowance() {
        let mut s = default_scenario();
        let prices = [1.0, 8.0, 0.6, 2.0];
        assert_eq!(budget_cap(&s, 86_400.0, &prices), 0.0);
        let budget = |spender: &str, asset: &str, amount: f64, period: u64| BudgetSpec {
            spender: spender.into(),
            asset: asset.into(),
            amount_per_period: amount,
            period_seconds: period,
        };
        s.budgets = vec![
            budget("grants", "USD", 10_000.0, 86_400),
            budget("ops", "STEW", 10_000.0, 604_800),
        ];
        // A week: USD 10000·8, STEW 10000·2 at 2.
        let week = 604_800.0;
        let expected = 10_000.0 * 8.0 + 10_000.0 * 2.0 * 2.0;
        assert!((budget_cap(&s, week, &prices) - expected).abs() < 1e-6);
        // Two USD budgets above the allowance together: the allowance binds
        // (60000·(1 + 1) over a day).
        s.budgets = vec![
            budget("a", "USD", 60_000.0, 86_400),
            budget("b", "USD", 60_000.0, 86_400),
        ];
        assert!((budget_cap(&s, 86_400.0, &prices) - 120_000.0).abs() < 1e-6);
    }
}
