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
            let log_return = (a.mu - a.sigma * a.sigma / 2.0) * dt
                + a.sigma * dt.sqrt() * shock
                + a.jump_beta * jump;
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
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
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
                let v: f64 =
                    cells
                        .get(*c)
                        .and_then(|s| s.parse().ok())
                        .ok_or(SimError::PriceCsv {
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
            reason: format!(
                "{} rows, the scenario needs {}",
                out.len(),
                scenario.epochs + 1
            ),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
        Scenario::load(&path).unwrap()
    }

    #[test]
    fn cholesky_reproduces_the_matrix_and_refuses_an_indefinite_one() {
        let c = vec![
            vec![1.0, 0.7, 0.5],
            vec![0.7, 1.0, 0.5],
            vec![0.5, 0.5, 1.0],
        ];
        let l = cholesky(&c).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| l[i][k] * l[j][k]).sum();
                assert!((v - c[i][j]).abs() < 1e-12);
            }
        }
        assert!(cholesky(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_err());
    }

    #[test]
    fn gbm_is_seeded_correlated_and_keeps_the_stable_asset_at_one() {
        let mut s = scenario();
        s.epochs = 2_000;
        s.prices.jumps_per_year = 0.0;
        let a = gbm(&s, 3).unwrap();
        assert_eq!(a, gbm(&s, 3).unwrap());
        assert_ne!(a, gbm(&s, 4).unwrap());
        assert_eq!(a.len(), 2_001);
        let stable = s.assets.iter().position(|x| x.stable).unwrap();
        assert!(a.iter().all(|row| row[stable] == 1.0));
        // Sample correlation of ATOM and OSMO log returns is near 0.7.
        let r = |i: usize| {
            a.windows(2)
                .map(|w| (w[1][i] / w[0][i]).ln())
                .collect::<Vec<_>>()
        };
        let (x, y) = (r(1), r(2));
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (mx, my) = (mean(&x), mean(&y));
        let cov: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
        let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
        let corr = cov / (vx * vy).sqrt();
        assert!((corr - 0.7).abs() < 0.06, "{corr}");
        // Annualised volatility of ATOM near its sigma.
        let vol = (vx / (x.len() - 1) as f64 * 365.0).sqrt();
        assert!((vol - 0.75).abs() < 0.06, "{vol}");
    }

    #[test]
    fn csv_prices_are_read_by_column_and_checked() {
        let mut s = scenario();
        s.epochs = 2;
        let text = "epoch,OSMO,ATOM,STEW\n0,0.5,8,2\n1,0.6,9,2.5\n2,0.7,10,3\n3,1,1,1\n";
        let p = parse_csv(&s, text).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[1], vec![1.0, 9.0, 0.6, 2.5]);
        assert!(matches!(
            parse_csv(&s, "epoch,ATOM\n0,1\n"),
            Err(SimError::PriceCsv { line: 1, .. })
        ));
        assert!(matches!(
            parse_csv(&s, "epoch,OSMO,ATOM,STEW\n0,1,x,1\n"),
            Err(SimError::PriceCsv { line: 2, .. })
        ));
        assert!(matches!(
            parse_csv(&s, "epoch,OSMO,ATOM,STEW\n0,1,1,1\n"),
            Err(SimError::PriceCsv { .. })
        ));
        assert!(matches!(
            parse_csv(&s, "epoch,OSMO,ATOM,STEW\n0,1,-1,1\n1,1,1,1\n2,1,1,1\n"),
            Err(SimError::PriceCsv { line: 2, .. })
        ));
    }
}
