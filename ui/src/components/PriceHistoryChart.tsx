// One asset's price history as the oracle keeps it: a line over time, named
// for assistive technology, with its range in words beside it.
import { useId } from "react";
import { usePriceHistory } from "../chain/queries";
import type { AssetInfo } from "../contracts/StewardTreasury.types";
import { assetKey, formatTime, formatUnits, parseDecimal } from "../lib/format";
import { AssetName, Empty, Q } from "./common";

const W = 480;
const H = 140;
const PAD = 6;
/** Room above and below the line for the high and low labels. */
const LABEL_ROOM = 20;

/** A price scaled by 10^18 (`parseDecimal`) as the page writes it: digits grouped, trailing zeros dropped. */
function priceText(scaled: bigint): string {
  return formatUnits(scaled.toString(), 18);
}

export function PriceHistoryChart({ asset }: { asset: AssetInfo }) {
  const q = usePriceHistory(asset);
  const key = assetKey(asset);
  const descId = useId();
  return (
    <figure className="price-chart">
      <Q q={q} what={`the price history of ${key}`}>
        {({ points, capacity }) => {
          if (points.length === 0) return <Empty>No price of {key} accepted yet.</Empty>;
          const values = points.map((p) => parseDecimal(p.price));
          const lo = values.reduce((a, b) => (b < a ? b : a));
          const hi = values.reduce((a, b) => (b > a ? b : a));
          const t0 = points[0].publish_time;
          const t1 = points[points.length - 1].publish_time;
          // Drawing only: positions need no exactness, the words below carry the values.
          const x = (t: number) => (t1 === t0 ? W / 2 : PAD + ((t - t0) / (t1 - t0)) * (W - 2 * PAD));
          const y = (v: bigint) => (hi === lo ? H / 2 : LABEL_ROOM + (Number(hi - v) / Number(hi - lo)) * (H - 2 * LABEL_ROOM));
          const xy = points.map((p, i) => `${x(p.publish_time).toFixed(1)},${y(values[i]).toFixed(1)}`);
          return (
            <>
              <svg
                role="img"
                aria-label={`Price history of ${key}`}
                aria-describedby={descId}
                viewBox={`0 0 ${W} ${H}`}
                width={W}
                height={H}
                className="price-chart-plot"
              >
                <rect x={0} y={0} width={W} height={H} fill="#f7f7f7" stroke="#777" />
                <text x={W - PAD} y={14} textAnchor="end" fontSize={12} fill="#333">
                  {hi === lo ? `${priceText(hi)} throughout` : `high ${priceText(hi)}`}
                </text>
                {hi !== lo && (
                  <text x={W - PAD} y={H - PAD} textAnchor="end" fontSize={12} fill="#333">
                    low {priceText(lo)}
                  </text>
                )}
                <polyline points={xy.join(" ")} fill="none" stroke="#1f5fa8" strokeWidth={2} />
                {xy.map((p) => {
                  const [cx, cy] = p.split(",");
                  return <circle key={p} cx={cx} cy={cy} r={2.5} fill="#1f5fa8" />;
                })}
              </svg>
              <figcaption id={descId}>
                <AssetName asset={asset} />: {points.length} {points.length === 1 ? "price" : "prices"} (the oracle keeps the last{" "}
                {capacity}), {formatTime(t0)} to {formatTime(t1)}; lowest {priceText(lo)}, highest {priceText(hi)},
                latest {priceText(values[values.length - 1])} quote units per smallest unit.
              </figcaption>
            </>
          );
        }}
      </Q>
    </figure>
  );
}
