// Config changes an advisor recommends, in words against the config in force,
// and the proposal module's own verdict on them now (CheckGovernance): the
// bound is the contract's, never re-computed here.
import { useCheckGovernance, useProposalConfig } from "../chain/queries";
import type { Config, Duration, GovernanceChange } from "../contracts/StewardProposal.types";
import { durationInWords, thresholdInWords, variantInWords, type Threshold } from "../lib/format";
import { Q } from "./common";

function sameUnit(d: Duration, value: number): Duration {
  return "height" in d ? { height: value } : { time: value };
}

function percent(d: string): string {
  return `${(Number(d) * 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}

/** One change in words, with the value in force when the config is known. */
export function changeInWords(change: GovernanceChange, config: Config | undefined): string {
  if ("voting_period" in change) {
    const to = config ? durationInWords(sameUnit(config.voting_period, change.voting_period.value)) : `${change.voting_period.value}`;
    return `voting period ${config ? `from ${durationInWords(config.voting_period)} ` : ""}to ${to}`;
  }
  if ("adoption_timelock" in change) {
    const d = config?.adoption_timelock.duration;
    const to = d ? durationInWords(sameUnit(d, change.adoption_timelock.value)) : `${change.adoption_timelock.value}`;
    return `adoption timelock ${d ? `from ${durationInWords(d)} ` : ""}to ${to}`;
  }
  if ("quorum" in change) return `quorum to ${percent(change.quorum.value)} of the total power`;
  return `pass threshold to ${percent(change.threshold.value)}`;
}

export function GovernanceChanges({ changes }: { changes: GovernanceChange[] }) {
  const config = useProposalConfig();
  const check = useCheckGovernance(changes);
  return (
    <section aria-labelledby="gov-changes-h">
      <h2 id="gov-changes-h">Config changes</h2>
      <ul aria-label="Recommended config changes">
        {changes.map((c, i) => (
          <li key={i}>{changeInWords(c, config.data?.config)}</li>
        ))}
      </ul>
      <Q q={check} what="the governance policy's check">
        {(r) =>
          "refused" in r ? (
            <p role="status" className="bad">
              <strong>The governance policy refuses these changes now:</strong> {variantInWords(r.refused.violation)}
            </p>
          ) : (
            <p role="status" className="good">
              <strong>The governance policy admits these changes now;</strong> passing would be{" "}
              {thresholdInWords(r.passed.config.threshold as Threshold)}, voting{" "}
              {durationInWords(r.passed.config.voting_period)}, adoptions waiting{" "}
              {durationInWords(r.passed.config.adoption_timelock.duration)}.
            </p>
          )
        }
      </Q>
    </section>
  );
}
