//! The VM side: a `cosmwasm-vm` cache that checks and compiles the artifacts the
//! way wasmd's store-code does, and contract instances whose every call is
//! metered and recorded.
//!
//! Each call runs on a fresh instance with its own gas limit, as wasmvm does
//! for each message; storage carries over from call to call. A call whose
//! contract returns an error leaves storage as it was, as a failed transaction
//! does on chain.

use anyhow::{anyhow, bail, Context, Result};
use cosmwasm_std::{Addr, Binary, ContractResult, Env, MessageInfo, Reply, Response};
use cosmwasm_std_vm as std3;
use cosmwasm_vm::testing::{MockApi, MockQuerier, MockStorage};
use cosmwasm_vm::{
    call_execute_raw, call_instantiate_raw, call_query_raw, call_reply_raw, capabilities_from_csv,
    Backend, Cache, CacheOptions, Instance, InstanceOptions, Size, Storage as _, VmResult,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Capabilities of a wasmd 0.70 chain (wasmvm 3).
pub const WASMD_CAPABILITIES: &str = "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,\
cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2,cosmwasm_3_0";

/// Capabilities of a wasmvm 2.2 chain that stops at `cosmwasm_2_1` (Osmosis
/// osmo-test-5, Juno uni-6): the oldest target Steward supports.
pub const COSMWASM_2_1_CAPABILITIES: &str = "iterator,staking,stargate,cosmwasm_1_1,\
cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1";

/// Gas limit of every call, in CosmWasm gas: 0.1 s of CPU at the VM's pricing
/// target of 10^12 gas per second. A call that reaches it fails with out-of-gas.
pub const CALL_GAS_LIMIT: u64 = 100_000_000_000;

/// Memory limit of an instance: wasmd's contract memory limit.
const INSTANCE_MEMORY_LIMIT: Size = Size::mebi(32);

type MockBackend = Backend<MockApi, MockStorage, MockQuerier>;

/// A parsed capability list.
pub fn capabilities(csv: &str) -> BTreeSet<String> {
    capabilities_from_csv(csv).into_iter().collect()
}

/// A VM cache in a directory of its own, removed on drop.
pub struct Vm {
    cache: Cache<MockApi, MockStorage, MockQuerier>,
    dir: PathBuf,
}

/// A stored, checked and compiled artifact.
#[derive(Clone, Debug)]
pub struct Code {
    pub checksum: std3::Checksum,
    /// Size of the wasm in bytes.
    pub bytes: usize,
    /// Capabilities the contract requires, from its `requires_*` exports.
    pub required_capabilities: BTreeSet<String>,
    /// Exported entry points (`instantiate`, `execute`, …).
    pub entrypoints: BTreeSet<String>,
}

impl Vm {
    /// A cache that accepts the given capabilities (see [`WASMD_CAPABILITIES`]).
    pub fn new(capabilities_csv: &str) -> Result<Self> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "steward-vm-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let options = CacheOptions::new(
            &dir,
            capabilities_from_csv(capabilities_csv),
            Size::mebi(200),
            INSTANCE_MEMORY_LIMIT,
        );
        // SAFETY: the directory is new and private to this cache (process id
        // and a counter name it), so no other cache uses it concurrently.
        let cache =
            unsafe { Cache::new(options) }.map_err(|e| anyhow!("creating the VM cache: {e}"))?;
        Ok(Vm { cache, dir })
    }

    /// Stores an artifact as wasmd's store-code does: the static checks
    /// (imports, exports, capabilities, limits), then compilation.
    pub fn store(&self, wasm: &[u8]) -> Result<Code> {
        let checksum = self
            .cache
            .store_code(wasm, true, true)
            .map_err(|e| anyhow!("the VM refused the wasm: {e}"))?;
        let report = self
            .cache
            .analyze(&checksum)
            .map_err(|e| anyhow!("analysing the wasm: {e}"))?;
        Ok(Code {
            checksum,
            bytes: wasm.len(),
            required_capabilities: report.required_capabilities,
            entrypoints: report.entrypoints.iter().map(|e| e.to_string()).collect(),
        })
    }

    /// A contract at `address` running `code`, with empty storage and the given querier.
    pub fn contract(&self, code: &Code, address: Addr, querier: MockQuerier) -> Contract<'_> {
        let mut env = cosmwasm_std::testing::mock_env();
        env.contract.address = address;
        Contract {
            vm: self,
            checksum: code.checksum,
            env,
            gas_limit: CALL_GAS_LIMIT,
            backend: Some(Backend {
                api: MockApi::default(),
                storage: MockStorage::default(),
                querier,
            }),
            calls: vec![],
        }
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Which entry point a call went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Instantiate,
    Execute,
    Reply,
    Query,
}

impl Entry {
    pub fn name(self) -> &'static str {
        match self {
            Entry::Instantiate => "instantiate",
            Entry::Execute => "execute",
            Entry::Reply => "reply",
            Entry::Query => "query",
        }
    }
}

/// Gas of one call, in CosmWasm gas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gas {
    /// Everything the call consumed: `wasm + host`.
    pub total: u64,
    /// Metered inside the VM: wasm instructions and host functions the VM
    /// prices itself (crypto, address handling, memory copies).
    pub wasm: u64,
    /// Reported by the backend: storage and queries.
    pub host: u64,
}

/// What a call returned.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// An instantiate, execute or reply that succeeded.
    Response(Response),
    /// A query that succeeded: its JSON.
    Data(Binary),
    /// The contract's error message.
    Error(String),
}

/// One call and its gas.
#[derive(Clone, Debug)]
pub struct CallRecord {
    /// What the call does, e.g. `SubmitRecommendation (secp256k1)`.
    pub label: String,
    pub entry: Entry,
    pub gas: Gas,
    pub outcome: Outcome,
}

impl CallRecord {
    pub fn is_error(&self) -> bool {
        matches!(self.outcome, Outcome::Error(_))
    }
}

/// A contract on its own VM instance.
pub struct Contract<'a> {
    vm: &'a Vm,
    checksum: std3::Checksum,
    /// Block, transaction and contract address passed to every call; change
    /// the block between calls to let time pass.
    pub env: Env,
    /// Gas limit of each call; [`CALL_GAS_LIMIT`] unless changed.
    pub gas_limit: u64,
    backend: Option<MockBackend>,
    /// Every call so far, in order.
    pub calls: Vec<CallRecord>,
}

impl Contract<'_> {
    pub fn address(&self) -> &Addr {
        &self.env.contract.address
    }

    /// One block (5 s) later.
    pub fn next_block(&mut self) {
        self.env.block.height += 1;
        self.env.block.time = self.env.block.time.plus_seconds(5);
    }

    pub fn instantiate(
        &mut self,
        label: &str,
        sender: &Addr,
        msg: &impl Serialize,
    ) -> Result<Response> {
        let outcome = self.call_with_info(label, Entry::Instantiate, sender, msg)?;
        expect_response(label, outcome)
    }

    pub fn execute(
        &mut self,
        label: &str,
        sender: &Addr,
        msg: &impl Serialize,
    ) -> Result<Response> {
        let outcome = self.call_with_info(label, Entry::Execute, sender, msg)?;
        expect_response(label, outcome)
    }

    /// An execute the contract must refuse; returns its error message.
    pub fn execute_err(
        &mut self,
        label: &str,
        sender: &Addr,
        msg: &impl Serialize,
    ) -> Result<String> {
        let outcome = self.call_with_info(label, Entry::Execute, sender, msg)?;
        expect_error(label, outcome)
    }

    pub fn reply(&mut self, label: &str, reply: &Reply) -> Result<Response> {
        let env = to_json(&self.env)?;
        let msg = to_json(reply)?;
        let outcome = self.call(label, Entry::Reply, |instance| {
            call_reply_raw(instance, &env, &msg)
        })?;
        expect_response(label, outcome)
    }

    pub fn query<T: DeserializeOwned>(&mut self, label: &str, msg: &impl Serialize) -> Result<T> {
        let outcome = self.query_outcome(label, msg)?;
        match outcome {
            Outcome::Data(data) => serde_json::from_slice(&data)
                .with_context(|| format!("{label}: unexpected query response")),
            Outcome::Error(e) => bail!("{label}: the contract refused the query: {e}"),
            Outcome::Response(_) => unreachable!("a query returns data"),
        }
    }

    /// A query the contract must refuse; returns its error message.
    pub fn query_err(&mut self, label: &str, msg: &impl Serialize) -> Result<String> {
        let outcome = self.query_outcome(label, msg)?;
        expect_error(label, outcome)
    }

    fn query_outcome(&mut self, label: &str, msg: &impl Serialize) -> Result<Outcome> {
        let env = to_json(&self.env)?;
        let msg = to_json(msg)?;
        self.call(label, Entry::Query, |instance| {
            call_query_raw(instance, &env, &msg)
        })
    }

    fn call_with_info(
        &mut self,
        label: &str,
        entry: Entry,
        sender: &Addr,
        msg: &impl Serialize,
    ) -> Result<Outcome> {
        let env = to_json(&self.env)?;
        let info = to_json(&MessageInfo {
            sender: sender.clone(),
            funds: vec![],
        })?;
        let msg = to_json(msg)?;
        self.call(label, entry, |instance| match entry {
            Entry::Instantiate => call_instantiate_raw(instance, &env, &info, &msg),
            _ => call_execute_raw(instance, &env, &info, &msg),
        })
    }

    /// Runs one call on a fresh instance, meters it, records it. A VM error
    /// (out of gas, a trap, a refused import) is an `Err`; a contract error
    /// is an [`Outcome::Error`]. Either way a failed execute, instantiate or
    /// reply leaves storage as it was.
    fn call(
        &mut self,
        label: &str,
        entry: Entry,
        run: impl FnOnce(&mut Instance<MockApi, MockStorage, MockQuerier>) -> VmResult<Vec<u8>>,
    ) -> Result<Outcome> {
        let mut backend = self
            .backend
            .take()
            .ok_or_else(|| anyhow!("{label}: the instance was lost to an earlier VM failure"))?;
        let snapshot = match entry {
            Entry::Query => None,
            _ => Some(records(&mut backend.storage)?),
        };
        let mut instance = self
            .vm
            .cache
            .get_instance(
                &self.checksum,
                backend,
                InstanceOptions {
                    gas_limit: self.gas_limit,
                },
            )
            .map_err(|e| anyhow!("{label}: creating the instance: {e}"))?;
        let result = run(&mut instance);
        let report = instance.create_gas_report();
        let backend = self.backend.insert(
            instance
                .recycle()
                .expect("a finished instance returns its backend"),
        );

        let outcome = result
            .map_err(|e| anyhow!("{label}: the VM failed the call: {e}"))
            .and_then(|raw| parse_outcome(entry, &raw));
        if let (Err(_) | Ok(Outcome::Error(_)), Some(snapshot)) = (&outcome, snapshot) {
            backend.storage = restore(snapshot)?;
        }
        let outcome = outcome?;
        self.calls.push(CallRecord {
            label: label.to_string(),
            entry,
            gas: Gas {
                total: report.limit - report.remaining,
                wasm: report.used_internally,
                host: report.used_externally,
            },
            outcome: outcome.clone(),
        });
        Ok(outcome)
    }

    /// The mock querier, e.g. to change what the rest of the DAO answers.
    pub fn querier(&mut self) -> &mut MockQuerier {
        &mut self.backend.as_mut().expect("backend is back").querier
    }
}

/// The JSON `ContractResult` an entry point returns.
fn parse_outcome(entry: Entry, raw: &[u8]) -> Result<Outcome> {
    Ok(match entry {
        Entry::Query => match serde_json::from_slice::<ContractResult<Binary>>(raw)? {
            ContractResult::Ok(data) => Outcome::Data(data),
            ContractResult::Err(e) => Outcome::Error(e),
        },
        _ => match serde_json::from_slice::<ContractResult<Response>>(raw)? {
            ContractResult::Ok(res) => Outcome::Response(res),
            ContractResult::Err(e) => Outcome::Error(e),
        },
    })
}

fn to_json(value: &impl Serialize) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec(value)?)
}

fn expect_response(label: &str, outcome: Outcome) -> Result<Response> {
    match outcome {
        Outcome::Response(res) => Ok(res),
        Outcome::Error(e) => bail!("{label}: the contract refused the call: {e}"),
        Outcome::Data(_) => unreachable!("only queries return data"),
    }
}

fn expect_error(label: &str, outcome: Outcome) -> Result<String> {
    match outcome {
        Outcome::Error(e) => Ok(e),
        _ => bail!("{label}: the contract accepted a call it must refuse"),
    }
}

/// Every key and value in storage.
fn records(storage: &mut MockStorage) -> Result<Vec<std3::Record>> {
    let (id, _) = storage.scan(None, None, std3::Order::Ascending);
    let id = id.map_err(|e| anyhow!("scanning storage: {e}"))?;
    let (all, _) = storage.all(id);
    all.map_err(|e| anyhow!("reading storage: {e}"))
}

fn restore(records: Vec<std3::Record>) -> Result<MockStorage> {
    let mut storage = MockStorage::default();
    for (key, value) in records {
        storage
            .set(&key, &value)
            .0
            .map_err(|e| anyhow!("restoring storage: {e}"))?;
    }
    Ok(storage)
}
