// A button that sends one transaction through the connected wallet and shows
// its outcome: the tx hash, or the contract's own error text.
import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useWallet } from "../wallet/WalletContext";
import type { Signer } from "../wallet/signing";

export function TxButton({
  label,
  run,
  disabled,
}: {
  label: string;
  run: (s: Signer) => Promise<string>;
  disabled?: boolean;
}) {
  const { signer } = useWallet();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // Another account's outcome is not this one's.
  useEffect(() => setResult(null), [signer]);
  const onClick = async () => {
    if (!signer) return;
    setBusy(true);
    setResult(null);
    try {
      const hash = await run(signer);
      setResult({ ok: true, text: `${label}: done (tx ${hash})` });
      await qc.invalidateQueries();
    } catch (e) {
      setResult({ ok: false, text: `${label} failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="tx">
      <button type="button" onClick={onClick} disabled={!signer || busy || disabled} aria-busy={busy}>
        {busy ? `${label}…` : label}
      </button>
      {result && (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? "good" : "bad"}>
          {result.text}
        </span>
      )}
    </span>
  );
}
