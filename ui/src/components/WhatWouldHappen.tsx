// "What would happen now": the treasury's own CheckActions on these actions,
// beside the balances and this period's usage the check starts from.
import { useCheckActions, usePolicyState } from "../chain/queries";
import type { TreasuryAction } from "../contracts/StewardTreasury.types";
import { variantInWords } from "../lib/format";
import { Amount, AssetName, Q } from "./common";

export function WhatWouldHappen({ actions }: { actions: TreasuryAction[] }) {
  const check = useCheckActions(actions);
  const state = usePolicyState();
  return (
    <section aria-labelledby="what-now">
      <h2 id="what-now">What would happen now</h2>
      <Q q={check} what="the treasury's policy check">
        {(r) =>
          r.violation ? (
            <p role="status" className="bad">
              <strong>The treasury's policy refuses these actions now:</strong> {variantInWords(r.violation)}
            </p>
          ) : (
            <p role="status" className="good">
              <strong>The treasury's policy check passes these actions now.</strong>
            </p>
          )
        }
      </Q>
      <Q q={state} what="the treasury's balances and usage">
        {(s) => (
          <table aria-label="Balances and period usage before the actions">
            <caption>Before the actions (policy version {s.policy_version})</caption>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Balance</th>
                <th scope="col">Available now</th>
                <th scope="col">Allowance (refills per period)</th>
              </tr>
            </thead>
            <tbody>
              {s.balances.map((b, i) => {
                const key = JSON.stringify(b.info);
                const limit = s.asset_limits.find((x) => JSON.stringify(x.asset) === key);
                const spent = limit?.available ?? "0";
                const allowance = limit?.capacity ?? "0";
                return (
                  <tr key={i}>
                    <td>
                      <AssetName asset={b.info} />
                    </td>
                    <td>
                      <Amount asset={b.info} amount={b.amount} />
                    </td>
                    <td>
                      <Amount asset={b.info} amount={spent} />
                    </td>
                    <td>
                      <Amount asset={b.info} amount={allowance} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Q>
      <p className="muted">
        Balances and usage after the actions, and each swap's on-chain minimum output, come with the treasury's
        fuller CheckActions answer; today the check says whether the actions pass, and why not.
      </p>
    </section>
  );
}
