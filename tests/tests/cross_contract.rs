//! The cross-contract suites, one module per concern, linked as one test
//! binary (`cargo test -p steward-tests --test cross_contract <module>::`).

mod adoption;
mod authorization;
mod bad_input;
mod briefings;
mod dao;
mod fuzz_regressions;
mod governance;
mod invariants;
mod limits;
mod oracle_records;
mod outcomes;
mod policy_limits;
mod raw_reads;
mod schema_docs;
mod security;
mod stored_state;
mod submission_checks;
mod treasury_flows;
mod unpriced_assets;
mod vectors;
