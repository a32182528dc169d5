//! The DAO of a scenario in a cw-multi-test `App`: the four real contracts
//! (through `steward_tests::suite`), cw20 tokens, constant-product pairs
//! (`steward-pair`), the price feeder and the advisor key; and the
//! moves the simulator makes on it (time, prices, arbitrage, swaps).

use crate::error::{SimError, SimResult};
use crate::scenario::Scenario;
use anyhow::Result as AnyResult;
use cosmwasm_std::{coin, to_json_binary, Addr, Decimal, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use cw_utils::Duration;
use steward_advisor::{AdvisorKey, Mnemonic};
use steward_pair::msg as pair;
use steward_testing::TestKey;
use steward_tests::suite::{instantiate_dao, store_codes, Codes};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::core::{self, Member, ModuleInstantiate, VotingConfig};
use steward_types::crypto::KeyAlgorithm;
use steward_types::handle::DaoContracts;
use steward_types::oracle;
use steward_types::payload::{PricePayload, PriceQuote};
use steward_types::policy::{Policy, TreasuryAction};
use steward_types::proposal::{self, Timelock};
use steward_types::threshold::{PercentageThreshold, Threshold};
use steward_types::treasury;
use steward_types::treasury::pair::{Asset, Cw20HookMsg, PoolResponse};

/// Id of the price feeder key.
pub const FEEDER: &str = "feeder-1";
/// Test mnemonic of the advisor (from the advisor's samples: a test key only).
pub const ADVISOR_MNEMONIC: &str = steward_advisor::sample::TEST_MNEMONIC;
/// Seed of the replacement advisor key registered after a revocation (test key).
pub const REPLACEMENT_SEED: [u8; 64] = [42; 64];
/// Seconds per block.
pub const BLOCK_SECONDS: u64 = 5;

/// Member changes dao-core accepts in one message.
const MEMBERS_PER_MESSAGE: usize = 100;

/// Whole-unit balances the deployer and the market participants start with.
const RICH: f64 = 1e15;

/// A running DAO of a scenario.
pub struct World {
    /// The chain.
    pub app: App,
    /// Stored code ids.
    pub codes: Codes,
    /// dao-core.
    pub core: Addr,
    /// The proposal module.
    pub proposal: Addr,
    /// The treasury.
    pub treasury: Addr,
    /// The oracle.
    pub oracle: Addr,
    /// Each scenario asset as the contracts name it.
    pub assets: Vec<AssetInfo>,
    /// 10^decimals of each asset.
    pub units: Vec<f64>,
    /// The stable asset's index.
    pub stable: usize,
    /// The pair trading asset `i` against the stable asset.
    pub pairs: Vec<Option<Addr>>,
    /// Members in scenario order.
    pub members: Vec<Addr>,
    /// Instantiates, funds the pools.
    pub deployer: Addr,
    /// Relays signed payloads.
    pub relayer: Addr,
    /// The vetoer.
    pub vetoer: Addr,
    /// The guardian.
    pub guardian: Addr,
    /// Keeps pools at market prices between epochs.
    pub arbitrageur: Addr,
    /// Whoever attacks, and receives what an attack takes.
    pub attacker: Addr,
    /// Scores due outcomes (`RecordOutcome`): not a member, since anyone may.
    pub keeper: Addr,
    /// Addresses the DAO pays on purpose (the policy's allowlist, by name).
    pub known_recipients: Vec<Addr>,
    /// The spender of each of the scenario's budgets, in file order.
    pub spenders: Vec<Addr>,
    /// The price feeder's key.
    pub feeder: TestKey,
    /// The advisor's key (derived from the test mnemonic).
    pub advisor_key: AdvisorKey,
}

/// A decimal from a float, to 12 places.
pub fn decimal(x: f64) -> Decimal {
    let atomics = (x * 1e12).round().max(0.0) as u128;
    Decimal::from_atomics(atomics, 12).unwrap_or(Decimal::MAX)
}

/// A cw20 ticker (3 to 12 letters) for a scenario symbol.
fn cw20_symbol(symbol: &str) -> String {
    let mut s: String = symbol
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .take(12)
        .collect::<String>()
        .to_uppercase();
    while s.len() < 3 {
        s.push('X');
    }
    s
}

/// Whole units to smallest units.
pub fn to_units(whole: f64, unit: f64) -> Uint128 {
    Uint128::new((whole * unit).round().max(0.0) as u128)
}

impl DaoContracts for World {
    fn dao_addresses(&self) -> [&Addr; 4] {
        [&self.core, &self.proposal, &self.treasury, &self.oracle]
    }
}

impl World {
    /// Builds the scenario's DAO, funds its treasury and the pools, and
    /// publishes the first prices.
    pub fn build(scenario: &Scenario, prices: &[f64]) -> SimResult<World> {
        let mut app = App::default();
        let api = *app.api();
        let name = |n: &str| api.addr_make(n);
        let codes = store_codes(&mut app);
        let deployer = name("deployer");
        let arbitrageur = name("arbitrageur");
        let attacker = name("attacker");
        let members: Vec<Addr> = scenario.members.iter().map(|m| name(&m.name)).collect();
        let stable = scenario
            .assets
            .iter()
            .position(|a| a.stable)
            .expect("validated");
        let units: Vec<f64> = scenario
            .assets
            .iter()
            .map(|a| 10f64.powi(a.decimals as i32))
            .collect();

        // Native coins for everyone who trades; cw20 tokens instantiated.
        let natives: Vec<_> = scenario
            .assets
            .iter()
            .zip(&units)
            .filter(|(a, _)| !a.cw20)
            .map(|(a, u)| coin(to_units(RICH, *u).u128(), &a.denom))
            .collect();
        app.init_modules(|router, _, storage| {
            for who in [&deployer, &arbitrageur, &attacker] {
                router
                    .bank
                    .init_balance(storage, who, natives.clone())
                    .expect("bank accepts balances");
            }
        });
        let mut assets = vec![];
        for (a, u) in scenario.assets.iter().zip(&units) {
            if !a.cw20 {
                assets.push(AssetInfo::native(&a.denom));
                continue;
            }
            let initial_balances = [&deployer, &arbitrageur, &attacker]
                .iter()
                .map(|w| cw20::Cw20Coin {
                    address: w.to_string(),
                    amount: to_units(RICH, *u),
                })
                .collect();
            let token = app
                .instantiate_contract(
                    codes.cw20,
                    deployer.clone(),
                    &cw20_base::msg::InstantiateMsg {
                        name: format!("{} token", a.symbol),
                        symbol: cw20_symbol(&a.symbol),
                        decimals: a.decimals as u8,
                        initial_balances,
                        mint: None,
                        marketing: None,
                    },
                    &[],
                    a.denom.clone(),
                    None,
                )
                .map_err(|e| SimError::setup(format!("cw20 {}", a.symbol), e))?;
            assets.push(AssetInfo::cw20(token.as_str()));
        }

        let feeder = TestKey::secp256k1(11);
        let mnemonic = Mnemonic::parse(ADVISOR_MNEMONIC)?;
        let advisor_key = AdvisorKey::from_mnemonic(&mnemonic, KeyAlgorithm::Secp256k1)?;

        let mut world = World {
            app,
            codes,
            core: Addr::unchecked(""),
            proposal: Addr::unchecked(""),
            treasury: Addr::unchecked(""),
            oracle: Addr::unchecked(""),
            assets,
            units,
            stable,
            pairs: vec![None; scenario.assets.len()],
            members,
            relayer: name("relayer"),
            vetoer: name("vetoer"),
            guardian: name("guardian"),
            known_recipients: scenario
                .policy
                .recipient_allowlist
                .iter()
                .flatten()
                .map(|n| name(n))
                .collect(),
            spenders: scenario.budgets.iter().map(|b| name(&b.spender)).collect(),
            keeper: name("keeper"),
            deployer,
            arbitrageur,
            attacker,
            feeder,
            advisor_key,
        };

        // Pairs at the starting prices.
        for p in &scenario.pairs {
            let i = scenario.asset_index(&p.base).expect("validated");
            let addr = world
                .app
                .instantiate_contract(
                    world.codes.pair,
                    world.deployer.clone(),
                    &pair::InstantiateMsg {
                        assets: [world.assets[i].clone(), world.assets[stable].clone()],
                        fee_bps: p.fee_bps,
                        honor_max_spread: true,
                    },
                    &[],
                    format!("pair {}", p.base),
                    None,
                )
                .map_err(|e| SimError::setup(format!("pair {}", p.base), e))?;
            let base_amount = to_units(p.depth / prices[i], world.units[i]);
            let quote_amount = to_units(p.depth, world.units[stable]);
            let deployer = world.deployer.clone();
            world
                .send(&deployer, &addr, i, base_amount)
                .map_err(|e| SimError::setup("fund pair", e))?;
            world
                .send(&deployer, &addr, stable, quote_amount)
                .map_err(|e| SimError::setup("fund pair", e))?;
            world.pairs[i] = Some(addr);
        }

        let policy = world.policy(scenario, 1.0);
        let all_members: Vec<Member> = scenario
            .members
            .iter()
            .zip(&world.members)
            .map(|(m, addr)| Member {
                addr: addr.to_string(),
                weight: m.weight,
            })
            .collect();
        let g = &scenario.governance;
        let sec = Duration::Time;
        let msg = core::InstantiateMsg {
            name: format!("{} DAO", scenario.name),
            description: scenario.description.clone(),
            members: all_members
                .iter()
                .take(MEMBERS_PER_MESSAGE)
                .cloned()
                .collect(),
            voting: VotingConfig::Members {},
            guardian: Some(world.guardian.to_string()),
            proposal: ModuleInstantiate::new(
                world.codes.proposal,
                "steward-proposal",
                &proposal::InstantiateMsg {
                    config: proposal::Config {
                        threshold: Threshold::AbsolutePercentage {
                            percentage: PercentageThreshold::Percent(Decimal::percent(
                                g.threshold_percent,
                            )),
                        },
                        voting_period: sec(g.voting_period_seconds),
                        min_voting_period: None,
                        allow_revoting: false,
                        only_members_execute: false,
                        timelock: g.timelock_seconds.map(|t| Timelock {
                            duration: sec(t),
                            vetoer: world.vetoer.to_string(),
                        }),
                        adoption_timelock: Timelock {
                            duration: sec(g.adoption_timelock_seconds),
                            vetoer: world.vetoer.to_string(),
                        },
                        // A failed execution may be retried for a week.
                        execution_window: Some(sec(7 * 86_400)),
                        governance: None,
                    },
                },
            )
            .map_err(|e| SimError::setup("proposal msg", e))?,
            treasury: ModuleInstantiate::new(
                world.codes.treasury,
                "steward-treasury",
                &treasury::InstantiateMsg { policy },
            )
            .map_err(|e| SimError::setup("treasury msg", e))?,
            oracle: ModuleInstantiate::new(
                world.codes.oracle,
                "steward-oracle",
                &oracle::InstantiateMsg {
                    quorum: 1,
                    advisors: vec![world.advisor_key.register_msg(&scenario.advisor.key_id)],
                    feeders: vec![world.feeder.feeder(FEEDER)],
                    max_price_age_seconds: scenario.policy.max_price_age_seconds,
                    outcome_horizon_seconds: scenario.outcome_horizon(),
                },
            )
            .map_err(|e| SimError::setup("oracle msg", e))?,
        };
        let deployer = world.deployer.clone();
        let (core, modules) = instantiate_dao(&mut world.app, &world.codes, &deployer, &msg)
            .map_err(|e| SimError::setup("instantiate dao-core", e))?;
        world.core = core;
        world.proposal = modules.proposal;
        world.treasury = modules.treasury;
        world.oracle = modules.oracle;
        // dao-core takes at most 100 member changes per message: the rest
        // join through its own UpdateMembers, as the DAO would send it.
        for chunk in
            all_members[MEMBERS_PER_MESSAGE.min(all_members.len())..].chunks(MEMBERS_PER_MESSAGE)
        {
            world
                .app
                .execute_contract(
                    world.core.clone(),
                    world.core.clone(),
                    &core::ExecuteMsg::UpdateMembers {
                        add: chunk.to_vec(),
                        remove: vec![],
                    },
                    &[],
                )
                .map_err(|e| SimError::setup("add members", e))?;
        }

        // The budgets, as the DAO sets them: treasury actions from dao-core,
        // checked against the policy.
        if !scenario.budgets.is_empty() {
            let actions = scenario
                .budgets
                .iter()
                .zip(&world.spenders)
                .map(|(b, spender)| {
                    let i = scenario.asset_index(&b.asset).expect("validated");
                    TreasuryAction::SetBudget {
                        spender: spender.to_string(),
                        asset: world.assets[i].clone(),
                        amount_per_period: to_units(b.amount_per_period, world.units[i]),
                        period_seconds: b.period_seconds,
                    }
                })
                .collect();
            world
                .app
                .execute_contract(
                    world.core.clone(),
                    world.treasury.clone(),
                    &treasury::ExecuteMsg::Execute {
                        actions,
                        recommendation_id: None,
                        expected_policy_version: None,
                    },
                    &[],
                )
                .map_err(|e| SimError::setup("set budgets", e))?;
        }

        let treasury = world.treasury.clone();
        for (i, a) in scenario.assets.iter().enumerate() {
            let amount = to_units(a.initial, world.units[i]);
            if !amount.is_zero() {
                world
                    .send(&deployer, &treasury, i, amount)
                    .map_err(|e| SimError::setup("fund treasury", e))?;
            }
        }
        world.next_block();
        world
            .publish_prices(prices)
            .map_err(|e| SimError::setup("first prices", e))?;
        Ok(world)
    }

    /// The scenario's policy in contract units, allowances scaled by `scale`.
    pub fn policy(&self, scenario: &Scenario, scale: f64) -> Policy {
        let p = &scenario.policy;
        let amounts = |m: &std::collections::BTreeMap<String, f64>, scale: f64| {
            m.iter()
                .map(|(sym, whole)| {
                    let i = scenario.asset_index(sym).expect("validated");
                    AssetAmount::new(
                        self.assets[i].clone(),
                        to_units(whole * scale, self.units[i]),
                    )
                })
                .collect::<Vec<_>>()
        };
        Policy {
            period_seconds: p.period_seconds,
            allowances: amounts(&p.allowances, scale),
            max_nav_share_bps: p.max_nav_share_bps,
            recipient_allowlist: p.recipient_allowlist.as_ref().map(|_| {
                self.known_recipients
                    .iter()
                    .map(|a| a.to_string())
                    .collect()
            }),
            venue_allowlist: self.pairs.iter().flatten().map(|a| a.to_string()).collect(),
            min_reserves: amounts(&p.min_reserves, 1.0),
            max_slippage_bps: p.max_slippage_bps,
            max_price_age_seconds: p.max_price_age_seconds,
        }
    }

    // ---- time ----

    /// One block later.
    pub fn next_block(&mut self) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(BLOCK_SECONDS);
        });
    }

    /// `seconds` later (at least one block).
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += (seconds / BLOCK_SECONDS).max(1);
            b.time = b.time.plus_seconds(seconds.max(1));
        });
    }

    /// Block time, Unix seconds.
    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    // ---- balances and transfers ----

    /// `who`'s balance of asset `i` (bank or cw20), read from the chain.
    pub fn balance(&self, who: &Addr, i: usize) -> u128 {
        match &self.assets[i] {
            AssetInfo::NativeToken { denom } => self
                .app
                .wrap()
                .query_balance(who, denom)
                .map(|c| c.amount.u128())
                .unwrap_or(0),
            AssetInfo::Token { contract_addr } => self
                .app
                .wrap()
                .query_wasm_smart::<cw20::BalanceResponse>(
                    contract_addr,
                    &cw20::Cw20QueryMsg::Balance {
                        address: who.to_string(),
                    },
                )
                .map(|r| r.balance.u128())
                .unwrap_or(0),
        }
    }

    /// Every asset's balance of `who`.
    pub fn balances(&self, who: &Addr) -> Vec<u128> {
        (0..self.assets.len())
            .map(|i| self.balance(who, i))
            .collect()
    }

    /// Sends asset `i` (bank send or cw20 transfer).
    pub fn send(
        &mut self,
        from: &Addr,
        to: &Addr,
        i: usize,
        amount: Uint128,
    ) -> AnyResult<AppResponse> {
        match self.assets[i].clone() {
            AssetInfo::NativeToken { denom } => {
                self.app
                    .send_tokens(from.clone(), to.clone(), &[coin(amount.u128(), denom)])
            }
            AssetInfo::Token { contract_addr } => self.app.execute_contract(
                from.clone(),
                Addr::unchecked(contract_addr),
                &cw20::Cw20ExecuteMsg::Transfer {
                    recipient: to.to_string(),
                    amount,
                },
                &[],
            ),
        }
    }

    // ---- pools ----

    /// Reserves of the pair of asset `i`: (asset, stable).
    pub fn reserves(&self, i: usize) -> Option<(u128, u128)> {
        let pair = self.pairs[i].as_ref()?;
        let pool: PoolResponse = self
            .app
            .wrap()
            .query_wasm_smart(pair, &treasury::pair::QueryMsg::Pool {})
            .ok()?;
        let find = |a: &AssetInfo| {
            pool.assets
                .iter()
                .find(|x| &x.info == a)
                .map(|x| x.amount.u128())
                .unwrap_or(0)
        };
        Some((find(&self.assets[i]), find(&self.assets[self.stable])))
    }

    /// `who` swaps `amount` of asset `offer` through the pair of asset `i`.
    pub fn swap(
        &mut self,
        who: &Addr,
        i: usize,
        offer: usize,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let pair = self.pairs[i]
            .clone()
            .ok_or_else(|| anyhow::anyhow!("no pair for asset {i}"))?;
        match self.assets[offer].clone() {
            AssetInfo::NativeToken { denom } => self.app.execute_contract(
                who.clone(),
                pair,
                &treasury::pair::ExecuteMsg::Swap {
                    offer_asset: Asset {
                        info: self.assets[offer].clone(),
                        amount: Uint128::new(amount),
                    },
                    ask_asset_info: None,
                    belief_price: None,
                    max_spread: None,
                    to: None,
                },
                &[coin(amount, denom)],
            ),
            AssetInfo::Token { contract_addr } => self.app.execute_contract(
                who.clone(),
                Addr::unchecked(contract_addr),
                &cw20::Cw20ExecuteMsg::Send {
                    contract: pair.to_string(),
                    amount: Uint128::new(amount),
                    msg: to_json_binary(&Cw20HookMsg::Swap {
                        ask_asset_info: None,
                        belief_price: None,
                        max_spread: None,
                        to: None,
                    })?,
                },
                &[],
            ),
        }
    }

    /// The arbitrageur brings every pool to the market prices (whole stable
    /// units per whole unit) with one swap each, fee aside.
    pub fn arbitrage(&mut self, prices: &[f64]) -> AnyResult<()> {
        let arb = self.arbitrageur.clone();
        for (i, price) in prices.iter().enumerate().take(self.assets.len()) {
            let Some((x, y)) = self.reserves(i) else {
                continue;
            };
            if x == 0 || y == 0 {
                continue;
            }
            // Price in stable smallest units per smallest unit of asset i.
            let p = price * self.units[self.stable] / self.units[i];
            let k = x as f64 * y as f64;
            let x_target = (k / p).sqrt();
            let y_target = (k * p).sqrt();
            if x_target > x as f64 * 1.000_01 {
                self.swap(&arb, i, i, (x_target - x as f64) as u128)?;
            } else if y_target > y as f64 * 1.000_01 {
                self.swap(&arb, i, self.stable, (y_target - y as f64) as u128)?;
            }
        }
        Ok(())
    }

    // ---- prices ----

    /// The feeder signs and publishes prices (whole stable units per whole unit) now.
    pub fn publish_prices(&mut self, prices: &[f64]) -> AnyResult<AppResponse> {
        let payload = PricePayload {
            chain_id: self.app.block_info().chain_id,
            oracle: self.oracle.to_string(),
            feeder: FEEDER.into(),
            publish_time: self.now(),
            prices: self
                .assets
                .iter()
                .enumerate()
                .map(|(i, asset)| PriceQuote {
                    asset: asset.clone(),
                    price: decimal(prices[i] * self.units[self.stable] / self.units[i]),
                })
                .collect(),
        };
        let bytes = cosmwasm_std::to_json_vec(&payload)?;
        let signature = self.feeder.sign(&bytes);
        self.app.execute_contract(
            self.relayer.clone(),
            self.oracle.clone(),
            &oracle::ExecuteMsg::SubmitPrices {
                payload: bytes.into(),
                signature,
            },
            &[],
        )
    }

    /// Value in whole stable units of smallest-unit `amounts` at `prices`.
    pub fn value(&self, amounts: &[u128], prices: &[f64]) -> f64 {
        amounts
            .iter()
            .enumerate()
            .map(|(i, a)| *a as f64 / self.units[i] * prices[i])
            .sum()
    }
}
