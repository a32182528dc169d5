use crate::contract::{execute, instantiate, query};
use crate::error::ContractError;
use crate::msg::{Asset, ExecuteMsg, InstantiateMsg, QueryMsg, SimulationResponse};
use crate::pool::quote;
use crate::state::Config;
use crate::swap::{minimum_return, Limits};
use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::testing::{MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{coins, from_json, BankMsg, CosmosMsg, Decimal, OwnedDeps, Uint128};
use steward_types::asset::AssetInfo;

fn atom() -> AssetInfo {
    AssetInfo::native("uatom")
}
fn usd() -> AssetInfo {
    AssetInfo::native("uusd")
}

fn config(fee_bps: u16) -> Config {
    Config {
        assets: [atom(), usd()],
        fee_bps,
        honor_max_spread: true,
    }
}

fn q(
    fee_bps: u16,
    offer_reserve: u128,
    ask_reserve: u128,
    offer: u128,
) -> Result<SimulationResponse, ContractError> {
    quote(
        &config(fee_bps),
        &atom(),
        Uint128::new(offer_reserve),
        &usd(),
        Uint128::new(ask_reserve),
        Uint128::new(offer),
    )
}

#[test]
fn quote_is_constant_product_less_the_fee() {
    // 10000 · 100 / (1000 + 100) = 909 gross; 0.3 % of it is 2; spot would give 1000.
    let sim = q(30, 1_000, 10_000, 100).unwrap();
    assert_eq!(sim.return_amount, Uint128::new(907));
    assert_eq!(sim.commission_amount, Uint128::new(2));
    assert_eq!(sim.spread_amount, Uint128::new(91));
    // k never shrinks: the reserves after the trade hold at least the product before.
    let (x, y, dx) = (5_000_000u128, 50_000_000u128, 123_457u128);
    let sim = q(30, x, y, dx).unwrap();
    assert!((x + dx) * (y - sim.return_amount.u128()) >= x * y);
    // No fee: the whole constant-product output.
    assert_eq!(
        q(0, 1_000, 10_000, 100).unwrap().return_amount,
        Uint128::new(909)
    );
}

#[test]
fn quote_refuses_what_has_no_price() {
    assert_eq!(q(30, 1_000, 10_000, 0), Err(ContractError::ZeroOffer {}));
    assert_eq!(
        q(30, 0, 10_000, 5),
        Err(ContractError::EmptyReserve {
            asset: "native:uatom".into()
        })
    );
    assert_eq!(
        q(30, 10_000, 0, 5),
        Err(ContractError::EmptyReserve {
            asset: "native:uusd".into()
        })
    );
    assert!(matches!(
        q(30, u128::MAX, 10, 1),
        Err(ContractError::Overflow { .. })
    ));
    assert!(matches!(
        q(30, 1, u128::MAX, u128::MAX / 2),
        Err(ContractError::Overflow { .. })
    ));
}

#[test]
fn minimum_return_follows_astroport() {
    let limits = |belief: &str, spread: &str| Limits {
        belief_price: Some(belief.parse().unwrap()),
        max_spread: Some(spread.parse().unwrap()),
    };
    // 1000 offered at 0.1 offer per ask expects 10000; 1 % spread keeps 9900.
    assert_eq!(
        minimum_return(Uint128::new(1_000), &limits("0.1", "0.01")).unwrap(),
        Some(Uint128::new(9_900))
    );
    assert_eq!(
        minimum_return(
            Uint128::new(1_000),
            &Limits {
                belief_price: None,
                max_spread: Some(Decimal::percent(1))
            }
        )
        .unwrap(),
        None
    );
    assert_eq!(
        minimum_return(Uint128::new(1_000), &limits("0", "0.01")),
        Err(ContractError::ZeroBeliefPrice {})
    );
    assert!(matches!(
        minimum_return(Uint128::new(1_000), &limits("1", "1.5")),
        Err(ContractError::MaxSpreadTooHigh { .. })
    ));
}

type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

fn pool(fee_bps: u16, honor_max_spread: bool) -> Deps {
    let mut deps = mock_dependencies();
    let env = mock_env();
    deps.querier.bank.update_balance(
        env.contract.address.as_str(),
        vec![
            cosmwasm_std::coin(1_000_000, "uatom"),
            cosmwasm_std::coin(10_000_000, "uusd"),
        ],
    );
    let creator = deps.api.addr_make("creator");
    instantiate(
        deps.as_mut(),
        env,
        message_info(&creator, &[]),
        InstantiateMsg {
            assets: [atom(), usd()],
            fee_bps,
            honor_max_spread,
        },
    )
    .unwrap();
    deps
}

fn offer(amount: u128) -> Asset {
    Asset {
        info: atom(),
        amount: Uint128::new(amount),
    }
}

#[test]
fn instantiate_checks_assets_and_fee() {
    let mut deps = mock_dependencies();
    let creator = deps.api.addr_make("creator");
    let msg = |assets, fee_bps| InstantiateMsg {
        assets,
        fee_bps,
        honor_max_spread: true,
    };
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&creator, &[]),
        msg([atom(), atom()], 30),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::SameAssets {
            asset: "native:uatom".into()
        }
    );
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&creator, &[]),
        msg([atom(), usd()], 10_001),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::FeeTooHigh { fee_bps: 10_001 });
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&creator, &[]),
        msg([atom(), AssetInfo::cw20("not an address")], 30),
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err}");
}

#[test]
fn native_swap_pays_the_simulated_amount() {
    let mut deps = pool(30, true);
    let env = mock_env();
    // The quote before the offer arrives…
    let sim: SimulationResponse = from_json(
        query(
            deps.as_ref(),
            env.clone(),
            QueryMsg::Simulation {
                offer_asset: offer(10_000),
                ask_asset_info: None,
            },
        )
        .unwrap(),
    )
    .unwrap();
    // …is what the swap pays once the funds are in the pair's balance.
    deps.querier.bank.update_balance(
        env.contract.address.as_str(),
        vec![
            cosmwasm_std::coin(1_010_000, "uatom"),
            cosmwasm_std::coin(10_000_000, "uusd"),
        ],
    );
    let trader = deps.api.addr_make("trader");
    let res = execute(
        deps.as_mut(),
        env,
        message_info(&trader, &coins(10_000, "uatom")),
        ExecuteMsg::Swap {
            offer_asset: offer(10_000),
            ask_asset_info: None,
            belief_price: Some(Decimal::percent(10)),
            max_spread: Some(Decimal::percent(2)),
            to: None,
        },
    )
    .unwrap();
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: trader.to_string(),
            amount: coins(sim.return_amount.u128(), "uusd")
        })
    );
    // 10000 · 10^7 / 1.01·10^6 = 99009, less 0.3 %.
    assert_eq!(sim.return_amount, Uint128::new(99_009 - 297));
}

#[test]
fn swap_refuses_bad_offers() {
    let mut deps = pool(30, true);
    let env = mock_env();
    let trader = deps.api.addr_make("trader");
    let swap = |o: Asset, belief: Option<Decimal>, spread: Option<Decimal>| ExecuteMsg::Swap {
        offer_asset: o,
        ask_asset_info: None,
        belief_price: belief,
        max_spread: spread,
        to: None,
    };
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&trader, &coins(5, "uatom")),
        swap(offer(10), None, None),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::FundsMismatch {
            offered: Uint128::new(10),
            sent: Uint128::new(5)
        }
    );
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&trader, &coins(10, "uosmo")),
        swap(
            Asset {
                info: AssetInfo::native("uosmo"),
                amount: Uint128::new(10),
            },
            None,
            None,
        ),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::NotInPool {
            asset: "native:uosmo".into()
        }
    );
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&trader, &[]),
        swap(
            Asset {
                info: AssetInfo::cw20("cosmwasm1token"),
                amount: Uint128::new(10),
            },
            None,
            None,
        ),
    )
    .unwrap_err();
    assert!(
        matches!(err, ContractError::Cw20OfferThroughSwap { .. }),
        "{err}"
    );
    // The funds are "sent" but the mock balance has not grown: the reserve is short.
    deps.querier.bank.update_balance(
        env.contract.address.as_str(),
        vec![
            cosmwasm_std::coin(3, "uatom"),
            cosmwasm_std::coin(10_000_000, "uusd"),
        ],
    );
    let err = execute(
        deps.as_mut(),
        env.clone(),
        message_info(&trader, &coins(10, "uatom")),
        swap(offer(10), None, None),
    )
    .unwrap_err();
    assert!(
        matches!(err, ContractError::ReserveBelowOffer { .. }),
        "{err}"
    );
    // Asking for the spot price with no spread fails the spread check.
    deps.querier.bank.update_balance(
        env.contract.address.as_str(),
        vec![
            cosmwasm_std::coin(1_010_000, "uatom"),
            cosmwasm_std::coin(10_000_000, "uusd"),
        ],
    );
    let err = execute(
        deps.as_mut(),
        env,
        message_info(&trader, &coins(10_000, "uatom")),
        swap(
            offer(10_000),
            Some(Decimal::percent(10)),
            Some(Decimal::zero()),
        ),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::MaxSpreadExceeded {
            return_amount: Uint128::new(98_712),
            minimum: Uint128::new(100_000)
        }
    );
}

#[test]
fn a_hostile_pool_ignores_the_spread_limit() {
    let mut deps = pool(30, false);
    let env = mock_env();
    deps.querier.bank.update_balance(
        env.contract.address.as_str(),
        vec![
            cosmwasm_std::coin(1_010_000, "uatom"),
            cosmwasm_std::coin(10_000_000, "uusd"),
        ],
    );
    let trader = deps.api.addr_make("trader");
    execute(
        deps.as_mut(),
        env,
        message_info(&trader, &coins(10_000, "uatom")),
        ExecuteMsg::Swap {
            offer_asset: offer(10_000),
            ask_asset_info: None,
            belief_price: Some(Decimal::percent(10)),
            max_spread: Some(Decimal::zero()),
            to: None,
        },
    )
    .unwrap();
}
