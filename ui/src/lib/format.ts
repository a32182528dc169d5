// How values read on the page: amounts with their decimals and symbol, times
// as durations, thresholds and actions in words. Nothing here decides a rule.
import type { AssetInfo } from "../contracts/StewardTreasury.types";
import type { AssetMeta } from "../chain/networks";
import type { TrackRecord } from "../contracts/StewardOracle.types";

/** `amount` smallest units shown with `decimals` places, digits grouped. */
export function formatUnits(amount: string, decimals: number): string {
  const neg = amount.startsWith("-");
  const digits = (neg ? amount.slice(1) : amount).replace(/^0+(?=\d)/, "");
  if (!/^\d+$/.test(digits)) return amount;
  const padded = digits.padStart(decimals + 1, "0");
  const whole = padded.slice(0, padded.length - decimals);
  const frac = decimals > 0 ? padded.slice(padded.length - decimals).replace(/0+$/, "") : "";
  const grouped = BigInt(whole).toLocaleString("en-US");
  return `${neg ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

/** An amount as shown: `text` on the page, `title` with the raw amount and
 *  asset key, `known` false when no display metadata was found. */
export interface FormattedAmount {
  text: string;
  title: string;
  known: boolean;
}

/** The denom, or a cw20 address shortened, of an asset key. */
export function rawAssetName(key: string): string {
  if (key.startsWith("native:")) return key.slice("native:".length);
  if (key.startsWith("cw20:")) return `cw20 ${shortAddr(key.slice("cw20:".length))}`;
  return key;
}

/** `amount` (smallest units, an integer string of any size) of the asset
 *  `key` with its decimals and symbol: "1,000 ATOM", the raw amount and key in
 *  the title. Without metadata: the raw amount and denom, marked as such. All
 *  string and BigInt arithmetic, so no amount is rounded. */
export function formatAmount(amount: string, key: string, meta: Pick<AssetMeta, "symbol" | "decimals"> | undefined): FormattedAmount {
  const title = `${amount} ${key}`;
  if (!/^-?\d+$/.test(amount)) return { text: `${amount} ${rawAssetName(key)} (not a whole number of smallest units)`, title, known: false };
  if (!meta) return { text: `${formatUnits(amount, 0)} ${rawAssetName(key)} (raw units: no decimals known)`, title, known: false };
  return { text: `${formatUnits(amount, meta.decimals)} ${meta.symbol}`, title, known: true };
}

export function assetKey(a: AssetInfo): string {
  return "native_token" in a ? `native:${a.native_token.denom}` : `cw20:${a.token.contract_addr}`;
}

export function shortAddr(addr: string): string {
  return addr.length > 20 ? `${addr.slice(0, 10)}…${addr.slice(-6)}` : addr;
}

/** Seconds as "1 d 2 h", "3 min 5 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  let s = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]] as const) {
    if (s >= size || (unit === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

export function formatTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A cw-utils Duration in words. */
export function durationInWords(d: { height: number } | { time: number }): string {
  return "height" in d ? `${d.height} blocks` : formatDuration(d.time);
}

export type Expiration = { at_height: number } | { at_time: string } | { never: object };

/** Seconds left until an expiration at chain time `now` (null: height-based or never). */
export function secondsLeft(e: Expiration, now: number): number | null {
  if ("at_time" in e) return Number(BigInt(e.at_time) / 1_000_000_000n) - now;
  return null;
}

export function expirationInWords(e: Expiration, now: number, height: number): string {
  if ("never" in e) return "never";
  if ("at_height" in e) {
    const left = e.at_height - height;
    return left > 0 ? `at height ${e.at_height} (${left} blocks left)` : `at height ${e.at_height} (reached)`;
  }
  const left = secondsLeft(e, now) ?? 0;
  const at = formatTime(Number(BigInt(e.at_time) / 1_000_000_000n));
  return left > 0 ? `${at} (${formatDuration(left)} left)` : `${at} (passed)`;
}

type Pct = { majority: object } | { percent: string };
function pctInWords(p: Pct): string {
  return "majority" in p ? "more than half" : `${trimDecimal(Number(p.percent) * 100)} %`;
}
function trimDecimal(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
}

export type Threshold =
  | { absolute_percentage: { percentage: Pct } }
  | { threshold_quorum: { threshold: Pct; quorum: Pct } }
  | { absolute_count: { threshold: string } };

export function thresholdInWords(t: Threshold): string {
  if ("absolute_percentage" in t) return `yes votes must reach ${pctInWords(t.absolute_percentage.percentage)} of all voting power`;
  if ("threshold_quorum" in t) {
    return `${pctInWords(t.threshold_quorum.quorum)} of all power must vote, and yes must be ${pctInWords(t.threshold_quorum.threshold)} of yes + no`;
  }
  return `yes votes must reach ${t.absolute_count.threshold} power`;
}

/** Split a snake_case variant name into words. */
export function humanize(name: string): string {
  const s = name.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A contract enum value ({variant: {fields}}) as "Variant: field value, …". */
export function variantInWords(value: unknown): string {
  if (typeof value === "string") return humanize(value);
  if (value && typeof value === "object") {
    const [name, fields] = Object.entries(value as Record<string, unknown>)[0] ?? ["unknown", {}];
    const detail =
      fields && typeof fields === "object"
        ? Object.entries(fields as Record<string, unknown>)
            .map(([k, v]) => `${k.replace(/_/g, " ")} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
            .join(", ")
        : "";
    return detail ? `${humanize(name)}: ${detail}` : humanize(name);
  }
  return String(value);
}

export function csvEscape(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const SCALE = 10n ** 18n;

/** A cosmwasm Decimal string as an integer scaled by 10^18. */
export function parseDecimal(d: string): bigint {
  const [whole, frac = ""] = d.split(".");
  return BigInt(whole || "0") * SCALE + BigInt((frac + "0".repeat(18)).slice(0, 18));
}

/** `amount` smallest units times a Decimal price, rounded down. */
export function valueAt(amount: string, price: string): bigint {
  return (BigInt(amount) * parseDecimal(price)) / SCALE;
}

/** A signed quote-unit figure with its sign shown. */
export function signedValue(v: string): string {
  return `${v.startsWith("-") ? "" : "+"}${formatUnits(v, 0)}`;
}

/** Value added, hit rate and worst outcome of an advisor's record. */
export function outcomeSummary(r: TrackRecord): { scored: number; hitRate: string; valueAdded: string; worst: string } {
  const scored = r.outcomes_recorded ?? 0;
  return {
    scored,
    hitRate: scored > 0 ? `${(((r.outcome_hits ?? 0) / scored) * 100).toFixed(0)} % (${r.outcome_hits ?? 0} of ${scored})` : "—",
    valueAdded: scored > 0 ? signedValue(r.value_added ?? "0") : "—",
    worst: r.worst_outcome != null ? signedValue(r.worst_outcome) : "—",
  };
}
