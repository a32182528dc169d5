// What a deployment file does not carry: RPC endpoint, address prefix and the
// fee coin. Keyed by the deployment's `network`. How amounts of each asset are
// shown comes from the deployment file itself (`assets`, written by
// steward-deploy from the DAO config and each cw20's TokenInfo).

export interface DenomDisplay {
  /** Shown name, e.g. USD. */
  symbol: string;
  /** Decimal places of the smallest unit. */
  decimals: number;
}

export interface NetworkConfig {
  name: string;
  /** CometBFT RPC, for signing and broadcasting. */
  rpc: string;
  prefix: string;
  feeDenom: string;
  gasPrice: string;
  /** The fee coin's display, for the wallet when the deployment does not list it. */
  fee: DenomDisplay;
}

// Endpoints, prefixes and gas prices as in packages/deploy/src/network.rs.
export const NETWORKS: Record<string, NetworkConfig> = {
  local: { name: "local", rpc: "http://127.0.0.1:26657", prefix: "wasm", feeDenom: "ustake", gasPrice: "0.0025ustake", fee: { symbol: "STAKE", decimals: 6 } },
  "pion-1": {
    name: "pion-1",
    rpc: "https://rpc-falcron.pion-1.ntrn.tech",
    prefix: "neutron",
    feeDenom: "untrn",
    gasPrice: "0.0053untrn",
    fee: { symbol: "NTRN", decimals: 6 },
  },
  "osmo-test-5": {
    name: "osmo-test-5",
    rpc: "https://rpc.osmotest5.osmosis.zone",
    prefix: "osmo",
    feeDenom: "uosmo",
    gasPrice: "0.025uosmo",
    fee: { symbol: "OSMO", decimals: 6 },
  },
  "uni-6": {
    name: "uni-6",
    rpc: "https://juno-testnet-rpc.polkachu.com",
    prefix: "juno",
    feeDenom: "ujunox",
    gasPrice: "0.025ujunox",
    fee: { symbol: "JUNOX", decimals: 6 },
  },
};

/** How amounts of one asset are shown, as the deployment file lists it. */
export interface AssetMeta {
  /** `native:<denom>` or `cw20:<address>`. */
  asset: string;
  symbol: string;
  /** Decimal places of the smallest unit (0 to 18). */
  decimals: number;
  name?: string;
}

/** `deployments/<chain-id>.json` as steward-deploy writes it. */
export interface Deployment {
  chain_id: string;
  network: string;
  rest: string;
  /** RPC endpoint; written beside `rest` by scripts/ui-serve (the network table's otherwise). */
  rpc?: string;
  deployer: string;
  code: Record<string, { code_id: number; checksum: string; tx_hash: string | null; gas_used: number | null }>;
  contracts: { core: string; proposal: string; treasury: string; oracle: string } | null;
  /** How amounts are shown; absent in files written before steward-deploy wrote it. */
  assets?: AssetMeta[];
}

const MAX_DECIMALS = 18;

/** The deployment's asset displays by asset key. An entry that is not a usable
 *  display (as steward_types::display::AssetDisplay::validate would refuse it)
 *  is left out, so its amounts show raw and marked rather than wrongly scaled. */
export function assetsOf(d: Deployment): Map<string, AssetMeta> {
  const out = new Map<string, AssetMeta>();
  for (const a of Array.isArray(d.assets) ? d.assets : []) {
    if (!a || typeof a.asset !== "string" || typeof a.symbol !== "string") continue;
    if (!/^[\x21-\x7e]{1,32}$/.test(a.symbol)) continue;
    if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > MAX_DECIMALS) continue;
    out.set(a.asset, { asset: a.asset, symbol: a.symbol, decimals: a.decimals, ...(typeof a.name === "string" ? { name: a.name } : {}) });
  }
  return out;
}

export function networkOf(d: Deployment): NetworkConfig | undefined {
  return NETWORKS[d.network];
}

/** The chain as Keplr's experimentalSuggestChain wants it (local chain). */
export function keplrChainInfo(d: Deployment, n: NetworkConfig) {
  const currencies = [...assetsOf(d).values()]
    .filter((a) => a.asset.startsWith("native:"))
    .map((a) => ({ coinDenom: a.symbol, coinMinimalDenom: a.asset.slice("native:".length), coinDecimals: a.decimals }));
  let fee = currencies.find((c) => c.coinMinimalDenom === n.feeDenom);
  if (!fee) {
    fee = { coinDenom: n.fee.symbol, coinMinimalDenom: n.feeDenom, coinDecimals: n.fee.decimals };
    currencies.push(fee);
  }
  const price = Number.parseFloat(n.gasPrice);
  return {
    chainId: d.chain_id,
    chainName: `Steward ${d.chain_id}`,
    rpc: d.rpc ?? n.rpc,
    rest: d.rest,
    bip44: { coinType: 118 },
    bech32Config: {
      bech32PrefixAccAddr: n.prefix,
      bech32PrefixAccPub: `${n.prefix}pub`,
      bech32PrefixValAddr: `${n.prefix}valoper`,
      bech32PrefixValPub: `${n.prefix}valoperpub`,
      bech32PrefixConsAddr: `${n.prefix}valcons`,
      bech32PrefixConsPub: `${n.prefix}valconspub`,
    },
    currencies,
    feeCurrencies: [{ ...fee, gasPriceStep: { low: price, average: price, high: price * 2 } }],
    stakeCurrency: fee,
    features: ["cosmwasm"],
  };
}
