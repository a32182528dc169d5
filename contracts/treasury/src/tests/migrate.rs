//! Migration: the contract and version checks, and the move from fixed windows.

use super::*;

#[test]
fn migrate_checks_contract_and_version() {
    let mut s = Suite::new();
    migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();

    cw2::set_contract_version(&mut s.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert_eq!(
        migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::Downgrade {
            stored: "99.0.0".into(),
            new: env!("CARGO_PKG_VERSION").into(),
        })
    );

    cw2::set_contract_version(&mut s.deps.storage, "crates.io:other", "0.0.1").unwrap();
    assert_eq!(
        migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::WrongContract {
            stored: "crates.io:other".into(),
            expected: CONTRACT_NAME.into(),
        })
    );
}

#[test]
fn migrate_from_fixed_windows_starts_every_limit_empty_and_refuses_old_budgets() {
    use crate::state::{BUDGETS, LIMITS};
    use cosmwasm_std::Storage;
    use steward_types::migrate::LAYOUT_VERSION_KEY;
    let mut s = Suite::new();
    // The layout before continuous limits: a period usage, no limits, no
    // layout recorded.
    LIMITS.remove(&mut s.deps.storage);
    s.deps.storage.remove(LAYOUT_VERSION_KEY.as_bytes());
    s.deps.storage.set(
        b"usage",
        br#"{"period_start":0,"spent":[],"value_moved":"0"}"#,
    );
    migrate(s.deps.as_mut(), s.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(s.deps.storage.get(b"usage"), None);
    let state = s.state();
    assert!(state.asset_limits.iter().all(|l| l.available.is_zero()));
    // They fill over one period, from the migration on.
    s.advance(DAY);
    assert_eq!(spent(&s.state(), &atom()), 0);

    // A budget stored in the old shape cannot be carried over.
    LIMITS.remove(&mut s.deps.storage);
    s.deps.storage.remove(LAYOUT_VERSION_KEY.as_bytes());
    let key = BUDGETS.key((&s.bob, "native:uatom"));
    s.deps.storage.set(
        &key,
        br#"{"spender":"x","asset":{"native_token":{"denom":"uatom"}},"amount_per_period":"1","period_seconds":1,"period_start":0,"drawn":"0"}"#,
    );
    let err = migrate(s.deps.as_mut(), s.env.clone(), MigrateMsg {}).unwrap_err();
    assert!(
        matches!(err, ContractError::UnsupportedStateLayout { .. }),
        "{err:?}"
    );
}

#[test]
fn migrate_refuses_a_layout_newer_than_it_reads_and_keeps_the_state() {
    use steward_types::migrate::set_layout;
    let mut s = Suite::new();
    set_layout(&mut s.deps.storage, crate::migrations::LAYOUT + 1).unwrap();
    let before = s.state();
    assert_eq!(
        migrate(s.deps.as_mut(), s.env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Migration(MigrationError::LayoutTooNew {
            stored: crate::migrations::LAYOUT + 1,
            supported: crate::migrations::LAYOUT,
        })
    );
    assert_eq!(s.state(), before);
}
