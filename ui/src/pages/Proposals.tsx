import { useState } from "react";
import { Link } from "wouter";
import { useChainTime, usePause, useProposal, useProposals, useVotes, useVotingPower } from "../chain/queries";
import { ActionList, Empty, Q } from "../components/common";
import { TxButton } from "../components/Tx";
import { Briefings } from "../components/Briefings";
import { GovernanceChanges } from "../components/GovernanceChanges";
import { WhatWouldHappen } from "../components/WhatWouldHappen";
import type { Proposal, ProposalAction, Vote } from "../contracts/StewardProposal.types";
import type { TreasuryAction } from "../contracts/StewardTreasury.types";
import { csvEscape, expirationInWords, humanize, secondsLeft, formatDuration, type Expiration } from "../lib/format";
import { connectedAddress, useWallet } from "../wallet/WalletContext";

function treasuryActionsOf(p: Proposal): TreasuryAction[] {
  if ("adoption" in p.kind) return p.kind.adoption.actions;
  return p.kind.actions.actions.flatMap((a: ProposalAction) => ("treasury" in a ? a.treasury.actions : []));
}

function tallyText(p: Proposal): string {
  const v = p.votes;
  return `yes ${v.yes}, no ${v.no}, abstain ${v.abstain} of ${p.total_power}`;
}

export function ProposalsPage() {
  const list = useProposals();
  return (
    <>
      <h1>Proposals</h1>
      <Q q={list} what="proposals">
        {(r) =>
          r.proposals.length === 0 ? (
            <Empty>No proposals yet.</Empty>
          ) : (
            <table aria-label="Proposals">
              <thead>
                <tr>
                  <th scope="col">Proposal</th>
                  <th scope="col">Status</th>
                  <th scope="col">Tally</th>
                </tr>
              </thead>
              <tbody>
                {r.proposals.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/proposals/${p.id}`}>{`Proposal ${p.id}: ${p.proposal.title}`}</Link>
                    </td>
                    <td>{humanize(p.status)}</td>
                    <td>{tallyText(p.proposal)}</td>
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

function pct(part: string, whole: string): number {
  return Number(whole) > 0 ? (Number(part) / Number(whole)) * 100 : 0;
}
function pctOf(p: { majority: object } | { percent: string }): number {
  return "majority" in p ? 50 : Number(p.percent) * 100;
}

function TallyBar({ p }: { p: Proposal }) {
  const t = p.threshold;
  const yes = pct(p.votes.yes, p.total_power);
  const cast = pct((BigInt(p.votes.yes) + BigInt(p.votes.no) + BigInt(p.votes.abstain)).toString(), p.total_power);
  let need: number;
  let rule: string;
  let quorum: number | null = null;
  if ("absolute_percentage" in t) {
    need = pctOf(t.absolute_percentage.percentage);
    rule = `yes needs ${need} % of all power`;
  } else if ("threshold_quorum" in t) {
    need = pctOf(t.threshold_quorum.threshold);
    quorum = pctOf(t.threshold_quorum.quorum);
    rule = `turnout needs ${quorum} %, yes needs ${need} % of yes + no`;
  } else {
    need = pct(t.absolute_count.threshold, p.total_power);
    rule = `yes needs ${t.absolute_count.threshold} power`;
  }
  return (
    <figure>
      <div
        className="tally"
        role="img"
        aria-label={`Tally: yes ${yes.toFixed(1)} %, votes cast ${cast.toFixed(1)} %; ${rule}`}
      >
        <span className="tally-yes" style={{ width: `${yes}%` }} />
        <span className="tally-cast" style={{ width: `${Math.max(0, cast - yes)}%` }} />
        <span className="tally-mark" style={{ left: `${Math.min(need, 100)}%` }} title="threshold" />
        {quorum !== null && <span className="tally-mark quorum" style={{ left: `${quorum}%` }} title="quorum" />}
      </div>
      <figcaption>
        {tallyText(p)}; {rule}.
      </figcaption>
    </figure>
  );
}

function VoteForm({ id, allowRevoting, hasVoted }: { id: number; allowRevoting: boolean; hasVoted: boolean }) {
  const [vote, setVote] = useState<Vote>("yes");
  const [rationale, setRationale] = useState("");
  if (hasVoted && !allowRevoting) return <p role="status">You have voted; this DAO does not allow changing a vote.</p>;
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Vote">
      <fieldset>
        <legend>{hasVoted ? "Change your vote" : "Your vote"}</legend>
        {(["yes", "no", "abstain"] as const).map((v) => (
          <label key={v} className="radio">
            <input type="radio" name="vote" value={v} checked={vote === v} onChange={() => setVote(v)} /> {v}
          </label>
        ))}
      </fieldset>
      <label>
        Rationale (optional){" "}
        <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} maxLength={1024} rows={2} />
      </label>{" "}
      <TxButton label={`Vote ${vote}`} run={(s) => s.vote(id, vote, rationale)} />
    </form>
  );
}

export function ProposalDetail({ id }: { id: number }) {
  const q = useProposal(id);
  const votes = useVotes(id);
  const time = useChainTime();
  const wallet = useWallet();
  const me = connectedAddress(wallet.state);
  const power = useVotingPower(me);
  const pause = usePause();
  const now = time.data?.time ?? Math.floor(Date.now() / 1000);
  const height = time.data?.height ?? 0;
  return (
    <Q q={q} what={`proposal ${id}`}>
      {(r) => {
        const p = r.proposal;
        const actions = treasuryActionsOf(p);
        const myVote = votes.data?.find((v) => v.voter === me);
        const csv = [
          "voter,vote,power,rationale",
          ...(votes.data ?? []).map((v) => [v.voter, v.vote, v.power, v.rationale ?? ""].map(csvEscape).join(",")),
        ].join("\n");
        const timelockLeft = r.timelock_ends ? secondsLeft(r.timelock_ends as Expiration, now) : null;
        return (
          <>
            <h1>
              Proposal {r.id}: {p.title}
            </h1>
            <p>
              <Link href="/proposals">All proposals</Link>
            </p>
            <p>{p.description}</p>
            <dl aria-label="Proposal">
              <dt>Status</dt>
              <dd>{humanize(r.status)}</dd>
              <dt>Proposer</dt>
              <dd>
                <code>{p.proposer}</code>
              </dd>
              <dt>Kind</dt>
              <dd>
                {"adoption" in p.kind ? (
                  <>
                    Adopts <Link href={`/recommendations/${p.kind.adoption.recommendation_id}`}>recommendation {p.kind.adoption.recommendation_id}</Link> of advisor{" "}
                    {p.kind.adoption.advisor} (policy version {p.kind.adoption.policy_version})
                  </>
                ) : (
                  `${p.kind.actions.actions.length} actions`
                )}
              </dd>
              <dt>Voting closes</dt>
              <dd>{r.status === "open" ? expirationInWords(p.expiration as Expiration, now, height) : "voting closed"}</dd>
              <dt>Timelock and veto</dt>
              <dd>
                {!p.timelock
                  ? "no timelock"
                  : r.timelock_ends
                    ? timelockLeft !== null && timelockLeft > 0
                      ? `executable in ${formatDuration(timelockLeft)}; until then ${p.timelock.vetoer} may veto`
                      : `timelock over: executable now (${expirationInWords(r.timelock_ends as Expiration, now, height)})`
                    : `once passed, waits; vetoer ${p.timelock.vetoer}`}
              </dd>
              <dt>Execution window</dt>
              <dd>
                {r.execution_ends
                  ? `executable until ${expirationInWords(r.execution_ends as Expiration, now, height)}`
                  : p.execution_window
                    ? "counted once passed and the timelock is over"
                    : "no deadline"}
              </dd>
              <dt>Failed executions</dt>
              <dd>
                {(p.failed_executions ?? 0) === 0 ? (
                  "none"
                ) : (
                  <>
                    {p.failed_executions} (nothing they would have done happened; it stays executable until its window ends)
                    <ul aria-label="Failed executions">
                      {(p.execution_failures ?? []).map((f, i) => (
                        <li key={i}>
                          block {f.height} by <code>{f.executor}</code>: {f.error}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </dd>
            </dl>
            <section aria-labelledby="tally-h">
              <h2 id="tally-h">Tally</h2>
              <TallyBar p={p} />
            </section>
            <section aria-labelledby="votes-h">
              <h2 id="votes-h">Votes</h2>
              <Q q={votes} what="votes">
                {(vs) =>
                  vs.length === 0 ? (
                    <Empty>No votes yet.</Empty>
                  ) : (
                    <>
                      <table aria-label="Votes">
                        <thead>
                          <tr>
                            <th scope="col">Voter</th>
                            <th scope="col">Vote</th>
                            <th scope="col">Power</th>
                            <th scope="col">Rationale</th>
                          </tr>
                        </thead>
                        <tbody>
                          {vs.map((v) => (
                            <tr key={v.voter}>
                              <td>
                                <code>{v.voter}</code>
                              </td>
                              <td>{v.vote}</td>
                              <td>{v.power}</td>
                              <td>{v.rationale ?? ""}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`proposal-${r.id}-votes.csv`}>
                        Download votes as CSV
                      </a>
                    </>
                  )
                }
              </Q>
            </section>
            <section aria-labelledby="pactions-h">
              <h2 id="pactions-h">Treasury actions</h2>
              {actions.length === 0 ? <Empty>This proposal moves nothing from the treasury.</Empty> : <ActionList actions={actions} label="Proposed treasury actions" />}
            </section>
            {actions.length > 0 && <WhatWouldHappen actions={actions} />}
            {"adoption" in p.kind && p.kind.adoption.governance && p.kind.adoption.governance.length > 0 && (
              <GovernanceChanges changes={p.kind.adoption.governance} />
            )}
            <Briefings proposalId={r.id} />
            <section aria-labelledby="act-h">
              <h2 id="act-h">Act</h2>
              {pause.data && "paused" in pause.data && (
                <p role="status" className="bad">
                  The DAO is paused until {expirationInWords(pause.data.paused.expiration as Expiration, now, height)}: no
                  proposal can be executed until then (votes still count).
                </p>
              )}
              {!me ? (
                <p>Connect a wallet to vote or execute.</p>
              ) : (
                <>
                  {power.data?.power === "0" && (
                    <p role="status" className="bad">
                      The connected account {me} is not a member of this DAO (no voting power); the proposal module will refuse its vote.
                    </p>
                  )}
                  {r.status === "open" ? (
                    <VoteForm id={r.id} allowRevoting={p.allow_revoting} hasVoted={!!myVote} />
                  ) : (
                    <p role="status">Voting closed: the proposal is {humanize(r.status).toLowerCase()}.</p>
                  )}
                  <p>
                    {r.status === "passed" && <TxButton label="Execute" run={(s) => s.execute(r.id)} />}{" "}
                    {(r.status === "rejected" || r.status === "execution_failed") && <TxButton label="Close" run={(s) => s.close(r.id)} />}{" "}
                    {r.status === "passed" && p.timelock && p.timelock.vetoer === me && <TxButton label="Veto" run={(s) => s.veto(r.id)} />}
                  </p>
                </>
              )}
            </section>
          </>
        );
      }}
    </Q>
  );
}
