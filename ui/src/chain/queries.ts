// Every read the pages make, cached by react-query and keyed by deployment.
import { useQuery } from "@tanstack/react-query";
import { useChain } from "./context";
import type { AssetInfo, TreasuryAction } from "../contracts/StewardTreasury.types";
import type { PricePoint, RecommendationStatus } from "../contracts/StewardOracle.types";
import type { GovernanceChange } from "../contracts/StewardProposal.types";

const FAST = 3_000;

function useKey(...parts: unknown[]): unknown[] {
  const { deployment } = useChain();
  return [deployment.chain_id, deployment.contracts?.core, ...parts];
}

/** The chain's clock: countdowns and ages are measured against block time. */
export function useChainTime() {
  const { rest } = useChain();
  return useQuery({ queryKey: useKey("block"), queryFn: () => rest.latestBlock(), refetchInterval: FAST });
}

export function useNodeChainId() {
  const { rest } = useChain();
  return useQuery({ queryKey: useKey("node-chain"), queryFn: () => rest.nodeChainId(), retry: false });
}

export function useCoreConfig() {
  const { core } = useChain();
  return useQuery({ queryKey: useKey("core-config"), queryFn: () => core.config() });
}

export function useMembers() {
  const { core } = useChain();
  return useQuery({
    queryKey: useKey("members"),
    queryFn: async () => {
      const all = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = await core.listMembers({ startAfter, limit: 30 });
        all.push(...page.members);
        if (page.members.length < 30) return all;
        startAfter = page.members[page.members.length - 1].addr;
      }
    },
  });
}

export function useTotalPower() {
  const { core } = useChain();
  return useQuery({ queryKey: useKey("total-power"), queryFn: () => core.totalPowerAtHeight({}) });
}

export function useVotingPower(address: string | null) {
  const { core } = useChain();
  return useQuery({
    queryKey: useKey("power", address),
    queryFn: () => core.votingPowerAtHeight({ address: address ?? "" }),
    enabled: !!address,
  });
}

export function usePause() {
  const { core } = useChain();
  return useQuery({ queryKey: useKey("pause"), queryFn: () => core.pauseInfo(), refetchInterval: FAST });
}

/** Each module's code id (node) and cw2 name and version (contract storage). */
export function useModuleVersions() {
  const { rest, contracts } = useChain();
  return useQuery({
    queryKey: useKey("versions"),
    queryFn: () =>
      Promise.all(
        (["core", "proposal", "treasury", "oracle"] as const).map(async (module) => {
          const addr = contracts[module];
          const [info, cw2] = await Promise.all([
            rest.contractInfo(addr),
            rest.queryRawJson<{ contract: string; version: string }>(addr, "contract_info"),
          ]);
          return { module, addr, codeId: info.code_id, contract: cw2?.contract ?? "?", version: cw2?.version ?? "?" };
        }),
      ),
  });
}

export function useProposalConfig() {
  const { proposal } = useChain();
  return useQuery({ queryKey: useKey("proposal-config"), queryFn: () => proposal.config() });
}

export function useProposals() {
  const { proposal } = useChain();
  return useQuery({
    queryKey: useKey("proposals"),
    queryFn: () => proposal.reverseProposals({ limit: 30 }),
    refetchInterval: FAST,
  });
}

export function useProposal(id: number) {
  const { proposal } = useChain();
  return useQuery({ queryKey: useKey("proposal", id), queryFn: () => proposal.proposal({ proposalId: id }), refetchInterval: FAST });
}

export function useVotes(id: number) {
  const { proposal } = useChain();
  return useQuery({
    queryKey: useKey("votes", id),
    queryFn: async () => {
      const all = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = await proposal.listVotes({ proposalId: id, startAfter, limit: 30 });
        all.push(...page.votes);
        if (page.votes.length < 30) return all;
        startAfter = page.votes[page.votes.length - 1].voter;
      }
    },
    refetchInterval: FAST,
  });
}

export function useRecommendations(status: RecommendationStatus | null) {
  const { oracle } = useChain();
  return useQuery({
    queryKey: useKey("recommendations", status),
    queryFn: () => oracle.recommendations({ status: status ?? undefined, limit: 30 }),
    refetchInterval: FAST,
  });
}

export function useRecommendation(id: number) {
  const { oracle } = useChain();
  return useQuery({ queryKey: useKey("recommendation", id), queryFn: () => oracle.recommendation({ id }), refetchInterval: FAST });
}

/** The signatures that counted toward recommendation `id`'s quorum, as the oracle stores them. */
export function useStoredSignatures(id: number) {
  const { oracle } = useChain();
  return useQuery({ queryKey: useKey("signatures", id), queryFn: () => oracle.signatures({ id }), staleTime: Infinity });
}

/** The advisors' signed briefings on proposal `id` (one per advisor). */
export function useBriefings(id: number) {
  const { oracle } = useChain();
  return useQuery({ queryKey: useKey("briefings", id), queryFn: () => oracle.briefings({ proposalId: id, limit: 30 }), refetchInterval: FAST });
}

export function useAdvisors() {
  const { oracle } = useChain();
  return useQuery({ queryKey: useKey("advisors"), queryFn: () => oracle.advisors({ limit: 30 }) });
}

export function usePolicyState() {
  const { treasury } = useChain();
  return useQuery({ queryKey: useKey("policy-state"), queryFn: () => treasury.policyState(), refetchInterval: FAST });
}

export function usePrices(assets: AssetInfo[] | undefined) {
  const { oracle } = useChain();
  return useQuery({
    queryKey: useKey("prices", assets),
    queryFn: () => oracle.prices({ assets: assets ?? [] }),
    enabled: !!assets,
    refetchInterval: FAST,
  });
}

/** Every price of `asset` the oracle keeps (at most its ring's capacity), oldest first. */
export function usePriceHistory(asset: AssetInfo) {
  const { oracle } = useChain();
  return useQuery({
    queryKey: useKey("price-history", asset),
    queryFn: async () => {
      const points: PricePoint[] = [];
      let capacity = 0;
      for (;;) {
        const startAfter = points.length ? points[points.length - 1].publish_time : undefined;
        const page = await oracle.priceHistory({ asset, startAfter, limit: 30 });
        capacity = page.capacity;
        points.push(...page.points);
        if (page.points.length < 30 || points.length >= capacity) break;
      }
      return { capacity, points: points.reverse() };
    },
    refetchInterval: FAST,
  });
}

export function useBudgets() {
  const { treasury } = useChain();
  return useQuery({ queryKey: useKey("budgets"), queryFn: () => treasury.listBudgets({ limit: 30 }) });
}

/** The treasury's own policy check of `actions` now. */
export function useCheckActions(actions: TreasuryAction[] | undefined) {
  const { treasury } = useChain();
  return useQuery({
    queryKey: useKey("check", actions),
    queryFn: () => treasury.checkActions({ actions: actions ?? [] }),
    enabled: !!actions,
    refetchInterval: FAST,
  });
}

export interface TokenInfo {
  name: string;
  symbol: string;
  decimals: number;
}

export function useTokenInfo(contract: string | null) {
  const { rest } = useChain();
  return useQuery({
    queryKey: useKey("token", contract),
    queryFn: () => rest.queryContractSmart(contract ?? "", { token_info: {} }) as Promise<TokenInfo>,
    enabled: !!contract,
    staleTime: Infinity,
  });
}

export function useCw20Balance(contract: string | null, address: string) {
  const { rest } = useChain();
  return useQuery({
    queryKey: useKey("cw20", contract, address),
    queryFn: async () => ((await rest.queryContractSmart(contract ?? "", { balance: { address } })) as { balance: string }).balance,
    enabled: !!contract,
    refetchInterval: FAST,
  });
}

/** The governance policy the DAO set and when the advisor last changed the config. */
export function useGovernanceState() {
  const { proposal } = useChain();
  return useQuery({ queryKey: useKey("governance"), queryFn: () => proposal.governance(), refetchInterval: FAST });
}

/** The proposal module's own verdict on config changes now: the config after them, or why not. */
export function useCheckGovernance(changes: GovernanceChange[] | undefined) {
  const { proposal } = useChain();
  return useQuery({
    queryKey: useKey("check-governance", JSON.stringify(changes ?? [])),
    queryFn: () => proposal.checkGovernance({ changes: changes ?? [] }),
    enabled: !!changes && changes.length > 0,
    refetchInterval: FAST,
  });
}

/** What recommendation `id`'s execution moved and, once scored, its outcome. */
export function useOutcome(id: number) {
  const { oracle } = useChain();
  return useQuery({ queryKey: useKey("outcome", id), queryFn: () => oracle.outcome({ id }), refetchInterval: FAST });
}
