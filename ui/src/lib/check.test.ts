import { describe, expect, it } from "vitest";
import type { CheckActionsResponse, PolicyUsage, TreasuryAction } from "../contracts/StewardTreasury.types";
import { checkView } from "./check";

const usd = { native_token: { denom: "uusd" } };
const atom = { native_token: { denom: "uatom" } };
const usage = (usdBalance: string, atomBalance: string, usdAvailable: string, atomAvailable: string): PolicyUsage => ({
  balances: [
    { info: usd, amount: usdBalance },
    { info: atom, amount: atomBalance },
  ],
  asset_limits: [
    { asset: usd, available: usdAvailable, capacity: "10000000", refill_period_seconds: 86400 },
    { asset: atom, available: atomAvailable, capacity: "2000000", refill_period_seconds: 86400 },
  ],
  nav_limit: null,
});
const actions: TreasuryAction[] = [
  { transfer: { asset: usd, amount: "1000000", recipient: "wasm1recipient" } },
  { swap: { pair: "wasm1pair", offer_asset: atom, offer_amount: "100000", ask_asset: usd, max_slippage_bps: 100 } },
];

describe("checkView", () => {
  it("pairs each asset's figures before and after, and each swap with its action", () => {
    const report: CheckActionsResponse = {
      before: usage("50000000", "10000000", "10000000", "2000000"),
      verdict: {
        passed: {
          after: usage("49990000", "9900000", "9000000", "1900000"),
          swaps: [{ action_index: 1, expected_out: "1000000", min_out: "990000" }],
        },
      },
    };
    const view = checkView(report, actions);
    expect(view.passed).toBe(true);
    expect(view.reason).toBeNull();
    expect(view.assets.map((a) => [a.balanceBefore, a.balanceAfter, a.availableBefore, a.availableAfter, a.atLeast])).toEqual([
      ["50000000", "49990000", "10000000", "9000000", true],
      ["10000000", "9900000", "2000000", "1900000", false],
    ]);
    expect(view.swaps).toEqual([
      { action: 2, offerAsset: atom, offerAmount: "100000", askAsset: usd, expectedOut: "1000000", minOut: "990000" },
    ]);
  });

  it("keeps the figures before and the treasury's reason when it refuses", () => {
    const violation = { allowance_exceeded: { asset: "native:uusd", requested: "20000000", available: "9000000", allowance: "10000000" } };
    const report: CheckActionsResponse = {
      before: usage("49000000", "10000000", "9000000", "2000000"),
      verdict: { refused: { violation, reason: "allowance for native:uusd exceeded: 20000000 requested" } },
    };
    const view = checkView(report, actions);
    expect(view.passed).toBe(false);
    expect(view.reason).toBe("allowance for native:uusd exceeded: 20000000 requested");
    expect(view.violation).toEqual(violation);
    expect(view.after).toBeNull();
    expect(view.assets[0]).toMatchObject({ balanceBefore: "49000000", balanceAfter: null, availableBefore: "9000000", availableAfter: null });
    expect(view.swaps).toEqual([]);
  });
});
