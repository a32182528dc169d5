//! Node access, submission and the run loop against a fake wasmd REST API
//! started in the test (no chain runs).

mod common;

use common::{Reply, Request, Server};
use cosmrs::cosmwasm::MsgExecuteContract;
use cosmrs::tx::{Msg, Tx};
use cosmwasm_std::Binary;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use steward_advisor::config::TxConfig;
use steward_advisor::deployment::Contracts;
use steward_advisor::node::{DaoContracts, Node};
use steward_advisor::recommend::{self, Envelope, Outcome};
use steward_advisor::run::{RunOptions, Runner};
use steward_advisor::submit::{submit, AccountOverride};
use steward_advisor::{sample, AdvisorError, AdvisorKey, Mnemonic, Snapshot};
use steward_chain::ChainError;
use steward_types::oracle::ExecuteMsg;
use steward_types::treasury::PolicyStateResponse;

const HEIGHT: u64 = 1_234_567;

/// The chain state the fake node serves: the sample snapshot's.
fn chain() -> Snapshot {
    sample::snapshot(3)
}

fn decode_query(path: &str) -> (String, Value) {
    // /cosmwasm/wasm/v1/contract/{addr}/smart/{base64url}
    let parts: Vec<&str> = path.split('/').collect();
    let contract = parts[5].to_string();
    let std_b64: String = parts[7]
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let bytes = Binary::from_base64(&std_b64).expect("base64 query");
    (
        contract,
        serde_json::from_slice(&bytes).expect("query json"),
    )
}

struct FakeChain {
    broadcasts: AtomicUsize,
    fail_blocks: AtomicBool,
    /// Pinned smart queries still to answer "height in the future", as a
    /// node does for a block whose state it has not committed yet.
    future_height_answers: AtomicUsize,
    tx_code: u32,
    account_exists: bool,
}

fn fake_node(chain: Snapshot, fake: Arc<FakeChain>) -> Server {
    let core = sample::addr("core");
    let proposal = sample::addr("proposal");
    Server::start(move |r: &Request| {
        let path = r.path.as_str();
        if path == "/cosmos/base/tendermint/v1beta1/blocks/latest" {
            if fake.fail_blocks.load(Ordering::SeqCst) {
                return Reply::json(500, r#"{"code":13,"message":"node is syncing"}"#);
            }
            return Reply::json(
                200,
                json!({"block": {"header": {
                    "chain_id": chain.chain_id,
                    "height": HEIGHT.to_string(),
                    "time": "2023-11-14T22:13:20.123456789Z"
                }}})
                .to_string(),
            );
        }
        if path.starts_with("/cosmwasm/wasm/v1/contract/") {
            if r.header("x-cosmos-block-height").is_some()
                && fake
                    .future_height_answers
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
            {
                return Reply::json(
                    500,
                    r#"{"code":2,"message":"codespace sdk code 26: invalid height: cannot query with height in the future; please provide a valid height"}"#,
                );
            }
            let (contract, q) = decode_query(path);
            let data = if contract == core && q.get("modules").is_some() {
                json!({"proposal": sample::addr("proposal"), "treasury": chain.treasury, "oracle": chain.oracle})
            } else if contract == chain.treasury && q.get("policy_state").is_some() {
                json!(PolicyStateResponse::new(
                    chain.context.policy.clone(),
                    chain.context.policy_version,
                    chain.context.balances.clone(),
                    &chain.context.limits,
                    chain.context.now,
                ))
            } else if contract == chain.treasury && q.get("list_budgets").is_some() {
                json!({"budgets": []})
            } else if contract == proposal && q.get("config").is_some() {
                json!({"dao": core, "config": {
                    "threshold": {"absolute_percentage": {"percentage": {"majority": {}}}},
                    "voting_period": {"time": 86400}, "min_voting_period": null,
                    "allow_revoting": false, "only_members_execute": false, "timelock": null,
                    "adoption_timelock": {"duration": {"time": 3600}, "vetoer": core},
                    "execution_window": null, "governance": null
                }})
            } else if contract == proposal && q.get("governance").is_some() {
                json!({"policy": null, "last_change": null})
            } else if contract == proposal && q.get("reverse_proposals").is_some() {
                json!({"proposals": []})
            } else if contract == chain.oracle && q.get("prices").is_some() {
                json!({"prices": chain.context.prices})
            } else if contract == chain.oracle && q.get("price_history").is_some() {
                // The oracle's answer: newest first, before `start_after`, `limit` at most.
                let h = &q["price_history"];
                let asset: steward_types::AssetInfo =
                    serde_json::from_value(h["asset"].clone()).expect("an asset");
                let before = h["start_after"].as_u64().unwrap_or(u64::MAX);
                let limit = h["limit"].as_u64().unwrap_or(10).min(30) as usize;
                let points: Vec<Value> = chain
                    .history(&asset)
                    .unwrap_or_default()
                    .iter()
                    .rev()
                    .filter(|p| p.time < before)
                    .take(limit)
                    .map(|p| json!({"price": p.price, "publish_time": p.time}))
                    .collect();
                json!({"asset": asset, "points": points, "capacity": 64})
            } else if contract == chain.oracle && q.get("advisor").is_some() {
                json!({
                    "id": q["advisor"]["id"], "algorithm": "secp256k1", "public_key": "AA==",
                    "active_from": 0, "expires_at": null, "revoked": false, "active": true,
                    "last_nonce": chain.last_nonce,
                    "record": {"submitted": 3, "adopted": 0, "executed": 0, "rejected": 0, "expired": 0}
                })
            } else {
                return Reply::json(
                    400,
                    format!("{{\"message\":\"unexpected query {q} to {contract}\"}}"),
                );
            };
            return Reply::json(200, json!({ "data": data }).to_string());
        }
        if path.starts_with("/cosmos/auth/v1beta1/accounts/") {
            if !fake.account_exists {
                return Reply::json(404, r#"{"code":5,"message":"account not found"}"#);
            }
            return Reply::json(
                200,
                json!({"account": {"@type": "/cosmos.auth.v1beta1.BaseAccount", "account_number": "12", "sequence": "4"}})
                    .to_string(),
            );
        }
        if path == "/cosmos/tx/v1beta1/txs" && r.method == "POST" {
            let n = fake.broadcasts.fetch_add(1, Ordering::SeqCst);
            return Reply::json(
                200,
                json!({"tx_response": {"txhash": format!("HASH{n}"), "code": fake.tx_code,
                       "raw_log": if fake.tx_code == 0 { "" } else { "insufficient fees" }}})
                .to_string(),
            );
        }
        Reply::json(404, r#"{"message":"not found"}"#)
    })
}

fn fake(tx_code: u32, account_exists: bool) -> Arc<FakeChain> {
    Arc::new(FakeChain {
        broadcasts: AtomicUsize::new(0),
        fail_blocks: AtomicBool::new(false),
        future_height_answers: AtomicUsize::new(0),
        tx_code,
        account_exists,
    })
}

fn keys() -> (AdvisorKey, AdvisorKey) {
    let m = Mnemonic::parse(sample::TEST_MNEMONIC).unwrap();
    (
        AdvisorKey::relayer(&m).unwrap(),
        AdvisorKey::relayer(&m).unwrap(),
    )
}

fn contracts_of(chain: &Snapshot) -> DaoContracts {
    DaoContracts {
        treasury: chain.treasury.clone(),
        oracle: chain.oracle.clone(),
        proposal: Some(sample::addr("proposal")),
    }
}

#[test]
fn snapshot_from_a_node_reads_the_chain_state_at_one_height() {
    let chain = chain();
    let server = fake_node(chain.clone(), fake(0, true));
    let node = Node::new(&server.url, Duration::from_secs(5));
    let contracts = node
        .resolve_contracts(&Contracts {
            core: Some(sample::addr("core")),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(contracts, contracts_of(&chain));
    let snap = node.snapshot(&contracts, sample::KEY_ID, None, 64).unwrap();
    assert_eq!(snap.chain_id, chain.chain_id);
    assert_eq!(snap.height, HEIGHT);
    assert_eq!(snap.context, chain.context);
    assert_eq!(snap.last_nonce, chain.last_nonce);
    assert_eq!(snap.advisor, sample::KEY_ID);
    // The oracle's price history of every policy asset, oldest first.
    assert_eq!(snap.price_history, chain.price_history);
    assert!(snap.price_history.iter().all(|s| s.points.len() == 32));
    let governance = snap
        .governance
        .as_ref()
        .expect("the proposal module was read");
    assert_eq!(governance.state.policy, None);
    assert!(governance.proposals.is_empty());
    // Every query after the block read is pinned to its height: policy state,
    // prices, the advisor, budgets, two history pages (30 + 2) per asset, and
    // the proposal module's config, governance state and recent proposals.
    let smart: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/smart/") && !r.path.contains(&sample::addr("core")))
        .collect();
    assert_eq!(smart.len(), 7 + 2 * chain.context.policy.allowances.len());
    assert!(smart
        .iter()
        .all(|r| r.header("x-cosmos-block-height") == Some(&HEIGHT.to_string()[..])));

    // With the previous snapshot, history carries over (same publish time: no duplicate).
    let again = node
        .snapshot(&contracts, sample::KEY_ID, Some(&chain), 64)
        .unwrap();
    for s in &again.price_history {
        assert_eq!(Some(s.points.as_slice()), chain.history(&s.asset));
    }
    // A shorter window keeps the newest points; a previous snapshot's older
    // points than the oracle holds are kept within the window.
    let short = node.snapshot(&contracts, sample::KEY_ID, None, 5).unwrap();
    for s in &short.price_history {
        let full = chain.history(&s.asset).unwrap();
        assert_eq!(s.points, full[full.len() - 5..]);
    }
    let mut older = chain.clone();
    for s in &mut older.price_history {
        let first = s.points[0].clone();
        s.points.insert(
            0,
            steward_advisor::snapshot::PricePoint {
                time: first.time - 1_000,
                price: first.price,
            },
        );
    }
    let merged = node
        .snapshot(&contracts, sample::KEY_ID, Some(&older), 64)
        .unwrap();
    assert_eq!(merged.price_history, older.price_history);
    assert!(merged.price_history.iter().all(|s| s.points.len() == 33));
    // A previous snapshot of another chain is refused.
    let mut other = chain.clone();
    other.chain_id = "other-1".into();
    let err = node
        .snapshot(&contracts, sample::KEY_ID, Some(&other), 64)
        .unwrap_err();
    assert!(
        matches!(err, AdvisorError::MalformedSnapshot { .. }),
        "{err}"
    );
}

#[test]
fn node_errors_are_specific() {
    let f = fake(0, true);
    f.fail_blocks.store(true, Ordering::SeqCst);
    let server = fake_node(chain(), f);
    let node = Node::new(&server.url, Duration::from_secs(5));
    let err = node.latest_block().unwrap_err();
    assert!(
        matches!(&err, AdvisorError::Chain(ChainError::HttpStatus { status: 500, body, .. }) if body.contains("syncing")),
        "{err}"
    );
    let err = node
        .smart_query::<_, Value>(&sample::addr("nobody"), &json!({"x": {}}), None)
        .unwrap_err();
    assert!(
        matches!(
            err,
            AdvisorError::Chain(ChainError::HttpStatus { status: 400, .. })
        ),
        "{err}"
    );
}

fn signed_for(chain: &Snapshot, key: &AdvisorKey) -> recommend::SignedRecommendation {
    let config = sample::config(sample::rebalance_config(3));
    let envelope = Envelope::derive(chain, &config.advisor, &Default::default()).unwrap();
    let strategy = config.strategy.build().unwrap();
    let Outcome::Payload(rec) = recommend::recommend(chain, strategy.as_ref(), &envelope).unwrap()
    else {
        panic!()
    };
    recommend::sign(key, sample::KEY_ID, chain, &rec.bytes).unwrap()
}

#[test]
fn submit_broadcasts_a_signed_execute_tx_to_the_oracle() {
    let chain = chain();
    let f = fake(0, true);
    let server = fake_node(chain.clone(), f.clone());
    let node = Node::new(&server.url, Duration::from_secs(5));
    let (key, relayer) = keys();
    let signed = signed_for(&chain, &key);
    let report = submit(
        Some(&node),
        &relayer,
        "wasm",
        &TxConfig::default(),
        &signed,
        AccountOverride::default(),
        false,
    )
    .unwrap();
    assert_eq!(report.broadcast.unwrap().txhash, "HASH0");
    let posted = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/cosmos/tx/v1beta1/txs")
        .unwrap();
    let body = posted.json();
    assert_eq!(body["mode"], "BROADCAST_MODE_SYNC");
    let bytes = Binary::from_base64(body["tx_bytes"].as_str().unwrap()).unwrap();
    assert_eq!(bytes.as_slice(), report.tx.bytes.as_slice());
    let tx = Tx::from_bytes(&bytes).unwrap();
    assert_eq!(tx.auth_info.signer_infos[0].sequence, 4);
    let exec = MsgExecuteContract::from_any(&tx.body.messages[0]).unwrap();
    assert_eq!(exec.contract.to_string(), chain.oracle);
    assert_eq!(exec.sender.to_string(), relayer.address("wasm").unwrap());
    let msg: ExecuteMsg = serde_json::from_slice(&exec.msg).unwrap();
    assert_eq!(msg, signed.to_msg());
}

#[test]
fn dry_run_sends_nothing() {
    let chain = chain();
    let f = fake(0, true);
    let server = fake_node(chain.clone(), f.clone());
    let node = Node::new(&server.url, Duration::from_secs(5));
    let (key, relayer) = keys();
    let signed = signed_for(&chain, &key);
    let report = submit(
        Some(&node),
        &relayer,
        "wasm",
        &TxConfig::default(),
        &signed,
        AccountOverride::default(),
        true,
    )
    .unwrap();
    assert!(report.broadcast.is_none());
    assert_eq!(f.broadcasts.load(Ordering::SeqCst), 0);
    assert_eq!(
        report.tx.summary["messages"][0]["contract"],
        json!(chain.oracle)
    );
    // Offline: no node at all, numbers assumed.
    let report = submit(
        None,
        &relayer,
        "wasm",
        &TxConfig::default(),
        &signed,
        AccountOverride::default(),
        true,
    )
    .unwrap();
    assert!(report.note.unwrap().contains("offline"));
    let err = submit(
        None,
        &relayer,
        "wasm",
        &TxConfig::default(),
        &signed,
        AccountOverride::default(),
        false,
    )
    .unwrap_err();
    assert!(matches!(err, AdvisorError::InvalidConfig { .. }), "{err}");
}

#[test]
fn rejected_tx_and_missing_account_are_specific() {
    let chain = chain();
    let (key, relayer) = keys();
    let signed = signed_for(&chain, &key);
    let server = fake_node(chain.clone(), fake(13, true));
    let node = Node::new(&server.url, Duration::from_secs(5));
    let err = submit(
        Some(&node),
        &relayer,
        "wasm",
        &TxConfig::default(),
        &signed,
        AccountOverride::default(),
        false,
    )
    .unwrap_err();
    assert!(
        matches!(&err, AdvisorError::Chain(ChainError::TxRejected { code: 13, log, .. }) if log.contains("fees")),
        "{err}"
    );
    let server = fake_node(chain, fake(0, false));
    let node = Node::new(&server.url, Duration::from_secs(5));
    let err = submit(
        Some(&node),
        &relayer,
        "wasm",
        &TxConfig::default(),
        &signed,
        AccountOverride::default(),
        false,
    )
    .unwrap_err();
    assert!(
        matches!(err, AdvisorError::Chain(ChainError::AccountNotFound { .. })),
        "{err}"
    );
}

fn runner(server: &Server, chain: &Snapshot, iterations: u64, dry_run: bool) -> Runner {
    let config = sample::config(sample::rebalance_config(3));
    let (key, relayer) = keys();
    Runner {
        strategy: config.strategy.build().unwrap(),
        config,
        key,
        relayer,
        node: Node::new(&server.url, Duration::from_secs(5)),
        contracts: contracts_of(chain),
        options: RunOptions {
            interval: Duration::from_millis(10),
            backoff_base: Duration::from_millis(10),
            backoff_max: Duration::from_millis(40),
            dry_run,
            max_iterations: Some(iterations),
            history_file: None,
        },
    }
}

#[test]
fn run_logs_each_step_submits_once_and_skips_unchanged_actions() {
    let chain = chain();
    let f = fake(0, true);
    let server = fake_node(chain.clone(), f.clone());
    let mut log = vec![];
    let summary = runner(&server, &chain, 2, false).run(&AtomicBool::new(false), &mut log);
    let log = String::from_utf8(log).unwrap();
    assert_eq!(summary.iterations, 2, "{log}");
    assert_eq!(summary.submitted, 1, "{log}");
    assert_eq!(summary.unchanged, 1, "{log}");
    assert_eq!(f.broadcasts.load(Ordering::SeqCst), 1);
    let first: Vec<&str> = log.lines().filter(|l| l.contains(" iter=1 ")).collect();
    let steps: Vec<&str> = first
        .iter()
        .map(|l| l.split(" step=").nth(1).unwrap().split(' ').next().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["snapshot", "recommend", "precheck", "sign", "submit"],
        "{log}"
    );
    // The pre-check reports each limit after the actions: what moves is taken
    // from its asset's limit, nothing exceeds its capacity.
    let precheck = first
        .iter()
        .find(|l| l.contains(" step=precheck "))
        .unwrap();
    let after = precheck
        .split("available_after=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no available_after in {precheck}"));
    let limits: Vec<(u128, u128)> = after
        .split(", ")
        .map(|entry| {
            let (available, capacity) = entry.rsplit_once(' ').unwrap().1.split_once('/').unwrap();
            (available.parse().unwrap(), capacity.parse().unwrap())
        })
        .collect();
    assert_eq!(
        limits.len(),
        chain.context.policy.allowances.len(),
        "{precheck}"
    );
    assert!(limits.iter().all(|(a, c)| a <= c), "{precheck}");
    assert!(limits.iter().any(|(a, c)| a < c), "{precheck}");
    assert!(log
        .lines()
        .last()
        .unwrap()
        .contains("step=stop reason=iterations"));
}

#[test]
fn run_backs_off_on_errors_and_stops_on_the_flag() {
    let chain = chain();
    let f = fake(0, true);
    f.fail_blocks.store(true, Ordering::SeqCst);
    let server = fake_node(chain.clone(), f.clone());
    let mut log = vec![];
    let summary = runner(&server, &chain, 3, true).run(&AtomicBool::new(false), &mut log);
    let log = String::from_utf8(log).unwrap();
    assert_eq!(summary.failures, 3, "{log}");
    let waits: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split("retry_in_ms=").nth(1))
        .collect();
    assert_eq!(waits, ["10", "20", "40"], "{log}");

    // A set stop flag ends a long wait at once.
    let mut r = runner(&server, &chain, 100, true);
    r.options.backoff_base = Duration::from_secs(60);
    r.options.backoff_max = Duration::from_secs(60);
    let stop = Arc::new(AtomicBool::new(false));
    let s = stop.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        s.store(true, Ordering::SeqCst);
    });
    let started = std::time::Instant::now();
    let summary = r.run(&stop, &mut std::io::sink());
    assert!(summary.stopped);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn run_keeps_the_history_file_and_survives_a_damaged_one() {
    let chain = chain();
    let server = fake_node(chain.clone(), fake(0, true));
    let file = std::env::temp_dir().join(format!(
        "steward-advisor-history-{}.json",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&file);
    let mut r = runner(&server, &chain, 1, true);
    r.options.history_file = Some(file.clone());
    let summary = r.run(&AtomicBool::new(false), &mut std::io::sink());
    assert_eq!(summary.submitted, 1);
    let kept = Snapshot::load(&file).unwrap();
    assert_eq!(kept.height, HEIGHT);
    assert_eq!(kept.price_history, chain.price_history);

    std::fs::write(&file, "garbage").unwrap();
    let mut log = vec![];
    let summary = r.run(&AtomicBool::new(false), &mut log);
    let log = String::from_utf8(log).unwrap();
    assert!(log.contains("step=history error="), "{log}");
    assert_eq!(summary.submitted, 1, "{log}");
    assert!(Snapshot::load(&file).is_ok(), "rewritten");
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn snapshot_reads_again_when_the_node_is_a_block_behind_its_own_report() {
    let chain = chain();
    let f = fake(0, true);
    f.future_height_answers.store(2, Ordering::SeqCst);
    let server = fake_node(chain.clone(), f.clone());
    let node = Node::new(&server.url, Duration::from_secs(5));
    let contracts = contracts_of(&chain);
    let snap = node.snapshot(&contracts, sample::KEY_ID, None, 64).unwrap();
    assert_eq!(snap.context, chain.context);
    // Two failed reads, each from a fresh latest block, then a whole one.
    let blocks = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/blocks/latest"))
        .count();
    assert_eq!(blocks, 3);

    // A node that stays behind fails the snapshot with its own answer.
    f.future_height_answers.store(10, Ordering::SeqCst);
    let err = node
        .snapshot(&contracts, sample::KEY_ID, None, 64)
        .unwrap_err();
    assert!(
        matches!(&err, AdvisorError::Chain(ChainError::HttpStatus { status: 500, body, .. }) if body.contains("height in the future")),
        "{err}"
    );
}
