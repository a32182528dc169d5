//! Writes the JSON schema of every Steward contract to `<dir>/<contract>.json`
//! (default `schema/`). The schema carries every message's doc comments, which
//! flow into the generated TypeScript.

use cosmwasm_schema::generate_api;
use std::path::PathBuf;
use steward_types::migrate::MigrateMsg;
use steward_types::{core, oracle, proposal, treasury};

fn main() -> std::io::Result<()> {
    // The version recorded in each schema is the workspace version.
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "schema".into()));
    std::fs::create_dir_all(&dir)?;
    let apis = [
        generate_api! {
            name: "steward-core",
            instantiate: core::InstantiateMsg,
            execute: core::ExecuteMsg,
            query: core::QueryMsg,
            migrate: MigrateMsg,
        },
        generate_api! {
            name: "steward-proposal",
            instantiate: proposal::InstantiateMsg,
            execute: proposal::ExecuteMsg,
            query: proposal::QueryMsg,
            migrate: MigrateMsg,
        },
        generate_api! {
            name: "steward-treasury",
            instantiate: treasury::InstantiateMsg,
            execute: treasury::ExecuteMsg,
            query: treasury::QueryMsg,
            migrate: MigrateMsg,
        },
        generate_api! {
            name: "steward-oracle",
            instantiate: oracle::InstantiateMsg,
            execute: oracle::ExecuteMsg,
            query: oracle::QueryMsg,
            migrate: MigrateMsg,
        },
    ];
    let names = [
        "steward-core",
        "steward-proposal",
        "steward-treasury",
        "steward-oracle",
    ];
    for (name, api) in names.into_iter().zip(apis) {
        let rendered = api.render();
        let path = dir.join(format!("{name}.json"));
        std::fs::write(
            &path,
            rendered.to_string().expect("schema serialises") + "\n",
        )?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
