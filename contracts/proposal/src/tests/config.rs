//! Instantiate, config validation and UpdateConfig.

use crate::contract::{instantiate, CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractError;
use crate::tests::harness::{addr, default_config, percent, vetoer, Suite};
use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{coins, Decimal, Uint128};
use cw_utils::{Duration, PaymentError};
use steward_types::proposal::ConfigError;
use steward_types::proposal::{
    Config, ConfigResponse, ExecuteMsg, InstantiateMsg, QueryMsg, Timelock,
};
use steward_types::roles;
use steward_types::threshold::ThresholdError;
use steward_types::threshold::{PercentageThreshold, Threshold};

fn instantiate_err(config: Config) -> ContractError {
    Suite::try_new(config)
        .err()
        .expect("config should be refused")
}

#[test]
fn instantiate_records_dao_config_and_version() {
    let suite = Suite::new(default_config());
    let res: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(res.dao, suite.dao);
    assert_eq!(res.config, default_config());
    let version = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.version, CONTRACT_VERSION);
    let count: u64 = suite.query(QueryMsg::ProposalCount {});
    assert_eq!(count, 0);
}

#[test]
fn instantiate_refuses_funds() {
    let mut deps = mock_dependencies();
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&addr("dao-core"), &coins(1, "uatom")),
        InstantiateMsg {
            config: default_config(),
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn percentages_must_be_in_zero_one() {
    let mut c = default_config();
    c.threshold = Threshold::AbsolutePercentage {
        percentage: PercentageThreshold::Percent(Decimal::zero()),
    };
    assert_eq!(
        instantiate_err(c.clone()),
        ContractError::Config(ConfigError::Threshold(ThresholdError::InvalidPercentage {
            field: "percentage",
            value: Decimal::zero()
        }))
    );
    c.threshold = Threshold::AbsolutePercentage {
        percentage: percent("1.01"),
    };
    assert!(matches!(
        instantiate_err(c.clone()),
        ContractError::Config(ConfigError::Threshold(ThresholdError::InvalidPercentage {
            field: "percentage",
            ..
        }))
    ));
    c.threshold = Threshold::ThresholdQuorum {
        threshold: percent("1.5"),
        quorum: percent("0.2"),
    };
    assert!(matches!(
        instantiate_err(c.clone()),
        ContractError::Config(ConfigError::Threshold(ThresholdError::InvalidPercentage {
            field: "threshold",
            ..
        }))
    ));
    c.threshold = Threshold::ThresholdQuorum {
        threshold: PercentageThreshold::Majority {},
        quorum: percent("0"),
    };
    assert!(matches!(
        instantiate_err(c.clone()),
        ContractError::Config(ConfigError::Threshold(ThresholdError::InvalidPercentage {
            field: "quorum",
            ..
        }))
    ));
    // The bounds themselves are fine.
    c.threshold = Threshold::ThresholdQuorum {
        threshold: percent("1"),
        quorum: percent("0.000000000000000001"),
    };
    Suite::new(c);
}

#[test]
fn absolute_count_must_be_positive() {
    let mut c = default_config();
    c.threshold = Threshold::AbsoluteCount {
        threshold: Uint128::zero(),
    };
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::Threshold(ThresholdError::ZeroAbsoluteCount {}))
    );
}

#[test]
fn durations_must_be_nonzero() {
    let mut c = default_config();
    c.voting_period = Duration::Time(0);
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::ZeroDuration {
            field: "voting_period"
        })
    );
    let mut c = default_config();
    c.min_voting_period = Some(Duration::Height(0));
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::ZeroDuration {
            field: "min_voting_period"
        })
    );
    let mut c = default_config();
    c.timelock = Some(Timelock {
        duration: Duration::Height(0),
        vetoer: vetoer().to_string(),
    });
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::ZeroDuration {
            field: "timelock.duration"
        })
    );
    let mut c = default_config();
    c.adoption_timelock.duration = Duration::Height(0);
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::ZeroDuration {
            field: "adoption_timelock.duration"
        })
    );
}

#[test]
fn min_voting_period_same_unit_and_not_longer() {
    let mut c = default_config();
    c.min_voting_period = Some(Duration::Time(10));
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::DurationUnitMismatch {
            field: "min_voting_period",
            voting_period: Duration::Height(100),
            found: Duration::Time(10),
        })
    );
    let mut c = default_config();
    c.min_voting_period = Some(Duration::Height(101));
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::MinVotingPeriodTooLong {
            min: Duration::Height(101),
            voting_period: Duration::Height(100),
        })
    );
    let mut c = default_config();
    c.min_voting_period = Some(Duration::Height(100));
    Suite::new(c);
}

#[test]
fn timelocks_share_the_voting_period_unit() {
    let mut c = default_config();
    c.timelock = Some(Timelock {
        duration: Duration::Time(3600),
        vetoer: vetoer().to_string(),
    });
    assert_eq!(
        instantiate_err(c),
        ContractError::Config(ConfigError::DurationUnitMismatch {
            field: "timelock.duration",
            voting_period: Duration::Height(100),
            found: Duration::Time(3600),
        })
    );
    let mut c = default_config();
    c.adoption_timelock.duration = Duration::Time(3600);
    assert!(matches!(
        instantiate_err(c),
        ContractError::Config(ConfigError::DurationUnitMismatch {
            field: "adoption_timelock.duration",
            ..
        })
    ));
    // All in time units is fine.
    let mut c = default_config();
    c.voting_period = Duration::Time(86_400);
    c.min_voting_period = Some(Duration::Time(3_600));
    c.adoption_timelock.duration = Duration::Time(3600);
    c.execution_window = Some(Duration::Time(7 * 86_400));
    Suite::new(c);
    // The execution window is counted in the voting period's unit too.
    let mut c = default_config();
    c.execution_window = Some(Duration::Time(3600));
    assert!(matches!(
        instantiate_err(c),
        ContractError::Config(ConfigError::DurationUnitMismatch {
            field: "execution_window",
            ..
        })
    ));
}

#[test]
fn vetoers_must_be_valid_addresses() {
    let mut c = default_config();
    c.timelock = Some(Timelock {
        duration: Duration::Height(5),
        vetoer: "not an address".into(),
    });
    assert!(matches!(
        instantiate_err(c),
        ContractError::Config(ConfigError::InvalidVetoer { field: "timelock.vetoer", vetoer, .. }) if vetoer == "not an address"
    ));
    let mut c = default_config();
    c.adoption_timelock.vetoer = "Bad".into();
    assert!(matches!(
        instantiate_err(c),
        ContractError::Config(ConfigError::InvalidVetoer {
            field: "adoption_timelock.vetoer",
            ..
        })
    ));
}

#[test]
fn update_config_is_dao_only_and_validated() {
    let mut suite = Suite::new(default_config());
    let mut new = default_config();
    new.allow_revoting = true;
    new.voting_period = Duration::Height(50);

    let alice = addr("alice");
    let err = suite
        .exec(
            &alice,
            ExecuteMsg::UpdateConfig {
                config: new.clone(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Unauthorized {
            sender: alice,
            role: roles::DAO
        }
    );

    let dao = suite.dao.clone();
    let mut bad = new.clone();
    bad.voting_period = Duration::Height(0);
    let err = suite
        .exec(&dao, ExecuteMsg::UpdateConfig { config: bad })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(ConfigError::ZeroDuration {
            field: "voting_period"
        })
    );
    let res: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(res.config, default_config(), "nothing changed");

    suite
        .exec(
            &dao,
            ExecuteMsg::UpdateConfig {
                config: new.clone(),
            },
        )
        .unwrap();
    let res: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(res.config, new);
}

#[test]
fn update_config_refuses_funds() {
    let mut suite = Suite::new(default_config());
    let dao = suite.dao.clone();
    let err = crate::contract::execute(
        suite.deps.as_mut(),
        suite.env.clone(),
        message_info(&dao, &coins(5, "uatom")),
        ExecuteMsg::UpdateConfig {
            config: default_config(),
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
