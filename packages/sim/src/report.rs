//! Outputs of a run: CSV time series, the JSON summary, SVG and PNG charts
//! (plotters; text through ab_glyph with a TTF font read at run time), and one
//! self-contained HTML report with the SVGs inlined. The outcome record
//! section shows the advisors' track records as the oracle holds them.

use crate::engine::PathResult;
use crate::error::{SimError, SimResult};
use crate::metrics::drawdown;
use crate::montecarlo::{Run, Summary};
use crate::scenario::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the chart font is looked for when `STEWARD_SIM_FONT` is not set
/// (Debian's `fonts-dejavu-core`).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

static FONT: OnceLock<Result<(), String>> = OnceLock::new();

/// Registers the chart font once (plotters' ab_glyph backend needs one).
pub fn register_font() -> SimResult<()> {
    FONT.get_or_init(|| {
        let path = std::env::var("STEWARD_SIM_FONT").unwrap_or_else(|_| DEFAULT_FONT.into());
        let bytes = std::fs::read(&path).map_err(|e| {
            format!("font {path}: {e} (install fonts-dejavu-core or set STEWARD_SIM_FONT)")
        })?;
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
            .map_err(|_| format!("font {path} is not a TrueType font"))
    })
    .clone()
    .map_err(|reason| SimError::Chart {
        chart: "font".into(),
        reason,
    })
}

fn write(path: &Path, text: &str) -> SimResult<()> {
    std::fs::write(path, text).map_err(|e| SimError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Writes everything into `out`; returns the report's path.
pub fn write_all(
    scenario: &Scenario,
    scenario_text: &str,
    run: &Run,
    out: &Path,
) -> SimResult<PathBuf> {
    std::fs::create_dir_all(out.join("charts")).map_err(|e| SimError::Io {
        path: out.display().to_string(),
        reason: e.to_string(),
    })?;
    let json = serde_json::to_string_pretty(&run.summary).expect("a summary serialises");
    write(&out.join("summary.json"), &json)?;
    write(&out.join("timeseries.csv"), &timeseries_csv(scenario, run))?;
    write(&out.join("outcomes.csv"), &outcomes_csv(&run.summary))?;
    write(&out.join("scorecard.csv"), &scorecard_csv(&run.summary))?;
    write(&out.join("paths.csv"), &paths_csv(scenario, run))?;
    write(&out.join("outcome_record.csv"), &outcome_record_csv(run))?;
    register_font()?;
    let first = &run.paths[0];
    let mut svgs = vec![];
    let chart = |name: &str| -> SimResult<String> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
            draw(name, scenario, run, first, root)?;
        }
        write(&out.join("charts").join(format!("{name}.svg")), &svg)?;
        let png = out.join("charts").join(format!("{name}.png"));
        {
            let root = BitMapBackend::new(&png, (900, 420)).into_drawing_area();
            draw(name, scenario, run, first, root)?;
        }
        Ok(svg)
    };
    for (name, title) in [
        (
            "nav",
            "NAV against buy-and-hold and the fixed rebalance (first path)",
        ),
        ("allocation", "Allocation over time (first path)"),
        ("drawdown", "Drawdown (first path)"),
        ("outcomes", "Proposals by outcome (all paths)"),
        (
            "verdict",
            "Sharpe and maximum drawdown against the baselines (mean, p5 to p95 over all paths)",
        ),
    ] {
        svgs.push((title, chart(name)?));
    }
    // Only when the oracle scored something.
    let outcome_svg = if run
        .paths
        .iter()
        .any(|p| !p.outcome_record.scored.is_empty())
    {
        Some(chart("outcome_record")?)
    } else {
        None
    };
    let html = html(
        scenario,
        scenario_text,
        &run.summary,
        &svgs,
        outcome_svg.as_deref(),
    );
    let report = out.join("report.html");
    write(&report, &html)?;
    Ok(report)
}

fn draw<DB: DrawingBackend>(
    name: &str,
    s: &Scenario,
    run: &Run,
    p: &PathResult,
    root: DrawingArea<DB, Shift>,
) -> SimResult<()> {
    let r = match name {
        "nav" => draw_nav(s, run, p, root),
        "allocation" => draw_allocation(s, run, p, root),
        "drawdown" => draw_drawdown(s, run, p, root),
        "verdict" => draw_verdict(&run.summary, root),
        "outcome_record" => draw_outcome_record(s, run, root),
        _ => draw_outcomes(s, run, p, root),
    };
    r.map_err(|e| SimError::Chart {
        chart: name.into(),
        reason: e,
    })
}

type Drawn = Result<(), String>;

/// Every chart's last step: the legend of its labelled series in one style,
/// then the picture written out.
fn legend_and_present<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 12))
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

const COLORS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

fn lines<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    caption: &str,
    series: &[(&str, Vec<f64>)],
    y_label: &str,
) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let n = series.iter().map(|s| s.1.len()).max().unwrap_or(1).max(2);
    let (mut lo, mut hi) = (f64::MAX, f64::MIN);
    for (_, v) in series {
        for &x in v {
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    if lo >= hi {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.05;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(70)
        .build_cartesian_2d(0..n, (lo - pad)..(hi + pad))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc(y_label)
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(err)?;
    for (k, (name, v)) in series.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        chart
            .draw_series(LineSeries::new(
                v.iter().enumerate().map(|(i, y)| (i, *y)),
                color.stroke_width(2),
            ))
            .map_err(err)?
            .label(*name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    legend_and_present(&mut chart, &root)
}

fn draw_nav<DB: DrawingBackend>(
    _s: &Scenario,
    _run: &Run,
    p: &PathResult,
    root: DrawingArea<DB, Shift>,
) -> Drawn {
    lines(
        root,
        &format!("NAV, {} (seed {})", p.strategy, p.seed),
        &[
            (
                p.strategy.as_str(),
                p.records.iter().map(|r| r.nav).collect(),
            ),
            (
                "buy and hold",
                p.records.iter().map(|r| r.hold_nav).collect(),
            ),
            (
                "fixed rebalance",
                p.records.iter().map(|r| r.rebalance_nav).collect(),
            ),
        ],
        "stable units",
    )
}

fn draw_drawdown<DB: DrawingBackend>(
    _s: &Scenario,
    _run: &Run,
    p: &PathResult,
    root: DrawingArea<DB, Shift>,
) -> Drawn {
    let dd = |v: Vec<f64>| {
        drawdown(&v)
            .into_iter()
            .map(|d| -100.0 * d)
            .collect::<Vec<_>>()
    };
    lines(
        root,
        &format!("Drawdown, {} (seed {})", p.strategy, p.seed),
        &[
            (
                p.strategy.as_str(),
                dd(p.records.iter().map(|r| r.nav).collect()),
            ),
            (
                "buy and hold",
                dd(p.records.iter().map(|r| r.hold_nav).collect()),
            ),
            (
                "fixed rebalance",
                dd(p.records.iter().map(|r| r.rebalance_nav).collect()),
            ),
        ],
        "% below peak",
    )
}

fn draw_allocation<DB: DrawingBackend>(
    s: &Scenario,
    _run: &Run,
    p: &PathResult,
    root: DrawingArea<DB, Shift>,
) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let n = p.records.len().max(2);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Allocation, {} (seed {})", p.strategy, p.seed),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(50)
        .build_cartesian_2d(0..n, 0.0..100.0)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("% of NAV")
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(err)?;
    // Stacked: draw cumulative shares from the top layer down.
    let shares: Vec<Vec<f64>> = p
        .records
        .iter()
        .map(|r| {
            let values: Vec<f64> = r
                .holdings
                .iter()
                .zip(&r.prices)
                .map(|(h, p)| h * p)
                .collect();
            let total: f64 = values.iter().sum::<f64>().max(1e-12);
            values.iter().map(|v| 100.0 * v / total).collect()
        })
        .collect();
    for k in (0..s.assets.len()).rev() {
        let color = COLORS[k % COLORS.len()];
        let top: Vec<(usize, f64)> = shares
            .iter()
            .enumerate()
            .map(|(i, sh)| (i, sh[..=k].iter().sum()))
            .collect();
        chart
            .draw_series(AreaSeries::new(top, 0.0, color.mix(0.85)).border_style(color))
            .map_err(err)?
            .label(s.assets[k].symbol.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
    }
    legend_and_present(&mut chart, &root)
}

/// One bar per scorecard row (strategies, then the baselines): the mean,
/// with a whisker from p5 to p95.
fn bars_with_whiskers<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    summary: &Summary,
    stat: &str,
    caption: &str,
    scale: f64,
    y_label: &str,
) -> Drawn {
    let rows = &summary.scorecard;
    let dists: Vec<_> = rows.iter().map(|r| &r.stats[stat]).collect();
    let mut lo = dists.iter().map(|d| d.p5.min(d.mean)).fold(0.0, f64::min) * scale;
    let mut hi = dists.iter().map(|d| d.p95.max(d.mean)).fold(0.0, f64::max) * scale;
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.08;
    lo -= if lo < 0.0 { pad } else { 0.0 };
    hi += pad;
    let n = rows.len().max(1);
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..n as f64, lo..hi)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n * 2 + 1)
        .x_label_formatter(&|x| {
            let i = (*x - 0.5).round();
            if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_desc(y_label)
        .label_style(("sans-serif", 11))
        .draw()
        .map_err(err)?;
    for (k, d) in dists.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let x = k as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x + 0.2, 0.0), (x + 0.8, d.mean * scale)],
                color.mix(0.8).filled(),
            )))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x + 0.5, d.p5 * scale), (x + 0.5, d.p95 * scale)],
                BLACK.stroke_width(2),
            )))
            .map_err(err)?;
        for y in [d.p5, d.p95] {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x + 0.4, y * scale), (x + 0.6, y * scale)],
                    BLACK.stroke_width(2),
                )))
                .map_err(err)?;
        }
    }
    Ok(())
}

fn draw_verdict<DB: DrawingBackend>(summary: &Summary, root: DrawingArea<DB, Shift>) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let halves = root.split_evenly((1, 2));
    bars_with_whiskers(
        &halves[0],
        summary,
        "sharpe",
        "Sharpe (higher is better)",
        1.0,
        "Sharpe",
    )?;
    bars_with_whiskers(
        &halves[1],
        summary,
        "max_drawdown",
        "Maximum drawdown (lower is better)",
        100.0,
        "% of peak",
    )?;
    root.present().map_err(err)
}

fn draw_outcomes<DB: DrawingBackend>(
    _s: &Scenario,
    run: &Run,
    _p: &PathResult,
    root: DrawingArea<DB, Shift>,
) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let mut kinds: Vec<String> = vec![];
    for m in run.summary.outcomes.values() {
        for k in m.keys() {
            if !kinds.contains(k) {
                kinds.push(k.clone());
            }
        }
    }
    let strategies: Vec<&String> = run.summary.outcomes.keys().collect();
    let max = run
        .summary
        .outcomes
        .values()
        .flat_map(|m| m.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let groups = kinds.len().max(1);
    let width = strategies.len().max(1);
    let mut chart = ChartBuilder::on(&root)
        .caption("Proposals and advice by outcome", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..groups as f64, 0.0..max * 1.1)
        .map_err(err)?;
    let labels = kinds.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(groups * 2 + 1)
        .x_label_formatter(&|x| {
            let i = (*x - 0.5).round();
            if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_desc("count")
        .label_style(("sans-serif", 11))
        .draw()
        .map_err(err)?;
    for (j, strategy) in strategies.iter().enumerate() {
        let color = COLORS[j % COLORS.len()];
        let counts = &run.summary.outcomes[*strategy];
        let bars = kinds.iter().enumerate().map(|(g, k)| {
            let v = counts.get(k).copied().unwrap_or(0) as f64;
            let x0 = g as f64 + 0.1 + 0.8 * j as f64 / width as f64;
            let x1 = x0 + 0.8 / width as f64;
            Rectangle::new([(x0, 0.0), (x1, v)], color.filled())
        });
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(strategy.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
    }
    legend_and_present(&mut chart, &root)
}

/// Per strategy, the first path with a scored outcome: its realised value
/// added per scored recommendation, at the epoch it executed, as the oracle
/// recorded it.
fn draw_outcome_record<DB: DrawingBackend>(
    s: &Scenario,
    run: &Run,
    root: DrawingArea<DB, Shift>,
) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let mut seen: Vec<&str> = vec![];
    let mut series: Vec<(String, Vec<(f64, f64)>)> = vec![];
    for p in &run.paths {
        if p.outcome_record.scored.is_empty() || seen.contains(&p.strategy.as_str()) {
            continue;
        }
        seen.push(&p.strategy);
        let offset = 0.15 * series.len() as f64;
        let points = p
            .outcome_record
            .scored
            .iter()
            .map(|o| (f64::from(o.epoch_executed) + offset, o.value_added_units))
            .collect();
        series.push((format!("{} (seed {})", p.strategy, p.seed), points));
    }
    let ys = series.iter().flat_map(|(_, v)| v.iter().map(|p| p.1));
    let (lo, hi) = ys.fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let pad = ((hi - lo) * 0.08).max(1e-6);
    let quote = &run.summary.outcome_record.quote;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Realised value added per scored recommendation (oracle record)",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..f64::from(s.epochs.max(1)), (lo - pad)..(hi + pad))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("epoch executed")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc(format!("value added against holding, {quote}"))
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (f64::from(s.epochs), 0.0)],
            BLACK.stroke_width(1),
        )))
        .map_err(err)?;
    for (k, (name, points)) in series.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&(x, y)| PathElement::new(vec![(x, 0.0), (x, y)], color.stroke_width(2))),
            )
            .map_err(err)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
            )
            .map_err(err)?
            .label(name.as_str())
            .legend(move |(x, y)| Circle::new((x + 7, y), 4, color.filled()));
    }
    legend_and_present(&mut chart, &root)
}

fn outcome_record_csv(run: &Run) -> String {
    let mut out = String::from("strategy,seed,recommendation,advisor,executed_at,epoch_executed,recorded_at,epoch_recorded,value_added,value_added_units,recorded_by\n");
    for p in &run.paths {
        for o in &p.outcome_record.scored {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{:.6},{}",
                p.strategy,
                p.seed,
                o.recommendation,
                o.advisor,
                o.executed_at,
                o.epoch_executed,
                o.recorded_at,
                o.epoch_recorded,
                o.value_added,
                o.value_added_units,
                o.recorded_by
            );
        }
    }
    out.push_str("\nstrategy,seed,advisor,executed,outcomes_recorded,outcome_hits,value_added,worst_outcome,tracked,recorded,refused,not_due_at_end,due_unscored_at_end\n");
    for p in &run.paths {
        let c = &p.outcome_record.counts;
        for a in &p.outcome_record.advisors {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                p.strategy,
                p.seed,
                a.advisor,
                a.executed,
                a.outcomes_recorded,
                a.outcome_hits,
                a.value_added,
                a.worst_outcome.map(|w| w.to_string()).unwrap_or_default(),
                c.tracked,
                c.recorded,
                c.refused,
                c.not_due_at_end,
                c.due_unscored_at_end
            );
        }
    }
    out
}

fn timeseries_csv(s: &Scenario, run: &Run) -> String {
    let mut out = String::from("strategy,seed,epoch,time,nav,hold_nav,rebalance_nav,drawdown");
    for a in &s.assets {
        let _ = write!(out, ",price_{0},holding_{0},share_{0}", a.symbol);
    }
    out.push_str(",nav_limit_used,allowance_used,outcome\n");
    // The first path of each strategy.
    let mut seen = vec![];
    for p in &run.paths {
        if seen.contains(&p.strategy) {
            continue;
        }
        seen.push(p.strategy.clone());
        let dd = drawdown(&p.records.iter().map(|r| r.nav).collect::<Vec<_>>());
        for (r, d) in p.records.iter().zip(dd) {
            let _ = write!(
                out,
                "{},{},{},{},{:.4},{:.4},{:.4},{:.6}",
                p.strategy, p.seed, r.epoch, r.time, r.nav, r.hold_nav, r.rebalance_nav, d
            );
            for i in 0..s.assets.len() {
                let share = if r.nav > 0.0 {
                    r.holdings[i] * r.prices[i] / r.nav
                } else {
                    0.0
                };
                let _ = write!(out, ",{:.6},{:.6},{:.6}", r.prices[i], r.holdings[i], share);
            }
            let _ = writeln!(
                out,
                ",{:.6},{:.6},{}",
                r.nav_limit_used, r.allowance_used, r.outcome
            );
        }
    }
    out
}

fn outcomes_csv(summary: &Summary) -> String {
    let mut out = String::from("strategy,outcome,count\n");
    for (s, m) in &summary.outcomes {
        for (k, v) in m {
            let _ = writeln!(out, "{s},{k},{v}");
        }
    }
    out.push_str("\nstrategy,reason,count\n");
    for (s, m) in &summary.reasons {
        for (k, v) in m {
            let _ = writeln!(out, "{s},\"{}\",{v}", k.replace('"', "'"));
        }
    }
    out
}

fn scorecard_csv(summary: &Summary) -> String {
    let mut out = String::from("name,statistic,mean,p5,p50,p95\n");
    for r in &summary.scorecard {
        for (k, d) in &r.stats {
            let _ = writeln!(
                out,
                "{},{k},{:.6},{:.6},{:.6},{:.6}",
                r.name, d.mean, d.p5, d.p50, d.p95
            );
        }
    }
    out
}

fn paths_csv(s: &Scenario, run: &Run) -> String {
    let mut out = String::from("strategy,seed,name,return,volatility,sharpe,max_drawdown,turnover,cost,breaches,attack_measured,attack_bound,seconds\n");
    for p in &run.paths {
        for (name, st) in crate::montecarlo::path_stats(s, p) {
            let (m, b) = p
                .attack
                .as_ref()
                .map(|a| (a.measured, a.bound))
                .unwrap_or((0.0, 0.0));
            let _ = writeln!(
                out,
                "{},{},{name},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{},{m:.4},{b:.4},{:.3}",
                p.strategy,
                p.seed,
                st.total_return,
                st.volatility,
                st.sharpe,
                st.max_drawdown,
                st.turnover,
                st.cost,
                p.breaches.len(),
                p.seconds
            );
        }
    }
    out
}

/// Escaped, with Markdown's `code` spans as `<code>`.
fn esc_code(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The scorecard as a Markdown table.
pub fn scorecard_markdown(summary: &Summary) -> String {
    let mut out = String::from("| strategy | return mean (p5 / p50 / p95) | ann. vol | Sharpe | max drawdown | turnover /yr | fees+slippage |\n|---|---|---|---|---|---|---|\n");
    for r in &summary.scorecard {
        let d = |k: &str| &r.stats[k];
        let pct = |k: &str| {
            let x = d(k);
            format!(
                "{:.1}% ({:.1} / {:.1} / {:.1})",
                100.0 * x.mean,
                100.0 * x.p5,
                100.0 * x.p50,
                100.0 * x.p95
            )
        };
        let num = |k: &str| {
            let x = d(k);
            format!("{:.2} ({:.2} / {:.2} / {:.2})", x.mean, x.p5, x.p50, x.p95)
        };
        let cost = 100.0 * d("fees_and_slippage").mean;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {cost:.2}% |",
            r.name,
            pct("return"),
            pct("volatility"),
            num("sharpe"),
            pct("max_drawdown"),
            num("turnover"),
        );
    }
    out
}

/// The verdict against the baselines as a Markdown table.
pub fn verdict_markdown(summary: &Summary) -> String {
    let mut out = String::from("| strategy | against | Sharpe (strategy / baseline) | verdict | max drawdown (strategy / baseline) | verdict |\n|---|---|---|---|---|---|\n");
    let word = |beats: bool| if beats { "beats" } else { "does not beat" };
    for v in &summary.verdicts {
        for a in &v.against {
            let _ = writeln!(
                out,
                "| {} | {} | {:.3} / {:.3} | {} | {:.1}% / {:.1}% | {} |",
                v.strategy,
                a.baseline,
                v.sharpe,
                a.sharpe,
                word(a.sharpe_beats),
                100.0 * v.max_drawdown,
                100.0 * a.max_drawdown,
                word(a.max_drawdown_beats),
            );
        }
    }
    out
}

/// The outcome record section: one line when no horizon is set or nothing
/// was scored; else that line, a table per strategy and advisor, and notes.
struct OutcomeSection {
    line: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

fn outcome_section(summary: &Summary) -> OutcomeSection {
    let o = &summary.outcome_record;
    let mut total = crate::outcomes::OutcomeCounts::default();
    for c in o.counts.values() {
        total.add(c);
    }
    let only = |line: String| OutcomeSection {
        line,
        header: vec![],
        rows: vec![],
        notes: vec![],
    };
    let (Some(h), Some(epochs)) = (o.horizon_seconds, o.horizon_epochs) else {
        return only("Outcome record: no outcome horizon is set (`advisor.outcome_horizon_seconds = 0`), so the oracle records no outcomes and no `RecordOutcome` was sent.".into());
    };
    let horizon = if (epochs - 1.0).abs() < 1e-9 {
        format!("horizon {h} s, 1 epoch")
    } else if (epochs - epochs.round()).abs() < 1e-9 {
        format!("horizon {h} s, {epochs:.0} epochs")
    } else {
        format!("horizon {h} s, {epochs:.2} epochs")
    };
    if o.scored == 0 {
        return only(format!(
            "Outcome record ({horizon}): no outcome was scored; {} executed adoption(s) tracked, {} executed too close to the end of the run and not yet due, {} due but refused every time.",
            total.tracked, total.not_due_at_end, total.due_unscored_at_end
        ));
    }
    let q = &o.quote;
    let many = o.paths > 1;
    let line = if many {
        format!("Outcome record ({horizon}): each advisor's track record as the oracle holds it at the end of each of {} paths per strategy, value added against holding in {q}. Outcomes and hits are summed over paths and the hit rate pooled over every scored outcome; value added is the median of the paths' records (p5 / p95); the worst outcome is the lowest over paths.", o.paths)
    } else {
        format!("Outcome record ({horizon}): each advisor's track record as the oracle holds it at the end of the path, value added against holding in {q}.")
    };
    let mut header: Vec<String> = vec!["strategy".into(), "advisor".into()];
    if many {
        header.push("paths".into());
    }
    header.extend([
        "outcomes scored".into(),
        "hits".into(),
        "hit rate".into(),
        if many {
            format!("value added, {q}: median (p5 / p95)")
        } else {
            format!("value added, {q}")
        },
        format!("worst outcome, {q}"),
    ]);
    let rows = o
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.strategy.clone(), r.advisor.clone()];
            if many {
                row.push(r.paths.to_string());
            }
            let d = &r.value_added;
            row.extend([
                r.outcomes_recorded.to_string(),
                r.outcome_hits.to_string(),
                r.hit_rate
                    .map_or("–".into(), |h| format!("{:.1}%", 100.0 * h)),
                if many {
                    format!("{:.2} ({:.2} / {:.2})", d.p50, d.p5, d.p95)
                } else {
                    format!("{:.2}", d.p50)
                },
                r.worst_outcome.map_or("–".into(), |w| format!("{w:.2}")),
            ]);
            row
        })
        .collect();
    let notes = o
        .counts
        .iter()
        .map(|(strategy, c)| {
            format!(
                "{strategy}: {} executed adoption(s) tracked, {} scored; {} executed too close to the end of the run, not yet due, stay unrecorded; {} due but unscored; {} `RecordOutcome` refusal(s).",
                c.tracked, c.recorded, c.not_due_at_end, c.due_unscored_at_end, c.refused
            )
        })
        .collect();
    OutcomeSection {
        line,
        header,
        rows,
        notes,
    }
}

/// The outcome record section in Markdown: one line when no horizon is set
/// or nothing was scored, else a table per strategy and advisor and notes.
pub fn outcome_record_markdown(summary: &Summary) -> String {
    let sec = outcome_section(summary);
    let mut out = format!("{}\n", sec.line);
    if sec.rows.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n| {} |", sec.header.join(" | "));
    let align: Vec<&str> = (0..sec.header.len())
        .map(|i| if i < 2 { "---" } else { "---:" })
        .collect();
    let _ = writeln!(out, "|{}|", align.join("|"));
    for row in &sec.rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
    for n in &sec.notes {
        let _ = writeln!(out, "- {n}");
    }
    out
}

fn html(
    s: &Scenario,
    text: &str,
    summary: &Summary,
    svgs: &[(&str, String)],
    outcome_svg: Option<&str>,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Steward simulation: {name}</title>\
<style>body{{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}}\
table{{border-collapse:collapse;margin:1em 0;font-size:14px}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}\
th{{background:#f3f3f3}}td:first-child,th:first-child{{text-align:left}}pre{{background:#f7f7f7;padding:1em;overflow:auto;font-size:12px}}\
.ok{{color:#1a7f37}}.bad{{color:#b42318}}.wait{{color:#9a6700}}</style></head><body>\
<h1>Steward simulation: {name}</h1><p>{desc}</p>\
<p>{paths} path(s) × {epochs} epochs of {epoch_s} s, strategies: {strategies}. Every epoch ran the real contracts in cw-multi-test; the advisor library signed every recommendation.</p>",
        name = esc(&s.name),
        desc = esc(&s.description),
        paths = summary.paths,
        epochs = summary.epochs,
        epoch_s = s.epoch_seconds,
        strategies = esc(&summary.strategies.join(", ")),
    );
    h.push_str("<h2>Advisor scorecard</h2><table><tr><th>strategy</th><th>return mean</th><th>p5</th><th>p50</th><th>p95</th><th>ann. volatility</th><th>Sharpe mean</th><th>Sharpe p5 / p95</th><th>max drawdown mean</th><th>p95</th><th>turnover /yr</th><th>fees+slippage</th></tr>");
    for r in &summary.scorecard {
        let d = |k: &str| &r.stats[k];
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{:.2}%</td><td>{:.2}%</td><td>{:.2}%</td><td>{:.2}%</td><td>{:.2}%</td><td>{:.2}</td><td>{:.2} / {:.2}</td><td>{:.2}%</td><td>{:.2}%</td><td>{:.2}</td><td>{:.3}%</td></tr>",
            esc(&r.name),
            100.0 * d("return").mean,
            100.0 * d("return").p5,
            100.0 * d("return").p50,
            100.0 * d("return").p95,
            100.0 * d("volatility").mean,
            d("sharpe").mean,
            d("sharpe").p5,
            d("sharpe").p95,
            100.0 * d("max_drawdown").mean,
            100.0 * d("max_drawdown").p95,
            d("turnover").mean,
            100.0 * d("fees_and_slippage").mean,
        );
    }
    h.push_str("</table>");
    let breach_class = if summary.breaches == 0 { "ok" } else { "bad" };
    let _ = write!(
        h,
        "<p class=\"{breach_class}\">Policy breaches measured from bank and cw20 balances after each block: <b>{}</b> on {} of {} paths.</p>",
        summary.breaches,
        summary.paths_with_breaches,
        summary.paths as usize * summary.strategies.len()
    );
    h.push_str("<h2>Verdict against the baselines</h2><p>Means over paths: a higher Sharpe and a smaller maximum drawdown beat the baseline.</p><table><tr><th>strategy</th><th>baseline</th><th>Sharpe: strategy</th><th>baseline</th><th>verdict</th><th>max drawdown: strategy</th><th>baseline</th><th>verdict</th></tr>");
    for v in &summary.verdicts {
        for a in &v.against {
            let word = |beats: bool| {
                if beats {
                    "<td class=\"ok\">beats</td>"
                } else {
                    "<td class=\"bad\">does not beat</td>"
                }
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td>{}<td>{:.2}%</td><td>{:.2}%</td>{}</tr>",
                esc(&v.strategy),
                esc(&a.baseline),
                v.sharpe,
                a.sharpe,
                word(a.sharpe_beats),
                100.0 * v.max_drawdown,
                100.0 * a.max_drawdown,
                word(a.max_drawdown_beats),
            );
        }
    }
    h.push_str("</table>");
    if let Some(a) = &summary.attack {
        let class = if a.status == "held" {
            "ok"
        } else if a.status.starts_with("waiting") {
            "wait"
        } else {
            "bad"
        };
        let _ = write!(
            h,
            "<h2>Attack: {}</h2><table><tr><th>bound (smallest over paths)</th><th>worst loss measured</th><th>bound on that path</th><th>status</th></tr>\
<tr><td>{:.2}</td><td>{:.2}</td><td>{:.2}</td><td class=\"{class}\">{}</td></tr></table><p>Bound: {}</p>",
            esc(&a.kind),
            a.min_bound,
            a.worst_measured,
            a.bound_at_worst,
            esc(&a.status),
            esc(&a.formula)
        );
        if !a.notes.is_empty() {
            h.push_str("<table><tr><th>figure</th><th>worst over paths</th></tr>");
            for (k, v) in &a.notes {
                let _ = write!(h, "<tr><td>{}</td><td>{:.4}</td></tr>", esc(k), v);
            }
            h.push_str("</table>");
        }
    }
    let sec = outcome_section(summary);
    let _ = write!(h, "<h2>Outcome record</h2><p>{}</p>", esc_code(&sec.line));
    if !sec.rows.is_empty() {
        h.push_str("<table><tr>");
        for c in &sec.header {
            let _ = write!(h, "<th>{}</th>", esc(c));
        }
        h.push_str("</tr>");
        for row in &sec.rows {
            h.push_str("<tr>");
            for c in row {
                let _ = write!(h, "<td>{}</td>", esc(c));
            }
            h.push_str("</tr>");
        }
        h.push_str("</table><ul>");
        for n in &sec.notes {
            let _ = write!(h, "<li>{}</li>", esc_code(n));
        }
        h.push_str("</ul>");
    }
    if let Some(svg) = outcome_svg {
        let _ = write!(
            h,
            "<h3>Realised value added per scored recommendation (first path with a score, per strategy)</h3><div>{svg}</div>"
        );
    }
    h.push_str("<h2>Charts</h2>");
    for (title, svg) in svgs {
        let _ = write!(h, "<h3>{}</h3><div>{}</div>", esc(title), svg);
    }
    h.push_str("<h2>Outcomes and reasons</h2><table><tr><th>strategy</th><th>outcome or reason</th><th>count</th></tr>");
    for (s, m) in summary.outcomes.iter().chain(summary.reasons.iter()) {
        for (k, v) in m {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{v}</td></tr>",
                esc(s),
                esc(k)
            );
        }
    }
    h.push_str("</table>");
    let t = &summary.throughput;
    let _ = write!(
        h,
        "<p>{} epochs, {} proposals, {} votes; {:.2} s per path (slowest {:.2} s), {:.1} s wall on {} threads.</p>",
        t.epochs, t.proposals, t.votes, t.seconds_per_path, t.max_seconds_per_path, t.wall_seconds, t.threads
    );
    let _ = write!(h, "<h2>Scenario</h2><pre>{}</pre></body></html>", esc(text));
    h
}
