//! The mock DAO in cosmwasm-std's `MockQuerier`: the contract under test's
//! wasm queries go to one shared [`MockDao`] that the test keeps changing.

use std::cell::RefCell;
use std::rc::Rc;

use cosmwasm_std::testing::{mock_dependencies, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{
    Binary, ContractResult, OwnedDeps, QuerierResult, SystemError, SystemResult, WasmQuery,
};

use crate::dao::{Answer, MockDao, Request};

/// The mock DAO, shared between a test and the querier that answers from it.
pub type SharedDao = Rc<RefCell<MockDao>>;

/// `mock_dependencies()` whose wasm queries `dao` answers.
pub fn mock_deps(dao: &SharedDao) -> OwnedDeps<MockStorage, MockApi, MockQuerier> {
    let mut deps = mock_dependencies();
    install(&mut deps.querier, dao);
    deps
}

/// Makes `querier` answer wasm queries from `dao` (bank queries stay the
/// querier's own).
pub fn install(querier: &mut MockQuerier, dao: &SharedDao) {
    let dao = dao.clone();
    querier.update_wasm(move |query| answer(&mut dao.borrow_mut(), query));
}

/// `dao`'s answer to `query`, as a querier result.
pub fn answer(dao: &mut MockDao, query: &WasmQuery) -> QuerierResult {
    let (contract, request) = match query {
        WasmQuery::Smart { contract_addr, msg } => (contract_addr, Request::Smart(msg.as_slice())),
        WasmQuery::Raw { contract_addr, key } => (contract_addr, Request::Raw(key.as_slice())),
        other => {
            return SystemResult::Err(SystemError::UnsupportedRequest {
                kind: format!("{other:?}"),
            })
        }
    };
    match dao.answer(contract, request) {
        Answer::Ok(bytes) => SystemResult::Ok(ContractResult::Ok(Binary::new(bytes))),
        Answer::Err(error) => SystemResult::Ok(ContractResult::Err(error)),
        Answer::NoSuchContract => SystemResult::Err(SystemError::NoSuchContract {
            addr: contract.clone(),
        }),
    }
}
