//! Synthetic, deterministic snapshots and configs for tests, examples and the
//! benchmark. Nothing here reads the chain; none of it holds value.

use crate::asset::AssetRef;
use crate::config::{AdvisorConfig, Config, NodeConfig, TxConfig};
use crate::snapshot::{GovernanceSnapshot, PricePoint, PriceSeries, Snapshot, SNAPSHOT_VERSION};
use crate::strategy::rebalance::Target;
use crate::strategy::runway::BudgetShare;
use crate::strategy::{
    LlmConfig, PairConfig, RebalanceConfig, RiskConfig, RunwayConfig, StrategyConfig,
};
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw_utils::{Duration, Expiration};
use steward_types::crypto::KeyAlgorithm;
use steward_types::governance::GovernanceState;
use steward_types::policy::{Limits, Policy, PriceInfo, MAX_VENUES};
use steward_types::proposal::{
    self, Proposal, ProposalAction, ProposalKind, ProposalResponse, Timelock,
};
use steward_types::threshold::{PercentageThreshold, Status, Threshold, Votes};
use steward_types::TreasuryAction;
use steward_types::{AssetAmount, AssetInfo, PolicyContext};

/// A public BIP-39 test mnemonic (cosmjs fixtures). TEST ONLY: never hold value with it.
pub const TEST_MNEMONIC: &str =
    "enlist hip relief stomach skate base shallow young switch frequent cry park";
/// Advisor key id of the samples.
pub const KEY_ID: &str = "advisor-1";
/// Chain id of the samples.
pub const CHAIN_ID: &str = "steward-sample-1";
/// Block time of the samples (Unix seconds).
pub const NOW: u64 = 1_700_000_000;
/// Value of each asset's target share, in quote units, before drift.
const BASE_VALUE: u128 = 10_000_000_000;
/// Points in each sample price series.
const HISTORY_POINTS: usize = 32;

/// A `cosmwasm1…` address for a name (valid bech32).
pub fn addr(name: &str) -> String {
    MockApi::default().addr_make(name).to_string()
}

/// The stable asset, `native:uusd`, priced at 1.
pub fn stable() -> AssetInfo {
    AssetInfo::native("uusd")
}

/// Asset `i` of a sample: 0 is the stable asset, others `native:uassetNN`.
pub fn asset(i: usize) -> AssetInfo {
    if i == 0 {
        stable()
    } else {
        AssetInfo::native(format!("uasset{i:02}"))
    }
}

/// The pair trading asset `i` against the stable asset.
pub fn pair(i: usize) -> String {
    addr(&format!("pair-{i}"))
}

/// Number of assets (besides the stable one) that get a pair: the policy's
/// venue allowlist holds at most `MAX_VENUES`.
fn paired(n: usize) -> usize {
    (n - 1).min(MAX_VENUES)
}

fn price(i: usize) -> Decimal {
    if i == 0 {
        Decimal::one()
    } else {
        Decimal::from_ratio(i as u64 + 1, 2u64)
    }
}

/// Drift of asset `i` from its target value, in percent: in -40..40, stable 0.
fn drift_pct(i: usize) -> i128 {
    if i == 0 {
        0
    } else {
        ((i * 37) % 80) as i128 - 40
    }
}

/// A snapshot of a treasury with `n` assets (n >= 2): the stable one and
/// `n - 1` volatile ones, equal target values drifted by -40..40 %, pairs
/// `X/uusd` for up to 16 of them, 32 hourly prices per asset, a policy
/// generous enough for the sample strategies' trades.
pub fn snapshot(n: usize) -> Snapshot {
    assert!(n >= 2, "a sample needs at least two assets");
    let mut balances = vec![];
    let mut prices = vec![];
    let mut allowances = vec![];
    let mut history = vec![];
    for i in 0..n {
        let info = asset(i);
        let value = (BASE_VALUE as i128 * (100 + drift_pct(i)) / 100) as u128;
        let amount = Uint128::new(value).checked_div_floor(price(i)).unwrap();
        balances.push(AssetAmount::new(info.clone(), amount));
        allowances.push(AssetAmount::new(
            info.clone(),
            amount.multiply_ratio(1u64, 2u64),
        ));
        prices.push(PriceInfo {
            asset: info.clone(),
            price: price(i),
            publish_time: NOW - 60,
        });
        history.push(PriceSeries {
            asset: info,
            points: price_path(i),
        });
    }
    history.sort_by(|a, b| a.asset.cmp(&b.asset));
    let policy = Policy {
        period_seconds: 86_400,
        allowances,
        max_nav_share_bps: Some(5_000),
        recipient_allowlist: None,
        venue_allowlist: (1..=paired(n)).map(pair).collect(),
        min_reserves: vec![AssetAmount::new(stable(), BASE_VALUE / 10)],
        max_slippage_bps: 300,
        max_price_age_seconds: 3_600,
    };
    let limits = Limits::full(&policy, NOW);
    Snapshot {
        version: SNAPSHOT_VERSION,
        chain_id: CHAIN_ID.into(),
        oracle: addr("oracle"),
        treasury: addr("treasury"),
        height: 1_234_567,
        advisor: KEY_ID.into(),
        last_nonce: Some(3),
        context: PolicyContext {
            policy,
            policy_version: 1,
            now: NOW,
            balances,
            prices,
            limits,
        },
        budgets: vec![],
        price_history: history,
        governance: None,
    }
}

/// Hourly prices of asset `i` ending at its current price: a deterministic
/// walk whose step size grows with `i % 6` (the stable asset stays at 1).
fn price_path(i: usize) -> Vec<PricePoint> {
    let amplitude = (i % 6) as u64 * 150; // bps per step
    let mut state = 0x9e37_79b9_u64.wrapping_mul(i as u64 + 1);
    let mut p = price(i);
    let mut points = vec![PricePoint {
        time: NOW - 60,
        price: p,
    }];
    for k in 1..HISTORY_POINTS {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let step = if amplitude == 0 {
            0
        } else {
            (state >> 33) % (2 * amplitude + 1)
        };
        let factor = Decimal::from_ratio(10_000 + step, 10_000 + amplitude);
        p *= factor;
        points.push(PricePoint {
            time: NOW - 60 - k as u64 * 3_600,
            price: p,
        });
    }
    points.reverse();
    points
}

fn stable_pairs(n: usize) -> Vec<PairConfig> {
    (1..=paired(n))
        .map(|i| PairConfig {
            address: Some(pair(i)),
            assets: [AssetRef(asset(i)), AssetRef(stable())],
        })
        .collect()
}

/// Equal targets over the `n` sample assets (the remainder on the stable one),
/// a band of a fifth of each weight, the stable asset as hub, 20 % turnover per recommendation.
pub fn rebalance_config(n: usize) -> StrategyConfig {
    let each = (10_000 / n) as u16;
    let mut targets: Vec<Target> = (0..n)
        .map(|i| Target {
            asset: AssetRef(asset(i)),
            weight_bps: each,
        })
        .collect();
    targets[0].weight_bps += (10_000 - each as usize * n) as u16;
    StrategyConfig::Rebalance(RebalanceConfig {
        targets,
        drift_band_bps: each / 5,
        min_trade_value: Uint128::new(1_000_000),
        max_slippage_bps: 100,
        pairs: stable_pairs(n),
        max_turnover_bps: Some(2_000),
        hub: Some(AssetRef(stable())),
    })
}

/// Volatility target 5 % per observation, de-risk half on a 20 % drawdown.
pub fn risk_config(n: usize) -> StrategyConfig {
    StrategyConfig::Risk(RiskConfig {
        stable: AssetRef(stable()),
        assets: None,
        pairs: stable_pairs(n),
        max_slippage_bps: 100,
        min_trade_value: Uint128::new(1_000_000),
        ewma_lambda_bps: 9_400,
        target_vol_bps: 500,
        max_drawdown_bps: 2_000,
        drawdown_derisk_bps: 5_000,
        min_history: 5,
    })
}

/// Twelve months of runway for a burn of 1/24 of the stable balance, split
/// 60/40 between two spenders.
pub fn runway_config() -> StrategyConfig {
    StrategyConfig::Runway(RunwayConfig {
        asset: AssetRef(stable()),
        monthly_burn: Uint128::new(BASE_VALUE / 24),
        months: 12,
        budgets: vec![
            BudgetShare {
                spender: addr("grants"),
                share_bps: 6_000,
            },
            BudgetShare {
                spender: addr("operations"),
                share_bps: 4_000,
            },
        ],
        period_seconds: crate::strategy::runway::MONTH_SECONDS,
        min_change_bps: 500,
    })
}

/// A model strategy at `base_url` (model `test-model`, 2 s timeout, one
/// retry after 10 ms).
pub fn llm_config(base_url: &str) -> StrategyConfig {
    StrategyConfig::Llm(LlmConfig {
        base_url: base_url.into(),
        model: "test-model".into(),
        api_key_env: None,
        timeout_seconds: 2,
        max_retries: 1,
        retry_backoff_ms: 10,
        temperature: Some(0.0),
        max_tokens: None,
        response_format: Default::default(),
        require_action: false,
        max_actions: steward_types::policy::MAX_ACTIONS,
        model_sha256: None,
        history_points: 8,
    })
}

/// A whole config around a strategy: key [`KEY_ID`], secp256k1, prefix `wasm`.
pub fn config(strategy: StrategyConfig) -> Config {
    Config {
        advisor: AdvisorConfig {
            key_id: KEY_ID.into(),
            algorithm: KeyAlgorithm::Secp256k1,
            address_prefix: "wasm".into(),
            validity_seconds: 86_400,
        },
        node: NodeConfig::default(),
        tx: TxConfig::default(),
        strategy,
    }
}

/// A proposal config: majority of a 40 % quorum, a day to vote.
pub fn proposal_config() -> proposal::Config {
    proposal::Config {
        threshold: Threshold::ThresholdQuorum {
            threshold: PercentageThreshold::Majority {},
            quorum: PercentageThreshold::Percent(Decimal::percent(40)),
        },
        voting_period: Duration::Time(86_400),
        min_voting_period: None,
        allow_revoting: false,
        only_members_execute: false,
        timelock: None,
        adoption_timelock: Timelock {
            duration: Duration::Time(3_600),
            vetoer: "vetoer".into(),
        },
        execution_window: None,
        governance: None,
    }
}

/// An open proposal of treasury `actions` with the given title and
/// description, voting until a day after [`NOW`].
pub fn open_proposal(
    id: u64,
    title: &str,
    description: &str,
    actions: Vec<TreasuryAction>,
) -> ProposalResponse {
    ProposalResponse {
        id,
        proposal: Proposal {
            title: title.into(),
            description: description.into(),
            proposer: Addr::unchecked("proposer"),
            start_height: 10,
            start_time: NOW - 100,
            expiration: Expiration::AtTime(Timestamp::from_seconds(NOW + 86_400)),
            min_voting_period: None,
            threshold: proposal_config().threshold,
            total_power: Uint128::new(100),
            allow_revoting: false,
            timelock: None,
            kind: ProposalKind::Actions {
                actions: vec![ProposalAction::Treasury { actions }],
            },
            votes: Votes {
                yes: Uint128::zero(),
                no: Uint128::zero(),
                abstain: Uint128::zero(),
            },
            status: Status::Open,
            passed_at: None,
            execution_window: None,
            failed_executions: 0,
            execution_failures: vec![],
        },
        status: Status::Open,
        timelock_ends: None,
        execution_ends: None,
    }
}

/// [`snapshot`] of three assets with the proposal module's side read: the
/// sample config, no governance policy, and `proposals`.
pub fn with_proposals(proposals: Vec<ProposalResponse>) -> Snapshot {
    let mut s = snapshot(3);
    s.governance = Some(GovernanceSnapshot {
        config: proposal_config(),
        state: GovernanceState {
            policy: None,
            last_change: None,
        },
        proposals,
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_valid_and_deterministic() {
        for n in [2, 3, 20] {
            let s = snapshot(n);
            s.validate().unwrap();
            assert_eq!(s, snapshot(n));
            assert!(s.context.policy.venue_allowlist.len() <= MAX_VENUES);
            for series in &s.price_history {
                assert_eq!(series.points.len(), HISTORY_POINTS);
                let last = series.points.last().unwrap();
                assert_eq!(
                    Some(last.price),
                    s.context
                        .prices
                        .iter()
                        .find(|p| p.asset == series.asset)
                        .map(|p| p.price)
                );
            }
        }
        for c in [rebalance_config(20), risk_config(20), runway_config()] {
            c.validate().unwrap();
        }
    }
}
