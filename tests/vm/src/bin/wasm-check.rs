//! Checks wasm artifacts as a chain does before storing them: the CosmWasm VM's
//! own static checks (memories, exports, imports, the capabilities the chain
//! offers, non-determinism, the default wasm limits) and a compilation, from
//! cosmwasm-vm 3.0.10 — what `cosmwasm-check` 3.0.10 runs — without building
//! a second copy of the VM.
//!
//! Usage: `wasm-check --available-capabilities <CSV> <WASM>...`; exits 1 if
//! any artifact fails, after checking them all.

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use cosmwasm_vm::internals::{check_wasm, compile_module, Logger};
use cosmwasm_vm::{capabilities_from_csv, WasmLimits};

fn check(path: &str, capabilities: &HashSet<String>) -> Result<()> {
    let wasm = std::fs::read(path).with_context(|| format!("reading {path}"))?;
    check_wasm(&wasm, capabilities, &WasmLimits::default(), Logger::Off)?;
    compile_module(&wasm, None)?;
    Ok(())
}

fn run() -> Result<bool> {
    let mut args = std::env::args().skip(1);
    let (Some(flag), Some(csv)) = (args.next(), args.next()) else {
        bail!("usage: wasm-check --available-capabilities <CSV> <WASM>...");
    };
    if flag != "--available-capabilities" {
        bail!("unknown option {flag}: usage: wasm-check --available-capabilities <CSV> <WASM>...");
    }
    let capabilities = capabilities_from_csv(&csv);
    let paths: Vec<String> = args.collect();
    if paths.is_empty() {
        bail!("no wasm file given");
    }
    let mut sorted: Vec<&String> = capabilities.iter().collect();
    sorted.sort();
    println!("available capabilities: {sorted:?}");
    let mut failed = 0;
    for path in &paths {
        match check(path, &capabilities) {
            Ok(()) => println!("{path}: pass"),
            Err(e) => {
                failed += 1;
                println!("{path}: failure\n{e:#}");
            }
        }
    }
    println!(
        "{} of {} artifacts passed",
        paths.len() - failed,
        paths.len()
    );
    Ok(failed == 0)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
