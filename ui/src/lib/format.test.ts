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
