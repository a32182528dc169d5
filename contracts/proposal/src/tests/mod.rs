mod harness;

mod adoption;
mod config;
mod execute;
mod migrate;
mod propose;
mod query;
mod status;
mod veto_close;
mod vote;
