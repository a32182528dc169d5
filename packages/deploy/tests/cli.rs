//! The command line refuses bad input before sending anything. No chain runs:
//! the node is a closed port on 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_steward-deploy");
const FEED_BIN: &str = env!("CARGO_BIN_EXE_steward-feed");
const LOCAL_CONFIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../deploy/steward-local.toml"
);
const TEST_ACCOUNTS: &str = include_str!("../../../localnet/test-accounts.txt");
/// A BIP-39 test vector that is not in the refused lists. TEST ONLY.
const FRESH: &str = "legal winner thank year wave sausage worth useful legal winner thank yellow";

fn deployer() -> String {
    let line = TEST_ACCOUNTS
        .lines()
        .find(|l| l.starts_with("deployer "))
        .unwrap();
    line.split_once(' ').unwrap().1.to_string()
}

fn closed_port() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}")
}

/// A directory with four fake (but wasm-magic) artifacts.
fn artifacts(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("steward-deploy-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for a in steward_deploy::ARTIFACTS {
        std::fs::write(dir.join(format!("{a}.wasm")), b"\0asm\x01\0\0\0").unwrap();
    }
    dir
}

fn run(args: &[&str], mnemonic: &str) -> Output {
    Command::new(BIN)
        .args(args)
        .env("STEWARD_DEPLOYER_MNEMONIC", mnemonic)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// `deploy` on the local network with `config` and the artifacts in `dir`,
/// against a closed port.
fn deploy_to_closed_node(config: &str, dir: &Path) -> Output {
    let rest = closed_port();
    run(
        &[
            "deploy",
            "--network",
            "local",
            "--rest",
            &rest,
            "--config",
            config,
            "--artifacts",
            dir.to_str().unwrap(),
        ],
        FRESH,
    )
}

#[test]
fn an_unknown_network_is_a_usage_error() {
    let o = run(
        &["deploy", "--network", "mainnet", "--config", LOCAL_CONFIG],
        FRESH,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown network \"mainnet\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_artifact_is_named() {
    let dir = artifacts("missing");
    std::fs::remove_file(dir.join("steward_oracle.wasm")).unwrap();
    let o = deploy_to_closed_node(LOCAL_CONFIG, &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("steward_oracle.wasm is missing"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unreachable_node_is_reported_before_any_transaction() {
    let dir = artifacts("unreachable");
    let o = deploy_to_closed_node(LOCAL_CONFIG, &dir);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("the node is not usable") && e.contains("unreachable"),
        "{e}"
    );
}

#[test]
fn an_invalid_config_names_the_field() {
    let dir = artifacts("config");
    let text = std::fs::read_to_string(LOCAL_CONFIG)
        .unwrap()
        .replace("threshold = \"75\"", "threshold = \"150\"");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, text).unwrap();
    let o = deploy_to_closed_node(bad.to_str().unwrap(), &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("proposal.threshold: percentage must be above 0 and at most 1, got 1.5"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_invalid_asset_display_is_refused_before_the_node_is_asked() {
    let dir = artifacts("display");
    let text = std::fs::read_to_string(LOCAL_CONFIG).unwrap().replace(
        r#"symbol = "ATOM", decimals = 6"#,
        r#"symbol = "ATOM", decimals = 24"#,
    );
    let bad = dir.join("bad-display.toml");
    std::fs::write(&bad, text).unwrap();
    let o = deploy_to_closed_node(bad.to_str().unwrap(), &dir);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("assets[1]: decimals 24 is more than 18") && !e.contains("not usable"),
        "{e}"
    );
}

/// The two ways to publish prices: `steward-feed` and its alias
/// `steward-deploy feed-prices`.
const FEEDERS: [(&str, &[&str]); 2] = [(FEED_BIN, &[]), (BIN, &["feed-prices"])];

/// Publishing prices on uni-6 with a deployment file, so the mnemonic check
/// is the first thing that can fail.
fn feed_on_uni6(
    (bin, command): (&str, &[&str]),
    deployer_mnemonic: &str,
    feeder_mnemonic: &str,
) -> Output {
    let dir = artifacts("public");
    let rest = closed_port();
    let deployment = format!(
        r#"{{"chain_id":"uni-6","network":"uni-6","rest":"{rest}","deployer":"x","code":{{}},"instantiate":null,
        "contracts":{{"core":"juno1a","proposal":"juno1b","treasury":"juno1c","oracle":"juno1d"}}}}"#
    );
    std::fs::write(dir.join("uni-6.json"), deployment).unwrap();
    Command::new(bin)
        .args(command)
        .args(["--network", "uni-6", "--rest", &rest])
        .args([
            "--price",
            "native:ujunox=1",
            "--deployments",
            dir.to_str().unwrap(),
        ])
        .env("STEWARD_DEPLOYER_MNEMONIC", deployer_mnemonic)
        .env("STEWARD_FEEDER_MNEMONIC", feeder_mnemonic)
        .output()
        .unwrap()
}

#[test]
fn test_mnemonics_are_refused_on_public_networks_and_never_printed() {
    for feeder in FEEDERS {
        let o = feed_on_uni6(feeder, &deployer(), FRESH);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {e}", feeder.0);
        assert!(e.contains("refusing to use the local test account \"deployer\" (localnet/test-accounts.txt) on the public network uni-6"), "{}: {e}", feeder.0);
        assert!(
            !e.contains("learn dance"),
            "the mnemonic is never printed: {}: {e}",
            feeder.0
        );
        let o = feed_on_uni6(
            feeder,
            FRESH,
            "enlist hip relief stomach skate base shallow young switch frequent cry park",
        );
        assert!(
            stderr(&o).contains("well-known public test mnemonic"),
            "{}: {}",
            feeder.0,
            stderr(&o)
        );
        // A fresh mnemonic passes the check and stops at the (closed) node.
        let o = feed_on_uni6(feeder, FRESH, FRESH);
        assert!(
            stderr(&o).contains("the node is not usable"),
            "{}: {}",
            feeder.0,
            stderr(&o)
        );
    }
}

#[test]
fn steward_feed_and_its_alias_take_the_same_flags() {
    let help = |(bin, command): (&str, &[&str])| {
        let o = Command::new(bin)
            .args(command)
            .arg("--help")
            .output()
            .unwrap();
        assert!(o.status.success(), "{bin}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        // The command's own flags; --help and --version are clap's.
        out[out.find("Options:").expect("options")..]
            .lines()
            .filter(|l| l.trim_start().starts_with("--"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let feed = help(FEEDERS[0]);
    assert!(feed.iter().any(|l| l.contains("--feeder-id")), "{feed:?}");
    assert_eq!(feed, help(FEEDERS[1]));
}

#[test]
fn a_missing_mnemonic_is_reported() {
    let dir = artifacts("nomnemonic");
    let o = Command::new(BIN)
        .args([
            "deploy",
            "--network",
            "local",
            "--config",
            LOCAL_CONFIG,
            "--artifacts",
            dir.to_str().unwrap(),
        ])
        .env_remove("STEWARD_DEPLOYER_MNEMONIC")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no mnemonic: set STEWARD_DEPLOYER_MNEMONIC"),
        "{}",
        stderr(&o)
    );
}
