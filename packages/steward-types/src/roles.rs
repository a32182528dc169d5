//! The names of the roles a contract refuses a sender for, one spelling each,
//! as they read in `Unauthorized` errors ("<sender> is not the <role>").

/// dao-core itself: its own executions of passed proposals.
pub const DAO: &str = "DAO (dao-core)";
/// dao-core itself or the guardian it names.
pub const DAO_OR_GUARDIAN: &str = "DAO (dao-core) or its guardian";
/// The proposal module dao-core names.
pub const PROPOSAL_MODULE: &str = "proposal module";
/// The adoption timelock's vetoer.
pub const VETOER: &str = "vetoer";
/// The treasury itself: its own checks that follow the messages it sends.
pub const TREASURY: &str = "treasury itself";
