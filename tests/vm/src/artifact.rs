//! The optimized contract binaries `scripts/build-wasm` writes.

use anyhow::{bail, Context, Result};
use std::fmt;
use std::path::{Path, PathBuf};

/// One of Steward's four contracts, as a wasm artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Artifact {
    Core,
    Proposal,
    Treasury,
    Oracle,
}

impl Artifact {
    /// All four, in the order a DAO is built.
    pub const ALL: [Artifact; 4] = [
        Artifact::Core,
        Artifact::Proposal,
        Artifact::Treasury,
        Artifact::Oracle,
    ];

    /// File name under `artifacts/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Artifact::Core => "steward_core.wasm",
            Artifact::Proposal => "steward_proposal.wasm",
            Artifact::Treasury => "steward_treasury.wasm",
            Artifact::Oracle => "steward_oracle.wasm",
        }
    }
}

impl fmt::Display for Artifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// `artifacts/` at the repository root, found from this crate's manifest
/// directory (`tests/vm`), so tests and the binary work from any directory.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

/// The bytes of an artifact. A missing file is an error that says how to make
/// it: these tests exist to check the real binaries, so they never skip.
pub fn load(dir: &Path, artifact: Artifact) -> Result<Vec<u8>> {
    let path = dir.join(artifact.file_name());
    if !path.is_file() {
        bail!(
            "{} is missing: run scripts/build-wasm first to build the wasm artifacts",
            path.display()
        );
    }
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    // A wasm module starts with "\0asm".
    if !bytes.starts_with(b"\0asm") {
        bail!(
            "{} is not a wasm module: rebuild it with scripts/build-wasm",
            path.display()
        );
    }
    Ok(bytes)
}
