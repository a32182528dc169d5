// Bundle size of ui/dist, gzip -9: what the first load fetches (index.html and
// the scripts, preloads and styles it names) and everything (the chunks loaded
// later, such as cosmjs when a wallet connects). Prints a table.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "../dist");
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const raw = (file) => readFileSync(join(dist, file)).length;
const html = readFileSync(join(dist, "index.html"), "utf8");
const first = new Set(["index.html"]);
for (const m of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) first.add(m[1]);
const all = ["index.html", ...readdirSync(join(dist, "assets")).map((f) => `assets/${f}`)];
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log(`${"file".padEnd(40)} ${"bytes".padStart(8)} ${"gzip KB".padStart(8)}  load`);
for (const f of all) console.log(`${f.padEnd(40)} ${String(raw(f)).padStart(8)} ${kb(gz(f))}  ${first.has(f) ? "first" : "later"}`);
const sum = (files) => files.reduce((s, f) => s + gz(f), 0);
console.log(`${"first load (gzip)".padEnd(40)} ${"".padStart(8)} ${kb(sum([...first]))}`);
console.log(`${"everything (gzip)".padEnd(40)} ${"".padStart(8)} ${kb(sum(all))}`);
