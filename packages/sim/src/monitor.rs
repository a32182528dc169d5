//! Policy limits checked from the outside: after each block that could move
//! the treasury, its bank and cw20 balances are read from the chain and every
//! decrease is counted against the limits the scenario's policy states
//! (per-period allowance per asset, NAV share per period, minimum reserves).
//! Nothing here asks the contracts what they think they spent.

use crate::scenario::Scenario;
use serde::Serialize;

/// One breach of a policy limit, as seen from balances.
#[derive(Clone, Debug, Serialize)]
pub struct Breach {
    /// Block time.
    pub time: u64,
    /// Which limit.
    pub limit: String,
    /// What was measured (whole units, or stable units for value).
    pub measured: f64,
    /// The limit's value.
    pub allowed: f64,
}

/// Outflow accounting per fixed period (the contracts' current rule:
/// periods are fixed windows counted from the Unix epoch).
pub struct Monitor {
    period: u64,
    allowances: Vec<Option<f64>>,
    reserves: Vec<f64>,
    nav_share: Option<f64>,
    listed: Vec<bool>,
    last: Vec<f64>,
    period_index: u64,
    out: Vec<f64>,
    value_out: f64,
    nav_max: f64,
    /// Every breach seen.
    pub breaches: Vec<Breach>,
    /// Outflow events (time, whole units per asset), for window checks.
    pub events: Vec<(u64, Vec<f64>)>,
}

/// Slack for rounding between whole-unit floats and contract integers.
const EPS: f64 = 1e-6;

impl Monitor {
    /// A monitor for the scenario's policy (allowances scaled by `scale`),
    /// starting from `balances` (whole units).
    pub fn new(scenario: &Scenario, balances: Vec<f64>, now: u64) -> Self {
        let p = &scenario.policy;
        let by_symbol = |m: &std::collections::BTreeMap<String, f64>| {
            scenario
                .assets
                .iter()
                .map(|a| m.get(&a.symbol).copied())
                .collect::<Vec<_>>()
        };
        let allowances = by_symbol(&p.allowances);
        let n = balances.len();
        Monitor {
            period: p.period_seconds,
            listed: allowances.iter().map(Option::is_some).collect(),
            allowances,
            reserves: by_symbol(&p.min_reserves)
                .into_iter()
                .map(|r| r.unwrap_or(0.0))
                .collect(),
            nav_share: p.max_nav_share_bps.map(|b| f64::from(b) / 10_000.0),
            last: balances,
            period_index: now / p.period_seconds,
            out: vec![0.0; n],
            value_out: 0.0,
            nav_max: 0.0,
            breaches: vec![],
            events: vec![],
        }
    }

    /// Replaces the allowances (after a policy change the scenario makes).
    pub fn scale_allowances(&mut self, scenario: &Scenario, scale: f64) {
        for (i, a) in scenario.assets.iter().enumerate() {
            self.allowances[i] = scenario.policy.allowances.get(&a.symbol).map(|x| x * scale);
        }
    }

    /// Outflow of each asset so far in the current period (whole units).
    pub fn period_outflow(&self) -> &[f64] {
        &self.out
    }

    /// Reads new balances (whole units) at `now` with the oracle prices the
    /// treasury values at; records outflows and checks every limit.
    pub fn observe(&mut self, now: u64, balances: Vec<f64>, prices: &[f64]) {
        let index = now / self.period;
        if index != self.period_index {
            self.period_index = index;
            self.out.iter_mut().for_each(|o| *o = 0.0);
            self.value_out = 0.0;
            self.nav_max = 0.0;
        }
        // NAV before this block's movements, over listed assets.
        let nav_before: f64 = self
            .last
            .iter()
            .enumerate()
            .filter(|(i, _)| self.listed[*i])
            .map(|(i, b)| b * prices[i])
            .sum();
        self.nav_max = self.nav_max.max(nav_before);
        let mut moved = vec![0.0; balances.len()];
        let mut any = false;
        for i in 0..balances.len() {
            let decrease = self.last[i] - balances[i];
            if decrease > EPS {
                any = true;
                moved[i] = decrease;
                self.out[i] += decrease;
                self.value_out += decrease * prices[i];
                let allowance = self.allowances[i];
                match allowance {
                    Some(a) if self.out[i] > a * (1.0 + EPS) + EPS => {
                        self.breach(now, format!("allowance of asset {i}"), self.out[i], a)
                    }
                    None => self.breach(now, format!("unlisted asset {i} moved"), decrease, 0.0),
                    _ => {}
                }
                if balances[i] + EPS < self.reserves[i] {
                    self.breach(
                        now,
                        format!("reserve of asset {i}"),
                        balances[i],
                        self.reserves[i],
                    );
                }
            }
        }
        if any {
            if let Some(share) = self.nav_share {
                let allowed = share * self.nav_max;
                if self.value_out > allowed * (1.0 + 1e-4) + EPS {
                    self.breach(now, "NAV share per period".into(), self.value_out, allowed);
                }
            }
            self.events.push((now, moved));
        }
        self.last = balances;
    }

    fn breach(&mut self, time: u64, limit: String, measured: f64, allowed: f64) {
        self.breaches.push(Breach {
            time,
            limit,
            measured,
            allowed,
        });
    }
}
