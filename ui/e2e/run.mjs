// The web app end to end in Debian's Chromium, driven by playwright-core,
// against a local wasmd node that scripts/e2e-ui prepared. Every item a page
// must show is found by its accessible name; axe-core checks every page.
//   node e2e/run.mjs flow    the voter's story and the failure states
//   node e2e/run.mjs bench   median of 10 navigation → proposal list rendered
import { mkdirSync } from "node:fs";
import { execSync } from "node:child_process";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { installWallet, testWallets } from "./wallet.mjs";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (scripts/e2e-ui sets it)`);
  return v;
};
const APP = env("STEWARD_UI_URL");
const OUT = env("STEWARD_UI_OUT");
const ACCOUNTS = env("STEWARD_UI_ACCOUNTS");
const FEED = env("STEWARD_UI_FEED");
const PAUSE = env("STEWARD_UI_PAUSE");
const DAO_NAME = env("STEWARD_UI_DAO_NAME");
const REFUSED = Number(env("STEWARD_UI_REFUSED_PROPOSAL"));
const REJECTED = Number(env("STEWARD_UI_REJECTED_PROPOSAL"));
const WAIT = 30_000;

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

let checks = 0;
function ok(what) {
  checks++;
  console.log(`  ok ${checks}: ${what}`);
}

/** Waits until `locator` (one element) is visible, optionally with `text`; fails naming `what`. */
async function see(locator, what, text) {
  const target = text === undefined ? locator : locator.filter({ hasText: text });
  try {
    await target.first().waitFor({ state: "visible", timeout: WAIT });
  } catch {
    const seen = (await locator.allInnerTexts().catch(() => [])).join(" | ").slice(0, 600);
    const alerts = (await locator.page().getByRole("alert").allInnerTexts().catch(() => [])).join(" | ").slice(0, 1200);
    throw new Error(`not seen: ${what}${text ? ` (with ${text})` : ""}; the page shows: ${seen || "nothing matching"}${alerts ? `; alerts: ${alerts}` : ""}`);
  }
  ok(what);
  return target.first();
}

const shots = [];
async function page_(page, name) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    throw new Error(`axe on ${name}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`).join("; ")}`);
  }
  ok(`axe: no serious or critical violations on ${name}`);
  const file = `${OUT}/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

function feed() {
  execSync(FEED, { stdio: ["ignore", "ignore", "inherit"] });
}

const heading = (page, name) => page.getByRole("heading", { name, exact: true });

/** The cells of the row of `table` whose row header is `name`. */
async function rowCells(table, name) {
  const row = table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name, exact: true }) });
  await row.first().waitFor({ state: "visible", timeout: WAIT });
  return (await row.first().getByRole("cell").allInnerTexts()).map((t) => t.trim());
}

/** Fails unless the row `name` of `table` shows exactly `want`. */
async function expectCells(table, name, want, what) {
  const got = await rowCells(table, name);
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: row ${name} shows ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
  ok(what);
}

async function goto(page, hash) {
  await page.goto(`${APP}#${hash}`);
}

async function flow() {
  mkdirSync(OUT, { recursive: true });
  const browser = await launch();
  try {
    // No wallet installed: reading works, connecting says what is missing.
    {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await goto(page, "/");
      await see(heading(page, DAO_NAME), "DAO name without a wallet");
      await page.getByRole("button", { name: "Connect wallet" }).click();
      await see(page.getByRole("alert"), "no-wallet state", "No wallet found");
      await page_(page, "no-wallet");
      await ctx.close();
    }

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const wallets = await testWallets(ACCOUNTS, ["voter1", "voter2", "voter3", "deployer", "guardian"], "wasm");
    const wallet = await installWallet(ctx, wallets, "voter1");
    // The signature check must rest on what the oracle stores: the node's
    // transaction index is out of the app's reach, and every smart query the
    // app makes is recorded.
    await ctx.route(/\/cosmos\/tx\/v1beta1\/txs\?/, (route) => route.abort());
    const smartQueries = [];
    ctx.on("request", (req) => {
      const m = /\/cosmwasm\/wasm\/v1\/contract\/[^/]+\/smart\/([^/?]+)/.exec(req.url());
      if (!m) return;
      try {
        smartQueries.push(JSON.parse(Buffer.from(decodeURIComponent(m[1]), "base64").toString("utf8")));
      } catch {
        // not a query of the app's
      }
    });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => console.log(`  page error: ${e.message}`));
    const voter1 = await wallet.address("voter1");

    // A locked wallet, then connect.
    await goto(page, "/");
    wallet.lock(true);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await see(page.getByRole("alert"), "locked-wallet state", "The wallet is locked or refused access: Request rejected");
    wallet.lock(false);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await see(page.getByRole("region", { name: "Wallet" }), "connected as voter1", voter1);

    // DAO.
    await see(heading(page, DAO_NAME), "DAO name");
    const members = page.getByRole("table", { name: "Members and voting power" });
    await see(members, "members table");
    for (const [name, power] of [["voter1", "40"], ["voter2", "30"], ["voter3", "30"]]) {
      await see(members.getByRole("row").filter({ hasText: await wallet.address(name) }), `member ${name} with power ${power}`, power);
    }
    await see(members, "power snapshot height", /Power at height \d+; total 100/);
    const modules = page.getByRole("table", { name: "Modules and code versions" });
    for (const m of ["core", "proposal", "treasury", "oracle"]) {
      await see(modules.getByRole("row").filter({ hasText: new RegExp(`^${m}`) }), `module ${m} with code id and version`, /crates\.io:steward-\w+ \d+\.\d+\.\d+/);
    }
    await see(page.getByRole("status"), "paused state", "The DAO is not paused.");
    const rules = page.getByRole("list", { name: "Proposal rules" });
    await see(rules, "threshold in words", "yes votes must reach 75 % of all voting power");
    await see(rules, "voting period in words", "Voting stays open for 10 min");
    await see(rules, "adoption timelock and vetoer", /Adoptions of advisor recommendations wait 30 s after passing; vetoer wasm1/);
    const governance = page.getByRole("list", { name: "Governance policy" });
    await see(governance, "what the advisor may change", "Parameters: voting period, quorum, threshold, adoption timelock.");
    await see(governance, "the step bound", "At most 10 % of the value in force per step.");
    await see(governance, "the interval between changes", /At most one advisor change every 1 h/);
    await page_(page, "dao");

    // Treasury.
    feed();
    await page.getByRole("link", { name: "Treasury" }).click();
    const balances = page.getByRole("table", { name: "Balances at oracle prices" });
    await see(balances.getByRole("row").filter({ hasText: "USD" }), "USD balance with decimals and price age", /50 USD.*1 per smallest unit.*\d+ s old/);
    await see(balances.getByRole("row").filter({ hasText: "ATOM" }), "ATOM balance", /10 ATOM.*10 per smallest unit/);
    // Decimals and symbols from the deployment file's assets; the raw amount and denom stay in the title.
    await see(balances.getByTitle("50000000 native:uusd", { exact: true }), "USD balance from the deployment's display, raw units in its title", /^50 USD$/);
    await see(balances.getByTitle("10000000 native:uatom", { exact: true }), "ATOM balance from the deployment's display, raw units in its title", /^10 ATOM$/);
    if ((await balances.getByText("raw units").count()) !== 0) throw new Error("a balance is shown in raw units although the deployment lists its asset");
    ok("no balance in raw units");
    await see(page.getByText(/Net asset value: [\d,]+ quote units/), "net asset value");
    await see(page.getByRole("group", { name: "Allocation chart" }).getByRole("meter", { name: "Share of native:uusd" }), "allocation chart");
    await see(page.getByRole("meter", { name: "Available native:uusd" }), "uusd allowance bar");
    await see(page.getByRole("meter", { name: "Available under the NAV cap" }), "NAV cap bar");
    await see(page.getByText(/Each limit refills continuously/), "how the limits refill");
    await see(heading(page, "Budgets"), "budgets section");
    await see(page.getByText("No budgets."), "empty budget list");
    await see(heading(page, "Price history"), "price history section");
    // Two feeds so far (the setup's and the one above), each a point of the oracle's history.
    for (const [key, symbol] of [["native:uusd", "USD"], ["native:uatom", "ATOM"]]) {
      const chart = await see(page.getByRole("img", { name: `Price history of ${key}` }), `price history chart of ${symbol} by its accessible name`);
      const described = await chart.getAttribute("aria-describedby");
      await see(page.locator(`[id="${described}"]`), `price history of ${symbol} in words`, new RegExp(`${symbol}: [2-9] prices \\(the oracle keeps the last 64\\)`));
    }
    await see(page.locator("figcaption").filter({ hasText: "ATOM:" }), "ATOM price range in words", /latest 10 quote units per smallest unit/);
    await page_(page, "treasury");
    const usdBefore = await balances.getByRole("row").filter({ hasText: "USD" }).innerText();

    // Recommendations: list, detail, signature checked here, what would happen now.
    await page.getByRole("link", { name: "Recommendations" }).click();
    await see(page.getByRole("combobox", { name: "Status" }), "status filter");
    await page_(page, "recommendations");
    feed();
    await page.getByRole("link", { name: "Recommendation 1", exact: true }).click();
    await see(heading(page, "Recommendation 1"), "recommendation detail");
    await see(page.getByRole("status", { name: "Signature of advisor-1" }), "signature verified in the browser", "signature verified in this browser");
    if (!smartQueries.some((q) => q?.signatures?.id === 1)) throw new Error("the verdict was shown without the oracle's Signatures query");
    ok("the verdict comes from the signatures the oracle stores (Signatures query; the tx index unreachable)");
    await see(page.getByText(/Each signature the oracle stored with its key id/), "where the signature comes from");
    await see(page.getByRole("list", { name: "Signers" }), "signer key registered and active", "secp256k1 key, registered and active");
    const prov = page.getByRole("definition");
    await see(prov, "strategy and version", "manual 1.0.0");
    await see(prov, "model", "none (deterministic strategy)");
    await see(prov, "config digest", "0".repeat(64));
    await see(prov, "rationale", "Pay the grant recipient");
    await see(prov, "confidence", "90 %");
    await see(prov, "expiry countdown", /left\)/);
    await see(prov, "policy version", "1 (current)");
    await see(page.getByRole("list", { name: "Recommended actions" }), "actions in words", /Send 1 USD to wasm1/);
    await see(page.getByRole("status"), "what would happen now: passes", "The treasury's policy check passes these actions now.");
    // Figures before and after, as the treasury's CheckActions computed them:
    // 1 USD of a 50 USD balance and a full 10 USD allowance; NAV = 50 USD + 10 ATOM × 10.
    const checked = await see(page.getByRole("table", { name: "Balances and limits before and after the actions" }), "balances and limits before and after");
    await expectCells(checked, "USD", ["50 USD", "49 USD", "10 USD", "9 USD", "10 USD"], "USD balance 50 → 49, available 10 → 9 of 10");
    await expectCells(checked, "ATOM", ["10 ATOM", "10 ATOM", "2 ATOM", "2 ATOM", "2 ATOM"], "ATOM unchanged");
    const nav = await see(page.getByRole("table", { name: "NAV cap before and after the actions" }), "NAV cap before and after");
    await expectCells(nav, "Net asset value", ["150,000,000 quote units", "149,000,000 quote units"], "NAV 150 000 000 → 149 000 000 quote units");
    await expectCells(
      nav,
      "May move now",
      ["25.00 % of NAV (37,500,000 quote units)", "24.33 % of NAV (36,256,666 quote units)"],
      "NAV cap available 25 % → 24.33 % (the share moved is 1/150, rounded up)",
    );
    await page_(page, "recommendation");
    await page.getByRole("button", { name: "Propose adoption" }).click();
    await see(page.getByRole("status"), "adoption proposed", "Propose adoption: done");

    // Proposals: vote from three accounts, wait out the timelock, execute.
    await page.getByRole("link", { name: "Proposals", exact: true }).click();
    const list = page.getByRole("table", { name: "Proposals" });
    await see(list, "proposal list with status and tally", /Open\s*yes 0, no 0, abstain 0 of 100/);
    await page_(page, "proposals");
    await list.getByRole("link", { name: /Adopt recommendation .1/ }).first().click();
    await see(page.getByRole("img", { name: /^Tally:/ }), "tally bar against the threshold");
    await see(page.getByRole("definition"), "adoption kind", "Adopts recommendation 1");
    for (const voter of ["voter1", "voter2", "voter3"]) {
      if (voter !== "voter1") {
        await wallet.use(page, voter);
        await see(page.getByRole("region", { name: "Wallet" }), `connected as ${voter}`, await wallet.address(voter));
      }
      const status = await page.getByRole("definition").first().innerText();
      if (!/Open/.test(status)) break;
      await page.getByRole("radio", { name: "yes" }).check();
      await page.getByRole("textbox", { name: "Rationale (optional)" }).fill(`${voter}: pays the grant as agreed`);
      await page.getByRole("button", { name: "Vote yes" }).click();
      const addr = await wallet.address(voter);
      await see(page.getByRole("table", { name: "Votes" }).getByRole("row").filter({ hasText: addr }), `${voter}'s vote in the list`, /yes/);
    }
    const votes = page.getByRole("table", { name: "Votes" });
    await see(votes.getByRole("row"), "each vote with power and rationale", /yes\s*40\s*voter1: pays the grant/);
    await see(page.getByRole("link", { name: "Download votes as CSV" }), "votes as CSV");
    await see(page.getByRole("definition"), "passed", "Passed");
    await see(page.getByRole("definition"), "timelock and veto countdown", /executable in|timelock over/);
    await page_(page, "proposal");
    // The vetoer (the guardian) may veto during the timelock; members may not.
    if (await page.getByRole("button", { name: "Veto" }).count()) throw new Error("a member who is not the vetoer is offered Veto");
    await wallet.use(page, "guardian");
    await see(page.getByRole("region", { name: "Wallet" }), "connected as the vetoer", await wallet.address("guardian"));
    await see(page.getByRole("button", { name: "Veto" }), "veto for the vetoer during the timelock");
    await wallet.use(page, "voter1");
    await see(page.getByRole("region", { name: "Wallet" }), "connected as voter1 again", await wallet.address("voter1"));
    await page.getByRole("definition").filter({ hasText: "timelock over: executable now" }).first().waitFor({ state: "visible", timeout: 2 * WAIT });
    ok("timelock over");
    feed();
    await page.getByRole("button", { name: "Execute" }).click();
    await see(page.getByRole("definition"), "proposal executed", "Executed");
    await see(page.getByRole("status"), "voting-closed state", "Voting closed: the proposal is executed.");

    // Balances and usage changed.
    await page.getByRole("link", { name: "Treasury" }).click();
    await see(balances.getByRole("row").filter({ hasText: "USD" }), "treasury USD balance fell by 1 USD", /49 USD/);
    await see(balances.getByTitle("49000000 native:uusd", { exact: true }), "the new USD balance, raw units in its title", /^49 USD$/);
    const usage = page.getByRole("meter", { name: "Available native:uusd" });
    if ((await usage.getAttribute("aria-valuenow")) !== "90") throw new Error(`uusd allowance left is ${await usage.getAttribute("aria-valuenow")} %, not 90 % after 1 of 10 USD`);
    ok(`policy usage changed: ${usdBefore.replace(/\s+/g, " ")} → 90 % of the uusd allowance left`);
    await see(page.locator("figcaption").filter({ hasText: "USD:" }), "price history grew with each feed", /USD: ([4-9]|\d{2,}) prices/);
    await page_(page, "treasury-after");

    // A non-member's vote is refused with the contract's error; a proposal the
    // policy refuses shows the treasury's reason.
    feed();
    await goto(page, `/proposals/${REFUSED}`);
    await see(page.getByRole("status"), "what would happen now: refused with the contract's reason", /policy refuses these actions now:.*allowance for native:uusd exceeded: 20000000 requested/);
    const refusedBefore = await see(page.getByRole("table", { name: "Balances and limits before the actions" }), "a refusal still shows the figures before");
    const [balance, available, allowance] = await rowCells(refusedBefore, "USD");
    if (balance !== "49 USD" || allowance !== "10 USD" || !/^9(\.\d+)? USD$/.test(available)) {
      throw new Error(`refused check, USD row: balance ${balance}, available ${available}, allowance ${allowance}; expected 49 USD, 9 USD or a little more, 10 USD`);
    }
    ok(`refused check keeps the USD figures before: ${balance}, ${available} of ${allowance} available`);
    await wallet.use(page, "deployer");
    await see(page.getByRole("region", { name: "Wallet" }), "connected as a non-member", await wallet.address("deployer"));
    await see(page.getByRole("status"), "not-a-member state", "is not a member of this DAO");
    await page.getByRole("button", { name: "Vote yes" }).click();
    await see(page.getByRole("alert"), "refused vote with the contract's error", /Vote yes failed:.*had no voting power at height/);
    await page_(page, "proposal-refused");

    // A rejected proposal can be closed (by anyone).
    await goto(page, `/proposals/${REJECTED}`);
    await see(page.getByRole("definition"), "rejected by the members' votes", "Rejected");
    await page.getByRole("button", { name: "Close" }).click();
    await see(page.getByRole("definition"), "closed", "Closed");
    await see(page.getByRole("status"), "voting-closed state after closing", "Voting closed: the proposal is closed.");

    // Advisor track record.
    await page.getByRole("link", { name: "Advisor" }).click();
    const record = await see(page.getByRole("table", { name: "Advisor keys and track records" }).getByRole("row").filter({ hasText: "advisor-1" }), "advisor-1 key");
    // The page may first show the record cached before the adoption; it refetches.
    let cells = [];
    let counts = [];
    for (const t0 = Date.now(); Date.now() - t0 < WAIT; await page.waitForTimeout(500)) {
      cells = (await record.getByRole("cell").allInnerTexts()).map((c) => c.trim());
      counts = cells.slice(2, 7);
      if (counts.join(" ") === "1 1 1 0 0") break;
    }
    if (counts.join(" ") !== "1 1 1 0 0") throw new Error(`advisor-1 record (submitted adopted executed rejected expired) is ${counts.join(" ")}, not 1 1 1 0 0`);
    ok("advisor-1 track record: 1 submitted, 1 adopted, 1 executed, 0 rejected, 0 expired");
    // The executed swap's outcome is tracked but nobody has scored it yet.
    const outcomes = cells.slice(7);
    if (outcomes.join(" ") !== "0 — — —") throw new Error(`advisor-1 outcomes (scored, hit rate, value added, worst) are ${outcomes.join(" ")}, not 0 — — —`);
    ok("advisor-1 outcomes: none scored yet");
    await page_(page, "advisor");

    // Simulation: the served report's scorecard, verdict and chart.
    await page.getByRole("link", { name: "Simulation" }).click();
    await see(page.getByRole("status"), "no policy breach in the simulation", "No policy breach on any path");
    const scorecard = page.getByRole("table", { name: "Advisor scorecard" });
    for (const row of ["Rebalance", "Buy and hold", "Fixed rebalance"]) {
      await see(scorecard.getByRole("row", { name: new RegExp(`^${row}`) }), `scorecard row ${row}`, /%.*\(.* to .*\)/);
    }
    await see(page.getByRole("table", { name: "Verdict against the baselines" }), "verdict against the baselines", /(beats|does not beat)/);
    await see(page.getByRole("img", { name: /^NAV of each strategy/ }), "NAV chart");
    await see(page.getByRole("link", { name: "Open the full report" }), "link to the full report");
    await page_(page, "simulation");

    // Network: the list of deployment files; a wrong chain; a node that cannot be reached.
    await page.getByRole("link", { name: "Network" }).click();
    await see(page.getByRole("status"), "node matches the deployment", "chain steward-local, as the deployment says");
    await see(page.getByRole("list", { name: "Asset display" }), "the deployment's asset display", "ATOM: 6 decimals, Local test atom (native:uatom)");
    await page_(page, "network");
    await page.getByRole("combobox", { name: "Deployment" }).selectOption({ label: "local (steward-wrong)" });
    await see(page.getByRole("status"), "wrong chain from the node", "wrong chain: the node is on steward-local");
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await see(page.getByRole("alert"), "wrong-chain state in the wallet bar", "Wrong chain: the node at");
    await page_(page, "network-wrong-chain");
    await page.getByRole("combobox", { name: "Deployment" }).selectOption({ label: "pion-1 (pion-1)" });
    await see(page.getByRole("alert"), "node unreachable state", "Node unreachable");
    await see(page.getByRole("list", { name: "Asset display" }), "the fixture network's asset display", "STEW: 6 decimals, Steward Gov (cw20:neutron1fixturetoken)");
    await page_(page, "network-unreachable");
    await page.getByRole("combobox", { name: "Deployment" }).selectOption({ label: "local (steward-local)" });

    // Stale price: once the last feed is older than the policy allows.
    await goto(page, "/treasury");
    const maxAge = Number(env("STEWARD_UI_PRICE_MAX_AGE"));
    await page.waitForTimeout((maxAge + 3) * 1000);
    await see(page.getByRole("alert"), "stale-price state", "Stale price");
    await see(balances.getByRole("row").filter({ hasText: "USD" }), "the stale price marked", /stale: \d+/);
    await page_(page, "treasury-stale");

    // The DAO paused: the guardian stops it for a while (last, as nothing
    // executes after); the DAO page says until when, a proposal that
    // execution waits.
    execSync(PAUSE, { stdio: ["ignore", "ignore", "inherit"] });
    await goto(page, "/");
    await see(page.getByRole("status"), "paused state with the time left", /The DAO is paused: treasury movements and proposal execution stop until .*left\)/);
    await page_(page, "dao-paused");
    await goto(page, `/proposals/${REFUSED}`);
    await see(page.getByRole("status"), "the paused DAO on a proposal", /The DAO is paused until .*no\s+proposal can be executed until then/);
    await ctx.close();
  } finally {
    await browser.close();
  }
  console.log(`screenshots: ${shots.join(" ")}`);
  console.log(`${checks} passed, 0 failed`);
}

async function bench() {
  const browser = await launch();
  const times = [];
  try {
    for (let i = 0; i < 10; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(`${APP}#/proposals`);
      await page.getByRole("table", { name: "Proposals" }).getByRole("link").first().waitFor({ state: "visible", timeout: WAIT });
      times.push(performance.now() - t0);
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  const median = (times[4] + times[5]) / 2;
  console.log(`navigation -> proposal list rendered (ms, 10 runs): ${times.map((t) => t.toFixed(0)).join(" ")}`);
  console.log(`median ${median.toFixed(0)} ms`);
}

const mode = process.argv[2];
if (mode === "flow") await flow();
else if (mode === "bench") await bench();
else throw new Error("usage: node e2e/run.mjs flow|bench");
