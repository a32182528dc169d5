// "What would happen now": the treasury's own CheckActions on these actions.
// Balances and what each limit lets leave, before and after, each swap's
// on-chain minimum output, or the treasury's reason for refusing: all figures
// are the contract's answer, laid out by lib/check.
import { useCheckActions } from "../chain/queries";
import type { NavUsage, TreasuryAction } from "../contracts/StewardTreasury.types";
import { checkView, type CheckView } from "../lib/check";
import { formatDuration, formatUnits } from "../lib/format";
import { Amount, AssetName, Q } from "./common";

export function WhatWouldHappen({ actions }: { actions: TreasuryAction[] }) {
  const check = useCheckActions(actions);
  return (
    <section aria-labelledby="what-now">
      <h2 id="what-now">What would happen now</h2>
      <Q q={check} what="the treasury's policy check">
        {(r) => <CheckAnswer view={checkView(r, actions)} />}
      </Q>
    </section>
  );
}

function CheckAnswer({ view }: { view: CheckView }) {
  return (
    <>
      {view.passed ? (
        <p role="status" className="good">
          <strong>The treasury's policy check passes these actions now.</strong>
        </p>
      ) : (
        <p role="status" className="bad">
          <strong>The treasury's policy refuses these actions now:</strong> {view.reason}
        </p>
      )}
      <AssetTable view={view} />
      {view.before.nav_limit && <NavTable before={view.before.nav_limit} after={view.after?.nav_limit ?? null} />}
      {view.swaps.length > 0 && (
        <ul aria-label="Swap minimum outputs">
          {view.swaps.map((s) => (
            <li key={s.action}>
              Action {s.action}: <Amount asset={s.offerAsset} amount={s.offerAmount} /> for at least{" "}
              <Amount asset={s.askAsset} amount={s.minOut} />, enforced on chain (the whole execution reverts below
              it); <Amount asset={s.askAsset} amount={s.expectedOut} /> at oracle prices
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function AssetTable({ view }: { view: CheckView }) {
  const after = view.after !== null;
  const period = view.assets[0]?.refillPeriodSeconds;
  return (
    <table aria-label={after ? "Balances and limits before and after the actions" : "Balances and limits before the actions"}>
      <caption>
        {after
          ? "Before and after the actions, as the treasury's check computes them now"
          : "Before the actions: the policy refuses them, so nothing would change"}
      </caption>
      <thead>
        <tr>
          <th scope="col">Asset</th>
          <th scope="col">Balance before</th>
          {after && <th scope="col">Balance after</th>}
          <th scope="col">Available before</th>
          {after && <th scope="col">Available after</th>}
          <th scope="col">Allowance{period ? ` (refills per ${formatDuration(period)})` : ""}</th>
        </tr>
      </thead>
      <tbody>
        {view.assets.map((a, i) => (
          <tr key={i}>
            <th scope="row">
              <AssetName asset={a.asset} />
            </th>
            <td>
              <Amount asset={a.asset} amount={a.balanceBefore} />
            </td>
            {a.balanceAfter !== null && (
              <td>
                {a.atLeast && "at least "}
                <Amount asset={a.asset} amount={a.balanceAfter} />
              </td>
            )}
            <td>
              <Amount asset={a.asset} amount={a.availableBefore} />
            </td>
            {a.availableAfter !== null && (
              <td>
                <Amount asset={a.asset} amount={a.availableAfter} />
              </td>
            )}
            <td>
              <Amount asset={a.asset} amount={a.capacity} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const percent = (share: string) => `${(Number(share) * 100).toFixed(2)} %`;
const quote = (value: string | null | undefined) =>
  value === null || value === undefined ? "cannot be valued" : `${formatUnits(value, 0)} quote units`;

function NavTable({ before, after }: { before: NavUsage; after: NavUsage | null }) {
  const rows: [string, (n: NavUsage) => string][] = [
    ["Net asset value", (n) => quote(n.nav)],
    ["May move now", (n) => `${percent(n.limit.available_share)} of NAV (${quote(n.available_value)})`],
    ["Cap", (n) => `${percent(n.limit.capacity_share)} of NAV (${quote(n.capacity_value)}), refilled over ${formatDuration(n.limit.refill_period_seconds)}`],
  ];
  return (
    <>
      <table aria-label={after ? "NAV cap before and after the actions" : "NAV cap before the actions"}>
        <thead>
          <tr>
            <th scope="col">NAV cap</th>
            <th scope="col">Before</th>
            {after && <th scope="col">After</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, figure]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{figure(before)}</td>
              {after && <td>{figure(after)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {before.unpriced.length > 0 && (
        <p className="muted">
          Without a usable oracle price, counted as zero in the NAV and unable to move under the cap:{" "}
          {before.unpriced.map((a, i) => (
            <span key={i}>
              {i > 0 && ", "}
              <AssetName asset={a} />
            </span>
          ))}
          .
        </p>
      )}
    </>
  );
}
