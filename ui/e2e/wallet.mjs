// A Keplr-compatible wallet for the browser tests: `window.keplr` in the page,
// backed by cosmjs DirectSecp256k1HdWallets in Node holding the TEST-ONLY
// mnemonics of localnet/test-accounts.txt. The page calls one exposed binding.
import { readFileSync } from "node:fs";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";

const b64 = (u8) => Buffer.from(u8).toString("base64");
const unb64 = (s) => new Uint8Array(Buffer.from(s, "base64"));

export async function testWallets(accountsFile, names, prefix) {
  const lines = readFileSync(accountsFile, "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  const wallets = {};
  for (const name of names) {
    const line = lines.find((l) => l.split(" ")[0] === name);
    if (!line) throw new Error(`${accountsFile} has no account ${name}`);
    wallets[name] = await DirectSecp256k1HdWallet.fromMnemonic(line.slice(name.length + 1).trim(), { prefix });
  }
  return wallets;
}

/** Installs the wallet into every page of `context`; returns its controls. */
export async function installWallet(context, wallets, first) {
  const state = { current: first, suggested: new Set(), knownChains: new Set(), locked: false };
  const account = async () => (await wallets[state.current].getAccounts())[0];
  await context.exposeBinding("__stewardWallet", async (_source, method, argJson) => {
    const arg = JSON.parse(argJson);
    switch (method) {
      case "suggest":
        state.suggested.add(arg.chainId);
        return "null";
      case "enable":
        if (state.locked) throw new Error("Request rejected: the wallet is locked");
        if (!state.suggested.has(arg) && !state.knownChains.has(arg)) throw new Error(`There is no chain info for ${arg}`);
        return "null";
      case "getKey": {
        const a = await account();
        return JSON.stringify({ name: state.current, bech32Address: a.address, algo: a.algo, pubKey: b64(a.pubkey), isNanoLedger: false });
      }
      case "accounts": {
        const a = await account();
        return JSON.stringify([{ address: a.address, algo: a.algo, pubkey: b64(a.pubkey) }]);
      }
      case "signDirect": {
        const { signerAddress, doc } = arg;
        const a = await account();
        if (a.address !== signerAddress) throw new Error(`the wallet's account is ${a.address}, not ${signerAddress}`);
        const r = await wallets[state.current].signDirect(signerAddress, {
          bodyBytes: unb64(doc.bodyBytes),
          authInfoBytes: unb64(doc.authInfoBytes),
          chainId: doc.chainId,
          accountNumber: BigInt(doc.accountNumber),
        });
        return JSON.stringify({
          signed: {
            bodyBytes: b64(r.signed.bodyBytes),
            authInfoBytes: b64(r.signed.authInfoBytes),
            chainId: r.signed.chainId,
            accountNumber: r.signed.accountNumber.toString(),
          },
          signature: r.signature,
        });
      }
      default:
        throw new Error(`unknown wallet call ${method}`);
    }
  });
  await context.addInitScript(() => {
    const call = async (m, a) => JSON.parse(await window.__stewardWallet(m, JSON.stringify(a ?? null)));
    const b64 = (u8) => btoa(String.fromCharCode(...u8));
    const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const signer = () => ({
      getAccounts: async () => (await call("accounts")).map((a) => ({ address: a.address, algo: a.algo, pubkey: unb64(a.pubkey) })),
      signDirect: async (signerAddress, doc) => {
        const r = await call("signDirect", {
          signerAddress,
          doc: { bodyBytes: b64(doc.bodyBytes), authInfoBytes: b64(doc.authInfoBytes), chainId: doc.chainId, accountNumber: doc.accountNumber.toString() },
        });
        return {
          signed: { bodyBytes: unb64(r.signed.bodyBytes), authInfoBytes: unb64(r.signed.authInfoBytes), chainId: r.signed.chainId, accountNumber: BigInt(r.signed.accountNumber) },
          signature: r.signature,
        };
      },
    });
    window.keplr = {
      enable: (chainId) => call("enable", chainId),
      getKey: async (chainId) => {
        const k = await call("getKey", chainId);
        return { ...k, pubKey: unb64(k.pubKey) };
      },
      experimentalSuggestChain: (info) => call("suggest", info),
      getOfflineSigner: () => signer(),
      getOfflineSignerAuto: async () => signer(),
    };
  });
  return {
    lock(locked) {
      state.locked = locked;
    },
    async use(page, name) {
      state.current = name;
      await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
    },
    address: async (name) => (await wallets[name].getAccounts())[0].address,
  };
}
