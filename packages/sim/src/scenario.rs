//! A scenario file (TOML): who governs, how they vote, what the treasury
//! holds and may do, how prices move, where swaps go, which advisor strategy
//! runs, and optionally an attack.
//!
//! Amounts are in whole units of an asset (the simulator scales them by the
//! asset's decimals); prices are in whole units of the stable asset. Assets
//! are named by their `symbol` everywhere else in the file. Inside
//! `[[strategies]]` tables, which are the advisor's own `[strategy]` config,
//! `@asset:SYM` and `@pair:SYM` are replaced by the asset reference and the
//! address of the pair trading `SYM` against the stable asset.

use crate::error::{SimError, SimResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A whole scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name (used in file names and the report).
    pub name: String,
    /// What the scenario shows.
    #[serde(default)]
    pub description: String,
    /// Seed of the first path; path `i` uses `seed + i`.
    #[serde(default = "one")]
    pub seed: u64,
    /// Number of epochs.
    pub epochs: u32,
    /// Length of an epoch in seconds.
    #[serde(default = "day")]
    pub epoch_seconds: u64,
    /// Monte Carlo paths for `steward-sim run` (1: a single path).
    #[serde(default = "one_u32")]
    pub paths: u32,
    /// Governance settings.
    pub governance: Governance,
    /// Members, their weights and how they vote.
    pub members: Vec<MemberSpec>,
    /// The vetoer of timelocked proposals.
    #[serde(default)]
    pub vetoer: VetoerSpec,
    /// Assets; exactly one is `stable` (the quote unit).
    pub assets: Vec<AssetSpec>,
    /// How prices move.
    pub prices: PriceSpec,
    /// The treasury policy.
    pub policy: PolicySpec,
    /// Constant-product pairs, each trading an asset against the stable one.
    pub pairs: Vec<PairSpec>,
    /// Budgets the DAO sets at the start (each spender draws all it can
    /// every epoch).
    #[serde(default)]
    pub budgets: Vec<BudgetSpec>,
    /// The advisor's key and schedule.
    #[serde(default)]
    pub advisor: AdvisorSpec,
    /// Strategies to run (each path runs every one); advisor `[strategy]` tables.
    pub strategies: Vec<toml::Value>,
    /// Run only the strategies with these labels (e.g. in a file that
    /// inherits several from its base).
    #[serde(default)]
    pub use_strategies: Option<Vec<String>>,
    /// The baselines' parameters.
    #[serde(default)]
    pub baselines: BaselineSpec,
    /// An attack, if this is an attack scenario.
    #[serde(default)]
    pub attack: Option<AttackSpec>,
    /// A security fix this scenario's bound relies on that may not be in the
    /// contracts yet; a bound that does not hold is then reported as waiting
    /// for it instead of failing.
    #[serde(default)]
    pub waits_for: Option<String>,
}

fn one() -> u64 {
    1
}
fn one_u32() -> u32 {
    1
}
fn day() -> u64 {
    86_400
}

/// Proposal module settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// Voting period in seconds.
    pub voting_period_seconds: u64,
    /// Timelock of adoption proposals in seconds.
    pub adoption_timelock_seconds: u64,
    /// Timelock of plain proposals in seconds, if any.
    #[serde(default)]
    pub timelock_seconds: Option<u64>,
    /// Share of the total power that must vote yes, in percent (1..=100).
    pub threshold_percent: u64,
    /// The member who proposes adopting each recommendation (index).
    #[serde(default)]
    pub proposer: usize,
}

/// One member.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSpec {
    /// Name (an address is derived from it).
    pub name: String,
    /// Voting weight.
    pub weight: u64,
    /// Probability of voting at all on a proposal.
    #[serde(default = "full")]
    pub turnout: f64,
    /// Probability of voting yes on an adoption (else no).
    #[serde(default = "full")]
    pub follow_advisor: f64,
    /// Longest delay before voting, in seconds (uniform from 0).
    #[serde(default)]
    pub max_delay_seconds: u64,
}

fn full() -> f64 {
    1.0
}

/// What the vetoer does during a timelock.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoerSpec {
    /// Probability of vetoing any passed adoption at random.
    #[serde(default)]
    pub veto_probability: f64,
    /// Probability of catching (and vetoing) a proposal that transfers to,
    /// or sets a budget for, an address outside the DAO's known recipients
    /// and budget spenders.
    #[serde(default)]
    pub catch_strangers: f64,
}

/// One asset.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetSpec {
    /// Name used in the rest of the file.
    pub symbol: String,
    /// Native denom, or the cw20 token's name when `cw20`.
    pub denom: String,
    /// A cw20 token instead of a native coin.
    #[serde(default)]
    pub cw20: bool,
    /// Decimals of the smallest unit.
    #[serde(default = "six")]
    pub decimals: u32,
    /// The quote asset (price 1, no volatility).
    #[serde(default)]
    pub stable: bool,
    /// Starting treasury holding, whole units.
    pub initial: f64,
    /// Starting price in whole stable units.
    #[serde(default = "full")]
    pub price: f64,
    /// Annual drift of the log price.
    #[serde(default)]
    pub mu: f64,
    /// Annual volatility.
    #[serde(default)]
    pub sigma: f64,
    /// How strongly market-wide jumps move this asset (1: fully).
    #[serde(default = "full")]
    pub jump_beta: f64,
}

fn six() -> u32 {
    6
}

/// Price paths.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceSpec {
    /// A CSV of prices (header `epoch,SYM,...`, whole stable units), instead of GBM.
    #[serde(default)]
    pub csv: Option<PathBuf>,
    /// Correlation matrix over the non-stable assets, in file order.
    #[serde(default)]
    pub correlation: Option<Vec<Vec<f64>>>,
    /// Market-wide jumps per year (Poisson).
    #[serde(default)]
    pub jumps_per_year: f64,
    /// Mean log jump.
    #[serde(default)]
    pub jump_mean: f64,
    /// Standard deviation of the log jump.
    #[serde(default)]
    pub jump_std: f64,
}

/// The treasury policy, in whole units.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Period of allowances in seconds.
    pub period_seconds: u64,
    /// Allowance per period per asset symbol (whole units); unlisted assets cannot move.
    pub allowances: BTreeMap<String, f64>,
    /// Most NAV share moved per period, bps.
    #[serde(default)]
    pub max_nav_share_bps: Option<u16>,
    /// Minimum reserve per asset symbol (whole units).
    #[serde(default)]
    pub min_reserves: BTreeMap<String, f64>,
    /// Largest slippage a swap may ask for, bps.
    pub max_slippage_bps: u16,
    /// Oldest price accepted, seconds.
    pub max_price_age_seconds: u64,
    /// Names of allow-listed recipients (addresses derived from names); none: anyone.
    #[serde(default)]
    pub recipient_allowlist: Option<Vec<String>>,
    /// The allowance rule the contracts enforce, which the breach monitor
    /// checks balances against.
    #[serde(default)]
    pub allowance_rule: AllowanceRule,
}

/// How allowances refill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowanceRule {
    /// Fixed windows counted from the Unix epoch, each with the full allowance
    /// (what the contracts enforced before their limits became continuous;
    /// kept to replay old runs).
    FixedPeriod,
    /// Token buckets that refill continuously: any window of length `T`
    /// moves at most `amount · (1 + T/period)` (what the contracts enforce).
    #[default]
    TokenBucket,
}

/// A budget: `spender` may draw up to `amount_per_period` of `asset` per
/// `period_seconds` (a token bucket that starts full); every draw also
/// passes the policy. The spender draws everything it can at the start of
/// every epoch: the most a budget lets out, which is what an attack's worst
/// case counts.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetSpec {
    /// The spender's name (an address is derived from it).
    pub spender: String,
    /// The asset's symbol; must have an allowance in the policy.
    pub asset: String,
    /// Most drawn per period, whole units (at most the asset's allowance).
    pub amount_per_period: f64,
    /// The budget's period in seconds.
    pub period_seconds: u64,
}

/// A constant-product pair `base/stable`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairSpec {
    /// The non-stable asset's symbol.
    pub base: String,
    /// Depth: the stable side's reserve, whole units.
    pub depth: f64,
    /// Fee in bps.
    #[serde(default = "thirty")]
    pub fee_bps: u16,
}

fn thirty() -> u16 {
    30
}

/// The advisor's key id and schedule, and how the DAO scores its outcomes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorSpec {
    /// Key id registered in the oracle.
    #[serde(default = "key_id")]
    pub key_id: String,
    /// Validity of a recommendation in seconds (must cover voting and timelock).
    #[serde(default = "validity")]
    pub validity_seconds: u64,
    /// Advise every this many epochs.
    #[serde(default = "one_u32")]
    pub every_epochs: u32,
    /// Price points kept for the risk strategy.
    #[serde(default = "history")]
    pub history_len: usize,
    /// The oracle's outcome horizon: how long after an adopted
    /// recommendation executes its outcome may be scored (`RecordOutcome`).
    /// Unset: [`DEFAULT_HORIZON_EPOCHS`] epochs; `0`: no horizon (the oracle
    /// records no outcomes); otherwise seconds, 1 to ten years.
    #[serde(default)]
    pub outcome_horizon_seconds: Option<u64>,
}

/// Epochs of the outcome horizon when a scenario sets none.
pub const DEFAULT_HORIZON_EPOCHS: u64 = 3;

impl Default for AdvisorSpec {
    fn default() -> Self {
        AdvisorSpec {
            key_id: key_id(),
            validity_seconds: validity(),
            every_epochs: 1,
            history_len: history(),
            outcome_horizon_seconds: None,
        }
    }
}

fn key_id() -> String {
    "advisor-1".into()
}
fn validity() -> u64 {
    43_200
}
fn history() -> usize {
    60
}

/// Baselines.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineSpec {
    /// The fixed rebalance's interval, in epochs.
    #[serde(default = "month")]
    pub rebalance_every_epochs: u32,
    /// Its target weights by symbol (bps); default: the starting allocation.
    #[serde(default)]
    pub weights_bps: Option<BTreeMap<String, u32>>,
}

impl Default for BaselineSpec {
    fn default() -> Self {
        BaselineSpec {
            rebalance_every_epochs: month(),
            weights_bps: None,
        }
    }
}

fn month() -> u32 {
    30
}

/// An attack and its parameters.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AttackSpec {
    /// The advisor key is stolen at `start_epoch`; the thief signs the worst
    /// recommendations the policy lets through (transfers to itself) until
    /// the DAO revokes the key `detection_delay_seconds` later.
    StolenKey {
        /// First epoch of the theft.
        start_epoch: u32,
        /// Time until the DAO notices and proposes revoking the key.
        detection_delay_seconds: u64,
    },
    /// A member (with colluders) proposes draining the treasury to itself
    /// every epoch for `epochs` epochs.
    MemberDrain {
        /// First epoch.
        start_epoch: u32,
        /// How many epochs it keeps trying.
        epochs: u32,
        /// The attacker (member index).
        attacker: usize,
        /// Members who vote with the attacker.
        #[serde(default)]
        colluders: Vec<usize>,
    },
    /// The feeder stops publishing at `start_epoch` for `epochs` epochs while
    /// every non-stable asset jumps by `shock` (log return).
    StaleFeed {
        /// First epoch without prices.
        start_epoch: u32,
        /// How many epochs.
        epochs: u32,
        /// Log-price shock at the start.
        shock: f64,
    },
    /// From `start_epoch` for `epochs` epochs the feeder keeps signing fresh
    /// prices, but the prices of the epoch before: a frozen price is never
    /// old, so the oracle's price-age refusal never fires. The market jumps
    /// by `shock` (log return, every non-stable asset) at `start_epoch` and
    /// moves on; whoever froze the feed sandwiches every treasury swap in the
    /// window down to the minimum output the frozen prices allow.
    FrozenFeed {
        /// First epoch with frozen prices.
        start_epoch: u32,
        /// How many epochs.
        epochs: u32,
        /// Log-price shock at the start.
        shock: f64,
    },
    /// Someone sandwiches every treasury swap from `start_epoch` on, moving
    /// the pool as far as the treasury's minimum output still allows.
    PoolManipulation {
        /// First epoch.
        start_epoch: u32,
        /// How many epochs.
        epochs: u32,
    },
    /// While an adoption sits in its timelock, the DAO tightens the policy
    /// (allowances scaled by `scale`); the adoption must not move more than
    /// the new policy allows.
    PolicyRace {
        /// The epoch of the race.
        epoch: u32,
        /// Factor on every allowance in the new policy (0..1).
        scale: f64,
    },
    /// The guardian's key is captured at `start_epoch`: it pauses the DAO
    /// every epoch and lifts the pause the DAO itself sets at `dao_pause_epoch`.
    CapturedGuardian {
        /// First epoch.
        start_epoch: u32,
        /// How many epochs.
        epochs: u32,
        /// Epoch at which the DAO pauses itself (incident response) for `dao_pause_seconds`.
        dao_pause_epoch: u32,
        /// Length of the DAO's pause.
        dao_pause_seconds: u64,
    },
}

impl AttackSpec {
    /// Short name.
    pub fn kind(&self) -> &'static str {
        match self {
            AttackSpec::StolenKey { .. } => "stolen_key",
            AttackSpec::MemberDrain { .. } => "member_drain",
            AttackSpec::StaleFeed { .. } => "stale_feed",
            AttackSpec::FrozenFeed { .. } => "frozen_feed",
            AttackSpec::PoolManipulation { .. } => "pool_manipulation",
            AttackSpec::PolicyRace { .. } => "policy_race",
            AttackSpec::CapturedGuardian { .. } => "captured_guardian",
        }
    }
}

fn load_table(path: &Path, depth: u32) -> SimResult<toml::Table> {
    let text = std::fs::read_to_string(path).map_err(|e| SimError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| SimError::Scenario {
            field: path.display().to_string(),
            reason: e.to_string(),
        })?;
    let Some(base) = table.remove("base") else {
        return Ok(table);
    };
    let toml::Value::String(base) = base else {
        return Err(SimError::Scenario {
            field: "base".into(),
            reason: "must be a file name".into(),
        });
    };
    if depth > 4 {
        return Err(SimError::Scenario {
            field: "base".into(),
            reason: "bases nest more than 4 deep".into(),
        });
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut merged = load_table(&dir.join(base), depth + 1)?;
    merge(&mut merged, table);
    Ok(merged)
}

fn merge(into: &mut toml::Table, from: toml::Table) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

impl Scenario {
    /// Reads and validates a scenario file; a CSV path is taken relative to
    /// it. A file with `base = "other.toml"` starts from that file (relative
    /// to it): its tables are merged key by key, anything else replaces.
    pub fn load(path: &Path) -> SimResult<Self> {
        let table = load_table(path, 0)?;
        let mut scenario: Scenario =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| SimError::Scenario {
                    field: path.display().to_string(),
                    reason: e.to_string(),
                })?;
        if let Some(labels) = scenario.use_strategies.clone() {
            scenario.strategies.retain(|t| {
                t.get("label")
                    .and_then(|l| l.as_str())
                    .is_some_and(|l| labels.iter().any(|x| x == l))
            });
        }
        scenario.validate()?;
        if let Some(csv) = &scenario.prices.csv {
            if csv.is_relative() {
                let base = path.parent().unwrap_or(Path::new("."));
                scenario.prices.csv = Some(base.join(csv));
            }
        }
        Ok(scenario)
    }

    /// Parses and validates scenario TOML.
    pub fn parse(text: &str) -> SimResult<Self> {
        let scenario: Scenario = toml::from_str(text).map_err(|e| SimError::Scenario {
            field: "(file)".into(),
            reason: e.to_string(),
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The stable asset.
    pub fn stable(&self) -> &AssetSpec {
        self.assets
            .iter()
            .find(|a| a.stable)
            .expect("validated: one stable asset")
    }

    /// The outcome horizon the DAO's oracle is instantiated with, in
    /// seconds: `advisor.outcome_horizon_seconds`, [`DEFAULT_HORIZON_EPOCHS`]
    /// epochs when unset, `None` when set to 0.
    pub fn outcome_horizon(&self) -> Option<u64> {
        match self.advisor.outcome_horizon_seconds {
            None => Some(DEFAULT_HORIZON_EPOCHS.saturating_mul(self.epoch_seconds)),
            Some(0) => None,
            Some(seconds) => Some(seconds),
        }
    }

    /// Index of an asset by symbol.
    pub fn asset_index(&self, symbol: &str) -> Option<usize> {
        self.assets.iter().position(|a| a.symbol == symbol)
    }

    fn validate(&self) -> SimResult<()> {
        let bad = |field: &str, reason: String| {
            Err(SimError::Scenario {
                field: field.into(),
                reason,
            })
        };
        if self.epochs == 0 {
            return bad("epochs", "must be at least 1".into());
        }
        if self.paths == 0 {
            return bad("paths", "must be at least 1".into());
        }
        if self.members.is_empty() {
            return bad("members", "needs at least one member".into());
        }
        if self.assets.iter().filter(|a| a.stable).count() != 1 {
            return bad("assets", "exactly one asset must be `stable`".into());
        }
        for (i, a) in self.assets.iter().enumerate() {
            if self.assets[..i].iter().any(|b| b.symbol == a.symbol) {
                return bad("assets", format!("{} is listed twice", a.symbol));
            }
            if a.price <= 0.0 || a.initial < 0.0 || a.sigma < 0.0 {
                return bad(
                    "assets",
                    format!(
                        "{}: price must be positive, initial and sigma not negative",
                        a.symbol
                    ),
                );
            }
        }
        if self.stable().cw20 {
            return bad("assets", "the stable asset must be a native coin".into());
        }
        let g = &self.governance;
        if g.threshold_percent == 0 || g.threshold_percent > 100 {
            return bad(
                "governance.threshold_percent",
                format!("{} is not within 1..=100", g.threshold_percent),
            );
        }
        if g.proposer >= self.members.len() {
            return bad("governance.proposer", format!("no member {}", g.proposer));
        }
        let in_epoch = g.voting_period_seconds + g.adoption_timelock_seconds + 600;
        if in_epoch > self.epoch_seconds {
            return bad(
                "governance",
                format!(
                    "voting and timelock ({in_epoch} s with margins) must fit in an epoch of {} s",
                    self.epoch_seconds
                ),
            );
        }
        if self.advisor.validity_seconds
            < g.voting_period_seconds + g.adoption_timelock_seconds + 60
        {
            return bad(
                "advisor.validity_seconds",
                "must cover voting and the adoption timelock".into(),
            );
        }
        for m in &self.members {
            for (what, p) in [("turnout", m.turnout), ("follow_advisor", m.follow_advisor)] {
                if !(0.0..=1.0).contains(&p) {
                    return bad(
                        "members",
                        format!("{}: {what} {p} is not a probability", m.name),
                    );
                }
            }
            if m.max_delay_seconds >= g.voting_period_seconds {
                return bad(
                    "members",
                    format!(
                        "{}: max_delay_seconds must be within the voting period",
                        m.name
                    ),
                );
            }
        }
        for sym in self
            .policy
            .allowances
            .keys()
            .chain(self.policy.min_reserves.keys())
        {
            if self.asset_index(sym).is_none() {
                return bad("policy", format!("unknown asset {sym}"));
            }
        }
        for (k, b) in self.budgets.iter().enumerate() {
            let allowance = self.policy.allowances.get(&b.asset);
            let Some(&allowance) = allowance else {
                return bad(
                    "budgets",
                    format!("{}: {} has no allowance in the policy", b.spender, b.asset),
                );
            };
            if !(b.amount_per_period > 0.0 && b.amount_per_period <= allowance) {
                return bad(
                    "budgets",
                    format!(
                        "{}: amount_per_period {} must be positive and at most the allowance {allowance}",
                        b.spender, b.amount_per_period
                    ),
                );
            }
            if b.period_seconds == 0 {
                return bad("budgets", format!("{}: period_seconds is zero", b.spender));
            }
            if self.budgets[..k]
                .iter()
                .any(|o| o.spender == b.spender && o.asset == b.asset)
            {
                return bad(
                    "budgets",
                    format!("{} has two budgets for {}", b.spender, b.asset),
                );
            }
        }
        for p in &self.pairs {
            match self.asset_index(&p.base) {
                Some(i) if !self.assets[i].stable => {}
                _ => return bad("pairs", format!("{} is not a non-stable asset", p.base)),
            }
            if p.depth <= 0.0 {
                return bad("pairs", format!("{}: depth must be positive", p.base));
            }
        }
        if let Some(c) = &self.prices.correlation {
            let n = self.assets.iter().filter(|a| !a.stable).count();
            if c.len() != n || c.iter().any(|r| r.len() != n) {
                return bad("prices.correlation", format!("must be {n}×{n}"));
            }
        }
        if let Some(AttackSpec::FrozenFeed { start_epoch: 0, .. }) = &self.attack {
            return bad(
                "attack.start_epoch",
                "a frozen feed repeats the epoch before its start: start at 1 or later".into(),
            );
        }
        if self.strategies.is_empty() {
            return bad("strategies", "needs at least one strategy".into());
        }
        if let Err(e) = steward_types::outcome::validate_horizon(self.outcome_horizon()) {
            return bad("advisor.outcome_horizon_seconds", e.to_string());
        }
        if self.advisor.every_epochs == 0 || self.baselines.rebalance_every_epochs == 0 {
            return bad(
                "advisor.every_epochs",
                "intervals must be at least 1".into(),
            );
        }
        Ok(())
    }

    /// Non-stable asset indices, in file order.
    pub fn risky(&self) -> Vec<usize> {
        (0..self.assets.len())
            .filter(|&i| !self.assets[i].stable)
            .collect()
    }
}
