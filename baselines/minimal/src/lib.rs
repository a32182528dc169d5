//! The smallest contract that does what each Steward contract does at least
//! once: instantiate, execute, query and reply entry points, one stored item,
//! a sender check, one smart query to another contract and a response
//! attribute. Its size is the part of every artifact that comes with
//! cosmwasm-std 2.x and serde-json-wasm in our build recipe, whatever the
//! contract does (`scripts/wasm-report` prints it beside the others).

fn unauthorized() -> cosmwasm_std::StdError {
    cosmwasm_std::StdError::generic_err("unauthorized")
}

include!("contract.rs");
