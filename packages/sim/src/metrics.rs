//! Path statistics (return, annualised volatility, Sharpe, maximum drawdown,
//! turnover, cost), the fixed-interval rebalance baseline, and quantiles.

use crate::scenario::Scenario;
use serde::Serialize;

/// Statistics of one NAV series.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Stats {
    /// Total return over the path.
    pub total_return: f64,
    /// Annualised volatility of epoch log returns.
    pub volatility: f64,
    /// Annualised Sharpe ratio (risk-free rate 0).
    pub sharpe: f64,
    /// Largest peak-to-trough fall, as a positive fraction.
    pub max_drawdown: f64,
    /// Value traded per year over the mean NAV.
    pub turnover: f64,
    /// Fees and slippage paid, over the starting NAV.
    pub cost: f64,
}

/// Statistics of `nav` (one point per epoch of `epoch_seconds`).
pub fn stats(nav: &[f64], epoch_seconds: u64, traded: f64, cost: f64) -> Stats {
    if nav.len() < 2 || nav[0] <= 0.0 {
        return Stats::default();
    }
    let returns: Vec<f64> = nav.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
    let n = returns.len() as f64;
    let mean = returns.iter().sum::<f64>() / n;
    let var = returns.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    let per_year = 365.0 * 86_400.0 / epoch_seconds as f64;
    let sd = var.sqrt();
    let years = n / per_year;
    let mean_nav = nav.iter().sum::<f64>() / nav.len() as f64;
    Stats {
        total_return: nav[nav.len() - 1] / nav[0] - 1.0,
        volatility: sd * per_year.sqrt(),
        sharpe: if sd > 0.0 {
            mean / sd * per_year.sqrt()
        } else {
            0.0
        },
        max_drawdown: drawdown(nav).into_iter().fold(0.0, f64::max),
        turnover: if mean_nav > 0.0 && years > 0.0 {
            traded / mean_nav / years
        } else {
            0.0
        },
        cost: cost / nav[0],
    }
}

/// Drawdown at each point, as a positive fraction of the running peak.
pub fn drawdown(nav: &[f64]) -> Vec<f64> {
    let mut peak = f64::MIN;
    nav.iter()
        .map(|&v| {
            peak = peak.max(v);
            if peak > 0.0 {
                1.0 - v / peak
            } else {
                0.0
            }
        })
        .collect()
}

/// `q`-quantile (0..1) by linear interpolation.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let pos = q * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// The fixed-interval rebalance baseline: back to target weights every N
/// epochs at market prices, paying each pair's fee and constant-product
/// price impact against the pool's depth (the pool's stable reserve, which
/// arbitrage keeps at `depth · √(p/p₀)`).
pub struct FixedRebalance {
    holdings: Vec<f64>,
    weights: Vec<f64>,
    stable: usize,
    /// Per asset: (depth in stable units at the start price, start price, fee).
    pools: Vec<Option<(f64, f64, f64)>>,
    /// Fees and impact paid.
    pub cost: f64,
    /// Value traded.
    pub traded: f64,
}

impl FixedRebalance {
    /// Starts from `holdings` (whole units).
    pub fn new(s: &Scenario, holdings: Vec<f64>) -> Self {
        let values: Vec<f64> = holdings
            .iter()
            .zip(&s.assets)
            .map(|(h, a)| h * a.price)
            .collect();
        let total: f64 = values.iter().sum();
        let weights = match &s.baselines.weights_bps {
            Some(w) => s
                .assets
                .iter()
                .map(|a| f64::from(w.get(&a.symbol).copied().unwrap_or(0)) / 10_000.0)
                .collect(),
            None => values
                .iter()
                .map(|v| if total > 0.0 { v / total } else { 0.0 })
                .collect(),
        };
        let pools = s
            .assets
            .iter()
            .map(|a| {
                s.pairs
                    .iter()
                    .find(|p| p.base == a.symbol)
                    .map(|p| (p.depth, a.price, f64::from(p.fee_bps) / 10_000.0))
            })
            .collect();
        FixedRebalance {
            holdings,
            weights,
            stable: s.assets.iter().position(|a| a.stable).expect("validated"),
            pools,
            cost: 0.0,
            traded: 0.0,
        }
    }

    /// NAV at `prices`.
    pub fn nav(&self, prices: &[f64]) -> f64 {
        self.holdings.iter().zip(prices).map(|(h, p)| h * p).sum()
    }

    /// Trades back to the weights at `prices`.
    // Holdings, weights, pools and prices are parallel arrays by asset.
    #[allow(clippy::needless_range_loop)]
    pub fn rebalance(&mut self, prices: &[f64], _epoch: u32) {
        let nav = self.nav(prices);
        for i in 0..self.holdings.len() {
            if i == self.stable {
                continue;
            }
            let Some((depth, p0, fee)) = self.pools[i] else {
                continue;
            };
            let target = nav * self.weights[i];
            let current = self.holdings[i] * prices[i];
            let v = (target - current).abs();
            if v < 1e-9 {
                continue;
            }
            let q = depth * (prices[i] / p0).sqrt();
            let received = v * (1.0 - fee) * q / (q + v);
            let lost = v - received;
            self.cost += lost;
            self.traded += v;
            if target > current {
                self.holdings[self.stable] -= v;
                self.holdings[i] += received / prices[i];
            } else {
                self.holdings[i] -= v / prices[i];
                self.holdings[self.stable] += received;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawdown_and_quantiles() {
        let nav = [100.0, 120.0, 90.0, 130.0, 65.0];
        let dd = drawdown(&nav);
        assert_eq!(dd[0], 0.0);
        assert!((dd[2] - 0.25).abs() < 1e-12);
        assert!((dd[4] - 0.5).abs() < 1e-12);
        let st = stats(&nav, 86_400, 0.0, 0.0);
        assert!((st.max_drawdown - 0.5).abs() < 1e-12);
        assert!((st.total_return + 0.35).abs() < 1e-12);
        assert_eq!(quantile(&[3.0, 1.0, 2.0], 0.5), 2.0);
        assert_eq!(quantile(&[1.0, 2.0], 0.25), 1.25);
    }

    #[test]
    fn a_steady_series_has_no_volatility_and_a_zero_sharpe() {
        let st = stats(&[100.0; 10], 86_400, 50.0, 1.0);
        assert_eq!(st.volatility, 0.0);
        assert_eq!(st.sharpe, 0.0);
        assert!((st.cost - 0.01).abs() < 1e-12);
        assert!(st.turnover > 0.0);
    }
}
