import { useAdvisors, useChainTime } from "../chain/queries";
import { Empty, Q } from "../components/common";
import { formatTime, outcomeSummary } from "../lib/format";

export function AdvisorPage() {
  const advisors = useAdvisors();
  const time = useChainTime();
  return (
    <>
      <h1>Advisor</h1>
      <p className="muted">Outcomes: a horizon after an adopted recommendation executes, its moved balances are valued at the prices then against holding the balances from before; a transfer out counts as value given away.</p>
      <Q q={advisors} what="advisor keys">
        {(a) =>
          a.advisors.length === 0 ? (
            <Empty>No advisor keys are registered.</Empty>
          ) : (
            <table aria-label="Advisor keys and track records">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">State</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Adopted</th>
                  <th scope="col">Executed</th>
                  <th scope="col">Rejected</th>
                  <th scope="col">Expired</th>
                  <th scope="col">Outcomes scored</th>
                  <th scope="col">Hit rate</th>
                  <th scope="col">Value added (quote units)</th>
                  <th scope="col">Worst outcome</th>
                </tr>
              </thead>
              <tbody>
                {a.advisors.map((k) => {
                  const o = outcomeSummary(k.record);
                  return (
                  <tr key={k.id}>
                    <td>
                      <strong>{k.id}</strong> ({k.algorithm}) <code className="key">{k.public_key}</code>
                    </td>
                    <td>
                      {k.revoked ? "revoked" : k.active ? "active" : "not active"}; from {formatTime(k.active_from)}
                      {k.expires_at ? `, until ${formatTime(k.expires_at)}` : ""}
                      {k.last_nonce != null ? `; last nonce ${k.last_nonce}` : ""}
                    </td>
                    <td>{k.record.submitted}</td>
                    <td>{k.record.adopted}</td>
                    <td>{k.record.executed}</td>
                    <td>{k.record.rejected}</td>
                    <td>{k.record.expired}</td>
                    <td>{o.scored}</td>
                    <td>{o.hitRate}</td>
                    <td>{o.valueAdded}</td>
                    <td>{o.worst}</td>
                  </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Q>
      {time.data && <p className="muted">As of height {time.data.height}.</p>}
    </>
  );
}
