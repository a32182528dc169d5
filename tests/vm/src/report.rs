//! The size and gas tables `wasm-gas` prints and `scripts/wasm-report` saves.

use crate::artifact::Artifact;
use crate::scenario::ContractRun;
use crate::vm::{Outcome, CALL_GAS_LIMIT, WASMD_CAPABILITIES};
use std::fmt::Write as _;

/// The size target of each artifact, from `bench/size-targets.json`, which
/// the gas bench's size table reads too (see the file for what the targets
/// are).
pub fn size_target(artifact: Artifact) -> usize {
    let targets: serde_json::Value =
        serde_json::from_str(include_str!("../../../bench/size-targets.json"))
            .expect("bench/size-targets.json is JSON");
    let name = artifact.file_name().trim_end_matches(".wasm");
    targets[name]
        .as_u64()
        .unwrap_or_else(|| panic!("bench/size-targets.json has no target for {name}")) as usize
}

/// `1234567` as `1,234,567`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `N: under by M` or `N: OVER by M` bytes against the artifact's
/// [`size_target`] N.
pub fn budget(artifact: Artifact, bytes: usize) -> String {
    let target = size_target(artifact);
    if bytes <= target {
        format!(
            "{}: under by {}",
            group(target as u64),
            group((target - bytes) as u64)
        )
    } else {
        format!(
            "{}: OVER by {}",
            group(target as u64),
            group((bytes - target) as u64)
        )
    }
}

/// A table with a header row, columns sized to fit; numbers right-aligned.
fn table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i > 0 {
                s.push_str("  ");
            }
            if right[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(rules.iter().map(|s| s.as_str()).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|s| s.as_str()).collect()));
    }
    out
}

/// The report: a summary per artifact, every call, and how to read them.
pub fn render(runs: &[ContractRun]) -> String {
    let mut out = String::new();
    let gas_of = |run: &ContractRun, label: &str| group(run.call(label).gas.total);

    let _ = writeln!(
        out,
        "Steward wasm artifacts in cosmwasm-vm {} (CosmWasm gas; size targets in bytes)\n",
        VM_VERSION,
    );
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|run| {
            vec![
                run.artifact.to_string(),
                group(run.code.bytes as u64),
                budget(run.artifact, run.code.bytes),
                gas_of(run, crate::scenario::label::INSTANTIATE),
                format!(
                    "{} {}",
                    gas_of(run, run.headline_execute),
                    run.headline_execute
                ),
                format!("{} {}", gas_of(run, run.headline_query), run.headline_query),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "artifact",
            "bytes",
            "size target",
            "instantiate",
            "execute",
            "query",
        ],
        &rows,
        &[false, true, false, true, false, false],
    ));

    let _ = writeln!(out, "\nEvery call:\n");
    let mut rows = vec![];
    for run in runs {
        for call in &run.calls {
            rows.push(vec![
                run.artifact.to_string(),
                call.entry.name().to_string(),
                call.label.clone(),
                match call.outcome {
                    Outcome::Error(_) => "refused".to_string(),
                    _ => "ok".to_string(),
                },
                group(call.gas.total),
                group(call.gas.wasm),
                group(call.gas.host),
            ]);
        }
    }
    out.push_str(&table(
        &[
            "artifact", "entry", "call", "result", "gas", "in VM", "backend",
        ],
        &rows,
        &[false, false, false, false, true, true, true],
    ));

    let _ = writeln!(out, "\nRequired capabilities:\n");
    for run in runs {
        let caps: Vec<&str> = run
            .code
            .required_capabilities
            .iter()
            .map(|s| s.as_str())
            .collect();
        let _ = writeln!(out, "  {}: {}", run.artifact, caps.join(", "));
    }

    let _ = write!(
        out,
        "\nHow to read it:\n\
         - gas = in VM + backend, per call, each call on a fresh instance with a limit of {limit}.\n\
         - in VM: wasm instructions and the host functions the VM prices itself\n\
         \x20 (secp256k1_verify 96,000,000; ed25519_verify 35,000,000; address and memory handling).\n\
         - backend: what the mock backend reports: storage bytes read and written, and\n\
         \x20 100,000 + 100 per response byte for each query to another contract.\n\
         \x20 wasmd prices storage and queries itself, so on chain this part differs.\n\
         - wasmd turns CosmWasm gas into SDK gas by dividing by its gas multiplier (140,000,000)\n\
         \x20 and adds its own per-instance, storage and event costs.\n\
         - capabilities offered: {caps}.\n",
        limit = group(CALL_GAS_LIMIT),
        caps = WASMD_CAPABILITIES,
    );
    out
}

/// The cosmwasm-vm version the report names.
pub const VM_VERSION: &str = "3.0.10";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(123_456_789), "123,456,789");
    }

    #[test]
    fn budget_says_over_or_under_the_artifacts_own_target() {
        assert_eq!(budget(Artifact::Core, 320_000), "320,000: under by 0");
        assert_eq!(budget(Artifact::Oracle, 318_500), "320,000: under by 1,500");
        assert_eq!(budget(Artifact::Treasury, 320_001), "320,000: OVER by 1");
        assert_eq!(budget(Artifact::Proposal, 357_001), "357,000: OVER by 1");
        assert_eq!(
            budget(Artifact::Proposal, 320_001),
            "357,000: under by 36,999"
        );
    }
}
