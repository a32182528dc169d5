//! Price paths: seeded geometric Brownian motion per asset with a correlation
//! matrix (Cholesky factor) and market-wide Poisson jumps, or a CSV of
//! prices a user supplies. Prices are in whole stable units per whole unit;
//! row `t` is the price at the start of epoch `t` (there are `epochs + 1` rows).

use crate::error::{SimError, SimResult};
use crate::scenario::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `prices[t][asset]`, in scenario asset order.
pub type PricePath = Vec<Vec<f64>>;

/// The path for `seed`: from the CSV when the scenario names one, else GBM.
pub fn path(scenario: &Scenario, seed: u64) -> SimResult<PricePath> {
    match &scenario.prices.csv {
        Some(csv) => from_csv(scenario, csv),
        None => gbm(scenario, seed),
    }
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Poisson draw with mean `lambda` (Knuth; `lambda` is small here).
fn poisson(rng: &mut impl Rng, lambda: f64) -> u32 {
    let limit = (-lambda).exp();
    let mut k = 0;
    let mut p = 1.0;
    loop {
        p *= rng.gen::<f64>();
        if p <= limit || k > 1_000 {
            return k;
        }
        k += 1;
    }
}

/// Lower-triangular Cholesky factor of a correlation matrix.
pub fn cholesky(c: &[Vec<f64>]) -> SimResult<Vec<Vec<f64>>> {
    let n = c.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = c[i][i] - s;
                if d <= 0.0 {
                    return Err(SimError::Scenario {
                        field: "prices.correlation".into(),
                        reason: "is not positive definite".into(),
                    });
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (c[i][j] - s) / l[j][j];
            }
        }
    }
    Ok(l)
}

/// Seeded GBM with correlated shocks and market-wide jumps.
pub fn gbm(scenario: &Scenario, seed: u64) -> SimResult<PricePath> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let risky = scenario.risky();
    let n = risky.len();
    let identity: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let l = cholesky(scenario.prices.correlation.as_ref().unwrap_or(&identity))?;
    let dt = scenario.epoch_seconds as f64 / (365.0 * 86_400.0);
    let p = &scenario.prices;
    let mut current: Vec<f64> = scenario.assets.iter().map(|a| a.price).collect();
    let mut out = Vec::with_capacity(scenario.epochs as usize + 1);
    out.push(current.clone());
    for _ in 0..scenario.epochs {
        let z: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let jumps = poisson(&mut rng, p.jumps_per_year * dt);
        let jump: f64 = (0..jumps)
            .map(|_| p.jump_mean + p.jump_std * normal(&mut rng))
            .sum();
        for (k, &i) in risky.iter().enumerate() {
            let a = &scenario.assets[i];
            let shock: f64 = (0..=k).map(|m| l[k][m] * z[m]).sum();
            let log_return =
                (a.mu - a.sigma * a.sigma / 2.0) * dt + a.sigma * dt.sqrt() * shock + a.jump_beta * jump;
            current[i] *= log_return.exp();
        }
        out.push(current.clone());
    }
    Ok(out)
}

/// Prices from a CSV: header `epoch,SYM,...` (any order, every asset but the
/// stable one), at least `epochs + 1` rows.
pub fn from_csv(scenario: &Scenario, path: &std::path::Path) -> SimResult<PricePath> {
    let text = std::fs::read_to_string(path).map_err(|e| SimError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    parse_csv(scenario, &text)
}

/// [`from_csv`] on text.
pub fn parse_csv(scenario: &Scenario, text: &str) -> SimResult<PricePath> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or(SimError::PriceCsv {
        line: 1,
        reason: "empty file".into(),
    })?;
    let columns: Vec<&str> = header.split(',').map(str::trim).collect();
    let mut index = vec![None; scenario.assets.len()];
    for (c, name) in columns.iter().enumerate().skip(1) {
        let i = scenario.asset_index(name).ok_or(SimError::PriceCsv {
            line: 1,
            reason: format!("unknown asset {name}"),
        })?;
        index[i] = Some(c);
    }
    for &i in &scenario.risky() {
        if index[i].is_none() {
            return Err(SimError::PriceCsv {
                line: 1,
                reason: format!("no column for {}", scenario.assets[i].symbol),
            });
        }
    }
    let mut out = vec![];
    for (n, line) in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let mut row = vec![1.0; scenario.assets.len()];
        for (i, col) in index.iter().enumerate() {
            if let Some(c) = col {
                let v: f64 = cells.get(*c).and_then(|s| s.parse().ok()).ok_or(SimError::PriceCsv {
                    line: n + 1,
                    reason: format!("column {} is not a number", c + 1),
                })?;
                if v <= 0.0 || !v.is_finite() {
                    return Err(SimError::PriceCsv {
                        line: n + 1,
                        reason: format!("price {v} is not positive"),
                    });
                }
                row[i] = v;
            }
        }
        out.push(row);
        if out.len() == scenario.epochs as usize + 1 {
            break;
        }
    }
    if out.len() < scenario.epochs as usize + 1 {
        return Err(SimError::PriceCsv {
            line: out.len() + 1,
            reason: format!("{} rows, the scenario needs {}", out.len(), scenario.epochs + 1),
        });
    }
    Ok(out)
}
