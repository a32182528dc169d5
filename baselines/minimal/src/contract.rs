// The contract both size baselines build: `steward-baseline-minimal` on
// cosmwasm-std 2.x and `steward-baseline-minimal-std3` on cosmwasm-std 3.
// Each crate's lib.rs defines `unauthorized()` (the one call whose name differs
// between the two) and includes this file.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    entry_point, to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response,
    StdResult,
};
use cw_storage_plus::Item;

#[cw_serde]
pub struct InstantiateMsg {
    /// Who may execute.
    pub owner: String,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Store `value` after reading the owner's `Get`.
    Set { value: u64 },
}

#[cw_serde]
pub enum QueryMsg {
    /// The stored value.
    Get {},
}

#[cw_serde]
pub struct State {
    pub owner: Addr,
    pub value: u64,
}

const STATE: Item<State> = Item::new("state");

#[entry_point]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> StdResult<Response> {
    let owner = deps.api.addr_validate(&msg.owner)?;
    STATE.save(deps.storage, &State { owner, value: 0 })?;
    Ok(Response::new())
}

#[entry_point]
pub fn execute(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> StdResult<Response> {
    let mut state = STATE.load(deps.storage)?;
    if info.sender != state.owner {
        return Err(unauthorized());
    }
    let ExecuteMsg::Set { value } = msg;
    let _: u64 = deps
        .querier
        .query_wasm_smart(&state.owner, &QueryMsg::Get {})?;
    state.value = value;
    STATE.save(deps.storage, &state)?;
    Ok(Response::new().add_attribute("value", value.to_string()))
}

#[entry_point]
pub fn reply(_deps: DepsMut, _env: Env, reply: Reply) -> StdResult<Response> {
    Ok(Response::new().add_attribute("id", reply.id.to_string()))
}

#[entry_point]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Get {} => to_json_binary(&STATE.load(deps.storage)?.value),
    }
}
