// Shared pieces: loading / error / empty states, amounts with their asset's
// display, actions in words.
import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { NodeUnreachable } from "../chain/rest";
import { useChain } from "../chain/context";
import { useTokenInfo } from "../chain/queries";
import type { AssetInfo, TreasuryAction } from "../contracts/StewardTreasury.types";
import type { AssetMeta } from "../chain/networks";
import { assetKey, formatAmount, rawAssetName } from "../lib/format";

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

/** Symbol and decimals of an asset: the deployment file's `assets` (the DAO
 *  config's native denoms, each cw20's TokenInfo at deploy time); for a cw20
 *  the file does not list, the token's own TokenInfo; else none. */
export function useAssetMeta(asset: AssetInfo): AssetMeta | undefined {
  const { assets } = useChain();
  const key = assetKey(asset);
  const listed = assets.get(key);
  const token = !listed && "token" in asset ? asset.token.contract_addr : null;
  const info = useTokenInfo(token);
  if (listed) return listed;
  if (info.data && Number.isInteger(info.data.decimals) && info.data.decimals >= 0 && info.data.decimals <= 18) {
    return { asset: key, symbol: info.data.symbol, decimals: info.data.decimals, name: info.data.name };
  }
  return undefined;
}

export function AssetName({ asset }: { asset: AssetInfo }) {
  const meta = useAssetMeta(asset);
  const key = assetKey(asset);
  return <span title={meta?.name ? `${meta.name} (${key})` : key}>{meta?.symbol ?? rawAssetName(key)}</span>;
}

/** An amount with its symbol, the raw amount and denom in its title; when the
 *  decimals are unknown, the raw units, marked as such. */
export function Amount({ asset, amount }: { asset: AssetInfo; amount: string }) {
  const f = formatAmount(amount, assetKey(asset), useAssetMeta(asset));
  return (
    <span title={f.title} className={f.known ? undefined : "raw-amount"}>
      {f.text}
    </span>
  );
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
