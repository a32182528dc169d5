// The advisors' briefings on a proposal: the facts they computed, their
// summary labelled with who wrote it, and their signature checked here
// against the key the oracle has registered, over sha256 of the stored bytes.
import { useAdvisors, useBriefings } from "../chain/queries";
import type { BriefingResponse } from "../contracts/StewardOracle.types";
import type { CheckActionsResponse } from "../contracts/StewardTreasury.types";
import { assetKey } from "../lib/format";
import { fromBase64, verifyPayloadSignature } from "../lib/signature";
import { Amount, Empty, Q } from "./common";

/** The computed part of a briefing, as the advisor signed it (steward_types::briefing::BriefingFacts). */
interface BriefingFacts {
  state: { height: number; digest: string };
  policy_version: number;
  actions: string[];
  check: CheckActionsResponse | null;
  risks: string[];
  recommendation: string;
}

function factsOf(b: BriefingResponse): BriefingFacts | null {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64(b.payload_bytes))).facts as BriefingFacts;
  } catch {
    return null;
  }
}

export function Briefings({ proposalId }: { proposalId: number }) {
  const briefings = useBriefings(proposalId);
  const advisors = useAdvisors();
  return (
    <section aria-labelledby="briefings-h">
      <h2 id="briefings-h">Advisor briefings</h2>
      <Q q={briefings} what="briefings">
        {(list) =>
          list.briefings.length === 0 ? (
            <Empty>No advisor has briefed this proposal.</Empty>
          ) : (
            <Q q={advisors} what="advisor keys">
              {(a) => (
                <>
                  {list.briefings.map((b) => {
                    const key = a.advisors.find((k) => k.id === b.advisor);
                    const ok =
                      !!key && verifyPayloadSignature(key.algorithm, fromBase64(key.public_key), fromBase64(b.payload_bytes), fromBase64(b.signature));
                    const facts = factsOf(b);
                    const after = facts?.check && "passed" in facts.check.verdict ? facts.check.verdict.passed.after : null;
                    return (
                      <article key={b.advisor} aria-label={`Briefing of ${b.advisor}`}>
                        <h3>
                          {b.advisor}{" "}
                          <span role="status" aria-label={`Briefing signature of ${b.advisor}`} className={ok ? "good" : "bad"}>
                            {!key ? "key not registered: cannot check" : ok ? "signature verified in this browser" : "signature does NOT verify"}
                          </span>
                        </h3>
                        {!facts ? (
                          <p className="bad">The stored bytes are not a briefing.</p>
                        ) : (
                          <>
                            <h4>Facts (computed by the advisor from the proposal's actions and the treasury's state)</h4>
                            <ul aria-label="Briefing actions">
                              {facts.actions.map((line, i) => (
                                <li key={i}>{line}</li>
                              ))}
                            </ul>
                            {facts.check &&
                              ("refused" in facts.check.verdict ? (
                                <p className="bad">The treasury would refuse it: {facts.check.verdict.refused.reason}</p>
                              ) : (
                                <table aria-label="Balances before and after">
                                  <thead>
                                    <tr>
                                      <th scope="col">Asset</th>
                                      <th scope="col">Before</th>
                                      <th scope="col">After</th>
                                    </tr>
                                  </thead>
                                  <tbody>
                                    {facts.check.before.balances.map((bal) => {
                                      const next = after?.balances.find((x) => assetKey(x.info) === assetKey(bal.info));
                                      return (
                                        <tr key={assetKey(bal.info)}>
                                          <td>{assetKey(bal.info)}</td>
                                          <td>
                                            <Amount asset={bal.info} amount={bal.amount} />
                                          </td>
                                          <td>{next ? <Amount asset={next.info} amount={next.amount} /> : "—"}</td>
                                        </tr>
                                      );
                                    })}
                                  </tbody>
                                </table>
                              ))}
                            {facts.risks.length > 0 && (
                              <ul aria-label="Briefing risks">
                                {facts.risks.map((r, i) => (
                                  <li key={i}>{r}</li>
                                ))}
                              </ul>
                            )}
                            <p>{facts.recommendation}</p>
                          </>
                        )}
                        <h4>
                          Summary written by {b.summary.model_id ? `a language model (${b.summary.model_id})` : `the ${b.summary.strategy} strategy`}
                        </h4>
                        <blockquote aria-label={`Summary of ${b.advisor}`}>{b.summary.text}</blockquote>
                        <p className="muted">
                          The summary is the {b.summary.model_id ? "model's" : "template's"} own text, not checked by anyone; the facts above are what the
                          advisor computed. Issued at block time {b.issued_at}, payload sha256 <code>{b.payload_hash}</code>.
                        </p>
                      </article>
                    );
                  })}
                </>
              )}
            </Q>
          )
        }
      </Q>
    </section>
  );
}
