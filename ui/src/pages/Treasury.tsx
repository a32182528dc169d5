import type { ReactNode } from "react";
import { useBudgets, useChainTime, usePolicyState, usePrices } from "../chain/queries";
import { Amount, AssetName, Empty, Q } from "../components/common";
import { PriceHistoryChart } from "../components/PriceHistoryChart";
import type { AssetInfo } from "../contracts/StewardTreasury.types";
import { assetKey, formatDuration, formatUnits, valueAt } from "../lib/format";

function Bar({ label, value, max, text }: { label: string; value: number; max: number; text: ReactNode }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div className="bar-row">
      <span className="bar-label">{label}</span>
      <span className="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-valuetext={`${pct.toFixed(1)} %`}>
        <span className="bar-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="bar-text">{text}</span>
    </div>
  );
}

const same = (a: AssetInfo, b: AssetInfo) => assetKey(a) === assetKey(b);

export function TreasuryPage() {
  const state = usePolicyState();
  const assets = state.data?.balances.map((b) => b.info);
  const prices = usePrices(assets);
  const budgets = useBudgets();
  const time = useChainTime();
  const now = time.data?.time ?? Math.floor(Date.now() / 1000);
  return (
    <>
      <h1>Treasury</h1>
      <Q q={state} what="the treasury">
        {(s) => {
          const maxAge = s.policy.max_price_age_seconds;
          const rows = s.balances.map((b) => {
            const p = prices.data?.prices.find((x) => same(x.asset, b.info));
            const age = p ? now - p.publish_time : null;
            const value = p ? valueAt(b.amount, p.price) : null;
            return { b, p, age, stale: age !== null && age > maxAge, value };
          });
          const nav = rows.reduce((sum, r) => sum + (r.value ?? 0n), 0n);
          return (
            <>
              <section aria-labelledby="balances-h">
                <h2 id="balances-h">Balances and value</h2>
                <table aria-label="Balances at oracle prices">
                  <thead>
                    <tr>
                      <th scope="col">Asset</th>
                      <th scope="col">Balance</th>
                      <th scope="col">Oracle price</th>
                      <th scope="col">Price age</th>
                      <th scope="col">Value (oracle quote units)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={assetKey(r.b.info)}>
                        <td>
                          <AssetName asset={r.b.info} />
                        </td>
                        <td>
                          <Amount asset={r.b.info} amount={r.b.amount} />
                        </td>
                        <td>{r.p ? `${r.p.price} per smallest unit` : "no price"}</td>
                        <td className={r.stale ? "bad" : undefined}>
                          {r.age === null ? "—" : r.stale ? `stale: ${formatDuration(r.age)} old (limit ${formatDuration(maxAge)})` : `${formatDuration(r.age)} old`}
                        </td>
                        <td>{r.value === null ? "—" : formatUnits(r.value.toString(), 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>Net asset value: {formatUnits(nav.toString(), 0)} quote units{rows.some((r) => r.stale || !r.p) ? " (incomplete: some prices are missing or stale)" : ""}.</p>
                {rows.some((r) => r.stale) && (
                  <p role="alert" className="bad">
                    Stale price: {rows.filter((r) => r.stale).length} of the oracle's prices are older than the policy's {formatDuration(maxAge)};
                    movements valued at them are refused until a feeder publishes again.
                  </p>
                )}
              </section>
              <section aria-labelledby="alloc-h">
                <h2 id="alloc-h">Allocation</h2>
                <div role="group" aria-label="Allocation chart">
                  {rows.map((r) => (
                    <Bar
                      key={assetKey(r.b.info)}
                      label={`Share of ${assetKey(r.b.info)}`}
                      value={Number(r.value ?? 0n)}
                      max={Number(nav)}
                      text={nav > 0n && r.value !== null ? `${((Number(r.value) / Number(nav)) * 100).toFixed(1)} %` : "no price"}
                    />
                  ))}
                </div>
              </section>
              <section aria-labelledby="usage-h">
                <h2 id="usage-h">Policy usage</h2>
                <p>
                  Each limit refills continuously: at most one period's amount is available at once, and it refills at that
                  amount per {formatDuration(s.policy.period_seconds)}, so any window of length T moves at most the amount ×
                  (1 + T / period). Figures as the treasury computed them at {new Date(s.now * 1000).toISOString()}.
                </p>
                <div role="group" aria-label="Available under each allowance">
                  {s.asset_limits.map((l) => (
                    <Bar
                      key={assetKey(l.asset)}
                      label={`Available ${assetKey(l.asset)}`}
                      value={Number(l.available)}
                      max={Number(l.capacity)}
                      text={
                        <>
                          <Amount asset={l.asset} amount={l.available} /> of <Amount asset={l.asset} amount={l.capacity} /> available
                          now; refills in {formatDuration(l.refill_period_seconds)}
                        </>
                      }
                    />
                  ))}
                  {s.nav_limit && (
                    <Bar
                      label="Available under the NAV cap"
                      value={Number(s.nav_limit.available_share)}
                      max={Number(s.nav_limit.capacity_share)}
                      text={`${(Number(s.nav_limit.available_share) * 100).toFixed(2)} % of NAV (${formatUnits(((nav * BigInt(Math.round(Number(s.nav_limit.available_share) * 1e6))) / 1000000n).toString(), 0)} quote units) may move now; the cap is ${(Number(s.nav_limit.capacity_share) * 100).toFixed(2)} %, refilled over ${formatDuration(s.nav_limit.refill_period_seconds)}`}
                    />
                  )}
                </div>
              </section>
              <section aria-labelledby="budgets-h">
                <h2 id="budgets-h">Budgets</h2>
                <Q q={budgets} what="budgets">
                  {(bs) =>
                    bs.budgets.length === 0 ? (
                      <Empty>No budgets.</Empty>
                    ) : (
                      <table aria-label="Budgets and draws">
                        <thead>
                          <tr>
                            <th scope="col">Spender</th>
                            <th scope="col">Per period</th>
                            <th scope="col">Left at its last draw</th>
                            <th scope="col">Period</th>
                          </tr>
                        </thead>
                        <tbody>
                          {bs.budgets.map((b) => (
                            <tr key={b.spender + assetKey(b.asset)}>
                              <td>
                                <code>{b.spender}</code>
                              </td>
                              <td>
                                <Amount asset={b.asset} amount={b.amount_per_period} />
                              </td>
                              <td>
                                <Amount asset={b.asset} amount={b.bucket.level} /> ({new Date(b.bucket.updated_at * 1000).toISOString()})
                              </td>
                              <td>{formatDuration(b.period_seconds)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )
                  }
                </Q>
              </section>
              <section aria-labelledby="history-h">
                <h2 id="history-h">Price history</h2>
                <p className="muted">
                  Each asset's last prices as the oracle accepted them from its feeders, oldest on the left; a price
                  update older than the one before it is refused, so every point is newer than the last.
                </p>
                {s.balances.map((b) => (
                  <PriceHistoryChart key={assetKey(b.info)} asset={b.info} />
                ))}
              </section>
            </>
          );
        }}
      </Q>
    </>
  );
}
