//! Policy limits checked from the outside: after each block that could move
//! the treasury, its bank and cw20 balances are read from the chain and every
//! decrease is counted against the limits the scenario's policy states
//! (per-period allowance per asset, NAV share per period, minimum reserves).
//! Nothing here asks the contracts what they think they spent.

use crate::scenario::{AllowanceRule, Scenario};
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
    rule: AllowanceRule,
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
    /// Highest NAV seen at all (for token-bucket windows).
    nav_peak: f64,
    /// Value of each outflow event at the prices of its block.
    event_values: Vec<f64>,
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
            rule: p.allowance_rule,
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
            nav_peak: 0.0,
            event_values: vec![],
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
        self.nav_peak = self.nav_peak.max(nav_before);
        let fixed = self.rule == AllowanceRule::FixedPeriod;
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
                    Some(a) if fixed && self.out[i] > a * (1.0 + EPS) + EPS => {
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
            let value: f64 = moved.iter().zip(prices).map(|(m, p)| m * p).sum();
            match self.nav_share {
                Some(share) if fixed => {
                    let allowed = share * self.nav_max;
                    if self.value_out > allowed * (1.0 + 1e-4) + EPS {
                        self.breach(now, "NAV share per period".into(), self.value_out, allowed);
                    }
                }
                _ => {}
            }
            if !fixed {
                self.check_windows(now, &moved, value);
            }
            self.events.push((now, moved));
            self.event_values.push(value);
        }
        self.last = balances;
    }

    /// Token buckets: every window that ends now and starts at an earlier
    /// outflow (within ten periods) moves at most `A · (1 + T/P)` of each
    /// asset and `f · NAV · (1 + T/P)` of value (NAV: the highest seen).
    fn check_windows(&mut self, now: u64, moved: &[f64], value: f64) {
        let mut sum = moved.to_vec();
        let mut value_sum = value;
        let horizon = now.saturating_sub(10 * self.period);
        let mut found = vec![];
        let check = |found: &mut Vec<(String, f64, f64)>, sum: &[f64], value_sum: f64, t: u64| {
            let refill = 1.0 + (now - t) as f64 / self.period as f64;
            for (i, s) in sum.iter().enumerate() {
                if let Some(a) = self.allowances[i] {
                    if *s > a * refill * (1.0 + EPS) + EPS {
                        found.push((format!("allowance window of asset {i}"), *s, a * refill));
                    }
                }
            }
            if let Some(share) = self.nav_share {
                let allowed = share * self.nav_peak * refill;
                if value_sum > allowed * (1.0 + 1e-4) + EPS {
                    found.push(("NAV share window".into(), value_sum, allowed));
                }
            }
        };
        check(&mut found, &sum, value_sum, now);
        for ((t, m), v) in self.events.iter().zip(&self.event_values).rev() {
            if *t < horizon {
                break;
            }
            for (s, x) in sum.iter_mut().zip(m) {
                *s += x;
            }
            value_sum += v;
            check(&mut found, &sum, value_sum, *t);
        }
        for (limit, measured, allowed) in found {
            self.breach(now, limit, measured, allowed);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(rule: AllowanceRule) -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
        let mut s = Scenario::load(&path).unwrap();
        s.policy.allowance_rule = rule;
        s.policy.max_nav_share_bps = None;
        s
    }

    const PRICES: [f64; 4] = [1.0, 8.0, 0.6, 2.0];
    const START: [f64; 4] = [400_000.0, 31_250.0, 250_000.0, 100_000.0];
    const DAY: u64 = 86_400;

    fn after(atom_out: f64, b: &[f64]) -> Vec<f64> {
        vec![b[0], b[1] - atom_out, b[2], b[3]]
    }

    #[test]
    fn fixed_periods_count_each_period_on_its_own() {
        let s = scenario(AllowanceRule::FixedPeriod);
        let t0 = 100 * DAY;
        let mut m = Monitor::new(&s, START.to_vec(), t0);
        // 5,000 + 3,000 ATOM in one day: at the 8,000 allowance, no breach.
        let b1 = after(5_000.0, &START);
        m.observe(t0 + 10, b1.clone(), &PRICES);
        let b2 = after(3_000.0, &b1);
        m.observe(t0 + 20, b2.clone(), &PRICES);
        assert!(m.breaches.is_empty(), "{:?}", m.breaches);
        // One more ATOM the same day is a breach.
        let b3 = after(1.0, &b2);
        m.observe(t0 + 30, b3.clone(), &PRICES);
        assert_eq!(m.breaches.len(), 1);
        assert_eq!(m.breaches[0].limit, "allowance of asset 1");
        // The next period starts afresh.
        m.observe(t0 + DAY + 1, after(8_000.0, &b3), &PRICES);
        assert_eq!(m.breaches.len(), 1);
    }

    #[test]
    fn token_buckets_bound_every_window() {
        let s = scenario(AllowanceRule::TokenBucket);
        let t0 = 100 * DAY + DAY - 10;
        // Two full allowances 20 s apart across a period boundary: fine for
        // fixed periods, a breach of A·(1 + T/P) for a token bucket.
        let mut m = Monitor::new(&s, START.to_vec(), t0);
        let b1 = after(8_000.0, &START);
        m.observe(t0, b1.clone(), &PRICES);
        assert!(m.breaches.is_empty());
        m.observe(t0 + 20, after(8_000.0, &b1), &PRICES);
        assert_eq!(m.breaches.len(), 1, "{:?}", m.breaches);
        assert_eq!(m.breaches[0].limit, "allowance window of asset 1");
        // Half a period later, half an allowance more is within the bucket.
        let mut m = Monitor::new(&s, START.to_vec(), t0);
        m.observe(t0, b1.clone(), &PRICES);
        m.observe(t0 + DAY / 2, after(4_000.0, &b1), &PRICES);
        assert!(m.breaches.is_empty(), "{:?}", m.breaches);
    }

    #[test]
    fn reserves_are_checked_after_each_block() {
        let s = scenario(AllowanceRule::FixedPeriod);
        let mut m = Monitor::new(&s, START.to_vec(), 0);
        m.observe(10, vec![99_999.0, START[1], START[2], START[3]], &PRICES);
        assert!(m.breaches.iter().any(|b| b.limit == "reserve of asset 0"));
    }
}
