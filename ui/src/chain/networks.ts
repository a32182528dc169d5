// What a deployment file does not carry yet: RPC endpoint, address prefix, fee
// and the display of native denoms. Keyed by the deployment's `network`.
// (cw20 tokens take their symbol and decimals from the token's own TokenInfo.)

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
  native: Record<string, DenomDisplay>;
}

const LOCAL_NATIVE: Record<string, DenomDisplay> = {
  ustake: { symbol: "STAKE", decimals: 6 },
  uusd: { symbol: "USD", decimals: 6 },
  uatom: { symbol: "ATOM", decimals: 6 },
};

// Endpoints, prefixes and gas prices as in packages/deploy/src/network.rs.
export const NETWORKS: Record<string, NetworkConfig> = {
  local: { name: "local", rpc: "http://127.0.0.1:26657", prefix: "wasm", feeDenom: "ustake", gasPrice: "0.0025ustake", native: LOCAL_NATIVE },
  "pion-1": {
    name: "pion-1",
    rpc: "https://rpc-falcron.pion-1.ntrn.tech",
    prefix: "neutron",
    feeDenom: "untrn",
    gasPrice: "0.0053untrn",
    native: { untrn: { symbol: "NTRN", decimals: 6 } },
  },
  "osmo-test-5": {
    name: "osmo-test-5",
    rpc: "https://rpc.osmotest5.osmosis.zone",
    prefix: "osmo",
    feeDenom: "uosmo",
    gasPrice: "0.025uosmo",
    native: { uosmo: { symbol: "OSMO", decimals: 6 } },
  },
  "uni-6": {
    name: "uni-6",
    rpc: "https://juno-testnet-rpc.polkachu.com",
    prefix: "juno",
    feeDenom: "ujunox",
    gasPrice: "0.025ujunox",
    native: { ujunox: { symbol: "JUNOX", decimals: 6 } },
  },
};

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
}

export function networkOf(d: Deployment): NetworkConfig | undefined {
  return NETWORKS[d.network];
}

/** The chain as Keplr's experimentalSuggestChain wants it (local chain). */
export function keplrChainInfo(d: Deployment, n: NetworkConfig) {
  const currencies = Object.entries(n.native).map(([denom, v]) => ({
    coinDenom: v.symbol,
    coinMinimalDenom: denom,
    coinDecimals: v.decimals,
  }));
  const fee = currencies.find((c) => c.coinMinimalDenom === n.feeDenom) ?? currencies[0];
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
