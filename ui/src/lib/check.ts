// The treasury's CheckActions answer laid out for reading: one row per asset
// with its figures before and after, and each swap beside its action. Every
// figure is the contract's; nothing here computes a limit or a rule.
import type {
  AssetInfo,
  CheckActionsResponse,
  PolicyUsage,
  PolicyViolation,
  TreasuryAction,
  Uint128,
} from "../contracts/StewardTreasury.types";
import { assetKey } from "./format";

export interface AssetRow {
  asset: AssetInfo;
  balanceBefore: Uint128;
  /** `null` when the actions are refused. */
  balanceAfter: Uint128 | null;
  /** The balance after counts a swap's output at its on-chain minimum: it may end higher. */
  atLeast: boolean;
  availableBefore: Uint128;
  availableAfter: Uint128 | null;
  capacity: Uint128;
  refillPeriodSeconds: number;
}

export interface SwapRow {
  /** 1-based place of the swap in the action list. */
  action: number;
  offerAsset: AssetInfo;
  offerAmount: Uint128;
  askAsset: AssetInfo;
  expectedOut: Uint128;
  minOut: Uint128;
}

export interface CheckView {
  passed: boolean;
  /** The treasury's refusal in its own words (`null` when the actions pass). */
  reason: string | null;
  violation: PolicyViolation | null;
  before: PolicyUsage;
  after: PolicyUsage | null;
  assets: AssetRow[];
  swaps: SwapRow[];
}

const amountIn = (list: { info: AssetInfo; amount: Uint128 }[], asset: AssetInfo): Uint128 =>
  list.find((x) => assetKey(x.info) === assetKey(asset))?.amount ?? "0";

const availableIn = (usage: PolicyUsage, asset: AssetInfo) =>
  usage.asset_limits.find((l) => assetKey(l.asset) === assetKey(asset));

export function checkView(report: CheckActionsResponse, actions: TreasuryAction[]): CheckView {
  const passed = "passed" in report.verdict;
  const after = "passed" in report.verdict ? report.verdict.passed.after : null;
  const quotes = "passed" in report.verdict ? report.verdict.passed.swaps : [];
  const swaps: SwapRow[] = quotes.flatMap((q) => {
    const action = actions[q.action_index];
    if (!action || !("swap" in action)) return [];
    const s = action.swap;
    return [
      {
        action: q.action_index + 1,
        offerAsset: s.offer_asset,
        offerAmount: s.offer_amount,
        askAsset: s.ask_asset,
        expectedOut: q.expected_out,
        minOut: q.min_out,
      },
    ];
  });
  const asks = new Set(swaps.map((s) => assetKey(s.askAsset)));
  const assets = report.before.balances.map((b): AssetRow => {
    const limit = availableIn(report.before, b.info);
    return {
      asset: b.info,
      balanceBefore: b.amount,
      balanceAfter: after ? amountIn(after.balances, b.info) : null,
      atLeast: asks.has(assetKey(b.info)),
      availableBefore: limit?.available ?? "0",
      availableAfter: after ? (availableIn(after, b.info)?.available ?? "0") : null,
      capacity: limit?.capacity ?? "0",
      refillPeriodSeconds: limit?.refill_period_seconds ?? 0,
    };
  });
  return {
    passed,
    reason: "refused" in report.verdict ? report.verdict.refused.reason : null,
    violation: "refused" in report.verdict ? report.verdict.refused.violation : null,
    before: report.before,
    after,
    assets,
    swaps,
  };
}
