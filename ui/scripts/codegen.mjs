// Generates the TypeScript client of every contract from ../schema/*.json with
// @cosmwasm/ts-codegen 0.35.7 (cosmjs clients: the app signs through cosmjs and
// the wallet's OfflineSigner). Usage: node scripts/codegen.mjs [outDir]
import { createRequire } from "node:module";
import { mkdtempSync, copyFileSync, readdirSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const codegen = require("@cosmwasm/ts-codegen").default;

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = resolve(here, "../../schema");
const outPath = resolve(process.argv[2] ?? join(here, "../src/contracts"));

// ts-codegen reads every JSON file of a directory as one contract's schema,
// so each contract's single IDL file gets a directory of its own.
const work = mkdtempSync(join(tmpdir(), "steward-codegen-"));
const names = {
  "steward-core": "StewardCore",
  "steward-proposal": "StewardProposal",
  "steward-treasury": "StewardTreasury",
  "steward-oracle": "StewardOracle",
};
const contracts = readdirSync(schemaDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => {
    const base = file.replace(/\.json$/, "");
    const name = names[base];
    if (!name) throw new Error(`schema/${file} has no client name in scripts/codegen.mjs`);
    const dir = join(work, base);
    mkdirSync(dir);
    copyFileSync(join(schemaDir, file), join(dir, file));
    return { name, dir };
  });

rmSync(outPath, { recursive: true, force: true });
try {
  await codegen({
    contracts,
    outPath,
    options: {
      bundle: { enabled: false },
      types: { enabled: true, aliasExecuteMsg: false },
      client: { enabled: true },
      reactQuery: { enabled: false },
      recoil: { enabled: false },
      messageComposer: { enabled: false },
    },
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
