import { useChainTime, useCoreConfig, useGovernanceState, useMembers, useModuleVersions, usePause, useProposalConfig, useTotalPower } from "../chain/queries";
import { Empty, Q } from "../components/common";
import { durationInWords, expirationInWords, formatDuration, formatTime, thresholdInWords, type Expiration, type Threshold } from "../lib/format";

export function DaoPage() {
  const config = useCoreConfig();
  const members = useMembers();
  const total = useTotalPower();
  const versions = useModuleVersions();
  const pause = usePause();
  const proposalConfig = useProposalConfig();
  const governance = useGovernanceState();
  const time = useChainTime();
  const now = time.data?.time ?? Math.floor(Date.now() / 1000);
  const height = time.data?.height ?? 0;
  return (
    <>
      {!config.isSuccess && <h1>DAO</h1>}
      <Q q={config} what="the DAO">
        {(c) => (
          <>
            <h1>{c.name}</h1>
            <p>{c.description}</p>
            <dl aria-label="DAO">
              <dt>Voting power from</dt>
              <dd>{"members" in c.voting ? "member weights" : `staked cw20 ${c.voting.cw20_staked.token}`}</dd>
              <dt>Guardian</dt>
              <dd>{c.guardian ?? "none"}</dd>
            </dl>
          </>
        )}
      </Q>
      <section aria-labelledby="pause-h">
        <h2 id="pause-h">Pause</h2>
        <Q q={pause} what="the pause state">
          {(p) =>
            "paused" in p ? (
              <p role="status" className="bad">
                The DAO is paused: treasury movements and proposal execution stop until{" "}
                {expirationInWords(p.paused.expiration as Expiration, now, height)}.
              </p>
            ) : (
              <p role="status">The DAO is not paused.</p>
            )
          }
        </Q>
      </section>
      <section aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <Q q={members} what="members">
          {(ms) =>
            ms.length === 0 ? (
              <Empty>No members.</Empty>
            ) : (
              <table aria-label="Members and voting power">
                <caption>
                  Power at height {total.data?.height ?? "…"}; total {total.data?.power ?? "…"}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Power</th>
                    <th scope="col">Share</th>
                  </tr>
                </thead>
                <tbody>
                  {ms.map((m) => (
                    <tr key={m.addr}>
                      <td>
                        <code>{m.addr}</code>
                      </td>
                      <td>{m.power}</td>
                      <td>{total.data ? `${((Number(m.power) / Number(total.data.power)) * 100).toFixed(1)} %` : "…"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Q>
      </section>
      <section aria-labelledby="modules-h">
        <h2 id="modules-h">Modules</h2>
        <Q q={versions} what="modules and their code versions">
          {(vs) => (
            <table aria-label="Modules and code versions">
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Address</th>
                  <th scope="col">Code id</th>
                  <th scope="col">Contract and version</th>
                </tr>
              </thead>
              <tbody>
                {vs.map((v) => (
                  <tr key={v.module}>
                    <td>{v.module}</td>
                    <td>
                      <code>{v.addr}</code>
                    </td>
                    <td>{v.codeId}</td>
                    <td>
                      {v.contract} {v.version}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Q>
      </section>
      <section aria-labelledby="pconfig-h">
        <h2 id="pconfig-h">How proposals are decided</h2>
        <Q q={proposalConfig} what="the proposal config">
          {({ config: c }) => (
            <ul aria-label="Proposal rules">
              <li>Passing: {thresholdInWords(c.threshold as Threshold)}.</li>
              <li>Voting stays open for {durationInWords(c.voting_period)}.</li>
              <li>
                {c.min_voting_period
                  ? `No early decision before ${durationInWords(c.min_voting_period)}.`
                  : "Decided as soon as the outcome is certain."}
              </li>
              <li>{c.allow_revoting ? "Voters may change their vote while voting is open." : "Votes are final."}</li>
              <li>{c.only_members_execute ? "Only members may execute passed proposals." : "Anyone may execute passed proposals."}</li>
              <li>
                {c.timelock
                  ? `Plain proposals wait ${durationInWords(c.timelock.duration)} after passing; vetoer ${c.timelock.vetoer}.`
                  : "Plain proposals have no timelock."}
              </li>
              <li>
                Adoptions of advisor recommendations wait {durationInWords(c.adoption_timelock.duration)} after passing;
                vetoer {c.adoption_timelock.vetoer}.
              </li>
            </ul>
          )}
        </Q>
      </section>
      <section aria-labelledby="gov-h">
        <h2 id="gov-h">What the advisor may change</h2>
        <Q q={governance} what="the governance policy">
          {(g) =>
            !g.policy ? (
              <p>The DAO has set no governance policy: the advisor may recommend no change to these rules.</p>
            ) : (
              <ul aria-label="Governance policy">
                <li>Parameters: {g.policy.allowed.length ? g.policy.allowed.map((p) => p.replace(/_/g, " ")).join(", ") : "none"}.</li>
                <li>At most {(Number(g.policy.max_step) * 100).toFixed(1).replace(/\.0$/, "")} % of the value in force per step.</li>
                <li>At most one advisor change every {formatDuration(g.policy.min_interval_seconds)}.</li>
                <li>
                  {g.last_change == null
                    ? "The advisor has changed nothing yet."
                    : `Last advisor change ${formatTime(g.last_change)}; the next is allowed ${
                        g.last_change + g.policy.min_interval_seconds <= now
                          ? "now"
                          : `in ${formatDuration(g.last_change + g.policy.min_interval_seconds - now)}`
                      }.`}
                </li>
              </ul>
            )
          }
        </Q>
      </section>
    </>
  );
}
