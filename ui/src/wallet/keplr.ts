// The Keplr wallet API as the app uses it (`window.keplr`; wallets exposing the
// same API work too). Only this much is typed here so the first load carries
// no wallet library.
export interface KeplrKey {
  name: string;
  bech32Address: string;
  algo: string;
  isNanoLedger?: boolean;
}

export interface Keplr {
  enable(chainId: string): Promise<void>;
  getKey(chainId: string): Promise<KeplrKey>;
  experimentalSuggestChain(info: unknown): Promise<void>;
  getOfflineSignerAuto?(chainId: string): Promise<unknown>;
  getOfflineSigner(chainId: string): unknown;
}

declare global {
  interface Window {
    keplr?: Keplr;
  }
}

export type WalletState =
  | { kind: "idle" }
  | { kind: "connecting" }
  | { kind: "no-wallet" }
  | { kind: "locked"; reason: string }
  | { kind: "wrong-chain"; reason: string }
  | { kind: "connected"; address: string; name: string };
