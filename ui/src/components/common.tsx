// Shared pieces: loading / error / empty states, amounts with their asset's
// display, actions in words.
import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { NodeUnreachable } from "../chain/rest";
import { useChain } from "../chain/context";
import { useTokenInfo } from "../chain/queries";
import type { AssetInfo, TreasuryAction } from "../contracts/StewardTreasury.types";
import { assetKey, formatUnits, shortAddr } from "../lib/format";

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="muted">
      Loading {what}…
    </p>
  );
}

export function ErrorState({ error, what }: { error: unknown; what: string }) {
  if (error instanceof NodeUnreachable) {
    return (
      <div role="alert" className="alert">
        <strong>Node unreachable.</strong> Cannot load {what}: {error.message}.
      </div>
    );
  }
  return (
    <div role="alert" className="alert">
      <strong>Cannot load {what}.</strong> The node answered: {error instanceof Error ? error.message : String(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Renders a query's loading and error states, then `children(data)`. */
export function Q<T>({ q, what, children }: { q: UseQueryResult<T>; what: string; children: (data: T) => ReactNode }) {
  if (q.isPending) return <Loading what={what} />;
  if (q.isError) return <ErrorState error={q.error} what={what} />;
  return <>{children(q.data)}</>;
}

export interface AssetDisplay {
  symbol: string;
  decimals: number | null;
}

/** Symbol and decimals: the network table for native denoms, TokenInfo for cw20. */
export function useAssetDisplay(asset: AssetInfo): AssetDisplay {
  const { network } = useChain();
  const token = "token" in asset ? asset.token.contract_addr : null;
  const info = useTokenInfo(token);
  if ("native_token" in asset) {
    const d = network.native[asset.native_token.denom];
    return d ? { symbol: d.symbol, decimals: d.decimals } : { symbol: asset.native_token.denom, decimals: null };
  }
  if (info.data) return { symbol: info.data.symbol, decimals: info.data.decimals };
  return { symbol: `cw20 ${shortAddr(asset.token.contract_addr)}`, decimals: null };
}

export function AssetName({ asset }: { asset: AssetInfo }) {
  const d = useAssetDisplay(asset);
  return <span title={assetKey(asset)}>{d.symbol}</span>;
}

/** An amount with its symbol; when the decimals are unknown, the raw units say so. */
export function Amount({ asset, amount }: { asset: AssetInfo; amount: string }) {
  const d = useAssetDisplay(asset);
  if (d.decimals === null) return <span>{`${formatUnits(amount, 0)} smallest units of ${d.symbol}`}</span>;
  return <span>{`${formatUnits(amount, d.decimals)} ${d.symbol}`}</span>;
}

export function ActionInWords({ action }: { action: TreasuryAction }) {
  if ("transfer" in action) {
    const t = action.transfer;
    return (
      <>
        Send <Amount asset={t.asset} amount={t.amount} /> to <code>{t.recipient}</code>
      </>
    );
  }
  if ("swap" in action) {
    const s = action.swap;
    return (
      <>
        Swap <Amount asset={s.offer_asset} amount={s.offer_amount} /> for <AssetName asset={s.ask_asset} /> through pair{" "}
        <code>{s.pair}</code>, accepting at most {s.max_slippage_bps / 100} % below the oracle-price output (the
        treasury computes the minimum on chain)
      </>
    );
  }
  if ("set_budget" in action) {
    const b = action.set_budget;
    return (
      <>
        Let <code>{b.spender}</code> draw up to <Amount asset={b.asset} amount={b.amount_per_period} /> every{" "}
        {b.period_seconds} s
      </>
    );
  }
  const r = action.remove_budget;
  return (
    <>
      Remove the <AssetName asset={r.asset} /> budget of <code>{r.spender}</code>
    </>
  );
}

export function ActionList({ actions, label }: { actions: TreasuryAction[]; label: string }) {
  return (
    <ol aria-label={label}>
      {actions.map((a, i) => (
        <li key={i}>
          <ActionInWords action={a} />
        </li>
      ))}
    </ol>
  );
}
