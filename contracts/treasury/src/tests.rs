use crate::contract::{execute, instantiate, migrate, query, reply, CONTRACT_NAME};
use crate::error::ContractError;
use crate::state::PENDING_SWAPS;
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
    MOCK_CONTRACT_ADDR,
};
use cosmwasm_std::{
    coin, coins, from_json, to_json_binary, Addr, BankMsg, Binary, ContractResult, Decimal, Env,
    OwnedDeps, Reply, ReplyOn, Response, SubMsg, SubMsgResponse, SubMsgResult, SystemError,
    SystemResult, Timestamp, Uint128, WasmMsg, WasmQuery,
};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg};
use cw_utils::{Expiration, PaymentError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::core::{self, ModulesResponse, PauseInfoResponse};
use steward_types::migrate::{MigrateMsg, MigrationError};
use steward_types::oracle::{self, PricesResponse};
use steward_types::policy::{
    InvalidAction, Policy, PolicyError, PolicyUsage, PolicyViolation, PriceInfo,
    StalePolicyVersion, SwapQuote, TreasuryAction,
};
use steward_types::roles;
use steward_types::treasury::{
    pair, BudgetListResponse, BudgetResponse, CheckActionsResponse, CheckVerdict, ExecuteMsg,
    InstantiateMsg, PolicyResponse, PolicyStateResponse, QueryMsg, ReceiveMsg,
};

const DAY: u64 = 86_400;

/// What the mocked contracts (dao-core, oracle, one cw20) answer.
#[derive(Default)]
struct Chain {
    paused: Option<Expiration>,
    oracle_down: bool,
    oracle_queries: u32,
    prices: Vec<PriceInfo>,
    /// cw20 balances by holder.
    cw20: HashMap<String, Uint128>,
}

struct Suite {
    deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    env: Env,
    chain: Rc<RefCell<Chain>>,
    dao: Addr,
    oracle: Addr,
    token: Addr,
    pair: Addr,
    alice: Addr,
    bob: Addr,
    native: Vec<(String, u128)>,
}

fn ok<T: serde::Serialize>(value: &T) -> cosmwasm_std::QuerierResult {
    SystemResult::Ok(ContractResult::Ok(to_json_binary(value).unwrap()))
}

fn atom() -> AssetInfo {
    AssetInfo::native("uatom")
}

fn usdc() -> AssetInfo {
    AssetInfo::native("uusdc")
}

impl Suite {
    fn new() -> Self {
        Self::with_policy(|_| {})
    }

    fn with_policy(edit: impl FnOnce(&mut Policy)) -> Self {
        let mut deps = mock_dependencies();
        let api = deps.api;
        let dao = api.addr_make("dao-core");
        let oracle = api.addr_make("oracle");
        let token = api.addr_make("token");
        let pair = api.addr_make("pair");
        let chain = Rc::new(RefCell::new(Chain::default()));
        {
            let chain = chain.clone();
            let (dao, oracle, token) = (dao.clone(), oracle.clone(), token.clone());
            let proposal = api.addr_make("proposal");
            let treasury = Addr::unchecked(MOCK_CONTRACT_ADDR);
            deps.querier.update_wasm(move |q| {
                let mut c = chain.borrow_mut();
                let (contract_addr, msg) = match q {
                    WasmQuery::Smart { contract_addr, msg } => (contract_addr, msg),
                    // The oracle's prices, read raw under their documented key.
                    WasmQuery::Raw { contract_addr, key } if contract_addr == oracle.as_str() => {
                        c.oracle_queries += 1;
                        if c.oracle_down {
                            return SystemResult::Ok(ContractResult::Err("oracle down".into()));
                        }
                        let prefix = oracle::stored::PRICES.key("").to_vec();
                        let price = key
                            .as_slice()
                            .strip_prefix(prefix.as_slice())
                            .and_then(|k| c.prices.iter().find(|p| p.asset.key().as_bytes() == k));
                        let value = price
                            .map(|p| to_json_binary(p).unwrap())
                            .unwrap_or_default();
                        return SystemResult::Ok(ContractResult::Ok(value));
                    }
                    // Nothing else is stored raw here: the handles fall back to smart queries.
                    WasmQuery::Raw { .. } => {
                        return SystemResult::Ok(ContractResult::Ok(Default::default()))
                    }
                    _ => return SystemResult::Err(SystemError::Unknown {}),
                };
                if contract_addr == dao.as_str() {
                    match from_json(msg).unwrap() {
                        core::QueryMsg::Modules {} => ok(&ModulesResponse {
                            proposal: proposal.clone(),
                            treasury: treasury.clone(),
                            oracle: oracle.clone(),
                        }),
                        core::QueryMsg::PauseInfo {} => ok(&match c.paused {
                            Some(expiration) => PauseInfoResponse::Paused { expiration },
                            None => PauseInfoResponse::Unpaused {},
                        }),
                        _ => SystemResult::Err(SystemError::Unknown {}),
                    }
                } else if contract_addr == oracle.as_str() {
                    c.oracle_queries += 1;
                    if c.oracle_down {
                        return SystemResult::Ok(ContractResult::Err("oracle down".into()));
                    }
                    match from_json(msg).unwrap() {
                        oracle::QueryMsg::Prices { assets } => ok(&PricesResponse {
                            prices: c
                                .prices
                                .iter()
                                .filter(|p| assets.contains(&p.asset))
                                .cloned()
                                .collect(),
                        }),
                        _ => SystemResult::Err(SystemError::Unknown {}),
                    }
                } else if contract_addr == token.as_str() {
                    match from_json(msg).unwrap() {
                        Cw20QueryMsg::Balance { address } => ok(&BalanceResponse {
                            balance: c.cw20.get(&address).copied().unwrap_or_default(),
                        }),
                        _ => SystemResult::Err(SystemError::Unknown {}),
                    }
                } else {
                    SystemResult::Err(SystemError::NoSuchContract {
                        addr: contract_addr.clone(),
                    })
                }
            });
        }
        let mut policy = Policy {
            period_seconds: DAY,
            allowances: vec![
                AssetAmount::new(atom(), 1_000u128),
                AssetAmount::new(AssetInfo::cw20(token.as_str()), 5_000u128),
                AssetAmount::new(usdc(), 10_000u128),
            ],
            max_nav_share_bps: None,
            recipient_allowlist: None,
            venue_allowlist: vec![pair.to_string()],
            min_reserves: vec![],
            max_slippage_bps: 100,
            max_price_age_seconds: 3_600,
        };
        edit(&mut policy);
        let mut suite = Suite {
            env: mock_env(),
            alice: api.addr_make("alice"),
            bob: api.addr_make("bob"),
            deps,
            chain,
            dao,
            oracle,
            token,
            pair,
            native: vec![],
        };
        suite.set_native("uatom", 1_000);
        suite.set_native("uusdc", 5_000);
        suite.set_cw20(5_000);
        let now = suite.now();
        suite.set_prices(&[
            (atom(), "10", now),
            (suite.cw20_asset(), "1", now),
            (usdc(), "1", now),
        ]);
        let info = message_info(&suite.dao.clone(), &[]);
        instantiate(
            suite.deps.as_mut(),
            suite.env.clone(),
            info,
            InstantiateMsg { policy },
        )
        .unwrap();
        suite
    }

    fn now(&self) -> u64 {
        self.env.block.time.seconds()
    }

    fn advance(&mut self, seconds: u64) {
        self.env.block.time = self.env.block.time.plus_seconds(seconds);
        self.env.block.height += seconds / 5;
    }

    fn cw20_asset(&self) -> AssetInfo {
        AssetInfo::cw20(self.token.as_str())
    }

    fn set_native(&mut self, denom: &str, amount: u128) {
        self.native.retain(|(d, _)| d != denom);
        self.native.push((denom.to_string(), amount));
        let balance = self.native.iter().map(|(d, a)| coin(*a, d)).collect();
        self.deps
            .querier
            .bank
            .update_balance(MOCK_CONTRACT_ADDR, balance);
    }

    fn set_cw20(&mut self, amount: u128) {
        self.chain
            .borrow_mut()
            .cw20
            .insert(MOCK_CONTRACT_ADDR.to_string(), Uint128::new(amount));
    }

    fn set_prices(&mut self, prices: &[(AssetInfo, &str, u64)]) {
        self.chain.borrow_mut().prices = prices
            .iter()
            .map(|(asset, price, publish_time)| PriceInfo {
                asset: asset.clone(),
                price: price.parse().unwrap(),
                publish_time: *publish_time,
            })
            .collect();
    }

    fn exec_as(
        &mut self,
        sender: &Addr,
        funds: &[cosmwasm_std::Coin],
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, funds),
            msg,
        )
    }

    fn run(&mut self, actions: Vec<TreasuryAction>) -> Result<Response, ContractError> {
        let dao = self.dao.clone();
        self.exec_as(
            &dao,
            &[],
            ExecuteMsg::Execute {
                actions,
                recommendation_id: None,
                expected_policy_version: None,
            },
        )
    }

    fn draw(
        &mut self,
        spender: &Addr,
        asset: AssetInfo,
        amount: u128,
        recipient: Option<&Addr>,
    ) -> Result<Response, ContractError> {
        self.exec_as(
            spender,
            &[],
            ExecuteMsg::DrawBudget {
                asset,
                amount: Uint128::new(amount),
                recipient: recipient.map(|r| r.to_string()),
            },
        )
    }

    fn query<T: serde::de::DeserializeOwned>(&self, msg: QueryMsg) -> Result<T, ContractError> {
        query(self.deps.as_ref(), self.env.clone(), msg).map(|b| from_json(b).unwrap())
    }

    fn state(&self) -> PolicyStateResponse {
        self.query(QueryMsg::PolicyState {}).unwrap()
    }

    fn reply(&mut self, id: u64) -> Result<Response, ContractError> {
        #[allow(deprecated)]
        let result = SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![],
        });
        reply(
            self.deps.as_mut(),
            self.env.clone(),
            Reply {
                id,
                payload: Binary::default(),
                gas_used: 0,
                result,
            },
        )
    }

    fn transfer(&self, asset: AssetInfo, amount: u128, to: &Addr) -> TreasuryAction {
        TreasuryAction::Transfer {
            asset,
            amount: Uint128::new(amount),
            recipient: to.to_string(),
        }
    }

    fn swap(&self, offer: AssetInfo, amount: u128, ask: AssetInfo, bps: u16) -> TreasuryAction {
        TreasuryAction::Swap {
            pair: self.pair.to_string(),
            offer_asset: offer,
            offer_amount: Uint128::new(amount),
            ask_asset: ask,
            max_slippage_bps: bps,
        }
    }

    fn set_budget(
        &self,
        spender: &Addr,
        asset: AssetInfo,
        amount: u128,
        period: u64,
    ) -> TreasuryAction {
        TreasuryAction::SetBudget {
            spender: spender.to_string(),
            asset,
            amount_per_period: Uint128::new(amount),
            period_seconds: period,
        }
    }

    fn budget(&self, spender: &Addr, asset: AssetInfo) -> BudgetResponse {
        self.query(QueryMsg::Budget {
            spender: spender.to_string(),
            asset,
        })
        .unwrap()
    }
}

fn attr<'a>(res: &'a Response, key: &str) -> Option<&'a str> {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
}

fn violation(err: ContractError) -> PolicyViolation {
    match err {
        ContractError::Policy(v) => v,
        other => panic!("expected a policy violation, got {other:?}"),
    }
}

/// What the asset's allowance is missing now (capacity less what it holds).
fn spent(state: &PolicyStateResponse, asset: &AssetInfo) -> u128 {
    let limit = state
        .asset_limits
        .iter()
        .find(|l| &l.asset == asset)
        .expect("every listed asset has a limit");
    (limit.capacity - limit.available).u128()
}

// ---------------------------------------------------------------- instantiate

#[test]
fn instantiate_records_dao_policy_and_version() {
    let s = Suite::new();
    let res: PolicyResponse = s.query(QueryMsg::Policy {}).unwrap();
    assert_eq!(res.version, 1);
    assert_eq!(res.policy.venue_allowlist, vec![s.pair.to_string()]);
    let version = cw2::get_contract_version(&s.deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn instantiate_refuses_invalid_policy_and_funds() {
    let mut deps = mock_dependencies();
    let dao = deps.api.addr_make("dao-core");
    let mut policy = Suite::new().state().policy;
    let good = policy.clone();
    policy.period_seconds = 0;
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&dao, &[]),
        InstantiateMsg { policy },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::InvalidPolicy(PolicyError::ZeroPeriod));
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&dao, &coins(5, "uatom")),
        InstantiateMsg { policy: good },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

// ------------------------------------------------------------------ transfers

#[test]
fn transfers_native_and_cw20() {
    let mut s = Suite::new();
    let dao = s.dao.clone();
    let actions = vec![
        s.transfer(atom(), 100, &s.alice),
        s.transfer(s.cw20_asset(), 250, &s.bob),
    ];
    let res = s
        .exec_as(
            &dao,
            &[],
            ExecuteMsg::Execute {
                actions,
                recommendation_id: Some(7),
                expected_policy_version: Some(1),
            },
        )
        .unwrap();
    assert_eq!(
        res.messages,
        vec![
            SubMsg::new(BankMsg::Send {
                to_address: s.alice.to_string(),
                amount: coins(100, "uatom"),
            }),
            SubMsg::new(WasmMsg::Execute {
                contract_addr: s.token.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                    recipient: s.bob.to_string(),
                    amount: Uint128::new(250),
                })
                .unwrap(),
                funds: vec![],
            }),
        ]
    );
    assert_eq!(attr(&res, "action"), Some("execute"));
    assert_eq!(attr(&res, "recommendation_id"), Some("7"));
    assert_eq!(attr(&res, "policy_version"), Some("1"));
    assert_eq!(
        attr(&res, "transfer"),
        Some(format!("100 native:uatom to {}", s.alice).as_str())
    );
    let state = s.state();
    assert_eq!(spent(&state, &atom()), 100);
    assert_eq!(spent(&state, &s.cw20_asset()), 250);
    assert_eq!(state.now, s.now());
}

#[test]
fn plain_transfers_do_not_ask_the_oracle() {
    let mut s = Suite::new();
    s.chain.borrow_mut().oracle_down = true;
    let to = s.alice.clone();
    s.run(vec![s.transfer(atom(), 10, &to)]).unwrap();
    assert_eq!(s.chain.borrow().oracle_queries, 0);

    // With a NAV limit, every movement is valued, so the oracle is needed.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(5_000));
    s.chain.borrow_mut().oracle_down = true;
    let err = s.run(vec![s.transfer(atom(), 10, &to)]).unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err:?}");
}

#[test]
fn allowance_refills_continuously() {
    let mut s = Suite::new();
    let to = s.alice.clone();
    s.run(vec![s.transfer(atom(), 600, &to)]).unwrap();
    s.set_native("uatom", 400);
    let err = s.run(vec![s.transfer(atom(), 401, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::AllowanceExceeded {
            asset: "native:uatom".into(),
            requested: Uint128::new(401),
            available: Uint128::new(400),
            allowance: Uint128::new(1_000),
        }
    );
    s.run(vec![s.transfer(atom(), 400, &to)]).unwrap();
    assert_eq!(spent(&s.state(), &atom()), 1_000);

    // A quarter of a day refills a quarter of the allowance, whatever the
    // time of day: there is no window boundary to wait for or to straddle.
    s.set_native("uatom", 5_000);
    s.advance(DAY / 4);
    let state = s.state();
    assert_eq!(spent(&state, &atom()), 750);
    let limit = &state.asset_limits[0];
    assert_eq!(
        (limit.available, limit.capacity, limit.refill_period_seconds),
        (Uint128::new(250), Uint128::new(1_000), DAY)
    );
    assert!(s.run(vec![s.transfer(atom(), 251, &to)]).is_err());
    s.run(vec![s.transfer(atom(), 250, &to)]).unwrap();
    s.advance(10 * DAY);
    assert_eq!(spent(&s.state(), &atom()), 0);
}

#[test]
fn nav_share_limit() {
    // NAV = 1000 uatom * 10 + 5000 token * 1 + 5000 uusdc * 1 = 20000; 10% = 2000.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(1_000));
    let to = s.alice.clone();
    s.run(vec![s.transfer(atom(), 150, &to)]).unwrap();
    // 1_500 of 20_000 moved: 2.5 % of NAV is left of the 10 %.
    let nav_limit = s.state().nav_limit.unwrap();
    assert_eq!(nav_limit.available_share, Decimal::permille(25));
    assert_eq!(nav_limit.capacity_share, Decimal::percent(10));
    assert_eq!(nav_limit.refill_period_seconds, DAY);
    let err = s.run(vec![s.transfer(usdc(), 501, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::NavShareExceeded {
            requested_value: Uint128::new(501),
            available_value: Uint128::new(500),
            nav: Uint128::new(20_000),
            max_bps: 1_000,
        }
    );
    s.run(vec![s.transfer(usdc(), 500, &to)]).unwrap();
}

#[test]
fn stale_and_missing_prices_are_refused() {
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(5_000));
    let to = s.alice.clone();
    let now = s.now();
    let token = s.cw20_asset();
    s.set_prices(&[
        (atom(), "10", now - 3_601),
        (token.clone(), "1", now),
        (usdc(), "1", now),
    ]);
    // A stale asset counts as zero in NAV and does not stop the others, but
    // cannot itself be valued against the NAV cap.
    s.run(vec![s.transfer(usdc(), 10, &to)]).unwrap();
    let err = s.run(vec![s.transfer(atom(), 10, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::PriceStale {
            asset: "native:uatom".into(),
            publish_time: now - 3_601,
            now,
            max_age: 3_600,
        }
    );

    // Swaps need the price of both sides even without a NAV limit.
    let mut s = Suite::new();
    s.set_prices(&[(atom(), "10", now), (token, "1", now)]);
    let err = s.run(vec![s.swap(atom(), 10, usdc(), 100)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::PriceMissing {
            asset: "native:uusdc".into()
        }
    );
}

#[test]
fn recipient_allowlist() {
    let mut s = Suite::new();
    let alice = s.alice.to_string();
    let mut s2 = Suite::with_policy(|p| p.recipient_allowlist = Some(vec![alice]));
    let (a, b) = (s.alice.clone(), s.bob.clone());
    s2.run(vec![s2.transfer(atom(), 10, &a)]).unwrap();
    let err = s2.run(vec![s2.transfer(atom(), 10, &b)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::RecipientNotAllowed {
            recipient: b.to_string()
        }
    );
    // Without an allowlist anyone may be paid.
    s.run(vec![s.transfer(atom(), 10, &b)]).unwrap();
}

#[test]
fn venue_allowlist() {
    let mut s = Suite::new();
    let other = s.deps.api.addr_make("other-pair").to_string();
    let mut action = s.swap(atom(), 10, usdc(), 100);
    if let TreasuryAction::Swap { pair, .. } = &mut action {
        *pair = other.clone();
    }
    let err = s.run(vec![action]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::VenueNotAllowed { pair: other }
    );
}

#[test]
fn reserve_is_kept() {
    let mut s = Suite::with_policy(|p| p.min_reserves = vec![AssetAmount::new(atom(), 300u128)]);
    let to = s.alice.clone();
    let err = s.run(vec![s.transfer(atom(), 701, &to)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::BelowReserve {
            asset: "native:uatom".into(),
            balance_after: Uint128::new(299),
            reserve: Uint128::new(300),
        }
    );
    s.run(vec![s.transfer(atom(), 700, &to)]).unwrap();
}

#[test]
fn other_policy_violations_pass_through() {
    let mut s = Suite::new();
    assert_eq!(
        violation(s.run(vec![]).unwrap_err()),
        PolicyViolation::NoActions {}
    );
    let to = s.alice.clone();
    let err = s.run(vec![s.transfer(atom(), 0, &to)]).unwrap_err();
    assert_eq!(violation(err), PolicyViolation::ZeroAmount { index: 0 });
    let err = s.run(vec![s.swap(atom(), 10, usdc(), 101)]).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::SlippageTooHigh {
            requested_bps: 101,
            max_bps: 100
        }
    );
}

// ---------------------------------------------------------------------- swaps

#[test]
fn native_offer_swap_message() {
    let mut s = Suite::new();
    // 100 uatom at 10 for uusdc at 1: expected 1000, min 990 at 100 bps.
    let res = s.run(vec![s.swap(atom(), 100, usdc(), 100)]).unwrap();
    let expected = WasmMsg::Execute {
        contract_addr: s.pair.to_string(),
        msg: to_json_binary(&pair::ExecuteMsg::Swap {
            offer_asset: pair::Asset {
                info: atom(),
                amount: Uint128::new(100),
            },
            ask_asset_info: Some(usdc()),
            belief_price: Some(Decimal::percent(10)),
            max_spread: Some(Decimal::percent(1)),
            to: None,
        })
        .unwrap(),
        funds: coins(100, "uatom"),
    };
    assert_eq!(res.messages, vec![SubMsg::reply_on_success(expected, 0)]);
    assert_eq!(res.messages[0].reply_on, ReplyOn::Success);
    let pending = PENDING_SWAPS.load(&s.deps.storage, 0).unwrap();
    assert_eq!(pending.ask_asset, usdc());
    assert_eq!(pending.baseline, Uint128::new(5_000));
    assert_eq!(pending.min_out, Uint128::new(990));
    assert_eq!(spent(&s.state(), &atom()), 100);
}

#[test]
fn cw20_offer_swap_message() {
    let mut s = Suite::new();
    // 1000 token at 1 for uatom at 10: expected 100, min 99 at 100 bps;
    // belief price 1000 / 100 = 10.
    let token = s.cw20_asset();
    let res = s
        .run(vec![
            s.transfer(atom(), 1, &s.alice.clone()),
            s.swap(token.clone(), 1_000, atom(), 100),
        ])
        .unwrap();
    let hook = to_json_binary(&pair::Cw20HookMsg::Swap {
        ask_asset_info: Some(atom()),
        belief_price: Some(Decimal::from_ratio(10u128, 1u128)),
        max_spread: Some(Decimal::percent(1)),
        to: None,
    })
    .unwrap();
    let expected = WasmMsg::Execute {
        contract_addr: s.token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Send {
            contract: s.pair.to_string(),
            amount: Uint128::new(1_000),
            msg: hook,
        })
        .unwrap(),
        funds: vec![],
    };
    assert_eq!(res.messages[1], SubMsg::reply_on_success(expected, 1));
    // The transfer of 1 uatom before the swap is not the swap's output.
    let pending = PENDING_SWAPS.load(&s.deps.storage, 1).unwrap();
    assert_eq!(pending.baseline, Uint128::new(999));
    assert_eq!(pending.min_out, Uint128::new(99));
    assert!(attr(&res, "swap").unwrap().contains("expected 100, min 99"));
}

#[test]
fn reply_enforces_min_out_native() {
    let mut s = Suite::new();
    s.run(vec![s.swap(atom(), 100, usdc(), 100)]).unwrap();
    // The pair delivered 989 of a required 990.
    s.set_native("uusdc", 5_989);
    let err = s.reply(0).unwrap_err();
    assert_eq!(
        err,
        ContractError::SwapOutputTooLow {
            received: Uint128::new(989),
            min_out: Uint128::new(990),
        }
    );
    s.set_native("uusdc", 5_990);
    let res = s.reply(0).unwrap();
    assert_eq!(attr(&res, "received"), Some("990"));
    assert!(PENDING_SWAPS
        .may_load(&s.deps.storage, 0)
        .unwrap()
        .is_none());
    // Each reply is consumed once.
    assert_eq!(
        s.reply(0).unwrap_err(),
        ContractError::UnknownReplyId { id: 0 }
    );
}

#[test]
fn reply_enforces_min_out_cw20_ask() {
    let mut s = Suite::new();
    // 10 uatom at 10 for token at 1: expected 100, min 99 at 100 bps.
    let token = s.cw20_asset();
    s.run(vec![s.swap(atom(), 10, token, 100)]).unwrap();
    s.set_cw20(5_000 + 98);
    assert_eq!(
        s.reply(0).unwrap_err(),
        ContractError::SwapOutputTooLow {
            received: Uint128::new(98),
            min_out: Uint128::new(99),
        }
    );
    // A balance that fell (nothing delivered) counts as zero received.
    s.set_cw20(4_000);
    assert_eq!(
        s.reply(0).unwrap_err(),
        ContractError::SwapOutputTooLow {
            received: Uint128::zero(),
            min_out: Uint128::new(99),
        }
    );
    s.set_cw20(5_000 + 120);
    s.reply(0).unwrap();
}

#[test]
fn two_swaps_into_one_asset_are_measured_separately() {
    let mut s = Suite::new();
    let token = s.cw20_asset();
    // Each expects 100 uusdc, at least 99.
    s.run(vec![
        s.swap(atom(), 10, usdc(), 100),
        s.swap(token, 100, usdc(), 100),
    ])
    .unwrap();
    s.set_native("uusdc", 5_100);
    s.reply(0).unwrap();
    assert_eq!(
        PENDING_SWAPS.load(&s.deps.storage, 1).unwrap().baseline,
        Uint128::new(5_100)
    );
    // The second swap delivered nothing: the first one's output does not count.
    assert_eq!(
        s.reply(1).unwrap_err(),
        ContractError::SwapOutputTooLow {
            received: Uint128::zero(),
            min_out: Uint128::new(99),
        }
    );
    s.set_native("uusdc", 5_199);
    s.reply(1).unwrap();
}

#[test]
fn unknown_reply_id() {
    let mut s = Suite::new();
    assert_eq!(
        s.reply(3).unwrap_err(),
        ContractError::UnknownReplyId { id: 3 }
    );
}

// -------------------------------------------------------------------- budgets

#[test]
fn budget_set_draw_exceed_and_reset() {
    let mut s = Suite::new();
    let bob = s.bob.clone();
    let res = s.run(vec![s.set_budget(&bob, atom(), 100, 3_600)]).unwrap();
    assert!(attr(&res, "set_budget").is_some());
    assert!(res.messages.is_empty());
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(100));

    let res = s.draw(&bob, atom(), 60, None).unwrap();
    assert_eq!(
        res.messages,
        vec![SubMsg::new(BankMsg::Send {
            to_address: bob.to_string(),
            amount: coins(60, "uatom"),
        })]
    );
    assert_eq!(attr(&res, "available"), Some("40"));
    let b = s.budget(&bob, atom());
    assert_eq!(b.available, Uint128::new(40));
    assert_eq!(b.budget.unwrap().bucket.level, Uint128::new(40));
    // The draw counts against the policy allowance too.
    assert_eq!(spent(&s.state(), &atom()), 60);

    let err = s.draw(&bob, atom(), 50, None).unwrap_err();
    assert_eq!(
        err,
        ContractError::BudgetExceeded {
            available: Uint128::new(40),
            requested: Uint128::new(50),
        }
    );

    // The budget refills at 100 per hour: 30 minutes bring back 50.
    s.advance(1_800);
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(90));
    s.draw(&bob, atom(), 90, None).unwrap();
    let b = s.budget(&bob, atom()).budget.unwrap();
    assert_eq!(b.bucket.level, Uint128::zero());
    assert_eq!(b.bucket.updated_at, s.now());
    s.advance(10 * 3_600);
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(100));
}

#[test]
fn budget_draw_to_recipient_and_cw20() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let token = s.cw20_asset();
    s.run(vec![s.set_budget(&bob, token.clone(), 500, DAY)])
        .unwrap();
    let res = s.draw(&bob, token, 200, Some(&alice)).unwrap();
    assert_eq!(
        res.messages,
        vec![SubMsg::new(WasmMsg::Execute {
            contract_addr: s.token.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: alice.to_string(),
                amount: Uint128::new(200),
            })
            .unwrap(),
            funds: vec![],
        })]
    );
}

#[test]
fn budget_draw_errors() {
    let alice = MockApi::default().addr_make("alice").to_string();
    let mut s = Suite::with_policy(|p| p.recipient_allowlist = Some(vec![alice]));
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.run(vec![s.set_budget(&bob, atom(), 100, 3_600)]).unwrap();

    // Someone without a budget, or a budget for another asset.
    let err = s.draw(&alice, atom(), 10, None).unwrap_err();
    assert_eq!(
        err,
        ContractError::BudgetNotFound {
            spender: alice.to_string(),
            asset: "native:uatom".into(),
        }
    );
    let err = s.draw(&bob, usdc(), 10, None).unwrap_err();
    assert!(matches!(err, ContractError::BudgetNotFound { .. }));

    assert_eq!(
        s.draw(&bob, atom(), 0, None).unwrap_err(),
        ContractError::ZeroAmount {}
    );
    // The policy's recipient allowlist applies to draws (bob pays himself).
    let err = s.draw(&bob, atom(), 10, None).unwrap_err();
    assert_eq!(
        violation(err),
        PolicyViolation::RecipientNotAllowed {
            recipient: bob.to_string()
        }
    );
    s.draw(&bob, atom(), 10, Some(&alice)).unwrap();

    let treasury = Addr::unchecked(MOCK_CONTRACT_ADDR);
    assert_eq!(
        s.draw(&bob, atom(), 10, Some(&treasury)).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::RecipientIsTreasury { index: 0 })
    );
    let err = s
        .exec_as(
            &bob,
            &[],
            ExecuteMsg::DrawBudget {
                asset: atom(),
                amount: Uint128::new(10),
                recipient: Some("not an address".into()),
            },
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::InvalidAction(InvalidAction::InvalidRecipient { .. })
        ),
        "{err:?}"
    );

    let err = s
        .exec_as(
            &bob,
            &coins(1, "uatom"),
            ExecuteMsg::DrawBudget {
                asset: atom(),
                amount: Uint128::new(10),
                recipient: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    s.chain.borrow_mut().paused = Some(Expiration::Never {});
    assert_eq!(
        s.draw(&bob, atom(), 10, Some(&alice)).unwrap_err(),
        ContractError::Paused {
            expiration: Expiration::Never {}
        }
    );
}

#[test]
fn budget_draw_respects_policy_allowance() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.run(vec![
        s.transfer(atom(), 950, &alice),
        s.set_budget(&bob, atom(), 100, 3_600),
    ])
    .unwrap();
    let err = s.draw(&bob, atom(), 60, None).unwrap_err();
    assert!(matches!(
        violation(err),
        PolicyViolation::AllowanceExceeded { .. }
    ));
    // The refused draw left the budget untouched.
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(100));
}

#[test]
fn budget_replace_keeps_drawn_and_remove() {
    let mut s = Suite::new();
    let bob = s.bob.clone();
    s.run(vec![s.set_budget(&bob, atom(), 100, 3_600)]).unwrap();
    s.draw(&bob, atom(), 80, None).unwrap();
    // Raising the budget keeps what it holds (20): a change never refills; it
    // refills at the new rate from now on.
    s.run(vec![s.set_budget(&bob, atom(), 120, 3_600)]).unwrap();
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(20));
    s.advance(1_800);
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(80));

    let remove = TreasuryAction::RemoveBudget {
        spender: bob.to_string(),
        asset: atom(),
    };
    let res = s.run(vec![remove.clone()]).unwrap();
    assert!(attr(&res, "remove_budget").is_some());
    let b = s.budget(&bob, atom());
    assert_eq!(b.budget, None);
    assert_eq!(b.available, Uint128::zero());
    assert!(matches!(
        s.draw(&bob, atom(), 1, None).unwrap_err(),
        ContractError::BudgetNotFound { .. }
    ));

    // Removing an unknown budget fails and writes nothing, not even the
    // transfer's usage earlier in the batch.
    let to = s.alice.clone();
    let before = s.state().limits;
    let err = s
        .run(vec![s.transfer(atom(), 5, &to), remove.clone()])
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::BudgetNotFound {
            spender: bob.to_string(),
            asset: "native:uatom".into(),
        }
    );
    assert_eq!(s.state().limits, before);

    // Set again, it resumes from what it held when removed (80, capped at 10).
    s.run(vec![s.set_budget(&bob, atom(), 10, 60)]).unwrap();
    assert_eq!(s.budget(&bob, atom()).available, Uint128::new(10));
    s.draw(&bob, atom(), 10, None).unwrap();
    s.run(vec![remove.clone(), s.set_budget(&bob, atom(), 10, 60)])
        .unwrap();
    assert_eq!(s.budget(&bob, atom()).available, Uint128::zero());
    s.run(vec![remove.clone()]).unwrap();

    // Set then remove in one batch is fine; remove twice is not.
    s.run(vec![s.set_budget(&bob, atom(), 10, 60), remove.clone()])
        .unwrap();
    let err = s
        .run(vec![
            s.set_budget(&bob, atom(), 10, 60),
            remove.clone(),
            remove,
        ])
        .unwrap_err();
    assert!(matches!(err, ContractError::BudgetNotFound { .. }));
}

#[test]
fn list_budgets_paginates() {
    let mut s = Suite::new();
    let api = s.deps.api;
    let spenders: Vec<Addr> = (0..4).map(|i| api.addr_make(&format!("s{i}"))).collect();
    let actions = spenders
        .iter()
        .flat_map(|sp| {
            vec![
                s.set_budget(sp, atom(), 10, 60),
                s.set_budget(sp, usdc(), 10, 60),
            ]
        })
        .collect();
    s.run(actions).unwrap();

    let mut seen = vec![];
    let mut start_after = None;
    loop {
        let page: BudgetListResponse = s
            .query(QueryMsg::ListBudgets {
                start_after: start_after.clone(),
                limit: Some(3),
            })
            .unwrap();
        if page.budgets.is_empty() {
            break;
        }
        assert!(page.budgets.len() <= 3);
        let last = page.budgets.last().unwrap();
        start_after = Some((last.spender.to_string(), last.asset.key()));
        seen.extend(page.budgets);
    }
    assert_eq!(seen.len(), 8);
    let keys: Vec<_> = seen
        .iter()
        .map(|b| (b.spender.to_string(), b.asset.key()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
}

// ------------------------------------------------------- pause and versioning

#[test]
fn pause_refuses_execution_until_it_expires() {
    let mut s = Suite::new();
    let to = s.alice.clone();
    let until = Expiration::AtTime(Timestamp::from_seconds(s.now() + 100));
    s.chain.borrow_mut().paused = Some(until);
    assert_eq!(
        s.run(vec![s.transfer(atom(), 1, &to)]).unwrap_err(),
        ContractError::Paused { expiration: until }
    );
    s.advance(100);
    s.run(vec![s.transfer(atom(), 1, &to)]).unwrap();
}

#[test]
fn update_policy_bumps_version_and_keeps_what_was_spent() {
    let mut s = Suite::new();
    let (dao, to) = (s.dao.clone(), s.alice.clone());
    s.run(vec![s.transfer(atom(), 300, &to)]).unwrap();
    let mut policy = s.state().policy;
    policy.max_slippage_bps = 50;
    // A shorter period refills faster from now on, but adds nothing now.
    policy.period_seconds = DAY / 2;
    let res = s
        .exec_as(
            &dao,
            &[],
            ExecuteMsg::UpdatePolicy {
                policy: policy.clone(),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "policy_version"), Some("2"));
    let state = s.state();
    assert_eq!(state.policy_version, 2);
    assert_eq!(state.policy, policy);
    assert_eq!(spent(&state, &atom()), 300);

    let err = s
        .exec_as(
            &dao,
            &[],
            ExecuteMsg::Execute {
                actions: vec![s.transfer(atom(), 1, &to)],
                recommendation_id: Some(1),
                expected_policy_version: Some(1),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::StalePolicyVersion(StalePolicyVersion {
            signed: 1,
            current: 2
        })
    );
    s.exec_as(
        &dao,
        &[],
        ExecuteMsg::Execute {
            actions: vec![s.transfer(atom(), 1, &to)],
            recommendation_id: Some(1),
            expected_policy_version: Some(2),
        },
    )
    .unwrap();

    policy.max_slippage_bps = 10_001;
    let err = s
        .exec_as(&dao, &[], ExecuteMsg::UpdatePolicy { policy })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::InvalidPolicy(PolicyError::SlippageOverMax {
            bps: 10_001,
            max: 10_000
        })
    );
    assert_eq!(s.state().policy_version, 2);
}

// ------------------------------------------------------ authorization, input

#[test]
fn only_dao_executes_and_updates() {
    let mut s = Suite::new();
    let (alice, oracle) = (s.alice.clone(), s.oracle.clone());
    let policy = s.state().policy;
    let msg = ExecuteMsg::Execute {
        actions: vec![s.transfer(atom(), 1, &alice)],
        recommendation_id: None,
        expected_policy_version: None,
    };
    assert_eq!(
        s.exec_as(&oracle, &[], msg).unwrap_err(),
        ContractError::Unauthorized {
            sender: oracle.clone(),
            role: roles::DAO
        }
    );
    assert_eq!(
        s.exec_as(&alice, &[], ExecuteMsg::UpdatePolicy { policy })
            .unwrap_err(),
        ContractError::Unauthorized {
            sender: alice,
            role: roles::DAO
        }
    );
}

#[test]
fn funds_are_refused() {
    let mut s = Suite::new();
    let (dao, alice) = (s.dao.clone(), s.alice.clone());
    let policy = s.state().policy;
    let funds = coins(1, "uatom");
    for msg in [
        ExecuteMsg::Execute {
            actions: vec![s.transfer(atom(), 1, &alice)],
            recommendation_id: None,
            expected_policy_version: None,
        },
        ExecuteMsg::UpdatePolicy { policy },
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(1),
            msg: to_json_binary(&ReceiveMsg::Deposit {}).unwrap(),
        }),
    ] {
        assert_eq!(
            s.exec_as(&dao, &funds, msg).unwrap_err(),
            ContractError::Payment(PaymentError::NonPayable {})
        );
    }
}

#[test]
fn action_addresses_are_validated() {
    let mut s = Suite::new();
    let bad = "Not-An-Address".to_string();
    let transfer = |recipient: &str| TreasuryAction::Transfer {
        asset: atom(),
        amount: Uint128::new(1),
        recipient: recipient.to_string(),
    };
    assert!(matches!(
        s.run(vec![transfer(&bad)]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidRecipient { index: 0, .. })
    ));
    assert_eq!(
        s.run(vec![transfer(MOCK_CONTRACT_ADDR)]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::RecipientIsTreasury { index: 0 })
    );
    let mut swap = s.swap(atom(), 1, usdc(), 10);
    if let TreasuryAction::Swap { pair, .. } = &mut swap {
        *pair = bad.clone();
    }
    assert!(matches!(
        s.run(vec![transfer(s.alice.as_str()), swap]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidPair { index: 1, .. })
    ));
    let set = TreasuryAction::SetBudget {
        spender: bad.clone(),
        asset: atom(),
        amount_per_period: Uint128::new(1),
        period_seconds: 1,
    };
    assert!(matches!(
        s.run(vec![set]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidSpender { index: 0, .. })
    ));
    let remove = TreasuryAction::RemoveBudget {
        spender: bad.clone(),
        asset: atom(),
    };
    assert!(matches!(
        s.run(vec![remove]).unwrap_err(),
        ContractError::InvalidAction(InvalidAction::InvalidSpender { index: 0, .. })
    ));
    let err = s
        .run(vec![TreasuryAction::Transfer {
            asset: AssetInfo::cw20(bad.clone()),
            amount: Uint128::new(1),
            recipient: s.alice.to_string(),
        }])
        .unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::InvalidAction(InvalidAction::InvalidAsset { index: 0, .. })
        ),
        "{err:?}"
    );
    let err = s
        .run(vec![s.swap(atom(), 1, AssetInfo::native(""), 10)])
        .unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::InvalidAction(InvalidAction::InvalidAsset { index: 0, .. })
        ),
        "{err:?}"
    );
}

// ------------------------------------------------------------------- deposits

#[test]
fn cw20_deposits() {
    let mut s = Suite::new();
    let (token, alice) = (s.token.clone(), s.alice.clone());
    let deposit = |amount: u128, msg: Binary| {
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(amount),
            msg,
        })
    };
    let res = s
        .exec_as(
            &token,
            &[],
            deposit(50, to_json_binary(&ReceiveMsg::Deposit {}).unwrap()),
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), Some("deposit"));
    assert_eq!(attr(&res, "token"), Some(token.as_str()));
    assert_eq!(attr(&res, "from"), Some(alice.as_str()));
    assert_eq!(attr(&res, "amount"), Some("50"));

    let err = s
        .exec_as(&token, &[], deposit(50, to_json_binary(&"stake").unwrap()))
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidReceiveMsg { .. }));
    let err = s
        .exec_as(
            &token,
            &[],
            deposit(0, to_json_binary(&ReceiveMsg::Deposit {}).unwrap()),
        )
        .unwrap_err();
    assert_eq!(err, ContractError::ZeroAmount {});
}

// -------------------------------------------------------------------- queries

#[test]
fn policy_state_needs_no_oracle() {
    let s = Suite::new();
    s.chain.borrow_mut().oracle_down = true;
    let state = s.state();
    assert_eq!(state.policy_version, 1);
    assert_eq!(
        state.balances,
        vec![
            AssetAmount::new(atom(), 1_000u128),
            AssetAmount::new(s.cw20_asset(), 5_000u128),
            AssetAmount::new(usdc(), 5_000u128),
        ]
    );
    assert_eq!(s.chain.borrow().oracle_queries, 0);
}

/// The check's answer when the actions pass.
fn passed(r: &CheckActionsResponse) -> (&PolicyUsage, &[SwapQuote]) {
    match &r.verdict {
        CheckVerdict::Passed { after, swaps } => (after, swaps),
        CheckVerdict::Refused { reason, .. } => panic!("expected a pass, refused: {reason}"),
    }
}

/// The check's answer when the actions are refused.
fn refused(r: &CheckActionsResponse) -> (&PolicyViolation, &str) {
    match &r.verdict {
        CheckVerdict::Refused { violation, reason } => (violation, reason),
        CheckVerdict::Passed { .. } => panic!("expected a refusal, passed: {r:?}"),
    }
}

fn check(s: &Suite, actions: Vec<TreasuryAction>) -> CheckActionsResponse {
    s.query(QueryMsg::CheckActions { actions }).unwrap()
}

#[test]
fn check_actions_query_answers_usage_before_and_after() {
    // NAV = 1000 uatom × 10 + 5000 token × 1 + 5000 uusdc × 1 = 20000; 20 % = 4000.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(2_000));
    let to = s.alice.clone();
    let actions = vec![
        s.transfer(atom(), 150, &to),
        s.swap(atom(), 100, usdc(), 100),
    ];
    let report = check(&s, actions.clone());
    // Prices are read once per check: one raw read per asset the policy lists.
    let listed = s.state().policy.allowances.len() as u32;
    assert_eq!(s.chain.borrow().oracle_queries, listed);

    // Before: the balances the treasury holds and its limits now.
    let state = s.state();
    assert_eq!(report.before.balances, state.balances);
    assert_eq!(report.before.asset_limits, state.asset_limits);
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!(Some(&nav.limit), state.nav_limit.as_ref());
    assert_eq!(nav.nav, Some(Uint128::new(20_000)));
    assert_eq!(nav.available_value, Some(Uint128::new(4_000)));
    assert_eq!(nav.capacity_value, Some(Uint128::new(4_000)));
    assert!(nav.unpriced.is_empty());

    // After: 250 uatom out, the swap's 990 uusdc minimum in; 2500 of 20000 of
    // NAV moved, so 7.5 % of it is left, now of a NAV of 7500 + 5000 + 5990.
    let (after, swaps) = passed(&report);
    assert_eq!(
        after.balances,
        vec![
            AssetAmount::new(atom(), 750u128),
            AssetAmount::new(s.cw20_asset(), 5_000u128),
            AssetAmount::new(usdc(), 5_990u128),
        ]
    );
    let after_nav = after.nav_limit.as_ref().unwrap();
    assert_eq!(after_nav.limit.available_share, Decimal::permille(75));
    assert_eq!(after_nav.nav, Some(Uint128::new(18_490)));
    assert_eq!(after_nav.available_value, Some(Uint128::new(1_386)));
    assert_eq!(
        swaps,
        [SwapQuote {
            action_index: 1,
            expected_out: Uint128::new(1_000),
            min_out: Uint128::new(990),
        }]
    );

    // Executing the same actions stores exactly the limits after, and
    // enforces the quoted minimum.
    s.run(actions).unwrap();
    let stored = s.state();
    assert_eq!(stored.asset_limits, after.asset_limits);
    assert_eq!(stored.nav_limit.as_ref(), Some(&after_nav.limit));
    let pending = PENDING_SWAPS.load(&s.deps.storage, 1).unwrap();
    assert_eq!(pending.min_out, swaps[0].min_out);
    // The bank moves the transfer and the offer; the pair returns the minimum.
    s.set_native("uatom", 750);
    s.set_native("uusdc", 5_990);
    s.reply(1).unwrap();
    // The next check starts where this one said the actions end.
    let next = check(&s, vec![s.transfer(usdc(), 1, &to)]);
    assert_eq!(&next.before, after);
}

#[test]
fn check_actions_query_refusal_keeps_the_usage_before() {
    let mut s = Suite::new();
    let to = s.alice.clone();
    let report = check(&s, vec![s.transfer(atom(), 1_001, &to)]);
    assert_eq!(report.before.balances, s.state().balances);
    assert_eq!(report.before.asset_limits, s.state().asset_limits);
    assert_eq!(report.before.nav_limit, None);
    let (violation_seen, reason) = refused(&report);
    let err = s.run(vec![s.transfer(atom(), 1_001, &to)]).unwrap_err();
    assert_eq!(err.to_string(), format!("policy violation: {reason}"));
    assert_eq!(&violation(err), violation_seen);
    assert!(report.after().is_none());

    // No actions at all: still the usage before.
    let empty = check(&s, vec![]);
    assert_eq!(refused(&empty).0, &PolicyViolation::NoActions {});
    assert_eq!(empty.before, report.before);
}

#[test]
fn check_actions_query_answers_what_it_can_value() {
    // A stale price: the asset counts as zero in NAV and is named.
    let mut s = Suite::with_policy(|p| p.max_nav_share_bps = Some(5_000));
    let now = s.now();
    let token = s.cw20_asset();
    s.set_prices(&[
        (atom(), "10", now - 3_601),
        (token.clone(), "1", now),
        (usdc(), "1", now),
    ]);
    let to = s.alice.clone();
    let report = check(&s, vec![s.transfer(atom(), 10, &to)]);
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!(nav.nav, Some(Uint128::new(10_000)));
    assert_eq!(nav.unpriced, vec![atom()]);
    assert!(matches!(
        refused(&report).0,
        PolicyViolation::PriceStale { asset, .. } if asset == "native:uatom"
    ));

    // A NAV too large to value: the balances and limits are still there.
    s.set_prices(&[(atom(), "10", now), (token, "1", now), (usdc(), "1", now)]);
    s.set_native("uatom", u128::MAX / 2);
    let report = check(&s, vec![s.transfer(usdc(), 10, &to)]);
    let nav = report.before.nav_limit.as_ref().unwrap();
    assert_eq!((nav.nav, nav.available_value), (None, None));
    assert_eq!(report.before.balances, s.state().balances);
    assert_eq!(
        refused(&report).0,
        &PolicyViolation::Overflow {
            asset: "native:uatom".into()
        }
    );
}

#[test]
fn check_actions_query_errors_are_not_refusals() {
    let s = Suite::new();
    // Not a policy violation: a query error.
    let err = s
        .query::<CheckActionsResponse>(QueryMsg::CheckActions {
            actions: vec![TreasuryAction::Transfer {
                asset: atom(),
                amount: Uint128::new(1),
                recipient: "nope".into(),
            }],
        })
        .unwrap_err();
    assert!(matches!(
        err,
        ContractError::InvalidAction(InvalidAction::InvalidRecipient { .. })
    ));
    s.chain.borrow_mut().oracle_down = true;
    let err = s
        .query::<CheckActionsResponse>(QueryMsg::CheckActions {
            actions: vec![s.swap(atom(), 100, usdc(), 100)],
        })
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)));
}

// ------------------------------------------------------------------ migration

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
    let mut s = Suite::new();
    // The layout before continuous limits: a period usage, no limits.
    LIMITS.remove(&mut s.deps.storage);
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
