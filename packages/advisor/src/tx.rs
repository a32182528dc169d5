//! The Cosmos SDK transaction that carries a contract message: one
//! `MsgExecuteContract`, signed in `SIGN_MODE_DIRECT` by the relayer key
//! (secp256k1), built with cosmrs.

use crate::error::{AdvisorError, Result};
use crate::keys::AdvisorKey;
use cosmrs::cosmwasm::MsgExecuteContract;
use cosmrs::tx::{Body, Fee, Msg, SignDoc, SignerInfo};
use cosmrs::{AccountId, Coin};
use cosmwasm_std::{Binary, Uint128};
use serde::Serialize;
use serde_json::{json, Value};

/// Type URL of `MsgExecuteContract`.
pub const MSG_EXECUTE_CONTRACT: &str = "/cosmwasm.wasm.v1.MsgExecuteContract";

/// Where and how the transaction is signed and paid for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxPlan {
    /// Chain id signed over.
    pub chain_id: String,
    /// The signer's account number.
    pub account_number: u64,
    /// The signer's sequence.
    pub sequence: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Fee amount (none when zero).
    pub fee_amount: Uint128,
    /// Fee denom.
    pub fee_denom: String,
    /// Memo.
    pub memo: String,
}

/// A signed transaction and a readable account of it.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedTx {
    /// Protobuf `TxRaw` bytes, ready to broadcast.
    pub bytes: Vec<u8>,
    /// Upper-case hex sha256 of `bytes`: the transaction hash.
    pub hash: String,
    /// The transaction as JSON, for `--dry-run` and logs.
    pub summary: Value,
}

/// Builds and signs a transaction executing `msg` on `contract`.
pub fn execute_contract_tx<M: Serialize>(
    relayer: &AdvisorKey,
    prefix: &str,
    contract: &str,
    msg: &M,
    plan: &TxPlan,
) -> Result<SignedTx> {
    let build = |reason: String| AdvisorError::TxBuild { reason };
    let signing_key = relayer.tx_signing_key()?;
    let sender = relayer.address(prefix)?;
    let msg_json = serde_json::to_vec(msg).expect("messages always serialise");
    let execute = MsgExecuteContract {
        sender: sender
            .parse::<AccountId>()
            .map_err(|e| build(format!("sender {sender}: {e}")))?,
        contract: contract
            .parse::<AccountId>()
            .map_err(|e| build(format!("contract address {contract}: {e}")))?,
        msg: msg_json.clone(),
        funds: vec![],
    };
    let any = execute
        .to_any()
        .map_err(|e| build(format!("encoding the message: {e}")))?;
    let body = Body::new(vec![any], plan.memo.clone(), 0u32);
    let fee_coins = if plan.fee_amount.is_zero() {
        vec![]
    } else {
        vec![Coin {
            denom: plan
                .fee_denom
                .parse()
                .map_err(|e| build(format!("fee denom {}: {e}", plan.fee_denom)))?,
            amount: plan.fee_amount.u128(),
        }]
    };
    let fee = Fee {
        amount: fee_coins,
        gas_limit: plan.gas_limit,
        payer: None,
        granter: None,
    };
    let auth_info =
        SignerInfo::single_direct(Some(signing_key.public_key()), plan.sequence).auth_info(fee);
    let chain_id = plan
        .chain_id
        .parse()
        .map_err(|e| build(format!("chain id {}: {e}", plan.chain_id)))?;
    let sign_doc = SignDoc::new(&body, &auth_info, &chain_id, plan.account_number)
        .map_err(|e| build(format!("sign doc: {e}")))?;
    let raw = sign_doc
        .sign(&signing_key)
        .map_err(|e| build(format!("signing: {e}")))?;
    let bytes = raw
        .to_bytes()
        .map_err(|e| build(format!("encoding: {e}")))?;
    let hash = hex::encode_upper(steward_types::crypto::digest(&bytes));
    let msg_value: Value = serde_json::from_slice(&msg_json).expect("just serialised");
    let summary = json!({
        "signer": sender,
        "chain_id": plan.chain_id,
        "account_number": plan.account_number,
        "sequence": plan.sequence,
        "fee": {
            "amount": if plan.fee_amount.is_zero() { json!([]) } else { json!([{ "denom": plan.fee_denom, "amount": plan.fee_amount }]) },
            "gas_limit": plan.gas_limit,
        },
        "memo": plan.memo,
        "messages": [{
            "@type": MSG_EXECUTE_CONTRACT,
            "sender": sender,
            "contract": contract,
            "msg": msg_value,
            "funds": [],
        }],
        "tx_hash": hash,
        "tx_bytes": Binary::from(bytes.as_slice()).to_base64(),
    });
    Ok(SignedTx {
        bytes,
        hash,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Mnemonic;
    use crate::sample;
    use cosmrs::tx::Tx;
    use k256::ecdsa::signature::Verifier;
    use steward_types::crypto::KeyAlgorithm;

    fn plan() -> TxPlan {
        TxPlan {
            chain_id: "localwasm-1".into(),
            account_number: 7,
            sequence: 3,
            gas_limit: 500_000,
            fee_amount: Uint128::new(12_500),
            fee_denom: "ustake".into(),
            memo: "steward".into(),
        }
    }

    #[test]
    fn builds_a_decodable_signed_execute_tx() {
        let m = Mnemonic::parse(sample::TEST_MNEMONIC).unwrap();
        let relayer = AdvisorKey::relayer(&m).unwrap();
        let oracle = relayer.address("wasm").unwrap(); // any valid address
        let msg = json!({"expire_recommendation": {"id": 1}});
        let tx = execute_contract_tx(&relayer, "wasm", &oracle, &msg, &plan()).unwrap();
        assert_eq!(tx.hash.len(), 64);
        let decoded = Tx::from_bytes(&tx.bytes).unwrap();
        assert_eq!(decoded.body.memo, "steward");
        assert_eq!(decoded.body.messages[0].type_url, MSG_EXECUTE_CONTRACT);
        let exec = MsgExecuteContract::from_any(&decoded.body.messages[0]).unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&exec.msg).unwrap(), msg);
        assert_eq!(decoded.auth_info.signer_infos[0].sequence, 3);
        assert_eq!(decoded.auth_info.fee.gas_limit, 500_000);
        assert_eq!(decoded.auth_info.fee.amount[0].amount, 12_500);
        // The signature verifies over the sign doc for account 7 on this chain.
        let sign_doc = SignDoc::new(
            &decoded.body,
            &decoded.auth_info,
            &"localwasm-1".parse().unwrap(),
            7,
        )
        .unwrap()
        .into_bytes()
        .unwrap();
        let vk = k256::ecdsa::VerifyingKey::from_sec1_bytes(&relayer.public_key()).unwrap();
        let sig = k256::ecdsa::Signature::from_slice(&decoded.signatures[0]).unwrap();
        vk.verify(&sign_doc, &sig).unwrap();
        assert_eq!(tx.summary["signer"], json!(oracle));
        assert_eq!(tx.summary["messages"][0]["msg"], msg);
    }

    #[test]
    fn zero_fee_has_no_coins_and_bad_addresses_are_refused() {
        let m = Mnemonic::parse(sample::TEST_MNEMONIC).unwrap();
        let relayer = AdvisorKey::relayer(&m).unwrap();
        let mut p = plan();
        p.fee_amount = Uint128::zero();
        let oracle = relayer.address("wasm").unwrap();
        let tx = execute_contract_tx(&relayer, "wasm", &oracle, &json!({}), &p).unwrap();
        assert!(Tx::from_bytes(&tx.bytes)
            .unwrap()
            .auth_info
            .fee
            .amount
            .is_empty());
        let err =
            execute_contract_tx(&relayer, "wasm", "not-an-address", &json!({}), &p).unwrap_err();
        assert!(matches!(err, AdvisorError::TxBuild { .. }), "{err}");
        let ed = AdvisorKey::from_mnemonic(&m, KeyAlgorithm::Ed25519).unwrap();
        let err = execute_contract_tx(&ed, "wasm", &oracle, &json!({}), &p).unwrap_err();
        assert!(matches!(err, AdvisorError::TxBuild { .. }), "{err}");
    }
}
