import { useAdvisors, useChainTime } from "../chain/queries";
import { Empty, Q } from "../components/common";
import { formatTime } from "../lib/format";

export function AdvisorPage() {
  const advisors = useAdvisors();
  const time = useChainTime();
  return (
    <>
      <h1>Advisor</h1>
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
                </tr>
              </thead>
              <tbody>
                {a.advisors.map((k) => (
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
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Q>
      {time.data && <p className="muted">As of height {time.data.height}.</p>}
    </>
  );
}
