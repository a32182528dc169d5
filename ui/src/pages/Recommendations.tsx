import { useState } from "react";
import { Link } from "wouter";
import { useAdvisors, useChainTime, usePolicyState, useRecommendation, useRecommendations, useStoredSignatures, useVotingPower } from "../chain/queries";
import { ActionList, Empty, Q } from "../components/common";
import { TxButton } from "../components/Tx";
import { GovernanceChanges } from "../components/GovernanceChanges";
import { OutcomeRecord } from "../components/OutcomeRecord";
import { WhatWouldHappen } from "../components/WhatWouldHappen";
import type { RecommendationStatus } from "../contracts/StewardOracle.types";
import { formatDuration, formatTime } from "../lib/format";
import { fromBase64, verifyPayloadSignature } from "../lib/signature";
import { connectedAddress, useWallet } from "../wallet/WalletContext";

const STATUSES: RecommendationStatus[] = ["pending", "adopted", "executed", "expired", "rejected"];

export function RecommendationsPage() {
  const [status, setStatus] = useState<RecommendationStatus | "">("");
  const list = useRecommendations(status || null);
  return (
    <>
      <h1>Recommendations</h1>
      <label>
        Status{" "}
        <select value={status} onChange={(e) => setStatus(e.target.value as RecommendationStatus | "")}>
          <option value="">all</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <Q q={list} what="recommendations">
        {(r) =>
          r.recommendations.length === 0 ? (
            <Empty>No recommendations{status ? ` with status ${status}` : ""}.</Empty>
          ) : (
            <table aria-label="Recommendations">
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Status</th>
                  <th scope="col">Advisor</th>
                  <th scope="col">Strategy</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {r.recommendations.map(({ recommendation: rec, status: st }) => (
                  <tr key={rec.id}>
                    <td>
                      <Link href={`/recommendations/${rec.id}`}>Recommendation {rec.id}</Link>
                    </td>
                    <td>{st}</td>
                    <td>{rec.payload.advisor}</td>
                    <td>{rec.payload.provenance.strategy}</td>
                    <td>
                      {rec.payload.actions.length}
                      {rec.payload.governance?.length ? ` + ${rec.payload.governance.length} config change(s)` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Q>
    </>
  );
}

function SignatureCheck({ id, payloadBytes, signers }: { id: number; payloadBytes: string; signers: string[] }) {
  const advisors = useAdvisors();
  const stored = useStoredSignatures(id);
  return (
    <section aria-labelledby="sig-h">
      <h2 id="sig-h">Signatures</h2>
      <Q q={advisors} what="advisor keys">
        {(a) => (
          <Q q={stored} what="the stored signatures">
            {(st) => (
              <ul aria-label="Signers">
                {signers.map((keyId) => {
                  const key = a.advisors.find((k) => k.id === keyId);
                  const sig = st.signatures.find((s) => s.key_id === keyId);
                  let verdict: string;
                  let ok = false;
                  if (!key) verdict = "key not registered: cannot check";
                  else if (!sig) verdict = "the oracle holds no signature of this key (stored before it kept them): cannot check";
                  else {
                    ok = verifyPayloadSignature(key.algorithm, fromBase64(key.public_key), fromBase64(payloadBytes), fromBase64(sig.signature));
                    verdict = ok ? "signature verified in this browser" : "signature does NOT verify";
                  }
                  return (
                    <li key={keyId}>
                      <strong>{keyId}</strong>: {key ? `${key.algorithm} key, ${key.revoked ? "revoked" : key.active ? "registered and active" : "registered, not active now"}` : "unknown key"} —{" "}
                      <span role="status" aria-label={`Signature of ${keyId}`} className={ok ? "good" : "bad"}>
                        {verdict}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </Q>
        )}
      </Q>
      <p className="muted">
        Each signature the oracle stored with its key id, checked here against the key it has registered, over sha256 of
        the payload bytes it stores. A key rotated since signing no longer verifies what its old key signed.
      </p>
    </section>
  );
}

export function RecommendationDetail({ id }: { id: number }) {
  const q = useRecommendation(id);
  const time = useChainTime();
  const policy = usePolicyState();
  const wallet = useWallet();
  const me = connectedAddress(wallet.state);
  const power = useVotingPower(me);
  const [note, setNote] = useState("");
  const now = time.data?.time ?? Math.floor(Date.now() / 1000);
  return (
    <Q q={q} what={`recommendation ${id}`}>
      {({ recommendation: rec, status }) => {
        const p = rec.payload;
        const left = p.expires_at - now;
        const stalePolicy = policy.data && policy.data.policy_version !== p.policy_version;
        const isMember = !!power.data && power.data.power !== "0";
        return (
          <>
            <h1>Recommendation {rec.id}</h1>
            <p>
              <Link href="/recommendations">All recommendations</Link>
            </p>
            <dl aria-label="Recommendation">
              <dt>Status</dt>
              <dd>{status}</dd>
              <dt>Advisor</dt>
              <dd>{p.advisor} (nonce {p.nonce})</dd>
              <dt>Issued</dt>
              <dd>{formatTime(p.issued_at)}</dd>
              <dt>Expires</dt>
              <dd>
                {formatTime(p.expires_at)} ({left > 0 ? `${formatDuration(left)} left` : "expired"})
              </dd>
              <dt>Policy version</dt>
              <dd className={stalePolicy ? "bad" : undefined}>
                {p.policy_version}
                {stalePolicy ? ` — stale: the treasury's policy is now version ${policy.data?.policy_version}` : " (current)"}
              </dd>
              <dt>Computed from</dt>
              <dd>
                height {p.state.height}, state digest <code>{p.state.digest}</code>
              </dd>
              <dt>Payload hash</dt>
              <dd>
                <code>{rec.payload_hash}</code>
              </dd>
            </dl>
            <section aria-labelledby="prov-h">
              <h2 id="prov-h">Provenance</h2>
              <dl aria-label="Provenance">
                <dt>Strategy</dt>
                <dd>
                  {p.provenance.strategy} {p.provenance.strategy_version}
                </dd>
                <dt>Model</dt>
                <dd>{p.provenance.model_id ?? "none (deterministic strategy)"}</dd>
                <dt>Config digest</dt>
                <dd>
                  <code>{p.provenance.config_digest}</code>
                </dd>
                <dt>Rationale</dt>
                <dd>
                  {p.provenance.rationale.text}
                  {p.provenance.rationale.uri ? ` (${p.provenance.rationale.uri})` : ""}
                </dd>
                <dt>Confidence</dt>
                <dd>{p.provenance.confidence_bps / 100} %</dd>
              </dl>
            </section>
            <SignatureCheck id={rec.id} payloadBytes={rec.payload_bytes} signers={rec.signers} />
            {p.actions.length > 0 && (
              <>
                <section aria-labelledby="actions-h">
                  <h2 id="actions-h">Actions</h2>
                  <ActionList actions={p.actions} label="Recommended actions" />
                </section>
                <WhatWouldHappen actions={p.actions} />
              </>
            )}
            {p.governance && p.governance.length > 0 && <GovernanceChanges changes={p.governance} />}
            {status === "executed" && <OutcomeRecord id={rec.id} />}
            <section aria-labelledby="adopt-h">
              <h2 id="adopt-h">Adoption</h2>
              {rec.proposal_id != null ? (
                <p>
                  Adopted by <Link href={`/proposals/${rec.proposal_id}`}>proposal {rec.proposal_id}</Link>.
                </p>
              ) : status !== "pending" ? (
                <p>Cannot be proposed: it is {status}.</p>
              ) : !me ? (
                <p>Connect a wallet to propose adopting it.</p>
              ) : !isMember ? (
                <p role="status">The connected account is not a member of this DAO, so it cannot propose.</p>
              ) : (
                <>
                  <label>
                    Note for voters (optional){" "}
                    <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1024} />
                  </label>{" "}
                  <TxButton label="Propose adoption" run={(s) => s.proposeAdoption(rec.id, note)} />
                </>
              )}
            </section>
          </>
        );
      }}
    </Q>
  );
}
