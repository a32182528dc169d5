//! Cosmos SDK transactions signed in `SIGN_MODE_DIRECT` by a secp256k1 key,
//! built with cosmrs: the wasm messages (store, instantiate, execute, migrate,
//! update admin) and bank sends.

use crate::error::{ChainError, Result};
use crate::keys::AccountKey;
use cosmrs::cosmwasm::{
    MsgExecuteContract, MsgInstantiateContract, MsgMigrateContract, MsgStoreCode, MsgUpdateAdmin,
};
use cosmrs::tx::{Body, Fee, Msg, SignDoc, SignerInfo};
use cosmrs::{AccountId, Any, Coin};
use cosmwasm_std::Uint128;

/// Type URL of `MsgExecuteContract`.
pub const MSG_EXECUTE_CONTRACT: &str = "/cosmwasm.wasm.v1.MsgExecuteContract";

/// Where and how a transaction is signed and paid for.
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

/// Signed transaction bytes and their hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedTx {
    /// Protobuf `TxRaw` bytes, ready to broadcast.
    pub bytes: Vec<u8>,
    /// Upper-case hex sha256 of `bytes`: the transaction hash.
    pub hash: String,
}

fn build(reason: String) -> ChainError {
    ChainError::TxBuild { reason }
}

fn account(what: &str, address: &str) -> Result<AccountId> {
    address
        .parse::<AccountId>()
        .map_err(|e| build(format!("{what} {address}: {e}")))
}

fn coins(funds: &[(u128, String)]) -> Result<Vec<Coin>> {
    funds
        .iter()
        .map(|(amount, denom)| {
            Ok(Coin {
                denom: denom
                    .parse()
                    .map_err(|e| build(format!("denom {denom}: {e}")))?,
                amount: *amount,
            })
        })
        .collect()
}

fn to_any<M: Msg>(msg: M) -> Result<Any> {
    msg.to_any()
        .map_err(|e| build(format!("encoding the message: {e}")))
}

/// `MsgExecuteContract` of JSON `msg` with `funds` (amount, denom).
pub fn execute_msg(
    sender: &str,
    contract: &str,
    msg: &[u8],
    funds: &[(u128, String)],
) -> Result<Any> {
    to_any(MsgExecuteContract {
        sender: account("sender", sender)?,
        contract: account("contract address", contract)?,
        msg: msg.to_vec(),
        funds: coins(funds)?,
    })
}

/// `MsgStoreCode` of wasm bytes (anyone may instantiate), sent
/// gzip-compressed as wasmd's own CLI sends them: the node unpacks them and
/// stores and checksums the wasm itself, and the transaction, whose bytes are
/// charged for, is about half as large.
pub fn store_code_msg(sender: &str, wasm: &[u8]) -> Result<Any> {
    to_any(MsgStoreCode {
        sender: account("sender", sender)?,
        wasm_byte_code: gzip(wasm)?,
        instantiate_permission: None,
    })
}

/// The gzip stream of `bytes` at the highest compression level.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|e| build(format!("compressing the wasm: {e}")))
}

/// `MsgInstantiateContract` of JSON `msg`.
pub fn instantiate_msg(
    sender: &str,
    admin: Option<&str>,
    code_id: u64,
    label: &str,
    msg: &[u8],
    funds: &[(u128, String)],
) -> Result<Any> {
    to_any(MsgInstantiateContract {
        sender: account("sender", sender)?,
        admin: admin.map(|a| account("admin", a)).transpose()?,
        code_id,
        label: Some(label.to_string()),
        msg: msg.to_vec(),
        funds: coins(funds)?,
    })
}

/// `MsgMigrateContract` of JSON `msg` (the sender must be the contract's admin).
pub fn migrate_msg(sender: &str, contract: &str, code_id: u64, msg: &[u8]) -> Result<Any> {
    to_any(MsgMigrateContract {
        sender: account("sender", sender)?,
        contract: account("contract address", contract)?,
        code_id,
        msg: msg.to_vec(),
    })
}

/// `MsgUpdateAdmin` (the sender must be the contract's admin).
pub fn update_admin_msg(sender: &str, contract: &str, new_admin: &str) -> Result<Any> {
    to_any(MsgUpdateAdmin {
        sender: account("sender", sender)?,
        new_admin: account("new admin", new_admin)?,
        contract: account("contract address", contract)?,
    })
}

/// Bank `MsgSend`.
pub fn send_msg(from: &str, to: &str, amount: &[(u128, String)]) -> Result<Any> {
    to_any(cosmrs::bank::MsgSend {
        from_address: account("sender", from)?,
        to_address: account("recipient", to)?,
        amount: coins(amount)?,
    })
}

/// Signs `msgs` with `key` under `plan`.
pub fn sign(key: &AccountKey, msgs: Vec<Any>, plan: &TxPlan) -> Result<SignedTx> {
    let signing_key = key.tx_signing_key();
    let body = Body::new(msgs, plan.memo.clone(), 0u32);
    let fee_coins = if plan.fee_amount.is_zero() {
        vec![]
    } else {
        coins(&[(plan.fee_amount.u128(), plan.fee_denom.clone())])?
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
    let hash = hex::encode_upper(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    Ok(SignedTx { bytes, hash })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Mnemonic;
    use cosmrs::tx::Tx;
    use k256::ecdsa::signature::Verifier;

    const ENLIST: &str =
        "enlist hip relief stomach skate base shallow young switch frequent cry park";

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
    fn signs_a_decodable_multi_message_tx() {
        let key = AccountKey::from_mnemonic(&Mnemonic::parse(ENLIST).unwrap()).unwrap();
        let me = key.address("wasm").unwrap();
        let msgs = vec![
            store_code_msg(&me, b"\0asm").unwrap(),
            instantiate_msg(&me, Some(&me), 1, "x", b"{}", &[]).unwrap(),
            send_msg(&me, &me, &[(5, "uusd".into())]).unwrap(),
            migrate_msg(&me, &me, 2, b"{}").unwrap(),
            update_admin_msg(&me, &me, &me).unwrap(),
            execute_msg(&me, &me, b"{\"a\":{}}", &[]).unwrap(),
        ];
        let tx = sign(&key, msgs, &plan()).unwrap();
        assert_eq!(tx.hash.len(), 64);
        let decoded = Tx::from_bytes(&tx.bytes).unwrap();
        assert_eq!(decoded.body.messages.len(), 6);
        assert_eq!(decoded.body.messages[5].type_url, MSG_EXECUTE_CONTRACT);
        assert_eq!(decoded.auth_info.fee.amount[0].amount, 12_500);
        let sign_doc = SignDoc::new(
            &decoded.body,
            &decoded.auth_info,
            &"localwasm-1".parse().unwrap(),
            7,
        )
        .unwrap()
        .into_bytes()
        .unwrap();
        let vk = k256::ecdsa::VerifyingKey::from_sec1_bytes(&key.public_key()).unwrap();
        let sig = k256::ecdsa::Signature::from_slice(&decoded.signatures[0]).unwrap();
        vk.verify(&sign_doc, &sig).unwrap();
    }

    #[test]
    fn code_is_uploaded_gzip_compressed_and_unpacks_to_the_wasm() {
        use cosmrs::proto::cosmwasm::wasm::v1::MsgStoreCode as ProtoMsgStoreCode;
        use cosmrs::proto::prost::Message;
        use std::io::Read;

        let key = AccountKey::from_mnemonic(&Mnemonic::parse(ENLIST).unwrap()).unwrap();
        let me = key.address("wasm").unwrap();
        // Repetitive like real code, so that compression shows.
        let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
            .iter()
            .copied()
            .chain((0..20_000u32).flat_map(|i| (i % 251).to_le_bytes()))
            .collect();
        let any = store_code_msg(&me, &wasm).unwrap();
        let sent = ProtoMsgStoreCode::decode(any.value.as_slice()).unwrap();
        assert_eq!(&sent.wasm_byte_code[..2], &[0x1f, 0x8b], "gzip magic");
        assert!(sent.wasm_byte_code.len() < wasm.len() / 4);
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(sent.wasm_byte_code.as_slice())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, wasm);
    }

    #[test]
    fn bad_addresses_and_denoms_are_refused() {
        let key = AccountKey::from_mnemonic(&Mnemonic::parse(ENLIST).unwrap()).unwrap();
        let me = key.address("wasm").unwrap();
        let err = execute_msg(&me, "not-an-address", b"{}", &[]).unwrap_err();
        assert!(matches!(err, ChainError::TxBuild { .. }), "{err}");
        let err = send_msg(&me, &me, &[(1, "".into())]).unwrap_err();
        assert!(matches!(err, ChainError::TxBuild { .. }), "{err}");
    }
}
