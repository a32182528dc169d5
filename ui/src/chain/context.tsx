// The chosen deployment and the read clients built on it: the generated
// query clients over the node's REST smart-query endpoint.
import { createContext, useContext } from "react";
import type { CosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { StewardCoreQueryClient } from "../contracts/StewardCore.client";
import { StewardProposalQueryClient } from "../contracts/StewardProposal.client";
import { StewardTreasuryQueryClient } from "../contracts/StewardTreasury.client";
import { StewardOracleQueryClient } from "../contracts/StewardOracle.client";
import { Rest } from "./rest";
import { assetsOf, networkOf, type AssetMeta, type Deployment, type NetworkConfig } from "./networks";

export interface Chain {
  deployment: Deployment;
  contracts: NonNullable<Deployment["contracts"]>;
  network: NetworkConfig;
  /** How amounts are shown, by asset key (from the deployment file). */
  assets: Map<string, AssetMeta>;
  rest: Rest;
  core: StewardCoreQueryClient;
  proposal: StewardProposalQueryClient;
  treasury: StewardTreasuryQueryClient;
  oracle: StewardOracleQueryClient;
}

export function chainOf(deployment: Deployment): Chain | string {
  const network = networkOf(deployment);
  if (!network) return `deployment ${deployment.chain_id} names network "${deployment.network}", which this app does not know`;
  if (!deployment.contracts) return `deployment ${deployment.chain_id} has no instantiated DAO yet`;
  const rest = new Rest(deployment.rest);
  // The generated query clients only call queryContractSmart, which Rest
  // answers over fetch: no cosmjs on first load.
  const reader = rest as unknown as CosmWasmClient;
  const c = deployment.contracts;
  return {
    deployment,
    contracts: c,
    network,
    assets: assetsOf(deployment),
    rest,
    core: new StewardCoreQueryClient(reader, c.core),
    proposal: new StewardProposalQueryClient(reader, c.proposal),
    treasury: new StewardTreasuryQueryClient(reader, c.treasury),
    oracle: new StewardOracleQueryClient(reader, c.oracle),
  };
}

export const ChainContext = createContext<Chain | null>(null);

export function useChain(): Chain {
  const chain = useContext(ChainContext);
  if (!chain) throw new Error("useChain outside a chosen deployment");
  return chain;
}
