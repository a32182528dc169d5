//! Instantiating a whole DAO: validate, record membership, then instantiate
//! the three modules and record their addresses from the replies.

use cosmwasm_std::{Deps, DepsMut, Env, MessageInfo, Reply, Response, SubMsg, WasmMsg};
use cw20::Cw20Contract;
use cw_utils::{nonpayable, parse_instantiate_response_data, Duration};
use steward_types::core::{InstantiateMsg, ModuleInstantiate, VotingConfig};
use steward_types::duration::ensure_bounded;

use crate::config::{validate_description, validate_guardian, validate_name};
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractError;
use crate::members::init_members;
use crate::state::{Config, Module, Voting, CONFIG};

/// Longest contract label wasmd accepts by default.
pub const MAX_LABEL_LEN: usize = 128;

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    // Funds held here would sit outside the treasury policy; send them to the
    // treasury instead.
    nonpayable(&info)?;
    validate_name(&msg.name)?;
    validate_description(&msg.description)?;
    let guardian = validate_guardian(deps.api, msg.guardian)?;
    let voting = validate_voting(deps.as_ref(), msg.voting)?;

    match voting {
        Voting::Members => {
            init_members(deps.storage, deps.api, env.block.height, &msg.members)?;
        }
        Voting::Cw20Staked { .. } => {
            if !msg.members.is_empty() {
                return Err(ContractError::MembersWithStaking {
                    count: msg.members.len(),
                });
            }
        }
    }

    let submsgs = vec![
        module_submsg(&env, Module::Proposal, &msg.proposal)?,
        module_submsg(&env, Module::Treasury, &msg.treasury)?,
        module_submsg(&env, Module::Oracle, &msg.oracle)?,
    ];

    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    steward_types::migrate::set_layout(deps.storage, crate::migrations::LAYOUT)?;
    let config = Config {
        name: msg.name,
        description: msg.description,
        guardian,
        voting,
    };
    CONFIG.save(deps.storage, &config)?;

    Ok(Response::new()
        .add_submessages(submsgs)
        .add_attribute("action", "instantiate")
        .add_attribute("sender", info.sender)
        .add_attribute("name", config.name)
        .add_attribute(
            "voting",
            match config.voting {
                Voting::Members => "members",
                Voting::Cw20Staked { .. } => "cw20_staked",
            },
        ))
}

fn validate_voting(deps: Deps, voting: VotingConfig) -> Result<Voting, ContractError> {
    match voting {
        VotingConfig::Members {} => Ok(Voting::Members),
        VotingConfig::Cw20Staked {
            token,
            unbonding_period,
        } => {
            let token = deps.api.addr_validate(&token)?;
            if matches!(unbonding_period, Duration::Height(0) | Duration::Time(0)) {
                return Err(ContractError::ZeroUnbondingPeriod);
            }
            ensure_bounded("unbonding_period", &unbonding_period)?;
            // A token that does not answer TokenInfo could never be staked.
            Cw20Contract(token.clone())
                .meta(&deps.querier)
                .map_err(|e| ContractError::InvalidToken {
                    token: token.clone(),
                    reason: e.to_string(),
                })?;
            Ok(Voting::Cw20Staked {
                token,
                unbonding_period,
            })
        }
    }
}

/// The module is instantiated with dao-core as its admin, so that governance
/// can migrate it; the module records dao-core (the sender) as its DAO.
fn module_submsg(
    env: &Env,
    module: Module,
    init: &ModuleInstantiate,
) -> Result<SubMsg, ContractError> {
    if init.code_id == 0 {
        return Err(ContractError::ZeroCodeId {
            module: module.name(),
        });
    }
    if init.label.is_empty() || init.label.len() > MAX_LABEL_LEN {
        return Err(ContractError::InvalidLabel {
            module: module.name(),
            len: init.label.len(),
            max: MAX_LABEL_LEN,
        });
    }
    let instantiate = WasmMsg::Instantiate {
        admin: Some(env.contract.address.to_string()),
        code_id: init.code_id,
        msg: init.msg.clone(),
        funds: vec![],
        label: init.label.clone(),
    };
    Ok(SubMsg::reply_on_success(instantiate, module.reply_id()))
}

pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> Result<Response, ContractError> {
    let module =
        Module::from_reply_id(msg.id).ok_or(ContractError::UnknownReplyId { id: msg.id })?;
    let name = module.name();
    let response =
        msg.result
            .into_result()
            .map_err(|reason| ContractError::ModuleInstantiateFailed {
                module: name,
                reason,
            })?;
    // CosmWasm 2 chains fill `msg_responses`; older ones only `data`.
    #[allow(deprecated)]
    let data = match response.msg_responses.into_iter().next() {
        Some(first) => first.value,
        None => response
            .data
            .ok_or(ContractError::MissingInstantiateData { module: name })?,
    };
    let parsed = parse_instantiate_response_data(data.as_slice()).map_err(|source| {
        ContractError::BadInstantiateData {
            module: name,
            source,
        }
    })?;
    let addr = deps.api.addr_validate(&parsed.contract_address)?;

    let item = module.item();
    if let Some(existing) = item.may_load(deps.storage)? {
        return Err(ContractError::ModuleAlreadySet {
            module: name,
            addr: existing,
        });
    }
    item.save(deps.storage, &addr)?;

    Ok(Response::new()
        .add_attribute("action", "record_module")
        .add_attribute("module", name)
        .add_attribute("address", addr))
}
