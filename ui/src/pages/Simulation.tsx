// The simulation report the server publishes beside the app (scripts/ui-serve
// --report DIR, which scripts/demo passes after its simulation run): the
// advisor scorecard, the verdict against the baselines and any attack bound,
// read from the run's summary.json; the full HTML report is linked.
import { useQuery } from "@tanstack/react-query";
import { Empty, Q } from "../components/common";
import { humanize } from "../lib/format";

/** The fields of steward-sim's summary.json this page shows. */
interface Dist {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}
interface SimSummary {
  scenario: string;
  description: string;
  epochs: number;
  paths: number;
  scorecard: { name: string; stats: Record<string, Dist> }[];
  verdicts: {
    strategy: string;
    against: { baseline: string; sharpe_beats: boolean; max_drawdown_beats: boolean; sharpe: number; max_drawdown: number }[];
    sharpe: number;
    max_drawdown: number;
  }[];
  breaches: number;
  attack: null | { kind: string; formula: string; min_bound: number; worst_measured: number; held_on_every_path: boolean; status: string };
}

const REPORT = "report/";
const STATS: [string, string, (v: number) => string][] = [
  ["return", "Return", pct],
  ["volatility", "Volatility (annualised)", pct],
  ["sharpe", "Sharpe", (v) => v.toFixed(3)],
  ["max_drawdown", "Max drawdown", pct],
];

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

function useSummary() {
  return useQuery({
    queryKey: ["simulation-summary"],
    queryFn: async (): Promise<SimSummary | null> => {
      const r = await fetch(`${REPORT}summary.json`);
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(`${REPORT}summary.json: HTTP ${r.status}`);
      const type = r.headers.get("content-type") ?? "";
      // A single-page server answers unknown paths with the app itself.
      if (!type.includes("json")) return null;
      return (await r.json()) as SimSummary;
    },
    retry: false,
  });
}

export function SimulationPage() {
  const summary = useSummary();
  return (
    <>
      <h1>Simulation</h1>
      <Q q={summary} what="the simulation report">
        {(s) =>
          !s ? (
            <Empty>
              No simulation report is served with this app. <code>scripts/demo</code> runs the default scenario and
              serves its report here; <code>scripts/ui-serve --report DIR</code> serves another run of{" "}
              <code>steward-sim</code>.
            </Empty>
          ) : (
            <>
              <p>
                Scenario <strong>{s.scenario}</strong>: {s.description} {s.epochs} epochs, {s.paths} path(s), run with
                the real contracts. <a href={`${REPORT}report.html`}>Open the full report</a> (charts, time series, the
                scenario file).
              </p>
              <p role="status" className={s.breaches === 0 ? "good" : "bad"}>
                {s.breaches === 0
                  ? "No policy breach on any path (measured from bank and cw20 balances after each block)."
                  : `${s.breaches} policy breach(es) measured from balances.`}
              </p>
              <table aria-label="Advisor scorecard">
                <caption>Mean over paths (p5 to p95)</caption>
                <thead>
                  <tr>
                    <th scope="col">Strategy</th>
                    {STATS.map(([, label]) => (
                      <th scope="col" key={label}>
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {s.scorecard.map((row) => (
                    <tr key={row.name}>
                      <th scope="row">{humanize(row.name)}</th>
                      {STATS.map(([key, label, fmt]) => {
                        const d = row.stats[key];
                        return <td key={label}>{d ? `${fmt(d.mean)} (${fmt(d.p5)} to ${fmt(d.p95)})` : "—"}</td>;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <table aria-label="Verdict against the baselines">
                <thead>
                  <tr>
                    <th scope="col">Strategy</th>
                    <th scope="col">Against</th>
                    <th scope="col">Sharpe</th>
                    <th scope="col">Max drawdown</th>
                  </tr>
                </thead>
                <tbody>
                  {s.verdicts.flatMap((v) =>
                    v.against.map((a) => (
                      <tr key={`${v.strategy}-${a.baseline}`}>
                        <th scope="row">{humanize(v.strategy)}</th>
                        <td>{humanize(a.baseline)}</td>
                        <td>
                          {v.sharpe.toFixed(3)} against {a.sharpe.toFixed(3)}: {a.sharpe_beats ? "beats" : "does not beat"}
                        </td>
                        <td>
                          {pct(v.max_drawdown)} against {pct(a.max_drawdown)}: {a.max_drawdown_beats ? "beats" : "does not beat"}
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
              {s.attack && (
                <dl aria-label="Attack bound">
                  <dt>Attack</dt>
                  <dd>{humanize(s.attack.kind)}</dd>
                  <dt>Bound</dt>
                  <dd>
                    {s.attack.min_bound.toLocaleString("en-US")} (<code>{s.attack.formula}</code>)
                  </dd>
                  <dt>Worst loss measured</dt>
                  <dd>
                    {s.attack.worst_measured.toLocaleString("en-US")}: {s.attack.status}
                  </dd>
                </dl>
              )}
              <figure>
                <img src={`${REPORT}charts/nav.png`} alt="NAV of each strategy against buy-and-hold and the fixed rebalance, first path" width={900} height={420} />
                <figcaption>NAV against the baselines (first path); the full report has allocation, drawdown and outcome charts.</figcaption>
              </figure>
            </>
          )
        }
      </Q>
    </>
  );
}
