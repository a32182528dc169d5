//! The same smallest contract as `steward-baseline-minimal`, on cosmwasm-std 3
//! and cw-storage-plus 3: what moving to the 3.x line would do to the part of
//! every artifact that comes with cosmwasm-std (`scripts/wasm-report` prints it
//! beside the others). Only built as a size baseline; the contracts stay on 2.x.

// The entry-point and storage code refers to the crates by their usual names.
extern crate cosmwasm_std_vm as cosmwasm_std;
extern crate cw_storage_plus_3 as cw_storage_plus;

fn unauthorized() -> cosmwasm_std::StdError {
    cosmwasm_std::StdError::msg("unauthorized")
}

include!("../../minimal/src/contract.rs");
