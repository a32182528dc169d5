//! Steward's shared package: the message types of all four contracts and the
//! rules that more than one party runs.
//!
//! One implementation of each rule: the treasury, the oracle and the advisor
//! all call [`policy::check_actions`]; the oracle and the advisor both use
//! [`payload`] and [`crypto`] for the signed recommendation format.

pub mod acceptance;
pub mod asset;
pub mod briefing;
pub mod bucket;
pub mod core;
pub mod crypto;
pub mod display;
pub mod duration;
pub mod governance;
pub mod handle;
pub mod json;
pub mod migrate;
pub mod oracle;
pub mod outcome;
pub mod payload;
pub mod policy;
pub mod proposal;
pub mod roles;
pub mod threshold;
pub mod treasury;

pub use asset::{AssetAmount, AssetInfo};
pub use policy::{check_actions, PolicyContext, PolicyViolation, TreasuryAction};

/// Default page size of every list query.
pub const DEFAULT_LIMIT: u32 = 10;
/// Largest page size of every list query.
pub const MAX_LIMIT: u32 = 30;

/// Clamp a caller's page size to `[1, MAX_LIMIT]`, defaulting to `DEFAULT_LIMIT`.
pub fn page_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize
}

/// One page of a list query: the first `page_limit(limit)` entries of
/// `entries` (a storage range, already started after the caller's cursor),
/// each turned into its response by `respond`; the first error stops it.
pub fn page<T, R, E>(
    entries: impl Iterator<Item = cosmwasm_std::StdResult<T>>,
    limit: Option<u32>,
    mut respond: impl FnMut(T) -> Result<R, E>,
) -> Result<Vec<R>, E>
where
    E: From<cosmwasm_std::StdError>,
{
    entries
        .take(page_limit(limit))
        .map(|entry| respond(entry?))
        .collect()
}
