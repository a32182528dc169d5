// First-load reads: the node's REST endpoints with `fetch` only (no cosmjs),
// so the app renders before any wallet code is loaded.

/** The node could not be reached at all (network error, CORS, refused). */
export class NodeUnreachable extends Error {
  constructor(readonly url: string, cause: unknown) {
    super(`the node at ${url} cannot be reached (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** The node answered with an error; `message` is the node's (or contract's) own text. */
export class NodeError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function base64Json(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export class Rest {
  constructor(readonly base: string) {}

  async get<T>(path: string): Promise<T> {
    const url = `${this.base.replace(/\/$/, "")}/${path}`;
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new NodeUnreachable(this.base, e);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new NodeError(res.status, message);
    }
    return JSON.parse(text) as T;
  }

  /** The smart query `msg` of contract `addr`; the shape cosmjs's CosmWasmClient has. */
  async queryContractSmart(addr: string, msg: Record<string, unknown>): Promise<any> {
    const q = encodeURIComponent(base64Json(msg));
    const res = await this.get<{ data: unknown }>(`cosmwasm/wasm/v1/contract/${addr}/smart/${q}`);
    return res.data;
  }

  /** The raw storage value under `key` (e.g. cw2's `contract_info`), parsed as JSON. */
  async queryRawJson<T>(addr: string, key: string): Promise<T | null> {
    const k = encodeURIComponent(btoa(key));
    const res = await this.get<{ data: string | null }>(`cosmwasm/wasm/v1/contract/${addr}/raw/${k}`);
    if (!res.data) return null;
    return JSON.parse(atob(res.data)) as T;
  }

  async contractInfo(addr: string): Promise<{ code_id: string; label: string; admin: string }> {
    const res = await this.get<{ contract_info: { code_id: string; label: string; admin: string } }>(
      `cosmwasm/wasm/v1/contract/${addr}`,
    );
    return res.contract_info;
  }

  async balances(addr: string): Promise<{ denom: string; amount: string }[]> {
    const res = await this.get<{ balances: { denom: string; amount: string }[] }>(
      `cosmos/bank/v1beta1/balances/${addr}?pagination.limit=200`,
    );
    return res.balances;
  }

  async nodeChainId(): Promise<string> {
    const res = await this.get<{ default_node_info: { network: string } }>("cosmos/base/tendermint/v1beta1/node_info");
    return res.default_node_info.network;
  }

  /** Latest block height and time (Unix seconds): the chain's clock, not the browser's. */
  async latestBlock(): Promise<{ height: number; time: number }> {
    const res = await this.get<{ block: { header: { height: string; time: string } } }>(
      "cosmos/base/tendermint/v1beta1/blocks/latest",
    );
    return { height: Number(res.block.header.height), time: Math.floor(Date.parse(res.block.header.time) / 1000) };
  }
}
