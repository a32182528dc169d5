import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assetsOf, keplrChainInfo, NETWORKS, type Deployment } from "./networks";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/deployments/pion-1.json", import.meta.url), "utf8")) as Deployment;

describe("assetsOf", () => {
  it("reads the deployment file's asset display by asset key", () => {
    const assets = assetsOf(fixture);
    expect(assets.get("native:untrn")).toEqual({ asset: "native:untrn", symbol: "NTRN", decimals: 6, name: "Neutron" });
    expect(assets.get("cw20:neutron1fixturetoken")?.symbol).toBe("STEW");
    expect(assets.size).toBe(3);
  });
  it("a file from before assets existed lists none", () => {
    const { assets: _, ...old } = fixture;
    expect(assetsOf(old as Deployment).size).toBe(0);
  });
  it("leaves out entries that are not a usable display, so they show raw rather than wrongly scaled", () => {
    const d = {
      ...fixture,
      assets: [
        { asset: "native:a", symbol: "A", decimals: 19 },
        { asset: "native:b", symbol: "B", decimals: 1.5 },
        { asset: "native:c", symbol: "", decimals: 6 },
        { asset: "native:d", symbol: "D D", decimals: 6 },
        { asset: "native:e", symbol: "E", decimals: 0 },
      ],
    } as Deployment;
    expect([...assetsOf(d).keys()]).toEqual(["native:e"]);
  });
});

describe("keplrChainInfo", () => {
  it("takes the currencies from the deployment's native assets and adds the fee coin when missing", () => {
    const info = keplrChainInfo(fixture, NETWORKS["pion-1"]);
    expect(info.currencies.map((c) => c.coinMinimalDenom)).toEqual(["untrn", "ibc/B559A80D62249C8AA07A380E2A2BEA6E5CA9A6F079C912C3A9E9B494105E4F81"]);
    expect(info.feeCurrencies[0]).toMatchObject({ coinDenom: "NTRN", coinMinimalDenom: "untrn", coinDecimals: 6 });
    const bare = keplrChainInfo({ ...fixture, assets: undefined }, NETWORKS["pion-1"]);
    expect(bare.currencies).toEqual([{ coinDenom: "NTRN", coinMinimalDenom: "untrn", coinDecimals: 6 }]);
  });
});
