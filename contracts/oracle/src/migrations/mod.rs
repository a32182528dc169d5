//! The oracle's storage layouts, one module per layout: each moves state
//! written in the layout before it into its own. `migrate` runs, in order,
//! every step above the layout the state records (see
//! `steward_types::migrate::migrate_layout`); instantiation records the
//! newest. A new layout is a new module here, its step appended to
//! [`STEPS`], and a fixture of the layout it leaves behind
//! (`tests/fixtures/storage`).

use steward_types::migrate::LayoutStep;

use crate::error::ContractError;

pub(crate) mod v1;

/// Every layout step, oldest first.
pub const STEPS: [LayoutStep<ContractError>; 1] = [LayoutStep {
    layout: 1,
    run: v1::migrate,
}];

/// The layout this code writes.
pub const LAYOUT: u32 = STEPS[STEPS.len() - 1].layout;
