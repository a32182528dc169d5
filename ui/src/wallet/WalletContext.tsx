// Connecting the wallet: the states a voter can meet (no wallet, locked or
// refused, wrong chain, connected), and the signer loaded on demand.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { OfflineSigner } from "@cosmjs/proto-signing";
import { keplrChainInfo } from "../chain/networks";
import { useChain } from "../chain/context";
import type { WalletState } from "./keplr";
import type { Signer } from "./signing";

interface Wallet {
  state: WalletState;
  signer: Signer | null;
  connect(): Promise<void>;
  disconnect(): void;
}

const WalletContext = createContext<Wallet | null>(null);

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function WalletProvider({ children }: { children: ReactNode }) {
  const chain = useChain();
  const [state, setState] = useState<WalletState>({ kind: "idle" });
  const [signer, setSigner] = useState<Signer | null>(null);
  const { deployment, network } = chain;

  const connect = useCallback(async () => {
    const keplr = window.keplr;
    if (!keplr) {
      setState({ kind: "no-wallet" });
      return;
    }
    setState({ kind: "connecting" });
    const chainId = deployment.chain_id;
    try {
      if (network.name === "local") await keplr.experimentalSuggestChain(keplrChainInfo(deployment, network));
      await keplr.enable(chainId);
    } catch (e) {
      setState({ kind: "locked", reason: message(e) });
      return;
    }
    try {
      const key = await keplr.getKey(chainId);
      if (!key.bech32Address.startsWith(`${network.prefix}1`)) {
        setState({ kind: "wrong-chain", reason: `the wallet's account ${key.bech32Address} is not a ${network.prefix} address of ${chainId}` });
        return;
      }
      const nodeChain = await chain.rest.nodeChainId();
      if (nodeChain !== chainId) {
        setState({ kind: "wrong-chain", reason: `the node at ${deployment.rest} is on chain ${nodeChain}, this deployment is on ${chainId}` });
        return;
      }
      const offline = (keplr.getOfflineSignerAuto
        ? await keplr.getOfflineSignerAuto(chainId)
        : keplr.getOfflineSigner(chainId)) as OfflineSigner;
      const { connectSigner } = await import("./signing");
      const s = await connectSigner(deployment.rpc ?? network.rpc, offline, key.bech32Address, network.gasPrice, chain.contracts.proposal);
      if (s.chainId !== chainId) {
        setState({ kind: "wrong-chain", reason: `the RPC node is on chain ${s.chainId}, this deployment is on ${chainId}` });
        return;
      }
      setSigner(s);
      setState({ kind: "connected", address: key.bech32Address, name: key.name });
    } catch (e) {
      setState({ kind: "locked", reason: message(e) });
    }
  }, [chain, deployment, network]);

  const disconnect = useCallback(() => {
    setSigner(null);
    setState({ kind: "idle" });
  }, []);

  // A new deployment or a switched wallet account starts over.
  useEffect(() => disconnect, [deployment, disconnect]);
  useEffect(() => {
    const onChange = () => {
      if (signer) void connect();
    };
    window.addEventListener("keplr_keystorechange", onChange);
    return () => window.removeEventListener("keplr_keystorechange", onChange);
  }, [connect, signer]);

  return <WalletContext.Provider value={{ state, signer, connect, disconnect }}>{children}</WalletContext.Provider>;
}

export function useWallet(): Wallet {
  const w = useContext(WalletContext);
  if (!w) throw new Error("useWallet outside WalletProvider");
  return w;
}

export function connectedAddress(state: WalletState): string | null {
  return state.kind === "connected" ? state.address : null;
}
