import { useNodeChainId } from "../chain/queries";
import { useChain } from "../chain/context";
import type { Deployment } from "../chain/networks";

export function NetworkPage({
  deployments,
  chosen,
  choose,
}: {
  deployments: Deployment[];
  chosen: number;
  choose: (i: number) => void;
}) {
  const { deployment, network, contracts, assets } = useChain();
  const node = useNodeChainId();
  return (
    <>
      <h1>Network</h1>
      <label>
        Deployment{" "}
        <select value={chosen} onChange={(e) => choose(Number(e.target.value))}>
          {deployments.map((d, i) => (
            <option key={i} value={i}>
              {d.network} ({d.chain_id})
            </option>
          ))}
        </select>
      </label>
      <dl aria-label="Network">
        <dt>Chain id</dt>
        <dd>{deployment.chain_id}</dd>
        <dt>Node (REST)</dt>
        <dd>
          <code>{deployment.rest}</code>
        </dd>
        <dt>Node (RPC, for signing)</dt>
        <dd>
          <code>{deployment.rpc ?? network.rpc}</code>
        </dd>
        <dt>Node says</dt>
        <dd>
          <span role="status">
          {node.isPending
            ? "asking the node…"
            : node.isError
              ? `unreachable: ${node.error.message}`
              : node.data === deployment.chain_id
                ? `chain ${node.data}, as the deployment says`
                : `wrong chain: the node is on ${node.data}, the deployment on ${deployment.chain_id}`}
          </span>
        </dd>
        <dt>Address prefix</dt>
        <dd>{network.prefix}</dd>
        <dt>Gas price</dt>
        <dd>{network.gasPrice}</dd>
        <dt>How amounts are shown</dt>
        <dd>
          {assets.size === 0 ? (
            "the deployment file lists no assets: amounts show in raw units with their denom"
          ) : (
            <ul aria-label="Asset display">
              {[...assets.values()].map((a) => (
                <li key={a.asset}>
                  {a.symbol}: {a.decimals} decimals{a.name ? `, ${a.name}` : ""} (<code>{a.asset}</code>)
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Contracts</dt>
        <dd>
          <ul aria-label="Contract addresses">
            {Object.entries(contracts).map(([k, v]) => (
              <li key={k}>
                {k}: <code>{v}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <p className="muted">
        The browser reads the node directly: scripts/localnet enables CORS on its REST and RPC ports for the local
        chain. On the local chain, connecting suggests the chain to the wallet (experimentalSuggestChain).
      </p>
    </>
  );
}
