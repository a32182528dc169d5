#!/usr/bin/env python3
"""The gas bench on one wasmd node (run by scripts/bench-chain, which sets the
environment): Steward, DAO DAO 2.6 and cw3-flex-multisig + cw4-group 2.0 run
the same proposals, and the SDK gas each transaction used is tabled.

Transactions take a fast path: the JSON of each unsigned transaction is written
here, signed offline by the wasmd CLI (account number and sequence tracked
here, a fixed gas limit instead of a simulation) and broadcast; the result is
read from the node's REST API. A membership of 10,000 goes through the same
path, in as few transactions as each system accepts.
"""

import argparse
import base64
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

WASMD = os.environ["WASMD"]
KEYRING_HOME = os.environ["STEWARD_LOCALNET_HOME"] + "/node"
NODE = os.environ["NODE"]
REST = os.environ["REST"]
DEPLOY = os.environ["DEPLOY"]
ADVISOR = os.environ["ADVISOR"]
WORK = os.environ["BENCH_WORK"]
CHAIN_ID = "steward-local"
DENOM = "uusd"  # the native denom every proposal pays out
FEE_DENOM, GAS_PRICE = "ustake", 0.0025
AMOUNT = 1_000_000  # per transfer
VOTERS = ["voter1", "voter2", "voter3"]
# Yes, no, yes: every ballot lands on an open proposal (Steward refuses votes
# after the pass) and the third decides it, in every system alike.
BALLOTS = ["yes", "no", "yes"]
STEP_GAS = 40_000_000  # the fixed gas limit of a scenario step

started = time.time()


def progress(text):
    print(f"[{time.time() - started:6.0f} s] {text}", flush=True)


# ---------------------------------------------------------------- addresses

BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32(hrp, data):
    acc, bits, five = 0, 0, []
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(expanded + five + [0] * 6) ^ 1
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in five + checksum)


def filler(i):
    """The address of the i-th member who never signs: valid, with no key."""
    return bech32("wasm", hashlib.sha256(b"steward-bench-member-%d" % i).digest()[:20])


# ---------------------------------------------------------------- the node


def rest(path, tries=1):
    for attempt in range(tries):
        try:
            with urllib.request.urlopen(REST + "/" + path, timeout=30) as r:
                return json.load(r)
        except urllib.error.HTTPError:
            if attempt + 1 == tries:
                raise
            time.sleep(0.2)


def smart(contract, query):
    q = base64.urlsafe_b64encode(json.dumps(query).encode()).decode()
    return rest(f"cosmwasm/wasm/v1/contract/{contract}/smart/{q}")["data"]


def run(*args, **kw):
    out = subprocess.run(args, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        text = out.stderr.strip() or out.stdout.strip()
        # the CLI prints its usage before the error; keep the error
        errors = [l for l in text.splitlines() if "ERR" in l or l.startswith("Error")]
        err = errors[-1] if errors else text
        raise RuntimeError(f"{' '.join(args[:3])}: {err}")
    return out.stdout


class TxFailed(RuntimeError):
    pass


class Signer:
    def __init__(self, name):
        self.name = name
        self.addr = run(WASMD, "keys", "show", name, "-a", "--keyring-backend", "test", "--home", KEYRING_HOME).strip()
        acc = rest(f"cosmos/auth/v1beta1/accounts/{self.addr}")["account"]
        self.number, self.sequence = int(acc["account_number"]), int(acc["sequence"])


SIGNERS = {}


def signer(name):
    if name not in SIGNERS:
        SIGNERS[name] = Signer(name)
    return SIGNERS[name]


def tx(who, msgs, gas=STEP_GAS):
    """Signs and sends one transaction; returns its tx_response (failed ones raise)."""
    s = signer(who)
    body = {
        "body": {"messages": msgs, "memo": "", "timeout_height": "0", "unordered": False,
                 "timeout_timestamp": None, "extension_options": [], "non_critical_extension_options": []},
        "auth_info": {"signer_infos": [], "fee": {"amount": [{"denom": FEE_DENOM, "amount": str(math.ceil(gas * GAS_PRICE))}],
                      "gas_limit": str(gas), "payer": "", "granter": ""}, "tip": None},
        "signatures": [],
    }
    with tempfile.TemporaryDirectory(dir=WORK) as d:
        with open(f"{d}/unsigned.json", "w") as f:
            json.dump(body, f, separators=(",", ":"))
        run(WASMD, "tx", "sign", f"{d}/unsigned.json", "--from", who, "--keyring-backend", "test", "--home", KEYRING_HOME,
            "--chain-id", CHAIN_ID, "--offline", "--account-number", str(s.number), "--sequence", str(s.sequence),
            "--output-document", f"{d}/signed.json")
        out = json.loads(run(WASMD, "tx", "broadcast", f"{d}/signed.json", "--node", NODE, "--output", "json"))
    if out.get("code", 0) != 0:
        raise TxFailed(f"{who}: refused before inclusion: {out.get('raw_log')}")
    s.sequence += 1
    for _ in range(400):
        try:
            res = rest(f"cosmos/tx/v1beta1/txs/{out['txhash']}")["tx_response"]
            break
        except urllib.error.HTTPError:
            time.sleep(0.1)
    else:
        raise TxFailed(f"{who}: tx {out['txhash']} was not included")
    if res["code"] != 0:
        raise TxFailed(f"{who}: {res['raw_log']}")
    return res


def attr(res, etype, key):
    for e in res["events"]:
        if e["type"] == etype:
            for a in e["attributes"]:
                if a["key"] == key:
                    return a["value"]
    raise KeyError(f"no {etype}.{key} in the tx events")


def execute(contract, msg, sender, funds=()):
    return {"@type": "/cosmwasm.wasm.v1.MsgExecuteContract", "sender": signer(sender).addr, "contract": contract,
            "msg": msg, "funds": list(funds)}


def instantiate(code_id, msg, sender, label):
    return {"@type": "/cosmwasm.wasm.v1.MsgInstantiateContract", "sender": signer(sender).addr, "admin": "",
            "code_id": str(code_id), "label": label, "msg": msg, "funds": []}


def bank_send(sender, to, amount, denom=DENOM):
    return {"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": signer(sender).addr, "to_address": to,
            "amount": [{"denom": denom, "amount": str(amount)}]}


def coin_send(to, n):
    return {"bank": {"send": {"to_address": to, "amount": [{"denom": DENOM, "amount": str(AMOUNT)}]}}}


def store(path):
    """Stores a wasm (gzip, by the CLI) unless the same code is stored; returns its code id."""
    checksum = hashlib.sha256(open(path, "rb").read()).hexdigest()
    codes = rest("cosmwasm/wasm/v1/code?pagination.limit=1000")["code_infos"]
    for c in codes:
        if c["data_hash"].lower() == checksum:
            return int(c["code_id"]), None
    out = json.loads(run(WASMD, "tx", "wasm", "store", path, "--from", "deployer", "--keyring-backend", "test",
                         "--home", KEYRING_HOME, "--chain-id", CHAIN_ID, "--node", NODE, "--gas", "40000000",
                         "--gas-prices", f"{GAS_PRICE}{FEE_DENOM}", "-y", "--output", "json"))
    signer("deployer").sequence += 1
    for _ in range(400):
        try:
            res = rest(f"cosmos/tx/v1beta1/txs/{out['txhash']}")["tx_response"]
            break
        except urllib.error.HTTPError:
            time.sleep(0.1)
    if res["code"] != 0:
        raise TxFailed(f"store {path}: {res['raw_log']}")
    return int(attr(res, "store_code", "code_id")), int(res["gas_used"])


# ---------------------------------------------------------------- memberships


def weights(n):
    """n members: the three voters and n - 3 members who never sign. Above 3,
    each voter weighs 2n and every other member 1, so two voters always make
    an absolute majority and a proposal passes on the same votes at any size."""
    voter_weight = 1 if n == 3 else 2 * n
    members = [(signer(v).addr, voter_weight) for v in VOTERS]
    members += [(filler(i), 1) for i in range(n - 3)]
    return members


# ---------------------------------------------------------------- systems


class Steward:
    name = "Steward"
    key = "steward"
    INSTANTIATE_MAX = 1000  # steward_types::core::MAX_MEMBER_CHANGES

    def __init__(self, codes):
        pass

    def setup(self, n, results):
        members = weights(n)
        first, rest_members = members[: self.INSTANTIATE_MAX], members[self.INSTANTIATE_MAX:]
        d = f"{WORK}/steward-{n}"
        os.makedirs(d, exist_ok=True)
        with open("deploy/steward-local.toml") as f:
            base = f.read()
        toml = [f'name = "Bench DAO {n}"', 'description = "gas bench"',
                'guardian = "%s"' % signer("guardian").addr]
        for addr, w in first:
            toml += ["[[members]]", f'addr = "{addr}"', f"weight = {w}"]
        toml += ["[proposal]", 'threshold = "majority"', "voting_period_seconds = 3600",
                 "adoption_timelock_seconds = 5", "timelock_seconds = 0",
                 'vetoer = "%s"' % signer("guardian").addr,
                 "[policy]", "period_seconds = 86400", "max_nav_share_bps = 2500", "max_slippage_bps = 300",
                 "max_price_age_seconds = 3600", "venue_allowlist = []",
                 'allowances = [{ asset = "native:uusd", amount = "1000000000000" }, { asset = "native:uatom", amount = "1000000000000" }]',
                 "min_reserves = []"]
        toml += ["[oracle]" + base.split("[oracle]", 1)[1]]
        with open(f"{d}/dao.toml", "w") as f:
            f.write("\n".join(toml) + "\n")
        env = dict(os.environ, STEWARD_DEPLOYER_MNEMONIC=mnemonic("deployer"))
        run(DEPLOY, "deploy", "--network", "local", "--rest", REST, "--config", f"{d}/dao.toml",
            "--deployments", f"{d}/deployments", env=env)
        signer("deployer").sequence = Signer("deployer").sequence
        dep = json.load(open(f"{d}/deployments/{CHAIN_ID}.json"))
        self.dep_file = f"{d}/deployments/{CHAIN_ID}.json"
        self.proposal = dep["contracts"]["proposal"]
        self.treasury = dep["contracts"]["treasury"]
        self.oracle = dep["contracts"]["oracle"]
        self.next_id = 1
        gas = [int(dep["instantiate"]["gas_used"]), int(dep["instantiate"]["admin_gas_used"])]
        # fund the treasury; prices for the policy's value checks
        tx("deployer", [bank_send("deployer", self.treasury, 10_000_000_000), bank_send("deployer", self.treasury, 1_000_000_000, "uatom")])
        run(DEPLOY, "feed-prices", "--network", "local", "--rest", REST, "--deployments", f"{d}/deployments",
            "--price", "native:uusd=1", "--price", "native:uatom=10", env=dict(env, STEWARD_FEEDER_MNEMONIC=mnemonic("feeder")))
        signer("deployer").sequence = Signer("deployer").sequence
        # The rest of the members join through proposals, one UpdateMembers of
        # at most 1,000 each (about 15 M gas: one a transaction).
        batches = [rest_members[i:i + self.INSTANTIATE_MAX] for i in range(0, len(rest_members), self.INSTANTIATE_MAX)]
        proposals = [[b] for b in batches]
        txs, growth = 2, []
        for p in proposals:
            progress(f"  Steward {n}: a membership proposal adds {sum(len(b) for b in p)} members")
            actions = [{"core_msg": {"msg": {"update_members": {"add": [{"addr": a, "weight": w} for a, w in b], "remove": []}}}}
                       for b in p]
            res, pid = self.propose_actions(actions)
            steps = [("propose", res)] + [(f"vote {i + 1}", self.vote(pid, v)) for i, v in enumerate(VOTERS[:2])]
            steps.append(("execute", self.execute(pid)))
            growth.append({"members_added": sum(len(b) for b in p), **{k: int(r["gas_used"]) for k, r in steps}})
            gas += [int(r["gas_used"]) for _, r in steps]
            txs += 4
        return {"txs": txs, "gas": sum(gas), "growth": growth, "note": "deploy with steward-deploy (instantiate with up to 1,000 members, then dao-core becomes its own admin)"
                + (f" + {len(proposals)} membership proposals of up to 1,000 members (propose, 2 votes, execute)" if proposals else ""),
                "instantiate_gas": gas[0]}

    def propose_actions(self, actions, who="voter1"):
        res = tx(who, [execute(self.proposal, {"propose": {"title": "bench", "description": "gas bench", "actions": actions}}, who)],
                 gas=200_000_000)
        pid = int(attr(res, "wasm", "proposal_id"))
        return res, pid

    def propose(self, k, recipient):
        transfer = {"transfer": {"asset": {"native_token": {"denom": DENOM}}, "amount": str(AMOUNT), "recipient": recipient}}
        return self.propose_actions([{"treasury": {"actions": [transfer] * k}}])

    def vote(self, pid, who, ballot="yes"):
        return tx(who, [execute(self.proposal, {"vote": {"proposal_id": pid, "vote": ballot, "rationale": None}}, who)],
                  gas=200_000_000)

    def execute(self, pid, who="voter1"):
        return tx(who, [execute(self.proposal, {"execute": {"proposal_id": pid}}, who)], gas=200_000_000)

    proposer_votes = False


class DaoDao:
    name = "DAO DAO 2.6"
    key = "daodao"
    proposer_votes = False

    def __init__(self, codes):
        self.codes = codes

    def setup(self, n, results):
        members = [{"addr": a, "weight": w} for a, w in weights(n)]
        voting = {"group_contract": {"new": {"cw4_group_code_id": self.codes["cw4_group"], "initial_members": members}}}
        proposal = {"threshold": {"absolute_percentage": {"percentage": {"majority": {}}}},
                    "max_voting_period": {"time": 3600}, "min_voting_period": None, "only_members_execute": True,
                    "allow_revoting": False, "pre_propose_info": {"anyone_may_propose": {}},
                    "close_proposal_on_execution_failure": True, "veto": None}
        b64 = lambda m: base64.b64encode(json.dumps(m, separators=(",", ":")).encode()).decode()
        msg = {"admin": None, "name": f"Bench DAO {n}", "description": "gas bench", "image_url": None,
               "automatically_add_cw20s": False, "automatically_add_cw721s": False,
               "voting_module_instantiate_info": {"code_id": self.codes["dao_voting_cw4"], "msg": b64(voting),
                                                  "admin": {"core_module": {}}, "funds": [], "label": "voting"},
               "proposal_modules_instantiate_info": [{"code_id": self.codes["dao_proposal_single"], "msg": b64(proposal),
                                                      "admin": {"core_module": {}}, "funds": [], "label": "proposal"}],
               "initial_items": None, "dao_uri": None}
        res = tx("deployer", [instantiate(self.codes["dao_dao_core"], msg, "deployer", f"daodao-{n}")], gas=400_000_000)
        self.core = attr(res, "instantiate", "_contract_address")
        self.proposal = smart(self.core, {"proposal_modules": {}})[0]["address"]
        tx("deployer", [bank_send("deployer", self.core, 10_000_000_000)])
        return {"txs": 1, "gas": int(res["gas_used"]), "instantiate_gas": int(res["gas_used"]),
                "note": "one instantiate (core, voting module, cw4-group, proposal module)"}

    def propose(self, k, recipient):
        msg = {"propose": {"title": "bench", "description": "gas bench", "msgs": [coin_send(recipient, i) for i in range(k)],
                           "proposer": None, "vote": None}}
        res = tx("voter1", [execute(self.proposal, msg, "voter1")])
        return res, int(attr(res, "wasm", "proposal_id"))

    def vote(self, pid, who, ballot="yes"):
        return tx(who, [execute(self.proposal, {"vote": {"proposal_id": pid, "vote": ballot, "rationale": None}}, who)])

    def execute(self, pid, who="voter1"):
        return tx(who, [execute(self.proposal, {"execute": {"proposal_id": pid}}, who)])


class Cw3:
    name = "cw3-flex + cw4-group 2.0"
    key = "cw3"
    proposer_votes = True  # cw3's propose casts the proposer's yes

    def __init__(self, codes):
        self.codes = codes

    def setup(self, n, results):
        members = [{"addr": a, "weight": w} for a, w in weights(n)]
        res1 = tx("deployer", [instantiate(self.codes["cw4_group"], {"admin": None, "members": members}, "deployer", f"cw4-{n}")],
                  gas=400_000_000)
        group = attr(res1, "instantiate", "_contract_address")
        msg = {"group_addr": group, "threshold": {"absolute_percentage": {"percentage": "0.51"}},
               "max_voting_period": {"time": 3600}, "executor": None, "proposal_deposit": None}
        res2 = tx("deployer", [instantiate(self.codes["cw3_flex_multisig"], msg, "deployer", f"cw3-{n}")])
        self.multisig = attr(res2, "instantiate", "_contract_address")
        tx("deployer", [bank_send("deployer", self.multisig, 10_000_000_000)])
        return {"txs": 2, "gas": int(res1["gas_used"]) + int(res2["gas_used"]), "instantiate_gas": int(res1["gas_used"]),
                "note": "instantiate cw4-group with every member, then cw3-flex-multisig"}

    def propose(self, k, recipient):
        msg = {"propose": {"title": "bench", "description": "gas bench", "msgs": [coin_send(recipient, i) for i in range(k)],
                           "latest": None}}
        res = tx("voter1", [execute(self.multisig, msg, "voter1")])
        return res, int(attr(res, "wasm", "proposal_id"))

    def vote(self, pid, who, ballot="yes"):
        return tx(who, [execute(self.multisig, {"vote": {"proposal_id": pid, "vote": ballot}}, who)])

    def execute(self, pid, who="voter1"):
        return tx(who, [execute(self.multisig, {"execute": {"proposal_id": pid}}, who)])


def mnemonic(name):
    for line in open("localnet/test-accounts.txt"):
        if line.startswith(name + " "):
            return line.split(" ", 1)[1].strip()
    raise KeyError(name)


# ---------------------------------------------------------------- scenario


def scenario(system, n, k, recipient, results):
    """Propose k transfers, three votes (BALLOTS), execute; records each step's gas."""
    def record(step, res):
        results.append({"system": system.key, "members": n, "actions": k, "step": step, "gas_used": int(res["gas_used"])})

    before = int(rest(f"cosmos/bank/v1beta1/balances/{recipient}/by_denom?denom={DENOM}")["balance"]["amount"])
    res, pid = system.propose(k, recipient)
    record("propose", res)
    for i, v in enumerate(VOTERS):
        if i == 0 and system.proposer_votes:
            continue
        record(f"vote {i + 1}", system.vote(pid, v, BALLOTS[i]))
    record("execute", system.execute(pid))
    after = int(rest(f"cosmos/bank/v1beta1/balances/{recipient}/by_denom?denom={DENOM}")["balance"]["amount"])
    if after - before != k * AMOUNT:
        raise RuntimeError(f"{system.name}: the recipient got {after - before}, not {k * AMOUNT}")
    progress(f"  {system.name}, {n} members, {k} action(s): " + ", ".join(
        f"{r['step']} {r['gas_used']:,}" for r in results if r["system"] == system.key and r["members"] == n and r["actions"] == k))


def adoption(system, recipient, results):
    """Steward only: an advisor recommendation (two transfers) submitted,
    adopted by a proposal, three votes, the timelock waited out, executed."""
    d = f"{WORK}/adoption"
    os.makedirs(d, exist_ok=True)
    cfg = f"""[advisor]
key_id = "advisor-1"
[node]
rest = "{REST}"
deployment = "{system.dep_file}"
[tx]
gas_limit = 3000000
fee_amount = "7500"
fee_denom = "ustake"
[strategy]
kind = "runway"
asset = "native:uusd"
monthly_burn = "1000000"
months = 12
period_seconds = 2592000
min_change_bps = 500
budgets = [{{ spender = "{recipient}", share_bps = 10000 }}]
"""
    open(f"{d}/advisor.toml", "w").write(cfg)
    env = dict(os.environ, STEWARD_ADVISOR_MNEMONIC=mnemonic("advisor"))
    snap_log = subprocess.run([ADVISOR, "snapshot", "--config", f"{d}/advisor.toml", "--out", f"{d}/snap.json"],
                              capture_output=True, text=True, env=env, check=True).stderr
    digest = snap_log.split(" digest ", 1)[1].split()[0]
    snap = json.load(open(f"{d}/snap.json"))
    now = snap["context"]["now"]
    transfer = lambda denom: {"transfer": {"asset": {"native_token": {"denom": denom}}, "amount": str(AMOUNT), "recipient": recipient}}
    payload = {"chain_id": snap["chain_id"], "oracle": snap["oracle"], "advisor": "advisor-1",
               "nonce": (snap.get("last_nonce") or 0) + 1, "issued_at": now, "expires_at": now + 3600,
               "policy_version": snap["context"]["policy_version"], "state": {"height": snap["height"], "digest": digest},
               "actions": [transfer("uusd"), transfer("uatom")],
               "provenance": {"strategy": "manual", "strategy_version": "1.0.0", "model_id": None, "config_digest": "00" * 32,
                              "rationale": {"text": "bench", "uri": None, "digest": None}, "confidence_bps": 9000}}
    open(f"{d}/payload.json", "w").write(json.dumps(payload, separators=(",", ":")))
    run(ADVISOR, "sign", "--snapshot", f"{d}/snap.json", "--payload", f"{d}/payload.json", "--config", f"{d}/advisor.toml",
        "--out", f"{d}/signed.json", env=env)
    signed = json.load(open(f"{d}/signed.json"))
    res = tx("advisor", [execute(system.oracle, signed, "advisor")])
    results.append({"system": "steward", "members": 3, "actions": 2, "step": "submit recommendation", "gas_used": int(res["gas_used"])})
    try:
        rec = int(attr(res, "wasm", "recommendation_id"))
    except KeyError:
        rec = int(attr(res, "wasm", "id"))
    res = tx("voter1", [execute(system.proposal, {"propose_adoption": {"recommendation_id": rec, "description": None}}, "voter1")])
    results.append({"system": "steward", "members": 3, "actions": 2, "step": "propose adoption", "gas_used": int(res["gas_used"])})
    pid = int(attr(res, "wasm", "proposal_id"))
    for i, v in enumerate(VOTERS):
        res = system.vote(pid, v, BALLOTS[i])
        results.append({"system": "steward", "members": 3, "actions": 2, "step": f"vote {i + 1} (adoption)", "gas_used": int(res["gas_used"])})
    end = int(smart(system.proposal, {"proposal": {"proposal_id": pid}})["timelock_ends"]["at_time"]) // 10**9
    while True:
        t = rest("cosmos/base/tendermint/v1beta1/blocks/latest")["block"]["header"]["time"]
        from datetime import datetime
        if datetime.fromisoformat(t[:19] + "+00:00").timestamp() > end:
            break
        time.sleep(0.5)
    res = system.execute(pid)
    results.append({"system": "steward", "members": 3, "actions": 2, "step": "execute adoption", "gas_used": int(res["gas_used"])})
    progress("  Steward adoption: " + ", ".join(f"{r['step']} {r['gas_used']:,}" for r in results if r["actions"] == 2))


# ---------------------------------------------------------------- tables


def fmt(v):
    return f"{v:,}" if isinstance(v, int) else (v or "")


def ratio(a, b):
    return f"{a / b:.2f}" if isinstance(a, int) and isinstance(b, int) and b else ""


def tables(results, setups, floors, sizes, commit, elapsed):
    out = [f"Gas bench (scripts/bench-chain) at commit {commit}, wasmd v0.70.3, SDK gas used per transaction.",
           f"Absolute majority; votes {', '.join(BALLOTS)} (the third decides); a transfer pays {AMOUNT:,} {DENOM}; "
           f"this run took {elapsed / 60:.0f} min.", ""]
    steps = ["propose", "vote 1", "vote 2", "vote 3", "execute"]
    out += ["| members | actions | step | Steward | DAO DAO 2.6 | cw3-flex + cw4-group 2.0 | Steward / DAO DAO | Steward / cw3 |",
            "|---:|---:|---|---:|---:|---:|---:|---:|"]
    keys = sorted({(r["members"], r["actions"]) for r in results if r["step"] in steps})
    for n, k in keys:
        for step in steps:
            row = {r["system"]: r["gas_used"] for r in results if r["members"] == n and r["actions"] == k and r["step"] == step}
            if not row:
                continue
            s, d, c = row.get("steward", ""), row.get("daodao", ""), row.get("cw3", "")
            if step == "vote 1" and "steward" in row and "cw3" not in row and any(r["system"] == "cw3" for r in results):
                c = "in propose"
            out.append(f"| {n:,} | {k} | {step} | {fmt(s)} | {fmt(d)} | {fmt(c)} | {ratio(s, d)} | {ratio(s, c)} |")
    extra = [r for r in results if r["actions"] == 2]
    if extra:
        out += ["", "Steward's adoption of an advisor recommendation (two transfers, 3 members):", "",
                "| step | Steward |", "|---|---:|"]
        out += [f"| {r['step']} | {r['gas_used']:,} |" for r in extra]
    out += ["", "Setting up each membership (gas summed over the transactions it takes):", "",
            "| members | Steward | DAO DAO 2.6 | cw3-flex + cw4-group 2.0 |", "|---:|---|---|---|"]
    for n in sorted({s["members"] for s in setups}):
        cells = []
        for key in ["steward", "daodao", "cw3"]:
            s = next((s for s in setups if s["members"] == n and s["system"] == key), None)
            if s is None:
                cells.append("")
            elif "gas" in s:
                cells.append(f"{s['gas']:,} in {s['txs']} tx{'s' if s['txs'] > 1 else ''}")
            else:
                cells.append(s["note"])
        out.append(f"| {n:,} | " + " | ".join(cells) + " |")
    notes = sorted({(s["system"], s["note"]) for s in setups if "gas" in s})
    out += [""] + [f"- {dict(steward='Steward', daodao='DAO DAO', cw3='cw3')[k]}: {n}" for k, n in notes]
    for s in setups:
        for g in s.get("growth", [])[:1]:
            out.append(f"- Steward, {s['members']:,} members: the first membership proposal (adds {g['members_added']:,}): "
                       + ", ".join(f"{k} {v:,}" for k, v in g.items() if k != "members_added"))
    per_member = per_member_rows(setups)
    if per_member:
        out += ["", "Gas per member (the membership's instantiate transaction: Steward's dao-core with its three modules, "
                "DAO DAO's whole instantiate, cw4-group's; and Steward's membership proposal's execute), "
                "all in: the transaction's gas over its members:", "",
                "| members | Steward instantiate | Steward UpdateMembers (execute) | DAO DAO instantiate | cw4-group instantiate |",
                "|---:|---:|---:|---:|---:|"]
        out += per_member
    if floors:
        out += ["", "Floor: " + "; ".join(f"{k} {v:,}" for k, v in floors.items()) + "."]
    if sizes:
        out += ["", "Wasm sizes (bytes, scripts/build-wasm; targets of issue 15: core, treasury, oracle at most 320,000, proposal at most 357,000):", "",
                "| contract | bytes | target | compare |", "|---|---:|---:|---|"]
        for name, size, target, compare in sizes:
            out.append(f"| {name} | {size:,} | {fmt(target)} | {compare} |")
    return "\n".join(out) + "\n"


def per_member_rows(setups):
    """Per size above 3: each system's instantiate gas over the members it
    took, and Steward's first membership proposal's execute over the members
    it added."""
    rows = []
    for n in sorted({s["members"] for s in setups if s["members"] > 3}):
        def get(key):
            return next((s for s in setups if s["members"] == n and s["system"] == key and "gas" in s), None)
        st, dd, c3 = get("steward"), get("daodao"), get("cw3")
        cell = lambda gas, count: f"{gas / count:,.0f}" if gas else ""
        taken = min(n, Steward.INSTANTIATE_MAX)
        growth = (st or {}).get("growth", [])
        update = cell(growth[0]["execute"], growth[0]["members_added"]) if growth else ""
        rows.append(f"| {n:,} | {cell((st or {}).get('instantiate_gas'), taken)} | {update} | "
                    f"{cell((dd or {}).get('instantiate_gas'), n)} | {cell((c3 or {}).get('instantiate_gas'), n)} |")
    return rows


def wasm_sizes():
    sz = lambda p: os.path.getsize(p) if os.path.exists(p) else None
    core, prop = sz("artifacts/bench/dao_dao_core.wasm"), sz("artifacts/bench/dao_proposal_single.wasm")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "size-targets.json")) as f:
        targets = json.load(f)
    rows = []
    for name, other, other_name in [("steward_core", core, "dao_dao_core"),
                                    ("steward_proposal", prop, "dao_proposal_single"),
                                    ("steward_treasury", None, None), ("steward_oracle", None, None)]:
        rows.append((name, sz(f"artifacts/{name}.wasm"), targets[name],
                     f"{other_name} {other:,} (0.8 × = {int(other * 0.8):,})" if other else ""))
    for name in ["dao_dao_core", "dao_proposal_single", "dao_voting_cw4", "cw3_flex_multisig", "cw4_group", "noop"]:
        if sz(f"artifacts/bench/{name}.wasm"):
            rows.append((name, sz(f"artifacts/bench/{name}.wasm"), None, "bench/"))
    return rows


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="Steward only, 3 members, one transfer")
    ap.add_argument("--members", default="3,10,100,1000,10000")
    ap.add_argument("--systems", default="steward,daodao,cw3")
    ap.add_argument("--out", default="artifacts/bench-chain")
    args = ap.parse_args()
    sizes_members = [int(x) for x in args.members.split(",")]
    commit = os.environ.get("BENCH_COMMIT", "unknown")

    progress("every account signs once before it is measured (the first tx stores its public key)")
    recipient = filler(-1)
    for who in ["deployer"]:
        tx(who, [bank_send(who, recipient, 1)])
    for who in VOTERS + ["advisor"]:
        tx(who, [bank_send(who, signer(who).addr, 1, "ustake")])

    results, setups, floors = [], [], {}
    systems = [Steward({})]
    if not args.smoke:
        codes = {}
        chosen = args.systems.split(",")
        needed = ["noop"] + (["cw4_group", "cw3_flex_multisig"] if "cw3" in chosen else []) + (
            ["cw4_group", "dao_voting_cw4", "dao_proposal_single", "dao_dao_core"] if "daodao" in chosen else [])
        for name in dict.fromkeys(needed):
            codes[name], _ = store(f"artifacts/bench/{name}.wasm")
        progress(f"codes stored: {codes}")
        res = tx("deployer", [instantiate(codes["noop"], {}, "deployer", "noop")])
        noop = attr(res, "instantiate", "_contract_address")
        floors["no-op contract execute"] = int(tx("voter1", [execute(noop, {}, "voter1")])["gas_used"])
        floors["bank send"] = int(tx("voter1", [bank_send("voter1", recipient, AMOUNT)])["gas_used"])
        progress(f"floor: {floors}")
        systems = [s for s in [Steward({}), DaoDao(codes), Cw3(codes)] if s.key in chosen]
        plan = [(n, [1, 16]) for n in sizes_members]
    else:
        plan = [(3, [1])]

    for n, ks in plan:
        for system in systems:
            progress(f"{system.name}: {n:,} members")
            t0 = time.time()
            try:
                setup = system.setup(n, results)
            except (TxFailed, RuntimeError) as e:
                reason = re.sub(r"\x1b\[[0-9;]*m", "", str(e))
                if "request body" in reason:
                    reason = ("the one instantiate transaction (module messages base64 in core's) is over "
                              "the node's RPC request body limit (CometBFT rpc.max_body_bytes, 1 MB)")
                setups.append({"system": system.key, "members": n, "note": f"n/a: {reason}"[:300]})
                progress(f"  {system.name} {n}: setup failed: {e}")
                continue
            setups.append(dict(setup, system=system.key, members=n, seconds=round(time.time() - t0)))
            progress(f"  set up in {time.time() - t0:.0f} s: {setup['gas']:,} gas in {setup['txs']} txs")
            for k in ks:
                scenario(system, n, k, recipient, results)
            if n == 3 and system.key == "steward" and not args.smoke:
                adoption(system, recipient, results)

    elapsed = time.time() - started
    text = tables(results, setups, floors, wasm_sizes(), commit, elapsed)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out + ".md", "w") as f:
        f.write(text)
    with open(args.out + ".json", "w") as f:
        json.dump({"commit": commit, "wasmd": "v0.70.3", "seconds": round(elapsed), "results": results,
                   "setups": setups, "floors": floors,
                   "sizes": [{"contract": n, "bytes": s, "target": t} for n, s, t, _ in wasm_sizes()]}, f, indent=1)
    print()
    print(text)
    progress(f"written to {args.out}.md and {args.out}.json")


if __name__ == "__main__":
    main()
