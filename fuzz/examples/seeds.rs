//! Writes the seed inputs of every fuzz target to `fuzz/seeds/<target>/`:
//! valid messages in the input layout of `steward_fuzz`, so fuzzing starts
//! from messages that pass decoding and reaches the contracts' checks.
//!
//! `cargo run --example seeds` (from `fuzz/`) rewrites them.

use cosmwasm_std::{to_json_vec, Binary, Uint128};
use cw_utils::Duration;
use std::path::Path;
use steward_fuzz::{proposal_config, Addrs};
use steward_types::asset::AssetInfo;
use steward_types::payload::{
    PricePayload, PriceQuote, Provenance, Rationale, RecommendationPayload, StateRef,
};
use steward_types::policy::TreasuryAction;
use steward_types::threshold::Vote;
use steward_types::{core, oracle, proposal, treasury};

fn write(target: &str, name: &str, sender: u8, clock: u8, body: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = vec![sender, clock];
    bytes.extend_from_slice(body);
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let a = Addrs::new();
    let usd = AssetInfo::native("uusd");
    let pay = |amount: u128| TreasuryAction::Transfer {
        asset: AssetInfo::native("uusd"),
        amount: Uint128::new(amount),
        recipient: a.outsider.to_string(),
    };
    let json = |v: &dyn erased::Ser| v.json();

    // payload_parse and the oracle's signed submissions.
    let payload = RecommendationPayload {
        chain_id: "cosmos-testnet-14002".into(),
        oracle: a.oracle.to_string(),
        advisor: "advisor-1".into(),
        nonce: 1,
        issued_at: 1_571_797_419,
        expires_at: 1_571_883_819,
        policy_version: 1,
        state: StateRef {
            height: 12_345,
            digest: "ab".repeat(32),
        },
        actions: vec![pay(1_000)],
        governance: vec![],
        provenance: Provenance {
            strategy: "rebalance".into(),
            strategy_version: "1.0.0".into(),
            model_id: Some("model".into()),
            config_digest: "cd".repeat(32),
            rationale: Rationale {
                text: "Pay the grant".into(),
                uri: None,
                digest: None,
            },
            confidence_bps: 8_000,
        },
    };
    let payload_bytes = to_json_vec(&payload).unwrap();
    let prices = PricePayload {
        chain_id: "cosmos-testnet-14002".into(),
        oracle: a.oracle.to_string(),
        feeder: "feeder-1".into(),
        publish_time: 1_571_797_419,
        prices: vec![PriceQuote {
            asset: usd.clone(),
            price: cosmwasm_std::Decimal::one(),
        }],
    };
    let price_bytes = to_json_vec(&prices).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for (name, bytes) in [("recommendation", &payload_bytes), ("prices", &price_bytes)] {
        std::fs::create_dir_all(dir.join("payload_parse")).unwrap();
        std::fs::write(dir.join("payload_parse").join(name), bytes).unwrap();
    }
    let mut signed = vec![0u8];
    signed.extend_from_slice(&payload_bytes);
    write("oracle_execute", "recommendation", 4, 0, &signed);
    let mut signed = vec![1u8];
    signed.extend_from_slice(&price_bytes);
    write("oracle_execute", "prices", 4, 0, &signed);
    for (name, sender, msg) in [
        (
            "expire",
            4,
            oracle::ExecuteMsg::ExpireRecommendation { id: 1 },
        ),
        ("set_quorum", 0, oracle::ExecuteMsg::SetQuorum { quorum: 1 }),
        (
            "revoke",
            0,
            oracle::ExecuteMsg::RevokeAdvisor {
                id: "advisor-1".into(),
            },
        ),
        (
            "mark_executed",
            0,
            oracle::ExecuteMsg::MarkExecuted {
                id: 1,
                proposal_id: 1,
                balances_before: vec![],
            },
        ),
        (
            "rotate",
            0,
            oracle::ExecuteMsg::RotateAdvisor {
                id: "advisor-1".into(),
                algorithm: steward_types::crypto::KeyAlgorithm::Secp256k1,
                public_key: steward_fuzz::test_public_key(),
                active_from: None,
                expires_at: Some(1_600_000_000),
            },
        ),
    ] {
        let mut body = vec![2u8];
        body.extend_from_slice(&json(&msg));
        write("oracle_execute", name, sender, 1, &body);
    }

    // treasury
    for (name, sender, msg) in [
        (
            "execute",
            0,
            treasury::ExecuteMsg::Execute {
                actions: vec![
                    pay(1_000),
                    TreasuryAction::Swap {
                        pair: a.pair.to_string(),
                        offer_asset: usd.clone(),
                        offer_amount: Uint128::new(5_000),
                        ask_asset: AssetInfo::native("uatom"),
                        max_slippage_bps: 100,
                    },
                    TreasuryAction::SetBudget {
                        spender: a.members[0].to_string(),
                        asset: usd.clone(),
                        amount_per_period: Uint128::new(10_000),
                        period_seconds: 86_400,
                    },
                ],
                recommendation_id: Some(1),
                expected_policy_version: Some(1),
            },
        ),
        (
            "draw",
            2,
            treasury::ExecuteMsg::DrawBudget {
                asset: usd.clone(),
                amount: Uint128::new(100),
                recipient: None,
            },
        ),
        (
            "update_policy",
            0,
            treasury::ExecuteMsg::UpdatePolicy {
                policy: steward_fuzz::policy(&a),
            },
        ),
        (
            "receive",
            7,
            treasury::ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
                sender: a.outsider.to_string(),
                amount: Uint128::new(10),
                msg: Binary::from(to_json_vec(&treasury::ReceiveMsg::Deposit {}).unwrap()),
            }),
        ),
    ] {
        write("treasury_execute", name, sender, 0, &json(&msg));
    }

    // proposal
    for (name, sender, msg) in [
        (
            "propose",
            2,
            proposal::ExecuteMsg::Propose {
                title: "t".into(),
                description: "d".into(),
                actions: vec![proposal::ProposalAction::Treasury {
                    actions: vec![pay(10)],
                }],
            },
        ),
        (
            "adopt",
            2,
            proposal::ExecuteMsg::ProposeAdoption {
                recommendation_id: 1,
                description: None,
            },
        ),
        (
            "vote",
            2,
            proposal::ExecuteMsg::Vote {
                proposal_id: 1,
                vote: Vote::Yes,
                rationale: Some("yes".into()),
            },
        ),
        (
            "execute",
            4,
            proposal::ExecuteMsg::Execute { proposal_id: 1 },
        ),
        ("veto", 6, proposal::ExecuteMsg::Veto { proposal_id: 1 }),
        ("close", 4, proposal::ExecuteMsg::Close { proposal_id: 1 }),
        (
            "update_config",
            0,
            proposal::ExecuteMsg::UpdateConfig {
                config: proposal_config(&a),
            },
        ),
    ] {
        write("proposal_execute", name, sender, 1, &json(&msg));
    }

    // dao-core
    for (name, sender, msg) in [
        (
            "execute_proposal",
            0,
            core::ExecuteMsg::ExecuteProposal {
                msgs: vec![cosmwasm_std::BankMsg::Send {
                    to_address: a.outsider.to_string(),
                    amount: cosmwasm_std::coins(1, "uusd"),
                }
                .into()],
            },
        ),
        (
            "update_members",
            0,
            core::ExecuteMsg::UpdateMembers {
                add: vec![core::Member {
                    addr: a.outsider.to_string(),
                    weight: 5,
                }],
                remove: vec![a.members[2].to_string()],
            },
        ),
        (
            "pause",
            5,
            core::ExecuteMsg::Pause {
                duration: Duration::Time(600),
            },
        ),
        ("unpause", 5, core::ExecuteMsg::Unpause {}),
        (
            "unstake",
            2,
            core::ExecuteMsg::Unstake {
                amount: Uint128::new(1),
            },
        ),
        ("claim", 2, core::ExecuteMsg::Claim {}),
        (
            "update_config",
            0,
            core::ExecuteMsg::UpdateConfig {
                name: "n".into(),
                description: "d".into(),
                guardian: None,
            },
        ),
    ] {
        write("core_execute", name, sender, 0, &json(&msg));
    }
}

/// Serialises any message for the seed files.
mod erased {
    pub trait Ser {
        fn json(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> Vec<u8> {
            cosmwasm_std::to_json_vec(self).unwrap()
        }
    }
}
