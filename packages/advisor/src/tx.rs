//! The Cosmos SDK transaction that carries a contract message: one
//! `MsgExecuteContract`, signed in `SIGN_MODE_DIRECT` by the relayer key
//! (secp256k1), built by `steward-chain`, plus a readable summary.

use crate::error::Result;
use crate::keys::AdvisorKey;
use cosmwasm_std::Binary;
use serde::Serialize;
use serde_json::{json, Value};

pub use steward_chain::tx::{TxPlan, MSG_EXECUTE_CONTRACT};

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

/// Builds and signs a transaction executing `msg` on `contract` (with
/// `steward-chain`'s transaction code).
pub fn execute_contract_tx<M: Serialize>(
    relayer: &AdvisorKey,
    prefix: &str,
    contract: &str,
    msg: &M,
    plan: &TxPlan,
) -> Result<SignedTx> {
    let account = relayer.tx_account_key()?;
    let sender = relayer.address(prefix)?;
    let msg_json = serde_json::to_vec(msg).expect("messages always serialise");
    let any = steward_chain::tx::execute_msg(&sender, contract, &msg_json, &[])?;
    let signed = steward_chain::tx::sign(&account, vec![any], plan)?;
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
        "tx_hash": signed.hash,
        "tx_bytes": Binary::from(signed.bytes.as_slice()).to_base64(),
    });
    Ok(SignedTx {
        bytes: signed.bytes,
        hash: signed.hash,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AdvisorError;
    use crate::keys::Mnemonic;
    use crate::sample;
    use cosmrs::cosmwasm::MsgExecuteContract;
    use cosmrs::tx::Tx;
    use cosmrs::tx::{Msg, SignDoc};
    use cosmwasm_std::Uint128;
    use k256::ecdsa::signature::Verifier;
    use steward_chain::ChainError;
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
        assert!(
            matches!(err, AdvisorError::Chain(ChainError::TxBuild { .. })),
            "{err}"
        );
        let ed = AdvisorKey::from_mnemonic(&m, KeyAlgorithm::Ed25519).unwrap();
        let err = execute_contract_tx(&ed, "wasm", &oracle, &json!({}), &p).unwrap_err();
        assert!(
            matches!(err, AdvisorError::Chain(ChainError::TxBuild { .. })),
            "{err}"
        );
    }
}
