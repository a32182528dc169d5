//! The oracle refuses at submission what the treasury would refuse at
//! execution: a recommendation that cannot run must not reach a vote.

use cosmwasm_std::Uint128;
use steward_oracle::ContractError as OracleError;
use steward_tests::suite::{contract_error, transfer, SuiteBuilder, USD};
use steward_types::asset::AssetInfo;
use steward_types::policy::{InvalidAction, TreasuryAction};

const DAY: u64 = 86_400;

/// Finding 13: the oracle accepted recommendations whose actions the treasury
/// refuses on their addresses, so they failed only at execution.
#[test]
fn the_oracle_refuses_at_submission_what_the_treasury_refuses() {
    let mut s = SuiteBuilder::default().build();
    s.register_advisors().unwrap();
    s.set_default_prices().unwrap();
    let treasury = s.treasury.clone();
    let recipient = s.actors.recipient.clone();
    let cases = [
        (transfer(USD, 1_000, &treasury), "cannot pay itself"),
        (
            TreasuryAction::Transfer {
                asset: AssetInfo::native(USD),
                amount: Uint128::new(1_000),
                recipient: recipient.to_string().to_uppercase(),
            },
            "invalid recipient",
        ),
        (
            TreasuryAction::SetBudget {
                spender: "not-an-address".into(),
                asset: AssetInfo::native(USD),
                amount_per_period: Uint128::new(1_000),
                period_seconds: DAY,
            },
            "invalid spender",
        ),
    ];
    for (action, expected) in cases {
        let payload = s.payload(vec![action]);
        let err = s.submit(&payload).expect_err(expected);
        assert!(format!("{err:#}").contains(expected), "{err:#}");
        assert!(
            matches!(
                contract_error::<OracleError>(&err),
                Some(OracleError::InvalidAction(
                    InvalidAction::RecipientIsTreasury { index: 0 }
                        | InvalidAction::InvalidRecipient { index: 0, .. }
                        | InvalidAction::InvalidSpender { index: 0, .. }
                ))
            ),
            "{err:#}"
        );
    }
}
