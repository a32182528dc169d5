// An executed recommendation's outcome as the oracle records it: the
// balances its actions moved, and the value they added against holding once
// scored (steward_types::outcome::value_added, computed on chain).
import { useChainTime, useOutcome } from "../chain/queries";
import { formatDuration, formatTime, formatUnits, signedValue } from "../lib/format";
import { Amount, AssetName, Q } from "./common";

export function OutcomeRecord({ id }: { id: number }) {
  const q = useOutcome(id);
  const time = useChainTime();
  const now = time.data?.time ?? Math.floor(Date.now() / 1000);
  return (
    <section aria-labelledby="outcome-h">
      <h2 id="outcome-h">Outcome</h2>
      <Q q={q} what={`the outcome of recommendation ${id}`}>
        {({ outcome: o }) =>
          !o ? (
            <p className="muted">Not tracked: it has not executed, moves no funds, or no outcome horizon was set when it did.</p>
          ) : (
            <>
              <table aria-label="Balances the execution moved">
                <thead>
                  <tr>
                    <th scope="col">Asset</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {o.before.map((b, i) => (
                    <tr key={i}>
                      <td>
                        <AssetName asset={b.info} />
                      </td>
                      <td>
                        <Amount asset={b.info} amount={b.amount} />
                      </td>
                      <td>{o.after[i] ? <Amount asset={o.after[i].info} amount={o.after[i].amount} /> : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl aria-label="Outcome">
                <dt>Executed</dt>
                <dd>
                  {formatTime(o.executed_at)}; the moved assets were then worth {formatUnits(o.value_at_execution, 0)} quote units
                </dd>
                <dt>Scored</dt>
                {o.realised ? (
                  <dd>
                    <strong>{signedValue(o.realised.value_added)} quote units</strong> against holding, at the prices of{" "}
                    {formatTime(o.realised.recorded_at)} (recorded by <code>{o.realised.recorded_by}</code>)
                  </dd>
                ) : o.due_at > now ? (
                  <dd>not yet: due {formatTime(o.due_at)} ({formatDuration(o.due_at - now)} left)</dd>
                ) : (
                  <dd>due since {formatTime(o.due_at)}: anyone may send the oracle RecordOutcome</dd>
                )}
              </dl>
            </>
          )
        }
      </Q>
    </section>
  );
}
