//! The steps that send transactions. Everything that can be checked before
//! sending is checked by the caller first ([`Preflight`]).

use crate::config::{cw20_display, CodeIds, DaoConfig, StatedDisplay};
use crate::deployment::{AssetEntry, Contracts, Deployment, Instantiation, StoredCode, VenueEntry};
use crate::error::DeployError;
use crate::network::Network;
use crate::ARTIFACTS;
use k256::ecdsa::signature::hazmat::PrehashSigner;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use steward_chain::{tx, AccountKey, ChainError, Client, Node};
use steward_types::core::{self, ModulesResponse};
use steward_types::crypto::{digest, digest_hex};
use steward_types::payload::{PricePayload, PriceQuote};
use steward_types::proposal::{self, ModuleKind, ProposalAction};
use steward_types::treasury::pair::{self, PoolResponse};
use steward_types::{oracle, AssetInfo};

/// Gas assumed per upload and for the instantiation when checking funds up front.
pub const UPLOAD_GAS_ESTIMATE: u64 = 4_000_000;
/// Gas assumed for the instantiation.
pub const INSTANTIATE_GAS_ESTIMATE: u64 = 2_000_000;

/// A wasm file read and hashed.
#[derive(Clone, Debug)]
pub struct Artifact {
    /// File stem (`steward_core`).
    pub name: String,
    /// Bytes.
    pub wasm: Vec<u8>,
    /// Lower-case hex sha256.
    pub checksum: String,
}

/// Reads `dir/<name>.wasm`; checks it against `dir/checksums.txt` when present.
pub fn read_artifact(dir: &Path, name: &str) -> Result<Artifact, DeployError> {
    let path = dir.join(format!("{name}.wasm"));
    let wasm = std::fs::read(&path).map_err(|e| DeployError::ArtifactUnreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    if !wasm.starts_with(b"\0asm") {
        return Err(DeployError::NotWasm {
            path: path.display().to_string(),
        });
    }
    let checksum = digest_hex(&wasm);
    if let Ok(sums) = std::fs::read_to_string(dir.join("checksums.txt")) {
        let file = format!("{name}.wasm");
        if let Some(listed) = sums.lines().find_map(|l| {
            let (sum, f) = l.split_once(char::is_whitespace)?;
            (f.trim().trim_start_matches('*') == file).then(|| sum.to_ascii_lowercase())
        }) {
            if listed != checksum {
                return Err(DeployError::ChecksumMismatch {
                    path: path.display().to_string(),
                    checksum,
                    listed,
                });
            }
        }
    }
    Ok(Artifact {
        name: name.to_string(),
        wasm,
        checksum,
    })
}

/// Reads the four module artifacts.
pub fn read_artifacts(dir: &Path) -> Result<Vec<Artifact>, DeployError> {
    ARTIFACTS.iter().map(|n| read_artifact(dir, n)).collect()
}

/// Checks the node before anything is sent: reachable, the expected chain,
/// the account funded for `gas` at the network's price. Returns its balance.
pub fn preflight(
    node: &Node,
    network: &Network,
    chain_id: &str,
    address: &str,
    gas: u64,
) -> Result<u128, DeployError> {
    let block = node
        .latest_block()
        .map_err(DeployError::chain("the node is not usable"))?;
    if block.chain_id != chain_id {
        return Err(DeployError::WrongChain {
            rest: node.rest().to_string(),
            found: block.chain_id,
            expected: chain_id.to_string(),
            network: network.name,
        });
    }
    match node.account(address) {
        Ok(_) => {}
        Err(steward_chain::ChainError::AccountNotFound { .. }) => {
            return Err(DeployError::AccountUnfunded {
                address: address.to_string(),
                chain_id: chain_id.to_string(),
                denom: network.gas_denom,
            })
        }
        Err(e) => return Err(DeployError::chain(format!("cannot read account {address}"))(e)),
    }
    let balance = node
        .balance(address, network.gas_denom)
        .map_err(DeployError::chain(format!(
            "cannot read the balance of {address}"
        )))?;
    let need = cosmwasm_std::Uint128::from(gas)
        .mul_ceil(network.price())
        .u128();
    if balance < need {
        return Err(DeployError::FeesUnfunded {
            address: address.to_string(),
            balance,
            need,
            denom: network.gas_denom,
        });
    }
    Ok(balance)
}

/// Uploads `artifact` unless the chain already has its checksum.
pub fn ensure_code(
    client: &Client,
    artifact: &Artifact,
    log: &mut dyn FnMut(String),
) -> Result<StoredCode, DeployError> {
    if let Some(code) = client
        .node
        .code_by_checksum(&artifact.checksum)
        .map_err(DeployError::chain("cannot list stored code"))?
    {
        log(format!(
            "{}: already stored as code {} (sha256 {})",
            artifact.name, code.code_id, artifact.checksum
        ));
        return Ok(StoredCode {
            code_id: code.code_id,
            checksum: artifact.checksum.clone(),
            tx_hash: None,
            gas_used: None,
        });
    }
    let uploading = format!("uploading {}", artifact.name);
    let msg = tx::store_code_msg(client.address(), &artifact.wasm)
        .map_err(DeployError::chain(&uploading))?;
    let r = client
        .send(vec![msg], "steward: store code")
        .map_err(DeployError::chain(&uploading))?;
    let code_id = r
        .attributes("store_code", "code_id")
        .first()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| DeployError::MissingInEvents {
            what: format!("the upload of {}", artifact.name),
            missing: "code id",
        })?;
    check_stored_checksum(
        artifact,
        code_id,
        &r.attributes("store_code", "code_checksum"),
    )?;
    log(format!(
        "{}: stored as code {code_id} (tx {}, gas {})",
        artifact.name, r.txhash, r.gas_used
    ));
    Ok(StoredCode {
        code_id,
        checksum: artifact.checksum.clone(),
        tx_hash: Some(r.txhash),
        gas_used: Some(r.gas_used),
    })
}

/// The upload is sent compressed; what the node reports having stored (the
/// `code_checksum` of its `store_code` event) must still be the artifact.
fn check_stored_checksum(
    artifact: &Artifact,
    code_id: u64,
    reported: &[String],
) -> Result<(), DeployError> {
    match reported {
        [stored] if *stored == artifact.checksum => Ok(()),
        _ => Err(DeployError::StoredChecksumMismatch {
            artifact: artifact.name.clone(),
            code_id,
            reported: reported.to_vec(),
            expected: artifact.checksum.clone(),
        }),
    }
}

/// How amounts of each asset the config names are shown: native denoms as the
/// config states them, cw20 tokens from their `TokenInfo` (asked of the node
/// before anything is sent), refused when the config states other decimals.
pub fn asset_displays(
    node: &Node,
    config: &DaoConfig,
    log: &mut dyn FnMut(String),
) -> Result<Vec<AssetEntry>, DeployError> {
    let stated = config.stated_displays()?;
    let mut out = vec![];
    for (asset, s) in &stated {
        let display = match s {
            StatedDisplay::Native(d) => d.clone(),
            StatedDisplay::Cw20 { contract_addr, .. } => {
                let token: cw20::TokenInfoResponse = node
                    .smart_query(contract_addr, &cw20::Cw20QueryMsg::TokenInfo {}, None)
                    .map_err(DeployError::chain(format!(
                        "cannot read the TokenInfo of {asset} (is it a cw20 token on this chain?)"
                    )))?;
                let d = cw20_display(asset, s, &token)?;
                log(format!(
                    "{asset}: TokenInfo {:?} ({}), {} decimals",
                    token.symbol, token.name, token.decimals
                ));
                d
            }
        };
        out.push(AssetEntry {
            asset: asset.to_string(),
            display,
        });
    }
    Ok(out)
}

/// Each swap venue of the config's policy with the two assets it trades,
/// asked of the pair (`Pool {}`). A venue that does not answer, or answers
/// with other than two assets, is listed with none and a warning: the
/// deployment goes on, and the advisor then cannot find it by its assets.
pub fn venues(node: &Node, config: &DaoConfig, log: &mut dyn FnMut(String)) -> Vec<VenueEntry> {
    config
        .policy
        .venue_allowlist
        .iter()
        .map(|address| {
            let answer = node.smart_query(address, &pair::QueryMsg::Pool {}, None);
            let (venue, warning) = venue_entry(address, answer);
            match warning {
                Some(w) => log(format!("warning: {w}")),
                None => log(format!(
                    "venue {address} trades {}",
                    venue.assets.join(" and ")
                )),
            }
            venue
        })
        .collect()
}

/// The venue entry of `address` from its `Pool {}` answer, and a warning
/// when the answer gives no two assets.
pub fn venue_entry(
    address: &str,
    answer: Result<PoolResponse, ChainError>,
) -> (VenueEntry, Option<String>) {
    let silent = |why: String| {
        let venue = VenueEntry {
            address: address.to_string(),
            assets: vec![],
        };
        (
            venue,
            Some(format!(
                "venue {address} is listed with no assets ({why}): a strategy pair must give its address"
            )),
        )
    };
    match answer {
        Ok(pool) => match &pool.assets[..] {
            [a, b] => (
                VenueEntry {
                    address: address.to_string(),
                    assets: vec![a.info.to_string(), b.info.to_string()],
                },
                None,
            ),
            other => silent(format!("its pool holds {} assets, not two", other.len())),
        },
        Err(e) => silent(format!("it does not answer the pool query: {e}")),
    }
}

/// What `deploy` did.
pub struct DeployOutcome {
    /// The deployment as written.
    pub deployment: Deployment,
    /// Whether anything was sent.
    pub changed: bool,
}

/// Settles each asset's display ([`asset_displays`]), uploads what is missing,
/// instantiates the DAO unless the deployment file already names a live one
/// made from the same message, and returns the deployment with the displays. A live DAO with a different config is an error: a running DAO
/// changes through its own proposals.
pub fn deploy(
    client: &Client,
    network: &Network,
    config: &DaoConfig,
    artifacts: &[Artifact],
    previous: Option<Deployment>,
    new_dao: bool,
    log: &mut dyn FnMut(String),
) -> Result<DeployOutcome, DeployError> {
    // Before anything is sent: a token that disagrees with the config stops here.
    let assets = asset_displays(&client.node, config, log)?;
    let venues = venues(&client.node, config, log);
    let mut changed = false;
    let mut code = BTreeMap::new();
    for a in artifacts {
        let stored = ensure_code(client, a, log)?;
        changed |= stored.tx_hash.is_some();
        // Keep the original upload's tx hash and gas when nothing new was sent.
        let stored = match previous.as_ref().and_then(|p| p.code.get(&a.name)) {
            Some(old) if stored.tx_hash.is_none() && old.code_id == stored.code_id => old.clone(),
            _ => stored,
        };
        code.insert(a.name.clone(), stored);
    }
    let codes = CodeIds {
        core: code["steward_core"].code_id,
        proposal: code["steward_proposal"].code_id,
        treasury: code["steward_treasury"].code_id,
        oracle: code["steward_oracle"].code_id,
    };
    let msg = config.instantiate_msg(network.prefix, codes)?;
    let msg_bytes = serde_json::to_vec(&msg).expect("json");
    let msg_digest = digest_hex(&msg_bytes);

    if let (Some(prev), false) = (&previous, new_dao) {
        if let (Some(contracts), Some(inst)) = (&prev.contracts, &prev.instantiate) {
            let live = client
                .node
                .contract_info(&contracts.core)
                .map_err(DeployError::chain(format!(
                    "cannot read dao-core {}",
                    contracts.core
                )))?;
            match live {
                Some(info) if inst.msg_digest == msg_digest && info.code_id == codes.core => {
                    log(format!(
                        "dao-core {} is live and was made from this config: nothing to instantiate",
                        contracts.core
                    ));
                    let mut d = prev.clone();
                    d.code = code;
                    d.assets = assets;
                    d.venues = venues;
                    return Ok(DeployOutcome {
                        deployment: d,
                        changed,
                    });
                }
                Some(_) => {
                    return Err(DeployError::LiveDaoDiffers {
                        core: contracts.core.clone(),
                        chain_id: network.chain_id.to_string(),
                    })
                }
                // The recorded DAO is not on this chain (e.g. a reset local chain).
                None => log(format!(
                    "the recorded dao-core {} is not on chain: instantiating a new DAO",
                    contracts.core
                )),
            }
        }
    }

    let me = client.address().to_string();
    let inst = tx::instantiate_msg(
        &me,
        Some(&me),
        codes.core,
        &format!("steward-core {}", config.name),
        &msg_bytes,
        &[],
    )
    .map_err(DeployError::chain("instantiating dao-core"))?;
    let r = client
        .send(vec![inst], "steward: instantiate")
        .map_err(DeployError::chain("instantiating dao-core"))?;
    let core_addr = r
        .events
        .iter()
        .filter(|e| e.kind == "instantiate")
        .find(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "code_id" && a.value == codes.core.to_string())
        })
        .and_then(|e| e.attributes.iter().find(|a| a.key == "_contract_address"))
        .map(|a| a.value.clone())
        .ok_or(DeployError::MissingInEvents {
            what: "the instantiation".into(),
            missing: "dao-core address",
        })?;
    log(format!(
        "dao-core instantiated at {core_addr} with its three modules (tx {}, gas {})",
        r.txhash, r.gas_used
    ));
    // dao-core becomes its own admin, so governance can migrate it too.
    let handover_failed = |source| DeployError::AdminHandoverFailed {
        core: core_addr.clone(),
        tx_hash: r.txhash.clone(),
        deployer: me.clone(),
        source: Box::new(source),
    };
    let admin = tx::update_admin_msg(&me, &core_addr, &core_addr).map_err(&handover_failed)?;
    let a = client
        .send(vec![admin], "steward: dao-core administers itself")
        .map_err(handover_failed)?;
    log(format!(
        "dao-core is now its own admin (tx {}, gas {})",
        a.txhash, a.gas_used
    ));
    let modules: ModulesResponse = client
        .node
        .smart_query(&core_addr, &core::QueryMsg::Modules {}, None)
        .map_err(DeployError::chain("querying dao-core's modules"))?;
    let deployment = Deployment {
        chain_id: network.chain_id.to_string(),
        network: network.name.to_string(),
        rest: client.node.rest().to_string(),
        deployer: me,
        code,
        instantiate: Some(Instantiation {
            tx_hash: r.txhash,
            gas_used: r.gas_used,
            admin_tx_hash: a.txhash,
            admin_gas_used: a.gas_used,
            msg_digest,
        }),
        contracts: Some(Contracts {
            core: core_addr,
            proposal: modules.proposal.to_string(),
            treasury: modules.treasury.to_string(),
            oracle: modules.oracle.to_string(),
        }),
        assets,
        venues,
    };
    Ok(DeployOutcome {
        deployment,
        changed: true,
    })
}

/// Parses a module name for `migrate`.
pub fn module_kind(name: &str) -> Result<(ModuleKind, &'static str), DeployError> {
    Ok(match name {
        "core" => (ModuleKind::Core, "steward_core"),
        "proposal" => (ModuleKind::Proposal, "steward_proposal"),
        "treasury" => (ModuleKind::Treasury, "steward_treasury"),
        "oracle" => (ModuleKind::Oracle, "steward_oracle"),
        other => return Err(DeployError::UnknownModule(other.to_string())),
    })
}

/// Uploads the module's new code (unless stored) and proposes migrating it
/// through the proposal module. Returns (code, proposal id, tx hash).
pub fn propose_migration(
    client: &Client,
    contracts: &Contracts,
    module: ModuleKind,
    artifact: &Artifact,
    log: &mut dyn FnMut(String),
) -> Result<(StoredCode, u64, String), DeployError> {
    let stored = ensure_code(client, artifact, log)?;
    let msg = proposal::ExecuteMsg::Propose {
        title: format!("Migrate the {module:?} module to code {}", stored.code_id).to_lowercase(),
        description: format!(
            "Migrates the {module:?} module to code {} (sha256 {}).",
            stored.code_id, stored.checksum
        ),
        actions: vec![ProposalAction::Migrate {
            module,
            code_id: stored.code_id,
            msg: cosmwasm_std::to_json_binary(&steward_types::migrate::MigrateMsg {})
                .expect("json"),
        }],
    };
    let exec = tx::execute_msg(
        client.address(),
        &contracts.proposal,
        &serde_json::to_vec(&msg).expect("json"),
        &[],
    )
    .map_err(DeployError::chain("proposing the migration"))?;
    let r = client
        .send(vec![exec], "steward: propose migration")
        .map_err(DeployError::chain("proposing the migration"))?;
    let id = r
        .attributes("wasm", "proposal_id")
        .first()
        .and_then(|v| v.parse().ok())
        .ok_or(DeployError::MissingInEvents {
            what: "the proposal".into(),
            missing: "id",
        })?;
    Ok((stored, id, r.txhash))
}

/// Parses `native:uusd=1.5` / `cw20:wasm1…=2`.
pub fn parse_price(s: &str) -> Result<PriceQuote, DeployError> {
    let bad = |reason: String| DeployError::BadPrice {
        input: s.to_string(),
        reason,
    };
    let (asset, price) = s
        .rsplit_once('=')
        .ok_or_else(|| bad("expected <asset>=<price>".into()))?;
    let asset = asset.parse::<AssetInfo>().map_err(|e| bad(e.to_string()))?;
    let price: cosmwasm_std::Decimal = price
        .parse()
        .map_err(|_| bad(format!("{price:?} is not a decimal")))?;
    if price.is_zero() {
        return Err(DeployError::ZeroPrice {
            input: s.to_string(),
        });
    }
    Ok(PriceQuote { asset, price })
}

/// A signed `SubmitPrices` message: the feeder signs `sha256(payload)` with
/// its secp256k1 key (low-S r‖s) at the latest block's time.
pub fn signed_prices(
    feeder: &AccountKey,
    feeder_id: &str,
    chain_id: &str,
    oracle_addr: &str,
    publish_time: u64,
    prices: Vec<PriceQuote>,
) -> Result<oracle::ExecuteMsg, DeployError> {
    let payload = PricePayload {
        chain_id: chain_id.to_string(),
        oracle: oracle_addr.to_string(),
        feeder: feeder_id.to_string(),
        publish_time,
        prices,
    };
    let bytes = serde_json::to_vec(&payload).expect("json");
    let sig: k256::ecdsa::Signature = feeder
        .signing_key()
        .sign_prehash(&digest(&bytes))
        .map_err(|e| DeployError::Signing(e.to_string()))?;
    let sig = sig.normalize_s().unwrap_or(sig);
    Ok(oracle::ExecuteMsg::SubmitPrices {
        payload: bytes.into(),
        signature: sig.to_bytes().to_vec().into(),
    })
}

/// `deployments/<chain-id>.json` under `dir`.
pub fn deployment_path(dir: &Path, chain_id: &str) -> PathBuf {
    dir.join(format!("{chain_id}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("steward-steps-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn artifacts_must_exist_be_wasm_and_match_their_checksums() {
        let d = dir("artifacts");
        let err = read_artifact(&d, "steward_core").unwrap_err();
        assert!(
            matches!(&err, DeployError::ArtifactUnreadable { path, .. } if path.ends_with("steward_core.wasm")),
            "{err}"
        );
        assert!(
            err.to_string().contains("steward_core.wasm is missing"),
            "{err}"
        );
        std::fs::write(d.join("steward_core.wasm"), b"not wasm").unwrap();
        let err = read_artifact(&d, "steward_core").unwrap_err();
        assert!(matches!(err, DeployError::NotWasm { .. }), "{err}");
        let wasm = b"\0asm\x01\0\0\0";
        std::fs::write(d.join("steward_core.wasm"), wasm).unwrap();
        let sum = digest_hex(wasm);
        std::fs::write(
            d.join("checksums.txt"),
            format!("{sum}  steward_core.wasm\n"),
        )
        .unwrap();
        assert_eq!(read_artifact(&d, "steward_core").unwrap().checksum, sum);
        std::fs::write(
            d.join("checksums.txt"),
            format!("{}  steward_core.wasm\n", "0".repeat(64)),
        )
        .unwrap();
        let err = read_artifact(&d, "steward_core").unwrap_err();
        assert!(
            matches!(&err, DeployError::ChecksumMismatch { checksum, listed, .. }
                if *checksum == sum && *listed == "0".repeat(64)),
            "{err}"
        );
    }

    #[test]
    fn an_upload_the_node_stored_as_other_code_is_refused() {
        let wasm = b"\0asm\x01\0\0\0".to_vec();
        let artifact = Artifact {
            name: "steward_core".into(),
            checksum: digest_hex(&wasm),
            wasm,
        };
        let ours = artifact.checksum.clone();
        check_stored_checksum(&artifact, 4, std::slice::from_ref(&ours)).unwrap();
        let other = "ab".repeat(32);
        for reported in [vec![], vec![other.clone()], vec![ours.clone(), other]] {
            let err = check_stored_checksum(&artifact, 4, &reported).unwrap_err();
            let text = err.to_string();
            assert!(
                matches!(&err, DeployError::StoredChecksumMismatch { code_id: 4, reported: r, expected, .. }
                    if *r == reported && *expected == ours),
                "{err}"
            );
            assert!(
                text.starts_with("steward_core was stored as code 4 with checksum"),
                "{text}"
            );
        }
    }

    #[test]
    fn prices_parse_or_say_why_not() {
        let p = parse_price("native:uusd=1.5").unwrap();
        assert_eq!(p.asset, AssetInfo::native("uusd"));
        assert_eq!(p.price, cosmwasm_std::Decimal::percent(150));
        assert_eq!(
            parse_price("cw20:wasm1x=2").unwrap().asset,
            AssetInfo::cw20("wasm1x")
        );
        let reason = |s: &str| match parse_price(s).unwrap_err() {
            DeployError::BadPrice { input, reason } => {
                assert_eq!(input, s);
                reason
            }
            other => panic!("{s}: {other}"),
        };
        assert!(reason("uusd=1").contains("native:<denom>"));
        assert!(reason("native:uusd").contains("<asset>=<price>"));
        assert!(reason("native:uusd=abc").contains("not a decimal"));
        assert!(matches!(
            parse_price("native:uusd=0").unwrap_err(),
            DeployError::ZeroPrice { input } if input == "native:uusd=0"
        ));
    }

    #[test]
    fn venues_take_their_assets_from_the_pool_answer_or_none_with_a_warning() {
        let pool = |assets: Vec<AssetInfo>| PoolResponse {
            assets: assets
                .into_iter()
                .map(|info| pair::Asset {
                    info,
                    amount: 1000u128.into(),
                })
                .collect(),
            total_share: 1000u128.into(),
        };
        let (venue, warning) = venue_entry(
            "wasm1pair",
            Ok(pool(vec![
                AssetInfo::native("uatom"),
                AssetInfo::cw20("wasm1stew"),
            ])),
        );
        assert_eq!(
            venue,
            VenueEntry {
                address: "wasm1pair".into(),
                assets: vec!["native:uatom".into(), "cw20:wasm1stew".into()],
            }
        );
        assert_eq!(warning, None);
        let (venue, warning) = venue_entry(
            "wasm1three",
            Ok(pool(vec![
                AssetInfo::native("a"),
                AssetInfo::native("b"),
                AssetInfo::native("c"),
            ])),
        );
        assert!(venue.assets.is_empty());
        assert!(warning.unwrap().contains("3 assets, not two"));
        let (venue, warning) = venue_entry(
            "wasm1wallet",
            Err(ChainError::BadResponse {
                url: "http://node/x".into(),
                reason: "no such contract".into(),
            }),
        );
        assert_eq!(venue.address, "wasm1wallet");
        assert!(venue.assets.is_empty());
        let warning = warning.unwrap();
        assert!(
            warning.contains("wasm1wallet") && warning.contains("does not answer the pool query"),
            "{warning}"
        );
    }

    #[test]
    fn an_unreachable_venue_is_listed_without_assets_not_a_failure() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let node = Node::new(
            &format!("http://127.0.0.1:{port}"),
            std::time::Duration::from_secs(2),
        );
        let mut config =
            crate::config::DaoConfig::parse(include_str!("../../../deploy/steward-local.toml"))
                .unwrap();
        config.policy.venue_allowlist = vec!["wasm1pair".into()];
        let mut lines = vec![];
        let venues = venues(&node, &config, &mut |l| lines.push(l));
        assert_eq!(
            venues,
            [VenueEntry {
                address: "wasm1pair".into(),
                assets: vec![]
            }]
        );
        assert!(
            lines[0].starts_with("warning: venue wasm1pair"),
            "{lines:?}"
        );
    }

    #[test]
    fn module_names_map_to_artifacts() {
        assert_eq!(module_kind("treasury").unwrap().1, "steward_treasury");
        assert!(matches!(
            module_kind("bank").unwrap_err(),
            DeployError::UnknownModule(m) if m == "bank"
        ));
    }

    #[test]
    fn signed_prices_verify_with_the_feeder_key() {
        use k256::ecdsa::signature::hazmat::PrehashVerifier;
        let m = steward_chain::Mnemonic::parse(
            "legal winner thank year wave sausage worth useful legal winner thank yellow",
        )
        .unwrap();
        let key = AccountKey::from_mnemonic(&m).unwrap();
        let msg = signed_prices(
            &key,
            "feeder-1",
            "c-1",
            "wasm1oracle",
            7,
            vec![parse_price("native:uusd=1").unwrap()],
        )
        .unwrap();
        let oracle::ExecuteMsg::SubmitPrices { payload, signature } = msg else {
            panic!("not SubmitPrices")
        };
        let parsed: PricePayload = cosmwasm_std::from_json(&payload).unwrap();
        assert_eq!((parsed.chain_id.as_str(), parsed.publish_time), ("c-1", 7));
        let sig = k256::ecdsa::Signature::from_slice(&signature).unwrap();
        assert!(sig.normalize_s().is_none(), "low-S");
        key.signing_key()
            .verifying_key()
            .verify_prehash(&digest(&payload), &sig)
            .unwrap();
    }
}
