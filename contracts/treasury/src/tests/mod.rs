//! Unit tests of the treasury: dao-core, the oracle and a cw20 token
//! answered by the shared mock DAO (`steward_testing::MockDao`).

mod authorization;
mod budgets;
mod deposits;
mod instantiate;
mod migrate;
mod policy_changes;
mod queries;
mod swaps;
mod transfers;

use crate::contract::{execute, instantiate, migrate, query, CONTRACT_NAME};
use crate::error::ContractError;
use crate::state::PENDING_SWAPS;
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
    MOCK_CONTRACT_ADDR,
};
use cosmwasm_std::{
    coin, coins, from_json, to_json_binary, Addr, BankMsg, Binary, Decimal, Env, OwnedDeps,
    ReplyOn, Response, SubMsg, Timestamp, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_utils::{Expiration, PaymentError};
use std::cell::RefCell;
use std::rc::Rc;
use steward_testing::{mock_deps, MockDao, SharedDao};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::migrate::{MigrateMsg, MigrationError};
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

struct Suite {
    deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    env: Env,
    /// dao-core, the oracle and the token, as the treasury sees them.
    mock_dao: SharedDao,
    dao: Addr,
    oracle: Addr,
    token: Addr,
    pair: Addr,
    alice: Addr,
    bob: Addr,
    native: Vec<(String, u128)>,
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
        let api = MockApi::default();
        let mut mock = MockDao::new(&api);
        mock.treasury = Addr::unchecked(MOCK_CONTRACT_ADDR);
        let (dao, oracle) = (mock.core.clone(), mock.oracle.clone());
        let token = api.addr_make("token");
        let pair = api.addr_make("pair");
        let mock_dao = Rc::new(RefCell::new(mock));
        let deps = mock_deps(&mock_dao);
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
            mock_dao,
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
        self.mock_dao
            .borrow_mut()
            .set_cw20_balance(&self.token, MOCK_CONTRACT_ADDR, amount);
    }

    /// The oracle answers every query with an error from now on.
    fn oracle_down(&self) {
        self.mock_dao.borrow_mut().down.insert(self.oracle.clone());
    }

    /// How many queries the oracle was asked.
    fn oracle_queries(&self) -> u32 {
        self.mock_dao.borrow().asked(&self.oracle)
    }

    fn set_prices(&mut self, prices: &[(AssetInfo, &str, u64)]) {
        self.mock_dao.borrow_mut().prices = prices
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

    /// `SettleSwap` as the treasury sends it to itself after a swap.
    fn settle(&mut self, action_index: u64) -> Result<Response, ContractError> {
        let treasury = self.env.contract.address.clone();
        self.settle_as(&treasury, action_index)
    }

    fn settle_as(&mut self, sender: &Addr, action_index: u64) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            ExecuteMsg::SettleSwap { action_index },
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
