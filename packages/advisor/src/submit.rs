//! Submitting a signed recommendation (or briefing): a `SubmitRecommendation`
//! (or `SubmitBriefing`) transaction to the oracle the payload names, on the chain it names, signed by the
//! relayer key; broadcast, or only printed with `--dry-run`.

use crate::config::TxConfig;
use crate::error::{AdvisorError, Result};
use crate::keys::AdvisorKey;
use crate::node::{Node, TxResponse};
use crate::recommend::SignedRecommendation;
use crate::tx::{execute_contract_tx, SignedTx, TxPlan};
use steward_types::oracle::ExecuteMsg;

/// Account number and sequence given instead of asked of the node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountOverride {
    /// Account number.
    pub account_number: Option<u64>,
    /// Sequence.
    pub sequence: Option<u64>,
}

/// What `submit` did.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmitReport {
    /// The signed transaction.
    pub tx: SignedTx,
    /// The node's answer; `None` on a dry run.
    pub broadcast: Option<TxResponse>,
    /// The relayer address that signed the transaction.
    pub signer: String,
    /// A remark, e.g. that account numbers were assumed offline.
    pub note: Option<String>,
}

/// Builds the transaction for `signed` and, unless `dry_run`, broadcasts it.
///
/// Without a node, only a dry run is possible; account number and sequence
/// then default to 0 unless given.
pub fn submit(
    node: Option<&Node>,
    relayer: &AdvisorKey,
    prefix: &str,
    tx: &TxConfig,
    signed: &SignedRecommendation,
    account: AccountOverride,
    dry_run: bool,
) -> Result<SubmitReport> {
    let payload = signed.payload()?;
    let target = Target {
        chain_id: &payload.chain_id,
        oracle: &payload.oracle,
    };
    submit_msg(
        node,
        relayer,
        prefix,
        tx,
        target,
        &signed.to_msg(),
        account,
        dry_run,
    )
}

/// Where an oracle message goes: the chain and the oracle a signed payload names.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// Chain id.
    pub chain_id: &'a str,
    /// Oracle address.
    pub oracle: &'a str,
}

/// Builds the transaction carrying `msg` to `target`'s oracle and, unless
/// `dry_run`, broadcasts it (a recommendation, or a briefing).
#[allow(clippy::too_many_arguments)]
pub fn submit_msg(
    node: Option<&Node>,
    relayer: &AdvisorKey,
    prefix: &str,
    tx: &TxConfig,
    target: Target<'_>,
    msg: &ExecuteMsg,
    account: AccountOverride,
    dry_run: bool,
) -> Result<SubmitReport> {
    if !dry_run && node.is_none() {
        return Err(AdvisorError::config(
            "node.rest",
            "submitting needs a node (or use --dry-run)",
        ));
    }
    let signer = relayer.address(prefix)?;
    let mut note = None;
    let (account_number, sequence) = match (account.account_number, account.sequence, node) {
        (Some(n), Some(s), _) => (n, s),
        (n, s, Some(node)) => {
            let info = node.account(&signer)?;
            (n.unwrap_or(info.account_number), s.unwrap_or(info.sequence))
        }
        (n, s, None) => {
            note = Some("offline: account number and sequence not read from a node".into());
            (n.unwrap_or(0), s.unwrap_or(0))
        }
    };
    let plan = TxPlan {
        chain_id: target.chain_id.to_string(),
        account_number,
        sequence,
        gas_limit: tx.gas_limit,
        fee_amount: tx.fee_amount,
        fee_denom: tx.fee_denom.clone(),
        memo: tx.memo.clone(),
    };
    let built = execute_contract_tx(relayer, prefix, target.oracle, msg, &plan)?;
    let broadcast = match node {
        Some(node) if !dry_run => Some(node.broadcast(&built.bytes)?),
        _ => None,
    };
    Ok(SubmitReport {
        tx: built,
        broadcast,
        signer,
        note,
    })
}
