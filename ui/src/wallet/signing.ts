// Loaded only when a wallet connects (dynamic import): cosmjs and the
// generated signing clients.
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { GasPrice } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { OfflineSigner } from "@cosmjs/proto-signing";
import { StewardProposalClient } from "../contracts/StewardProposal.client";
import type { Vote } from "../contracts/StewardProposal.types";

export interface Signer {
  chainId: string;
  vote(proposalId: number, vote: Vote, rationale: string | undefined): Promise<string>;
  proposeAdoption(recommendationId: number, description: string | undefined): Promise<string>;
  execute(proposalId: number): Promise<string>;
  close(proposalId: number): Promise<string>;
  veto(proposalId: number): Promise<string>;
}

export async function connectSigner(
  rpc: string,
  signer: OfflineSigner,
  sender: string,
  gasPrice: string,
  proposalAddr: string,
): Promise<Signer> {
  // CometBFT 0.38 and 0.39 speak the same RPC; cosmjs 0.36's auto-detection
  // knows only 0.38 and would decode a 0.39 node's answers as 0.34.
  const comet = await Comet38Client.connect(rpc);
  const client = SigningCosmWasmClient.createWithSigner(comet, signer, { gasPrice: GasPrice.fromString(gasPrice) });
  const chainId = await client.getChainId();
  const proposal = new StewardProposalClient(client, sender, proposalAddr);
  // "auto": the fee comes from a simulation, which also surfaces the
  // contract's own error before anything is signed.
  const fee = 1.5;
  return {
    chainId,
    vote: async (proposalId, vote, rationale) =>
      (await proposal.vote({ proposalId, vote, rationale: rationale || undefined }, fee)).transactionHash,
    proposeAdoption: async (recommendationId, description) =>
      (await proposal.proposeAdoption({ recommendationId, description: description || undefined }, fee)).transactionHash,
    execute: async (proposalId) => (await proposal.execute({ proposalId }, fee)).transactionHash,
    close: async (proposalId) => (await proposal.close({ proposalId }, fee)).transactionHash,
    veto: async (proposalId) => (await proposal.veto({ proposalId }, fee)).transactionHash,
  };
}
