//! The `steward-advisor` binary end to end on files: help, keys, recommend,
//! sign, replay, submit --dry-run, and the exit statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use steward_advisor::{sample, Snapshot};

const BIN: &str = env!("CARGO_BIN_EXE_steward-advisor");

fn advisor(args: &[&str], mnemonic: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("STEWARD_ADVISOR_MNEMONIC");
    if let Some(m) = mnemonic {
        cmd.env("STEWARD_ADVISOR_MNEMONIC", m);
    }
    cmd.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("steward-advisor-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn s(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_inputs(dir: &Dir, snapshot: &Snapshot) {
    std::fs::write(dir.path("snapshot.json"), snapshot.to_json()).unwrap();
    let n = snapshot.context.balances.len();
    let config = sample::config(sample::rebalance_config(n));
    std::fs::write(dir.path("advisor.toml"), toml::to_string(&config).unwrap()).unwrap();
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "keys",
        "snapshot",
        "recommend",
        "sign",
        "submit",
        "run",
        "replay",
    ] {
        let out = advisor(&[sub, "--help"], None);
        assert!(out.status.success(), "{sub}");
        let help = text(&out.stdout);
        assert!(help.contains("Usage: steward-advisor"), "{sub}: {help}");
        if sub == "submit" || sub == "run" {
            assert!(help.contains("--dry-run"), "{sub}: {help}");
        }
    }
    let out = advisor(&["--help"], None);
    assert!(text(&out.stdout).contains("STEWARD_ADVISOR_MNEMONIC"));
}

#[test]
fn keys_prints_public_data_only() {
    let out = advisor(
        &["keys", "--key-id", "advisor-1"],
        Some(sample::TEST_MNEMONIC),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["address"], "wasm14qemq0vw6y3gc3u3e0aty2e764u4gs5lndxgyk");
    assert_eq!(v["derivation_path"], "m/44'/118'/0'/0/0");
    assert_eq!(
        v["register_advisor"]["register_advisor"]["key"]["id"],
        "advisor-1"
    );
    assert_eq!(
        v["register_advisor"]["register_advisor"]["key"]["public_key"],
        v["public_key"]
    );
    for word in sample::TEST_MNEMONIC.split(' ') {
        assert!(!stdout.contains(&format!("\"{word}")) && !stdout.contains(&format!(" {word} ")));
    }
    let out = advisor(
        &["keys", "--algorithm", "ed25519", "--prefix", "cosmos"],
        Some(sample::TEST_MNEMONIC),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["derivation_path"], "m/44'/118'/0'/0'/0'");
    assert_eq!(
        v["relayer_address"],
        "cosmos14qemq0vw6y3gc3u3e0aty2e764u4gs5le3hada"
    );
}

#[test]
fn missing_or_malformed_mnemonic_is_a_clear_error() {
    let out = advisor(&["keys"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no mnemonic: set STEWARD_ADVISOR_MNEMONIC"));
    let bad = "enlist hip relief stomach skate base shallow young switch frequent cry cry";
    let out = advisor(&["keys"], Some(bad));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("malformed mnemonic"), "{err}");
    assert!(!err.contains("enlist"), "{err}");
    let out = advisor(&["keys", "--mnemonic-file", "/nonexistent/file"], None);
    assert!(text(&out.stderr).contains("cannot read the mnemonic file"));
}

#[test]
fn recommend_sign_replay_and_submit_dry_run_round_trip() {
    let dir = Dir::new("round-trip");
    write_inputs(&dir, &sample::snapshot(3));
    let (snap, config, payload, signed) = (
        dir.s("snapshot.json"),
        dir.s("advisor.toml"),
        dir.s("payload.json"),
        dir.s("signed.json"),
    );
    let out = advisor(
        &[
            "recommend",
            "--snapshot",
            &snap,
            "--config",
            &config,
            "--out",
            &payload,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("policy check passed"));
    // And what the limits hold after the actions, one entry per listed asset.
    let stderr = text(&out.stderr);
    let after = stderr
        .lines()
        .find_map(|l| l.strip_prefix("limits after the actions (available/capacity): "))
        .unwrap_or_else(|| panic!("no limits after in {stderr}"));
    assert!(after.contains("native:"), "{after}");

    // The same inputs give the same bytes.
    let again = advisor(
        &["recommend", "--snapshot", &snap, "--config", &config],
        None,
    );
    assert_eq!(
        text(&again.stdout).trim_end(),
        std::fs::read_to_string(&payload).unwrap()
    );

    let out = advisor(
        &[
            "sign",
            "--snapshot",
            &snap,
            "--payload",
            &payload,
            "--config",
            &config,
            "--out",
            &signed,
        ],
        Some(sample::TEST_MNEMONIC),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let msg: serde_json::Value = serde_json::from_slice(&std::fs::read(&signed).unwrap()).unwrap();
    assert_eq!(
        msg["submit_recommendation"]["signatures"][0]["key_id"],
        sample::KEY_ID
    );

    let out = advisor(
        &[
            "replay",
            "--snapshot",
            &snap,
            "--payload",
            &payload,
            "--config",
            &config,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("replay ok"));

    let out = advisor(
        &[
            "submit",
            "--signed",
            &signed,
            "--config",
            &config,
            "--dry-run",
        ],
        Some(sample::TEST_MNEMONIC),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(
        v["tx"]["messages"][0]["@type"],
        "/cosmwasm.wasm.v1.MsgExecuteContract"
    );
    assert_eq!(
        v["tx"]["messages"][0]["contract"],
        sample::snapshot(3).oracle
    );
    assert!(v["note"].as_str().unwrap().contains("offline"));

    // Without --dry-run and without a node, nothing is sent.
    let out = advisor(
        &["submit", "--signed", &signed, "--config", &config],
        Some(sample::TEST_MNEMONIC),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no node"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn pairs_given_by_their_assets_take_the_deployment_venues_addresses() {
    let dir = Dir::new("venues");
    let snapshot = sample::snapshot(3);
    write_inputs(&dir, &snapshot);
    // The same config with each pair given by its assets alone, and a
    // deployment file listing the sample's venues (one in the other order).
    let mut config = sample::config(sample::rebalance_config(3));
    let pairs = config.strategy.pairs_mut().unwrap();
    let mut venues = vec![];
    for (i, p) in pairs.iter_mut().enumerate() {
        let [a, b] = p.assets.clone().map(|a| a.to_string());
        let assets = if i == 0 { [a, b] } else { [b, a] };
        venues.push(serde_json::json!({"address": p.address.take().unwrap(), "assets": assets}));
    }
    std::fs::write(
        dir.path("by-assets.toml"),
        toml::to_string(&config).unwrap(),
    )
    .unwrap();
    let deployment = serde_json::json!({"contracts": {"core": "wasm1core"}, "venues": venues});
    std::fs::write(dir.path("deployment.json"), deployment.to_string()).unwrap();
    let recommend = |config: &str, extra: &[&str]| {
        let snap = dir.s("snapshot.json");
        let mut args = vec!["recommend", "--snapshot", &snap, "--config", config];
        args.extend_from_slice(extra);
        advisor(&args, None)
    };
    let explicit = recommend(&dir.s("advisor.toml"), &[]);
    assert!(explicit.status.success(), "{}", text(&explicit.stderr));
    let resolved = recommend(
        &dir.s("by-assets.toml"),
        &["--deployment", &dir.s("deployment.json")],
    );
    assert!(resolved.status.success(), "{}", text(&resolved.stderr));
    // Byte for byte the payload of the explicit addresses, config digest included.
    assert_eq!(text(&resolved.stdout), text(&explicit.stdout));
    assert!(text(&resolved.stdout).contains(&sample::pair(2)));

    // Without a deployment file, the field that needs one is named.
    let out = recommend(&dir.s("by-assets.toml"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("strategy.pairs[0].address")
            && text(&out.stderr).contains("no deployment file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn replay_mismatch_exits_4_naming_the_field() {
    let dir = Dir::new("mismatch");
    write_inputs(&dir, &sample::snapshot(3));
    let (snap, config, payload) = (
        dir.s("snapshot.json"),
        dir.s("advisor.toml"),
        dir.s("payload.json"),
    );
    assert!(advisor(
        &[
            "recommend",
            "--snapshot",
            &snap,
            "--config",
            &config,
            "--out",
            &payload
        ],
        None
    )
    .status
    .success());
    let text_payload = std::fs::read_to_string(&payload).unwrap();
    let tampered = text_payload.replacen("\"nonce\":4", "\"nonce\":5", 1);
    assert_ne!(tampered, text_payload);
    std::fs::write(&payload, tampered).unwrap();
    let out = advisor(
        &[
            "replay",
            "--snapshot",
            &snap,
            "--payload",
            &payload,
            "--config",
            &config,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(err.contains("replay mismatch at nonce"), "{err}");
}

#[test]
fn nothing_to_do_exits_3_and_writes_no_payload() {
    let dir = Dir::new("nothing");
    let mut snapshot = sample::snapshot(3);
    snapshot
        .context
        .balances
        .iter_mut()
        .for_each(|b| b.amount = cosmwasm_std::Uint128::zero());
    write_inputs(&dir, &snapshot);
    let payload = dir.path("payload.json");
    let out = advisor(
        &[
            "recommend",
            "--snapshot",
            &dir.s("snapshot.json"),
            "--config",
            &dir.s("advisor.toml"),
            "--out",
            &payload.display().to_string(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("nothing to do"));
    assert!(!Path::new(&payload).exists());
}

#[test]
fn bad_input_gets_a_specific_error_and_no_signature() {
    let dir = Dir::new("bad");
    let mut snapshot = sample::snapshot(3);
    snapshot.context.prices[1].price = cosmwasm_std::Decimal::zero();
    write_inputs(&dir, &snapshot);
    let out = advisor(
        &[
            "recommend",
            "--snapshot",
            &dir.s("snapshot.json"),
            "--config",
            &dir.s("advisor.toml"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("price of native:uasset01 is zero"),
        "{}",
        text(&out.stderr)
    );

    // A payload outside the policy is refused at signing.
    let dir = Dir::new("refuse");
    let snapshot = sample::snapshot(3);
    write_inputs(&dir, &snapshot);
    let (snap, config, payload, signed) = (
        dir.s("snapshot.json"),
        dir.s("advisor.toml"),
        dir.s("payload.json"),
        dir.s("signed.json"),
    );
    assert!(advisor(
        &[
            "recommend",
            "--snapshot",
            &snap,
            "--config",
            &config,
            "--out",
            &payload
        ],
        None
    )
    .status
    .success());
    let p = std::fs::read_to_string(&payload).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&p).unwrap();
    v["actions"][0]["swap"]["max_slippage_bps"] = 9_999.into();
    std::fs::write(&payload, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = advisor(
        &[
            "sign",
            "--snapshot",
            &snap,
            "--payload",
            &payload,
            "--config",
            &config,
            "--out",
            &signed,
        ],
        Some(sample::TEST_MNEMONIC),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("refused to sign"),
        "{}",
        text(&out.stderr)
    );
    assert!(!Path::new(&signed).exists());

    // A malformed snapshot.
    std::fs::write(dir.path("broken.json"), "{\"version\": 1}").unwrap();
    let out = advisor(
        &[
            "recommend",
            "--snapshot",
            &dir.s("broken.json"),
            "--config",
            &config,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("malformed snapshot"));

    // An unreachable node.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = advisor(
        &[
            "snapshot",
            "--rest",
            &format!("http://127.0.0.1:{port}"),
            "--oracle",
            "wasm1o",
            "--treasury",
            "wasm1t",
            "--key-id",
            "a",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unreachable"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn run_backs_off_on_an_unreachable_node_and_stops_cleanly_on_sigterm() {
    let dir = Dir::new("run");
    write_inputs(&dir, &sample::snapshot(3));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(BIN)
        .args([
            "run",
            "--config",
            &dir.s("advisor.toml"),
            "--rest",
            &format!("http://127.0.0.1:{port}"),
            "--oracle",
            &sample::addr("oracle"),
            "--treasury",
            &sample::addr("treasury"),
            "--interval",
            "1",
            "--dry-run",
        ])
        .env("STEWARD_ADVISOR_MNEMONIC", sample::TEST_MNEMONIC)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("step=snapshot error="), "{err}");
    assert!(err.contains("retry_in_ms=1000"), "{err}");
    assert!(err.contains("step=stop reason=signal"), "{err}");
    assert!(err.contains("stopped by signal"), "{err}");
    assert!(!err.contains("enlist"), "{err}");
}
