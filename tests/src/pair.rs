//! A constant-product pair (x·y = k, fee in basis points) that speaks the part
//! of the Astroport pair interface the treasury uses: `Swap` with native funds,
//! cw20 `Send` with `Cw20HookMsg::Swap`, and the `Pool` / `Simulation` queries.
//! Reserves are the pair's own balances. With `honor_max_spread: false` it
//! ignores `belief_price` / `max_spread`, standing in for a hostile venue, so
//! tests can show the treasury's own minimum-output check.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, Binary, Coin, CosmosMsg, Decimal, Deps, DepsMut, Env,
    MessageInfo, Response, StdError, StdResult, Uint128, WasmMsg,
};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg};
use cw_storage_plus::Item;
use steward_types::asset::AssetInfo;
use steward_types::treasury::pair::{
    Asset, Cw20HookMsg, ExecuteMsg, PoolResponse, QueryMsg, SimulationResponse,
};

#[cw_serde]
pub struct InstantiateMsg {
    /// The two assets of the pool.
    pub assets: [AssetInfo; 2],
    /// Fee taken from the output, in basis points.
    pub fee_bps: u16,
    /// Whether to enforce `belief_price` / `max_spread` as Astroport does.
    pub honor_max_spread: bool,
}

const CONFIG: Item<InstantiateMsg> = Item::new("config");

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> StdResult<Response> {
    CONFIG.save(deps.storage, &msg)?;
    Ok(Response::new())
}

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    match msg {
        ExecuteMsg::Swap {
            offer_asset,
            belief_price,
            max_spread,
            to,
            ..
        } => {
            let AssetInfo::NativeToken { denom } = &offer_asset.info else {
                return Err(StdError::generic_err("cw20 offers come through Receive"));
            };
            let sent = cw_utils::must_pay(&info, denom)
                .map_err(|e| StdError::generic_err(e.to_string()))?;
            if sent != offer_asset.amount {
                return Err(StdError::generic_err("funds do not match the offer"));
            }
            let to = to
                .map(|t| deps.api.addr_validate(&t))
                .transpose()?
                .unwrap_or(info.sender);
            swap(
                deps.as_ref(),
                &env,
                offer_asset,
                belief_price,
                max_spread,
                to,
            )
        }
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender,
            amount,
            msg,
        }) => {
            let Cw20HookMsg::Swap {
                belief_price,
                max_spread,
                to,
                ..
            } = from_json(&msg)?;
            let offer_asset = Asset {
                info: AssetInfo::cw20(info.sender.as_str()),
                amount,
            };
            let to = deps.api.addr_validate(&to.unwrap_or(sender))?;
            swap(
                deps.as_ref(),
                &env,
                offer_asset,
                belief_price,
                max_spread,
                to,
            )
        }
    }
}

fn balance(deps: Deps, who: &Addr, info: &AssetInfo) -> StdResult<Uint128> {
    match info {
        AssetInfo::NativeToken { denom } => Ok(deps.querier.query_balance(who, denom)?.amount),
        AssetInfo::Token { contract_addr } => {
            let r: BalanceResponse = deps.querier.query_wasm_smart(
                contract_addr,
                &Cw20QueryMsg::Balance {
                    address: who.to_string(),
                },
            )?;
            Ok(r.balance)
        }
    }
}

fn other(config: &InstantiateMsg, offer: &AssetInfo) -> StdResult<AssetInfo> {
    match config.assets.iter().position(|a| a == offer) {
        Some(i) => Ok(config.assets[1 - i].clone()),
        None => Err(StdError::generic_err(format!(
            "{offer} is not in this pool"
        ))),
    }
}

/// Output for `offer` against reserves that do not yet include it.
fn simulate(
    config: &InstantiateMsg,
    offer_reserve: Uint128,
    ask_reserve: Uint128,
    offer: Uint128,
) -> StdResult<SimulationResponse> {
    let gross = ask_reserve.multiply_ratio(offer, offer_reserve + offer);
    let commission = gross.multiply_ratio(config.fee_bps as u128, 10_000u128);
    let spot = ask_reserve.multiply_ratio(offer, offer_reserve.max(Uint128::one()));
    Ok(SimulationResponse {
        return_amount: gross - commission,
        spread_amount: spot.saturating_sub(gross),
        commission_amount: commission,
    })
}

fn swap(
    deps: Deps,
    env: &Env,
    offer: Asset,
    belief_price: Option<Decimal>,
    max_spread: Option<Decimal>,
    to: Addr,
) -> StdResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let ask = other(&config, &offer.info)?;
    // The offer has already arrived in the pair's balance.
    let offer_reserve = balance(deps, &env.contract.address, &offer.info)? - offer.amount;
    let ask_reserve = balance(deps, &env.contract.address, &ask)?;
    let sim = simulate(&config, offer_reserve, ask_reserve, offer.amount)?;
    if config.honor_max_spread {
        if let (Some(belief), Some(max_spread)) = (belief_price, max_spread) {
            // Astroport: expected = offer / belief_price; refuse a shortfall over max_spread.
            let expected = offer.amount.mul_floor(Decimal::one() / belief);
            let floor = expected.mul_floor(Decimal::one() - max_spread);
            if sim.return_amount < floor {
                return Err(StdError::generic_err(format!(
                    "Operation exceeds max spread limit: return {} below {floor}",
                    sim.return_amount
                )));
            }
        }
    }
    let payout: CosmosMsg = match &ask {
        AssetInfo::NativeToken { denom } => BankMsg::Send {
            to_address: to.to_string(),
            amount: vec![Coin::new(sim.return_amount, denom)],
        }
        .into(),
        AssetInfo::Token { contract_addr } => WasmMsg::Execute {
            contract_addr: contract_addr.clone(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: sim.return_amount,
            })?,
            funds: vec![],
        }
        .into(),
    };
    Ok(Response::new()
        .add_message(payout)
        .add_attribute("action", "swap")
        .add_attribute("offer_asset", offer.info.to_string())
        .add_attribute("ask_asset", ask.to_string())
        .add_attribute("offer_amount", offer.amount)
        .add_attribute("return_amount", sim.return_amount)
        .add_attribute("commission_amount", sim.commission_amount))
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let config = CONFIG.load(deps.storage)?;
    match msg {
        QueryMsg::Pool {} => {
            let assets = config
                .assets
                .iter()
                .map(|info| {
                    Ok(Asset {
                        info: info.clone(),
                        amount: balance(deps, &env.contract.address, info)?,
                    })
                })
                .collect::<StdResult<Vec<_>>>()?;
            to_json_binary(&PoolResponse {
                assets,
                total_share: Uint128::zero(),
            })
        }
        QueryMsg::Simulation { offer_asset, .. } => {
            let ask = other(&config, &offer_asset.info)?;
            let offer_reserve = balance(deps, &env.contract.address, &offer_asset.info)?;
            let ask_reserve = balance(deps, &env.contract.address, &ask)?;
            to_json_binary(&simulate(
                &config,
                offer_reserve,
                ask_reserve,
                offer_asset.amount,
            )?)
        }
    }
}
