//! Prints the size of each wasm artifact against its size target and the
//! gas of each call the VM scenario makes.
//!
//! Usage: `wasm-gas [ARTIFACTS_DIR]` (default: the repository's `artifacts/`).

use anyhow::Result;
use std::path::PathBuf;
use steward_vm_tests::{artifact, report, scenario};

fn main() -> Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(artifact::default_dir);
    let runs = scenario::run_all(&dir)?;
    print!("{}", report::render(&runs));
    Ok(())
}
