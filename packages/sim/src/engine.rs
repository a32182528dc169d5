//! One path: every epoch through the real contracts.
//!
//! Each epoch: the arbitrageur brings the pools to the market price; the
//! feeder signs and publishes prices; the advisor (the advisor library)
//! reads a snapshot, runs its strategy, pre-checks and signs; the relayer
//! submits; a member proposes adopting it; members vote (turnout, delay,
//! following the advisor or not); the vetoer may veto during the timelock;
//! the proposal executes or fails. Every refusal, failure and veto is
//! counted with its reason, and treasury balances are checked against the
//! policy after every block that could move them ([`crate::monitor`]).
//! Executed adoptions are scored by the oracle a horizon later
//! ([`crate::outcomes`]).

use crate::attack::{self, AttackMeasure};
use crate::error::{SimError, SimResult};
use crate::metrics;
use crate::monitor::{Breach, Monitor};
use crate::outcomes::{Keeper, OutcomeRecord};
use crate::prices;
use crate::scenario::{AttackSpec, Scenario};
use crate::world::{to_units, World, REPLACEMENT_SEED};
use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::AppResponse;
use cw_utils::{Duration, Expiration};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;
use steward_advisor::config::AdvisorConfig;
use steward_advisor::recommend::{recommend, sign};
use steward_advisor::snapshot::{Snapshot, SNAPSHOT_VERSION};
use steward_advisor::{AdvisorError, AdvisorKey, Envelope, Outcome, Strategy, StrategyConfig};
use steward_types::crypto::KeyAlgorithm;
use steward_types::handle::DaoContracts;
use steward_types::json::ModuleMsg;
use steward_types::oracle;
use steward_types::policy::TreasuryAction;
use steward_types::proposal::{self, ProposalAction, ProposalResponse};
use steward_types::threshold::{Status, Vote};
use steward_types::treasury;
use steward_types::{core, AssetInfo};

/// One epoch's record.
#[derive(Clone, Debug, Serialize)]
pub struct EpochRecord {
    /// Epoch index.
    pub epoch: u32,
    /// Block time at its end.
    pub time: u64,
    /// Market prices (whole stable units).
    pub prices: Vec<f64>,
    /// Treasury NAV at market prices.
    pub nav: f64,
    /// Buy-and-hold NAV.
    pub hold_nav: f64,
    /// Fixed-interval rebalance NAV.
    pub rebalance_nav: f64,
    /// Treasury holdings (whole units).
    pub holdings: Vec<f64>,
    /// Share of the period's NAV limit used (contract's usage), 0..1.
    pub nav_limit_used: f64,
    /// Largest share of an asset's allowance used this period, 0..1.
    pub allowance_used: f64,
    /// What happened to this epoch's proposal.
    pub outcome: String,
}

/// One path's result.
#[derive(Clone, Debug, Serialize)]
pub struct PathResult {
    /// Strategy label.
    pub strategy: String,
    /// Seed of the price path.
    pub seed: u64,
    /// Every epoch.
    pub records: Vec<EpochRecord>,
    /// Proposal outcomes by kind.
    pub outcomes: BTreeMap<String, u64>,
    /// Refusals, failures and vetoes by reason.
    pub reasons: BTreeMap<String, u64>,
    /// Policy breaches measured from balances.
    pub breaches: Vec<Breach>,
    /// Value traded by the treasury (stable units at market prices).
    pub traded: f64,
    /// Fees and slippage the treasury paid (stable units at market prices).
    pub swap_cost: f64,
    /// Fees and slippage the fixed rebalance paid.
    pub rebalance_cost: f64,
    /// Value the fixed rebalance traded.
    pub rebalance_traded: f64,
    /// Proposals created.
    pub proposals: u64,
    /// Votes cast.
    pub votes: u64,
    /// The attack's measurement, if any.
    pub attack: Option<AttackMeasure>,
    /// The advisors' outcome record, read from the oracle at the end.
    pub outcome_record: OutcomeRecord,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Of which in proposal-module calls (propose, vote, veto, execute).
    pub governance_seconds: f64,
}

/// A strategy from a scenario table: `@asset:` and `@pair:` filled in;
/// `label` is the scenario's own name for it.
pub fn strategy_config(
    scenario: &Scenario,
    world: &World,
    table: &toml::Value,
) -> SimResult<(String, StrategyConfig)> {
    let mut value = table.clone();
    let mut label = None;
    if let toml::Value::Table(t) = &mut value {
        if let Some(toml::Value::String(l)) = t.remove("label") {
            label = Some(l);
        }
    }
    substitute(scenario, world, &mut value)?;
    let config: StrategyConfig =
        value
            .try_into()
            .map_err(|e: toml::de::Error| SimError::Scenario {
                field: "strategies".into(),
                reason: e.to_string(),
            })?;
    config.validate()?;
    let label = label.unwrap_or_else(|| {
        serde_json::to_value(&config)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str().map(String::from)))
            .unwrap_or_else(|| "strategy".into())
    });
    Ok((label, config))
}

fn substitute(scenario: &Scenario, world: &World, value: &mut toml::Value) -> SimResult<()> {
    match value {
        toml::Value::String(s) => {
            let lookup = |sym: &str| {
                scenario.asset_index(sym).ok_or_else(|| SimError::Scenario {
                    field: "strategies".into(),
                    reason: format!("unknown asset {sym}"),
                })
            };
            if let Some(sym) = s.strip_prefix("@asset:") {
                *s = world.assets[lookup(sym)?].to_string();
            } else if let Some(sym) = s.strip_prefix("@pair:") {
                let i = lookup(sym)?;
                *s = world.pairs[i]
                    .as_ref()
                    .ok_or_else(|| SimError::Scenario {
                        field: "strategies".into(),
                        reason: format!("no pair for {sym}"),
                    })?
                    .to_string();
            }
        }
        toml::Value::Array(a) => {
            for v in a {
                substitute(scenario, world, v)?;
            }
        }
        toml::Value::Table(t) => {
            for (_, v) in t.iter_mut() {
                substitute(scenario, world, v)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A short, groupable reason: digits and addresses folded.
pub fn reason_key(text: &str) -> String {
    let mut out = String::new();
    let mut last_digit = false;
    for word in text.split_whitespace() {
        let word = if word.len() > 20 && word.chars().all(|c| c.is_ascii_alphanumeric()) {
            "ADDR"
        } else {
            word
        };
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !last_digit {
                    out.push('N');
                }
                last_digit = true;
            } else {
                last_digit = false;
                out.push(c);
            }
        }
        if out.len() > 90 {
            break;
        }
    }
    out.truncate(90);
    out
}

fn root(err: &anyhow::Error) -> String {
    err.root_cause().to_string()
}

/// The innermost cause in an error's debug text (what a failed submessage
/// reports): the last line of its "Caused by" list, without its number.
pub fn innermost(text: &str) -> String {
    // A captured backtrace, when there is one, follows the causes.
    let text = text.split("Stack backtrace:").next().unwrap_or_default();
    let Some((_, causes)) = text.rsplit_once("Caused by:") else {
        return text.lines().next().unwrap_or_default().to_string();
    };
    let last = causes
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or_default();
    match last.split_once(": ") {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
        _ => last.to_string(),
    }
}

/// The advisor's state: key, id, strategy, the price history it keeps.
struct Advisor {
    key: AdvisorKey,
    key_id: String,
    config: AdvisorConfig,
    history: Option<Snapshot>,
}

/// A proposal the epoch is carrying, with what it would do.
struct Pending {
    id: u64,
    actions: Vec<TreasuryAction>,
    adoption: bool,
    /// The recommendation an adoption adopts.
    recommendation: Option<u64>,
}

/// Runs one path of `scenario` with strategy `strategy_index` on price seed `seed`.
pub fn run_path(scenario: &Scenario, strategy_index: usize, seed: u64) -> SimResult<PathResult> {
    Ok(run_path_keeping_world(scenario, strategy_index, seed)?.0)
}

/// [`run_path`], handing back the chain as the path left it, to query what
/// the contracts hold.
pub fn run_path_keeping_world(
    scenario: &Scenario,
    strategy_index: usize,
    seed: u64,
) -> SimResult<(PathResult, World)> {
    Engine::new(scenario, strategy_index, seed)?.run()
}

struct Engine<'a> {
    s: &'a Scenario,
    world: World,
    strategy: Box<dyn Strategy>,
    label: String,
    seed: u64,
    rng: ChaCha8Rng,
    market: prices::PricePath,
    /// Prices as last published to the oracle (what the treasury values at).
    oracle_prices: Vec<f64>,
    advisor: Advisor,
    monitor: Monitor,
    outcomes: BTreeMap<String, u64>,
    reasons: BTreeMap<String, u64>,
    traded: f64,
    swap_cost: f64,
    proposals: u64,
    votes: u64,
    gov_seconds: f64,
    genesis: u64,
    attack: attack::State,
    keeper: Keeper,
}

impl<'a> Engine<'a> {
    fn new(s: &'a Scenario, strategy_index: usize, seed: u64) -> SimResult<Self> {
        let mut market = prices::path(s, seed)?;
        if let Some(
            AttackSpec::StaleFeed {
                start_epoch, shock, ..
            }
            | AttackSpec::FrozenFeed {
                start_epoch, shock, ..
            },
        ) = &s.attack
        {
            for row in market.iter_mut().skip(*start_epoch as usize) {
                for &i in &s.risky() {
                    row[i] *= shock.exp();
                }
            }
        }
        let world = World::build(s, &market[0])?;
        let (label, config) = strategy_config(
            s,
            &world,
            s.strategies
                .get(strategy_index)
                .ok_or_else(|| SimError::Scenario {
                    field: "strategies".into(),
                    reason: format!("no strategy {strategy_index}"),
                })?,
        )?;
        let strategy = config.build()?;
        let balances = whole(&world, &world.balances(&world.treasury));
        let monitor = Monitor::new(s, balances, world.now());
        let advisor = Advisor {
            key: AdvisorKey::from_mnemonic(
                &steward_advisor::Mnemonic::parse(crate::world::ADVISOR_MNEMONIC)?,
                KeyAlgorithm::Secp256k1,
            )?,
            key_id: s.advisor.key_id.clone(),
            config: AdvisorConfig {
                key_id: s.advisor.key_id.clone(),
                algorithm: KeyAlgorithm::Secp256k1,
                address_prefix: "wasm".into(),
                validity_seconds: s.advisor.validity_seconds,
            },
            history: None,
        };
        let genesis = world.now();
        let oracle_prices = market[0].clone();
        Ok(Engine {
            s,
            world,
            strategy,
            label,
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x005e_ed0f_0b5e),
            market,
            oracle_prices,
            advisor,
            monitor,
            outcomes: BTreeMap::new(),
            reasons: BTreeMap::new(),
            traded: 0.0,
            swap_cost: 0.0,
            proposals: 0,
            votes: 0,
            gov_seconds: 0.0,
            genesis,
            attack: attack::State::default(),
            keeper: Keeper::new(s.outcome_horizon()),
        })
    }

    /// A proposal-module call (propose, vote, veto, execute), timed: the
    /// governance part of an epoch, which the bench sets beside cw3.
    fn gov(&mut self, sender: &Addr, msg: &proposal::ExecuteMsg) -> AnyResult<AppResponse> {
        let started = std::time::Instant::now();
        let proposal = self.world.proposal.clone();
        let res = self
            .world
            .app
            .execute_contract_helper(sender, &proposal, msg);
        self.gov_seconds += started.elapsed().as_secs_f64();
        res
    }

    fn count(&mut self, outcome: &str, reason: Option<String>) {
        *self.outcomes.entry(outcome.to_string()).or_default() += 1;
        if let Some(r) = reason {
            *self
                .reasons
                .entry(format!("{outcome}: {}", reason_key(&r)))
                .or_default() += 1;
        }
    }

    fn treasury_whole(&self) -> Vec<f64> {
        whole(&self.world, &self.world.balances(&self.world.treasury))
    }

    fn observe(&mut self) {
        let balances = self.treasury_whole();
        let now = self.world.now();
        self.monitor.observe(now, balances, &self.oracle_prices);
    }

    fn attacker_whole(&self) -> Vec<f64> {
        whole(&self.world, &self.world.balances(&self.world.attacker))
    }

    fn run(mut self) -> SimResult<(PathResult, World)> {
        let started = std::time::Instant::now();
        let s = self.s;
        let n = s.assets.len();
        let initial: Vec<f64> = s.assets.iter().map(|a| a.initial).collect();
        let mut rebalance = metrics::FixedRebalance::new(s, initial.clone());
        // What the attacker receives, valued at the market when it arrives.
        let mut attacker_held = self.attacker_whole();
        let mut attacker_gain = 0.0;
        let mut records = Vec::with_capacity(s.epochs as usize);
        for epoch in 0..s.epochs {
            let t0 = self.genesis + u64::from(epoch) * s.epoch_seconds + 60;
            let now = self.world.now();
            if t0 > now {
                self.world.advance(t0 - now);
            }
            let market = self.market[epoch as usize].clone();
            self.world
                .arbitrage(&market)
                .map_err(|e| SimError::setup("arbitrage", e))?;
            self.feed(epoch, &market)?;
            self.world.next_block();
            // Outcomes due by now are scored at this epoch's prices.
            self.keeper.record_due(&mut self.world, &mut self.reasons)?;
            if attack::in_window(s, epoch) {
                self.attack.started_at.get_or_insert(self.world.now());
                let holdings = self.treasury_whole();
                self.attack
                    .observe_prices(&market, &self.oracle_prices, &holdings);
            }
            self.draw_budgets(&market)?;
            self.attack_epoch_start(epoch, &market)?;

            let outcome = if attack::drain_epoch(s, epoch) {
                self.member_drain(epoch)?
            } else if epoch % s.advisor.every_epochs == 0 {
                self.advise_and_govern(epoch, &market)?
            } else {
                "no_advice".to_string()
            };

            // The epoch's end: valued at market prices.
            let holdings = self.treasury_whole();
            let nav: f64 = holdings.iter().zip(&market).map(|(h, p)| h * p).sum();
            let end_prices = &self.market[epoch as usize + 1];
            let hold_nav: f64 = initial.iter().zip(&market).map(|(h, p)| h * p).sum();
            if epoch % s.baselines.rebalance_every_epochs == 0 {
                rebalance.rebalance(&market, epoch);
            }
            let rebalance_nav = rebalance.nav(&market);
            let (nav_limit_used, allowance_used) = self.usage(nav);
            let attacker_now = self.attacker_whole();
            attacker_gain += attacker_now
                .iter()
                .zip(&attacker_held)
                .zip(&market)
                .map(|((now, before), p)| (now - before).max(0.0) * p)
                .sum::<f64>();
            attacker_held = attacker_now;
            if attack::in_window(s, epoch) {
                self.attack
                    .observe_prices(&market, &self.oracle_prices, &holdings);
            }
            let _ = end_prices;
            records.push(EpochRecord {
                epoch,
                time: self.world.now(),
                prices: market.clone(),
                nav,
                hold_nav,
                rebalance_nav,
                holdings,
                nav_limit_used,
                allowance_used,
                outcome,
            });
        }
        let measure = attack::measure(s, &self.attack, attacker_gain, &records, &self.monitor);
        let _ = n;
        let outcome_record = self
            .keeper
            .finish(&self.world, self.genesis, s.epoch_seconds)?;
        let result = PathResult {
            strategy: self.label,
            seed: self.seed,
            records,
            outcomes: self.outcomes,
            reasons: self.reasons,
            breaches: self.monitor.breaches.clone(),
            traded: self.traded,
            swap_cost: self.swap_cost,
            rebalance_cost: rebalance.cost,
            rebalance_traded: rebalance.traded,
            proposals: self.proposals,
            votes: self.votes,
            attack: measure,
            outcome_record,
            seconds: started.elapsed().as_secs_f64(),
            governance_seconds: self.gov_seconds,
        };
        Ok((result, self.world))
    }

    fn publish(&mut self, prices: &[f64]) -> SimResult<()> {
        self.world
            .publish_prices(prices)
            .map_err(|e| SimError::setup("publish prices", e))?;
        self.oracle_prices = prices.to_vec();
        Ok(())
    }

    /// The feeder's publication this epoch: the market's prices; nothing
    /// while the feed is stopped; the prices of the epoch before the window,
    /// freshly signed, while it is frozen.
    fn feed(&mut self, epoch: u32, market: &[f64]) -> SimResult<()> {
        if attack::feed_stopped(self.s, epoch) {
            return Ok(());
        }
        if let (true, Some(AttackSpec::FrozenFeed { start_epoch, .. })) =
            (attack::feed_frozen(self.s, epoch), &self.s.attack)
        {
            let frozen = self.market[start_epoch.saturating_sub(1) as usize].clone();
            return self.publish(&frozen);
        }
        self.publish(market)
    }

    /// Every budget's spender draws all it can: what its budget holds, or
    /// less when the policy (allowance, NAV share, reserve) lets less out.
    fn draw_budgets(&mut self, market: &[f64]) -> SimResult<()> {
        for (b, spender) in self.s.budgets.iter().zip(self.world.spenders.clone()) {
            let i = self.s.asset_index(&b.asset).expect("validated");
            if let Some(value) = self.draw(&spender, i, market)? {
                let now = self.world.now();
                self.attack.budget_draws.push((now, value));
            }
        }
        // A thief draws from the budgets it set itself (what it draws
        // reaches its balance, counted there).
        if matches!(self.s.attack, Some(AttackSpec::StolenKey { .. })) && self.attack.active {
            let attacker = self.world.attacker.clone();
            for i in 0..self.world.assets.len() {
                self.draw(&attacker, i, market)?;
            }
        }
        Ok(())
    }

    /// `spender` draws all it can from its budget for asset `i`; returns
    /// the value drawn at market prices, `None` without a budget or a draw.
    fn draw(&mut self, spender: &Addr, i: usize, market: &[f64]) -> SimResult<Option<f64>> {
        let asset = self.world.assets[i].clone();
        let budget = self
            .world
            .treasury_contract()
            .budget(&self.world.app.wrap(), spender, &asset)
            .map_err(|e| SimError::setup("budget", e))?;
        if budget.budget.is_none() {
            return Ok(None);
        }
        let mut amount = budget.available.u128();
        let mut refusal = None;
        for _ in 0..8 {
            if amount == 0 {
                break;
            }
            let res = self.world.app.execute_contract_helper(
                spender,
                &self.world.treasury,
                &treasury::ExecuteMsg::DrawBudget {
                    asset: asset.clone(),
                    amount: Uint128::new(amount),
                    recipient: None,
                },
            );
            match res {
                Ok(_) => {
                    self.observe();
                    return Ok(Some(amount as f64 / self.world.units[i] * market[i]));
                }
                Err(e) => {
                    refusal = Some(root(&e));
                    amount = amount * 6 / 10;
                }
            }
        }
        if let Some(r) = refusal {
            *self
                .reasons
                .entry(format!("budget_draw_refused: {}", reason_key(&r)))
                .or_default() += 1;
        }
        Ok(None)
    }

    /// Budgets the scenario did not set (a thief's): spender and asset.
    fn foreign_budgets(&self) -> SimResult<Vec<(String, AssetInfo)>> {
        let mut found = vec![];
        let mut start_after = None;
        loop {
            let page = self
                .world
                .treasury_contract()
                .list_budgets(&self.world.app.wrap(), start_after.clone(), Some(30))
                .map_err(|e| SimError::setup("list budgets", e))?;
            let Some(last) = page.budgets.last() else {
                break;
            };
            start_after = Some((last.spender.to_string(), last.asset.key()));
            for b in &page.budgets {
                if !self.world.spenders.contains(&b.spender) {
                    found.push((b.spender.to_string(), b.asset.clone()));
                }
            }
        }
        Ok(found)
    }

    fn usage(&self, nav: f64) -> (f64, f64) {
        let Ok(state) = self
            .world
            .treasury_contract()
            .policy_state(&self.world.app.wrap())
        else {
            return (0.0, 0.0);
        };
        // What each continuous limit misses now, as a share of its capacity.
        let nav_used = state
            .nav_limit
            .as_ref()
            .filter(|_| nav > 0.0)
            .map_or(0.0, |l| {
                let capacity = l.capacity_share.to_string().parse::<f64>().unwrap_or(0.0);
                let available = l.available_share.to_string().parse::<f64>().unwrap_or(0.0);
                if capacity > 0.0 {
                    (capacity - available) / capacity
                } else {
                    0.0
                }
            });
        let mut allowance_used: f64 = 0.0;
        for l in &state.asset_limits {
            if l.capacity.is_zero() {
                continue;
            }
            let spent = l.capacity - l.available;
            allowance_used = allowance_used.max(spent.u128() as f64 / l.capacity.u128() as f64);
        }
        (nav_used, allowance_used)
    }

    // ---- the advisor ----

    fn snapshot(&mut self) -> SimResult<Snapshot> {
        let w = &self.world;
        let q = w.app.wrap();
        let state = w
            .treasury_contract()
            .policy_state(&q)
            .map_err(|e| SimError::setup("policy state", e))?;
        let assets: Vec<AssetInfo> = state
            .policy
            .allowances
            .iter()
            .map(|a| a.info.clone())
            .collect();
        let prices = w
            .oracle_contract()
            .prices(&q, &assets)
            .map_err(|e| SimError::setup("prices", e))?;
        let advisor = w
            .oracle_contract()
            .advisor(&q, &self.advisor.key_id)
            .map_err(|e| SimError::setup("advisor", e))?;
        let block = w.app.block_info();
        let mut snapshot = Snapshot {
            version: SNAPSHOT_VERSION,
            chain_id: block.chain_id,
            oracle: w.oracle.to_string(),
            treasury: w.treasury.to_string(),
            height: block.height,
            advisor: self.advisor.key_id.clone(),
            last_nonce: advisor.last_nonce,
            context: state.into_context(prices),
            budgets: vec![],
            price_history: self
                .advisor
                .history
                .as_ref()
                .map(|h| h.price_history.clone())
                .unwrap_or_default(),
            governance: None,
        };
        snapshot.record_current_prices(self.s.advisor.history_len);
        self.advisor.history = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// Runs the strategy (or, with a stolen key, the thief's) and submits;
    /// returns the recommendation id and its actions.
    fn advise(&mut self, epoch: u32) -> SimResult<Option<(u64, Vec<TreasuryAction>)>> {
        let snapshot = self.snapshot()?;
        let envelope = Envelope::derive(&snapshot, &self.advisor.config, &Default::default())?;
        let thief = attack::key_stolen(self.s, &self.attack, epoch);
        let outcome = if thief {
            attack::thief_recommendation(&snapshot, &envelope, &self.world)
        } else {
            recommend(&snapshot, self.strategy.as_ref(), &envelope)
        };
        let rec = match outcome {
            Ok(Outcome::Payload(rec)) => rec,
            Ok(Outcome::NothingToDo { .. }) => {
                self.count("nothing_to_do", None);
                return Ok(None);
            }
            Err(AdvisorError::PolicyRefused { violation, .. }) => {
                self.count(
                    "refused_by_policy",
                    Some(format!("advisor pre-check: {violation}")),
                );
                return Ok(None);
            }
            Err(e) => {
                self.count("advisor_failed", Some(e.to_string()));
                return Ok(None);
            }
        };
        let signed = match sign(
            &self.advisor.key,
            &self.advisor.key_id,
            &snapshot,
            &rec.bytes,
        ) {
            Ok(s) => s,
            Err(e) => {
                self.count("advisor_failed", Some(e.to_string()));
                return Ok(None);
            }
        };
        let res = self.world.app.execute_contract_helper(
            &self.world.relayer,
            &self.world.oracle,
            &signed.to_msg(),
        );
        match res {
            Ok(r) => {
                let id = event_u64(&r, &["recommendation_id", "id"])
                    .ok_or_else(|| SimError::setup("submit", "no recommendation id"))?;
                if thief {
                    self.attack.thief_recommendations.push(id);
                }
                Ok(Some((id, rec.payload.actions.clone())))
            }
            Err(e) => {
                self.count("refused_by_policy", Some(format!("oracle: {}", root(&e))));
                Ok(None)
            }
        }
    }

    fn advise_and_govern(&mut self, epoch: u32, market: &[f64]) -> SimResult<String> {
        let Some((rec_id, actions)) = self.advise(epoch)? else {
            return Ok("no_proposal".into());
        };
        let proposer = self.world.members[self.s.governance.proposer].clone();
        let res = self.gov(
            &proposer,
            &proposal::ExecuteMsg::ProposeAdoption {
                recommendation_id: rec_id,
                description: None,
            },
        );
        if let Err(e) = res {
            self.count(
                "refused_by_policy",
                Some(format!("propose adoption: {}", root(&e))),
            );
            return Ok("refused_by_policy".into());
        }
        self.proposals += 1;
        let id = self.proposal_count();
        let pending = Pending {
            id,
            actions,
            adoption: true,
            recommendation: Some(rec_id),
        };
        let yes_probability: Vec<f64> = self.s.members.iter().map(|m| m.follow_advisor).collect();
        self.govern(epoch, pending, &yes_probability, market)
    }

    fn proposal_count(&self) -> u64 {
        self.world
            .proposal_contract()
            .proposal_count(&self.world.app.wrap())
            .unwrap_or(0)
    }

    fn proposal(&self, id: u64) -> SimResult<ProposalResponse> {
        self.world
            .proposal_contract()
            .proposal(&self.world.app.wrap(), id)
            .map_err(|e| SimError::setup("query proposal", e))
    }

    /// Votes, timelock, veto, execution of a proposal; returns its outcome.
    fn govern(
        &mut self,
        epoch: u32,
        p: Pending,
        yes_probability: &[f64],
        market: &[f64],
    ) -> SimResult<String> {
        let start = self.world.now();
        let mut ballots: Vec<(u64, usize, bool)> = vec![];
        for (i, m) in self.s.members.iter().enumerate() {
            if self.rng.gen::<f64>() < m.turnout {
                let delay = if m.max_delay_seconds == 0 {
                    0
                } else {
                    self.rng.gen_range(0..m.max_delay_seconds)
                };
                let yes = self.rng.gen::<f64>() < yes_probability[i];
                ballots.push((delay, i, yes));
            }
        }
        ballots.sort();
        for (delay, i, yes) in ballots {
            if self.proposal(p.id)?.status != Status::Open {
                break;
            }
            let at = start + delay + 5;
            let now = self.world.now();
            if at > now {
                self.world.advance(at - now);
            }
            let voter = self.world.members[i].clone();
            let res = self.gov(
                &voter,
                &proposal::ExecuteMsg::Vote {
                    proposal_id: p.id,
                    vote: if yes { Vote::Yes } else { Vote::No },
                    rationale: None,
                },
            );
            if res.is_ok() {
                self.votes += 1;
            }
        }
        if self.proposal(p.id)?.status == Status::Open {
            let end = start + self.s.governance.voting_period_seconds + 5;
            let now = self.world.now();
            if end > now {
                self.world.advance(end - now);
            }
        }
        let response = self.proposal(p.id)?;
        match response.status {
            Status::Passed => {}
            Status::Rejected => {
                self.count("rejected", None);
                return Ok("rejected".into());
            }
            other => {
                self.count("other", Some(format!("status {other}")));
                return Ok(other.to_string());
            }
        }
        // The timelock: the vetoer looks at what it would do.
        if let Some(Expiration::AtTime(end)) = response.timelock_ends {
            let half =
                start.max(self.world.now()) + (end.seconds().saturating_sub(self.world.now())) / 2;
            let now = self.world.now();
            if half > now {
                self.world.advance(half - now);
            }
            if self.vetoer_vetoes(&p) {
                let vetoer = self.world.vetoer.clone();
                let res = self.gov(&vetoer, &proposal::ExecuteMsg::Veto { proposal_id: p.id });
                if res.is_ok() {
                    let reason = if p.adoption {
                        "adoption vetoed"
                    } else {
                        "proposal vetoed"
                    };
                    self.count("vetoed", Some(reason.into()));
                    return Ok("vetoed".into());
                }
            }
            self.attack_in_timelock(epoch, &p)?;
            let now = self.world.now();
            let after = end.seconds() + 5;
            if after > now {
                self.world.advance(after - now);
            }
        } else {
            self.world.next_block();
        }
        // Fresh prices for the execution, unless the feed is down.
        if !attack::feed_stopped(self.s, epoch) {
            self.feed(epoch, market)?;
            self.world.next_block();
        }
        self.execute(epoch, &p, market)
    }

    fn vetoer_vetoes(&mut self, p: &Pending) -> bool {
        let v = &self.s.vetoer;
        let known = |who: &str| {
            self.world
                .known_recipients
                .iter()
                .chain(&self.world.spenders)
                .any(|k| k.as_str() == who)
        };
        let strangers = p.actions.iter().any(|a| match a {
            TreasuryAction::Transfer { recipient, .. } => !known(recipient),
            TreasuryAction::SetBudget { spender, .. } => !known(spender),
            _ => false,
        });
        (strangers && self.rng.gen::<f64>() < v.catch_strangers)
            || (p.adoption && self.rng.gen::<f64>() < v.veto_probability)
    }

    fn execute(&mut self, epoch: u32, p: &Pending, market: &[f64]) -> SimResult<String> {
        let before = self.treasury_whole();
        let sandwich = attack::front_run(
            self.s,
            epoch,
            &mut self.world,
            &p.actions,
            &self.oracle_prices,
        );
        let executor = self.world.members[self.s.governance.proposer].clone();
        let res = self.gov(
            &executor,
            &proposal::ExecuteMsg::Execute { proposal_id: p.id },
        );
        let outcome = match res {
            Err(e) => {
                self.count("execution_refused", Some(root(&e)));
                "execution_refused".to_string()
            }
            Ok(r) => {
                // A failed execution leaves the proposal passed (retryable
                // within its execution window); the attempt failed.
                if self.proposal(p.id)?.status != Status::Executed {
                    let error = innermost(&event_str(&r, "error").unwrap_or_default());
                    self.count("execution_failed", Some(error));
                    "execution_failed".to_string()
                } else {
                    self.count("executed", None);
                    if let Some(rec) = p.recommendation {
                        self.keeper.executed(&self.world, rec)?;
                    }
                    "executed".to_string()
                }
            }
        };
        self.observe();
        attack::back_run(&mut self.world, sandwich);
        self.world.next_block();
        let after = self.treasury_whole();
        // Swap cost at market prices: value out less transfers, less value in.
        let transfers: f64 = if outcome == "executed" {
            p.actions
                .iter()
                .filter_map(|a| match a {
                    TreasuryAction::Transfer { asset, amount, .. } => {
                        let i = self.world.assets.iter().position(|x| x == asset)?;
                        Some(amount.u128() as f64 / self.world.units[i] * market[i])
                    }
                    _ => None,
                })
                .sum()
        } else {
            0.0
        };
        let mut out = 0.0;
        let mut inflow = 0.0;
        for i in 0..before.len() {
            let d = after[i] - before[i];
            if d < 0.0 {
                out -= d * market[i];
            } else {
                inflow += d * market[i];
            }
        }
        let swapped = (out - transfers).max(0.0);
        if swapped > 0.0 {
            let cost = swapped - inflow;
            self.traded += swapped;
            self.swap_cost += cost;
            if attack::in_window(self.s, epoch) {
                self.attack.swap_loss += cost.max(0.0);
                self.attack.swapped += swapped;
            }
        }
        Ok(outcome)
    }

    // ---- plain proposals the DAO or an attacker makes ----

    /// A member proposes plain actions; the given yes-probabilities vote.
    fn plain(
        &mut self,
        epoch: u32,
        proposer: usize,
        actions: Vec<ProposalAction>,
        yes: &[f64],
        market: &[f64],
    ) -> SimResult<String> {
        let treasury_actions = actions
            .iter()
            .flat_map(|a| match a {
                ProposalAction::Treasury { actions } => actions.clone(),
                _ => vec![],
            })
            .collect();
        let who = self.world.members[proposer].clone();
        let res = self.gov(
            &who,
            &proposal::ExecuteMsg::Propose {
                title: "Proposal".into(),
                description: "Simulated".into(),
                actions,
            },
        );
        if let Err(e) = res {
            self.count("refused_by_policy", Some(format!("propose: {}", root(&e))));
            return Ok("refused_by_policy".into());
        }
        self.proposals += 1;
        let id = self.proposal_count();
        self.govern(
            epoch,
            Pending {
                id,
                actions: treasury_actions,
                adoption: false,
                recommendation: None,
            },
            yes,
            market,
        )
    }

    /// Every member votes yes, at once (the DAO acting on an incident).
    fn dao_acts(&mut self, epoch: u32, actions: Vec<ProposalAction>) -> SimResult<String> {
        let market = self.market[epoch as usize].clone();
        let saved: Vec<_> = self
            .s
            .members
            .iter()
            .map(|m| (m.turnout, m.max_delay_seconds))
            .collect();
        let _ = saved;
        let who = self.world.members[0].clone();
        let res = self.gov(
            &who,
            &proposal::ExecuteMsg::Propose {
                title: "Incident response".into(),
                description: "Simulated".into(),
                actions,
            },
        );
        if let Err(e) = res {
            return Err(SimError::setup("incident proposal", root(&e)));
        }
        self.proposals += 1;
        let id = self.proposal_count();
        for m in self.world.members.clone() {
            if self.proposal(id)?.status != Status::Open {
                break;
            }
            if self
                .gov(
                    &m,
                    &proposal::ExecuteMsg::Vote {
                        proposal_id: id,
                        vote: Vote::Yes,
                        rationale: None,
                    },
                )
                .is_ok()
            {
                self.votes += 1;
            }
        }
        let r = self.proposal(id)?;
        if let Some(Expiration::AtTime(end)) = r.timelock_ends {
            let now = self.world.now();
            if end.seconds() + 5 > now {
                self.world.advance(end.seconds() + 5 - now);
            }
        }
        self.feed(epoch, &market)?;
        self.world.next_block();
        let res = self.gov(&who, &proposal::ExecuteMsg::Execute { proposal_id: id });
        self.observe();
        Ok(match res {
            Ok(_) => self.proposal(id)?.status.to_string(),
            Err(e) => format!("refused: {}", root(&e)),
        })
    }

    fn member_drain(&mut self, epoch: u32) -> SimResult<String> {
        let Some(AttackSpec::MemberDrain {
            attacker,
            colluders,
            ..
        }) = self.s.attack.clone()
        else {
            return Ok("no_proposal".into());
        };
        let market = self.market[epoch as usize].clone();
        let actions = attack::drain_actions(&mut self.world, self.s)?;
        let Some(actions) = actions else {
            self.count(
                "refused_by_policy",
                Some("drain: nothing the policy lets through".into()),
            );
            return Ok("refused_by_policy".into());
        };
        let yes: Vec<f64> = (0..self.s.members.len())
            .map(|i| {
                if i == attacker || colluders.contains(&i) {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        self.attack.active = true;
        self.plain(
            epoch,
            attacker,
            vec![ProposalAction::Treasury { actions }],
            &yes,
            &market,
        )
    }

    // ---- attack hooks ----

    fn attack_epoch_start(&mut self, epoch: u32, market: &[f64]) -> SimResult<()> {
        match self.s.attack.clone() {
            Some(AttackSpec::StolenKey {
                start_epoch,
                detection_delay_seconds,
            }) => {
                if epoch == start_epoch {
                    self.attack.active = true;
                    self.attack.theft_time = Some(self.world.now());
                }
                if let (Some(theft), false) = (self.attack.theft_time, self.attack.revoked) {
                    if self.world.now() >= theft + detection_delay_seconds {
                        let new_key =
                            AdvisorKey::from_seed(&REPLACEMENT_SEED, KeyAlgorithm::Secp256k1)?;
                        let new_id = format!("{}-2", self.s.advisor.key_id);
                        let mut actions = vec![
                            ProposalAction::OracleMsg {
                                msg: ModuleMsg::new(&oracle::ExecuteMsg::RevokeAdvisor {
                                    id: self.advisor.key_id.clone(),
                                })
                                .map_err(|e| SimError::setup("revoke msg", e))?,
                            },
                            ProposalAction::OracleMsg {
                                msg: ModuleMsg::new(&oracle::ExecuteMsg::RegisterAdvisor {
                                    key: new_key.register_msg(&new_id),
                                })
                                .map_err(|e| SimError::setup("register msg", e))?,
                            },
                        ];
                        // And undo the budgets the thief's adoptions set:
                        // they outlive the key.
                        let removals: Vec<TreasuryAction> = self
                            .foreign_budgets()?
                            .into_iter()
                            .map(|(spender, asset)| TreasuryAction::RemoveBudget { spender, asset })
                            .collect();
                        self.attack.budgets_removed += removals.len() as u32;
                        if !removals.is_empty() {
                            actions.push(ProposalAction::Treasury { actions: removals });
                        }
                        let outcome = self.dao_acts(epoch, actions)?;
                        if outcome == Status::Executed.to_string() {
                            self.attack.revoked = true;
                            self.attack.revoked_at = Some(self.world.now());
                            self.advisor.key = new_key;
                            self.advisor.key_id = new_id.clone();
                            self.advisor.config.key_id = new_id;
                            self.advisor.history = None;
                        } else {
                            self.count("incident_failed", Some(outcome));
                        }
                    }
                }
            }
            Some(AttackSpec::CapturedGuardian {
                start_epoch,
                epochs,
                dao_pause_epoch,
                dao_pause_seconds,
            }) => {
                if epoch == dao_pause_epoch {
                    let pause = ProposalAction::CoreMsg {
                        msg: ModuleMsg::new(&core::ExecuteMsg::Pause {
                            duration: Duration::Time(dao_pause_seconds),
                        })
                        .map_err(|e| SimError::setup("pause msg", e))?,
                    };
                    let outcome = self.dao_acts(epoch, vec![pause])?;
                    if outcome == Status::Executed.to_string() {
                        self.attack.dao_pauses += 1;
                        let guardian = self.world.guardian.clone();
                        let lifted = self
                            .world
                            .app
                            .execute_contract_helper(
                                &guardian,
                                &self.world.core,
                                &core::ExecuteMsg::Unpause {},
                            )
                            .is_ok();
                        if lifted {
                            self.attack.pause_lifts += 1;
                        }
                    }
                } else if epoch >= start_epoch && epoch < start_epoch + epochs {
                    self.attack.active = true;
                    let guardian = self.world.guardian.clone();
                    let _ = self.world.app.execute_contract_helper(
                        &guardian,
                        &self.world.core,
                        &core::ExecuteMsg::Pause {
                            duration: Duration::Time(self.s.epoch_seconds / 2),
                        },
                    );
                }
            }
            Some(AttackSpec::StaleFeed { start_epoch, .. })
            | Some(AttackSpec::FrozenFeed { start_epoch, .. })
            | Some(AttackSpec::PoolManipulation { start_epoch, .. })
                if epoch >= start_epoch =>
            {
                self.attack.active = attack::in_window(self.s, epoch);
            }
            _ => {}
        }
        let _ = market;
        Ok(())
    }

    fn attack_in_timelock(&mut self, epoch: u32, p: &Pending) -> SimResult<()> {
        if let Some(AttackSpec::PolicyRace { epoch: race, scale }) = self.s.attack.clone() {
            if epoch >= race && p.adoption && !self.attack.raced {
                self.attack.raced = true;
                self.attack.active = true;
                let policy = self.world.policy(self.s, scale);
                let action = ProposalAction::TreasuryMsg {
                    msg: ModuleMsg::new(&treasury::ExecuteMsg::UpdatePolicy { policy })
                        .map_err(|e| SimError::setup("policy msg", e))?,
                };
                let outcome = self.dao_acts(epoch, vec![action])?;
                if outcome == Status::Executed.to_string() {
                    self.monitor.scale_allowances(self.s, scale);
                    self.attack.race_outflow_before = self.monitor.period_outflow().to_vec();
                    self.attack.race_prices = self.oracle_prices.clone();
                    self.attack.race_period = Some(self.world.now() / self.s.policy.period_seconds);
                }
            }
        }
        Ok(())
    }
}

/// Smallest units to whole units.
pub fn whole(world: &World, amounts: &[u128]) -> Vec<f64> {
    amounts
        .iter()
        .enumerate()
        .map(|(i, a)| *a as f64 / world.units[i])
        .collect()
}

fn event_u64(r: &AppResponse, keys: &[&str]) -> Option<u64> {
    r.events
        .iter()
        .flat_map(|e| &e.attributes)
        .find(|a| keys.contains(&a.key.as_str()))
        .and_then(|a| a.value.parse().ok())
}

fn event_str(r: &AppResponse, key: &str) -> Option<String> {
    r.events
        .iter()
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// Executes a contract message without funds.
pub trait ExecHelper {
    /// `sender` executes `msg` on `contract`.
    fn execute_contract_helper<M: serde::Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &M,
    ) -> AnyResult<AppResponse>;
}

impl ExecHelper for cw_multi_test::App {
    fn execute_contract_helper<M: serde::Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &M,
    ) -> AnyResult<AppResponse> {
        use cw_multi_test::Executor;
        self.execute_contract(sender.clone(), contract.clone(), msg, &[])
    }
}

/// An amount of asset `i` in smallest units from whole units.
pub fn units(world: &World, i: usize, whole: f64) -> Uint128 {
    to_units(whole, world.units[i])
}

#[cfg(test)]
mod tests {
    use super::{innermost, reason_key};

    #[test]
    fn the_innermost_cause_is_the_reason() {
        let text = "Error executing WasmMsg:\n  sender: x\n\nCaused by:\n    0: Error executing WasmMsg: y\n    1: policy version is 2, the actions expect 1\n";
        assert_eq!(innermost(text), "policy version is 2, the actions expect 1");
        assert_eq!(innermost("plain error"), "plain error");
        let traced = format!(
            "{text}\nStack backtrace:\n   0: std::backtrace\n             at ./clone3.S:44:0\n"
        );
        assert_eq!(
            innermost(&traced),
            "policy version is 2, the actions expect 1"
        );
    }

    #[test]
    fn reasons_fold_numbers_and_addresses() {
        let a = reason_key(
            "allowance exceeded: 120 of uatom above 100 for cosmwasm1qqqqqqqqqqqqqqqqqqqqqqqqqqqq",
        );
        let b = reason_key(
            "allowance exceeded: 7 of uatom above 3 for cosmwasm1zzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        );
        assert_eq!(a, b);
        assert_eq!(a, "allowance exceeded: N of uatom above N for ADDR");
    }
}
