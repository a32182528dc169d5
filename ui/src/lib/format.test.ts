import { describe, expect, it } from "vitest";
import { formatDuration, formatUnits, thresholdInWords, variantInWords } from "./format";

describe("formatUnits", () => {
  it("places decimals and groups digits", () => {
    expect(formatUnits("1000000", 6)).toBe("1");
    expect(formatUnits("1234567890", 6)).toBe("1,234.56789");
    expect(formatUnits("5", 6)).toBe("0.000005");
    expect(formatUnits("0", 6)).toBe("0");
    expect(formatUnits("12", 0)).toBe("12");
  });
  it("keeps precision beyond 2^53", () => {
    expect(formatUnits("123456789012345678901234", 6)).toBe("123,456,789,012,345,678.901234");
  });
});

describe("words", () => {
  it("durations", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(90061)).toBe("1 d 1 h");
    expect(formatDuration(605)).toBe("10 min 5 s");
  });
  it("thresholds", () => {
    expect(thresholdInWords({ absolute_percentage: { percentage: { percent: "0.75" } } })).toBe(
      "yes votes must reach 75 % of all voting power",
    );
  });
  it("a contract's violation with its values", () => {
    expect(variantInWords({ allowance_exceeded: { asset: "native:uusd", requested: "20" } })).toBe(
      "Allowance exceeded: asset native:uusd, requested 20",
    );
  });
});

import { valueAt } from "./format";
describe("valueAt", () => {
  it("multiplies by a decimal price, rounding down", () => {
    expect(valueAt("1000000", "10")).toBe(10000000n);
    expect(valueAt("3", "0.5")).toBe(1n);
    expect(valueAt("1000000", "0.000001")).toBe(1n);
  });
});

import { formatAmount } from "./format";
describe("formatAmount", () => {
  const atom = { symbol: "ATOM", decimals: 6 };
  it("shows an amount with its decimals and symbol, the raw amount and denom in the title", () => {
    expect(formatAmount("1000000000", "native:uatom", atom)).toEqual({
      text: "1,000 ATOM",
      title: "1000000000 native:uatom",
      known: true,
    });
    expect(formatAmount("1500001", "native:uatom", atom).text).toBe("1.500001 ATOM");
    expect(formatAmount("0", "native:uatom", atom).text).toBe("0 ATOM");
  });
  it("decimals 0: the smallest unit is the unit", () => {
    expect(formatAmount("1234567", "cw20:wasm1token", { symbol: "PTS", decimals: 0 }).text).toBe("1,234,567 PTS");
  });
  it("decimals 18: one wei and a whole ether", () => {
    const eth = { symbol: "WETH", decimals: 18 };
    expect(formatAmount("1", "native:wei", eth).text).toBe("0.000000000000000001 WETH");
    expect(formatAmount("1000000000000000000", "native:wei", eth).text).toBe("1 WETH");
    expect(formatAmount("1234500000000000000000", "native:wei", eth).text).toBe("1,234.5 WETH");
  });
  it("keeps every digit of amounts beyond 2^53 (no float rounding)", () => {
    // 2^53 + 1 smallest units: a float would give ...992.
    expect(formatAmount("9007199254740993", "native:uatom", atom).text).toBe("9,007,199,254.740993 ATOM");
    // The largest Uint128, with 18 decimals.
    expect(formatAmount("340282366920938463463374607431768211455", "native:wei", { symbol: "WETH", decimals: 18 }).text).toBe(
      "340,282,366,920,938,463,463.374607431768211455 WETH",
    );
  });
  it("without metadata: the raw amount and denom, marked", () => {
    const f = formatAmount("1000000", "native:ufoo", undefined);
    expect(f).toEqual({ text: "1,000,000 ufoo (raw units: no decimals known)", title: "1000000 native:ufoo", known: false });
    const t = formatAmount("7", "cw20:wasm14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9s4hmalr", undefined);
    expect(t.text).toBe("7 cw20 wasm14hj2t…4hmalr (raw units: no decimals known)");
    expect(t.known).toBe(false);
  });
  it("a value that is not an integer is never scaled", () => {
    expect(formatAmount("1.5", "native:uatom", atom)).toMatchObject({ known: false, text: "1.5 uatom (not a whole number of smallest units)" });
  });
});

import { outcomeSummary, signedValue } from "./format";
describe("outcomeSummary", () => {
  const base = { adopted: 2, executed: 2, expired: 0, rejected: 0, submitted: 3 };
  it("reads an advisor's scored outcomes", () => {
    // 1 of 2 scored outcomes added value; 196000 - 1000000 = -804000 in all.
    const r = outcomeSummary({ ...base, outcomes_recorded: 2, outcome_hits: 1, value_added: "-804000", worst_outcome: "-1000000" });
    expect(r).toEqual({ scored: 2, hitRate: "50 % (1 of 2)", valueAdded: "-804,000", worst: "-1,000,000" });
  });
  it("shows nothing scored for a record from before outcomes", () => {
    expect(outcomeSummary(base)).toEqual({ scored: 0, hitRate: "—", valueAdded: "—", worst: "—" });
  });
  it("signs a gain", () => {
    expect(signedValue("196000")).toBe("+196,000");
    expect(signedValue("0")).toBe("+0");
  });
});
