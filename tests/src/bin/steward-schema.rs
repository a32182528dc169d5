//! Writes the JSON schema of every Steward contract to `<dir>/<contract>.json`
//! (default `schema/`). The schema carries every message's doc comments, which
//! flow into the generated TypeScript.

use cosmwasm_schema::generate_api;
use std::path::PathBuf;
use steward_types::migrate::MigrateMsg;
use steward_types::{core, oracle, proposal, treasury};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "schema".into()));
    std::fs::create_dir_all(&dir)?;
    let version = env!("CARGO_PKG_VERSION");
    let apis = [
        generate_api! {
            name: "steward-core",
            version: version,
            instantiate: core::InstantiateMsg,
            execute: core::ExecuteMsg,
            query: core::QueryMsg,
            migrate: MigrateMsg,
        },
        generate_api! {
            name: "steward-proposal",
            version: version,
            instantiate: proposal::InstantiateMsg,
            execute: proposal::ExecuteMsg,
            query: proposal::QueryMsg,
            migrate: MigrateMsg,
        },
        generate_api! {
            name: "steward-treasury",
            version: version,
            instantiate: treasury::InstantiateMsg,
            execute: treasury::ExecuteMsg,
            query: treasury::QueryMsg,
            migrate: MigrateMsg,
        },
        generate_api! {
            name: "steward-oracle",
            version: version,
            instantiate: oracle::InstantiateMsg,
            execute: oracle::ExecuteMsg,
            query: oracle::QueryMsg,
            migrate: MigrateMsg,
        },
    ];
    for api in apis {
        let rendered = api.render();
        let path = dir.join(format!("{}.json", rendered.contract_name));
        std::fs::write(&path, rendered.to_string().expect("schema serialises") + "\n")?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
